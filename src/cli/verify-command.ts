/**
 * `multistage-migrate verify [DIR]`: build the legacy pipeline and the migrated one on the local
 * engine and compare the images. Exit 0 equal, 1 different, 2 when it cannot tell (refused,
 * nothing to migrate, a build failed).
 */
import { type Builder, defaultBuilder, engineVersion } from '../verify/default-builder';
import { describeDifference } from '../verify/image-compare';
import { shortId } from '../verify/engine-state';
import type { ComparedImage, RunReport, VerifyResult } from '../verify/verify';
import { verifyRepository } from './verify-repository';
import { EXIT_OK, EXIT_REFUSED, EXIT_WORK_FOUND, UsageError } from './exit-codes';
import { printFindings, type Io } from './output';

/** The verify command's flags, as commander gives them. */
export interface VerifyFlags {
  buildkit?: boolean;
  /** Build with the classic builder whatever the engine's default. */
  classic?: boolean;
  /** `--script`: one file, or several in the order they run. */
  script?: string | string[];
  targetRule?: string;
  keepLegacy?: boolean;
  keepTemp?: boolean;
  format?: string;
}

/** Runs verify on `dir` and prints the outcome (text or JSON on stdout, progress on stderr). Returns the exit code. */
export async function verifyCommand(dir: string, flags: VerifyFlags, io: Io): Promise<number> {
  if (flags.format !== undefined && flags.format !== 'text' && flags.format !== 'json') {
    throw new UsageError(`--format must be text or json, not ${flags.format}`);
  }
  if (flags.classic && flags.buildkit) throw new UsageError('choose one of --classic and --buildkit');
  // As the user's engine builds, unless told: --buildkit also plans with BuildKit-only output.
  const builder: Builder = flags.classic ? 'classic' : flags.buildkit ? 'buildkit' : defaultBuilder(process.env, engineVersion());
  io.err(`building with ${builder === 'buildkit' ? 'BuildKit' : 'the classic builder'}${flags.classic || flags.buildkit ? '' : " (the engine's default; --classic or --buildkit to choose)"}\n`);
  const result = await verifyRepository(
    dir,
    { buildkit: flags.buildkit === true, builder, script: flags.script, targetRule: flags.targetRule, keepLegacy: flags.keepLegacy === true, keepTemp: flags.keepTemp === true },
    (message) => io.err(`${message}\n`),
  );
  for (const warning of result.warnings) io.err(`warning: ${warning}\n`);
  if (result.tempDir) io.err(`temporary copies kept in ${result.tempDir}\n`);
  if (flags.format === 'json') io.out(`${JSON.stringify(resultJson(result), null, 2)}\n`);
  else printText(io, result);
  return result.status === 'equal' ? EXIT_OK : result.status === 'different' ? EXIT_WORK_FOUND : EXIT_REFUSED;
}

function printText(io: Io, result: VerifyResult): void {
  if (result.status === 'error' && result.runs.length === 0) {
    printFindings(io, result.findings);
    io.err(`${result.error}\n`);
    return;
  }
  printFindings(io, result.findings, 'warning');
  for (const run of result.runs) io.out(`${describeRun(run)}\n`);
  if (result.migratedFilesInImage.length > 0) {
    io.out(`the image holds files the migration rewrites (copied from the repository), so these differ by design: ${result.migratedFilesInImage.join(', ')}\n`);
  }
  switch (result.status) {
    case 'equal':
      io.out(`equal: ${result.comparedPaths} paths compared\n`);
      return;
    case 'different':
      io.out(`different: ${result.differences.length} difference${result.differences.length === 1 ? '' : 's'}\n`);
      for (const difference of result.differences) io.out(`  ${describeDifference(difference)}\n`);
      return;
    case 'error':
      io.err(`could not verify: ${result.error}\n`);
  }
}

/** `legacy (sh ./build.sh): built myapp-builder (0123…), myapp:latest (4567…); compared myapp:latest`. */
function describeRun(run: RunReport): string {
  const where = run.cwd ? ` in ${run.cwd}` : '';
  const builds = run.builds.map((build) => `${build.tags[0] ?? 'untagged'} (${build.imageId ? shortId(build.imageId) : 'failed'})`);
  const built = builds.length > 0 ? `built ${builds.join(', ')}` : 'built nothing';
  return `${run.side} (${run.command}${where}): ${built}${run.image ? `; compared ${imageName(run.image)}` : ''}`;
}

function imageName(image: ComparedImage): string {
  return image.tag ?? shortId(image.id);
}

/** The JSON document: status, both images, differences (each with its line of text), findings, and the rest of the result. */
function resultJson(result: VerifyResult): Record<string, unknown> {
  return {
    status: result.status,
    error: result.error,
    legacyImage: result.legacyImage,
    migratedImage: result.migratedImage,
    comparedPaths: result.comparedPaths,
    differences: result.differences.map((difference) => ({ ...difference, description: describeDifference(difference) })),
    migratedFilesInImage: result.migratedFilesInImage,
    runs: result.runs,
    findings: result.findings.map((f) => ({ code: f.code, severity: f.severity, message: f.message, file: f.location?.file ?? null, line: f.location?.line ?? null })),
    warnings: result.warnings,
    tempDir: result.tempDir,
  };
}
