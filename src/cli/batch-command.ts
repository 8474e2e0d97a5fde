/**
 * `multistage-migrate batch ROOT...`: many repositories at once. Flags → one mode (dry run,
 * write or check) → the batch run → one exit code. Its own commander program, so that options
 * it shares with the single-repository command (`--dry-run`, `--check`, `--format`) are its own.
 */
import { Command, CommanderError, Option } from 'commander';
import { availableParallelism } from 'node:os';
import { RootError } from '../batch/discover-repos';
import { createProgress } from '../batch/progress';
import { runBatch } from '../batch/run-batch';
import { Sink, jsonSink, markdownSink, patchSink, skippedLinksText } from '../batch/sinks';
import type { SkippedLink } from '../batch/discover-repos';
import { summaryTable } from '../batch/summary';
import type { BatchMode } from '../batch/types';
import { EXIT_OK, EXIT_REFUSED, EXIT_USAGE, EXIT_WORK_FOUND, UsageError } from './exit-codes';
import { dryRunFromEnv } from './runner-env';
import { oneLineError } from './argv';

export interface BatchFlags {
  dryRun?: boolean;
  write?: boolean;
  check?: boolean;
  allowDirty?: boolean;
  concurrency?: string;
  timeout?: string;
  report?: string;
  format?: string;
  patch?: string;
  keepLegacy?: boolean;
  buildkit?: boolean;
  progress?: boolean;
  verbose?: boolean;
  quiet?: boolean;
}

const BATCH_HELP = `
A ROOT is one repository (it has .git, or build files at its top) or a folder of clones (each
sub-directory is a repository). Every directory of a repository whose scripts or Makefiles run
docker build is a setup; each setup is migrated on its own.

Statuses: migrated, would migrate, already multi-stage, no builder pattern, refused (finding
codes), failed (the error). Results come in repository order whatever --concurrency is.

Exit codes:
  0  done, or nothing to do
  1  --check found a setup to migrate (and none was refused or failed)
  2  a setup was refused or failed, or bad usage; with --write, the other repositories
     were still written (each repository all-or-nothing)`;

/** The batch program (separate from the root program: see the module comment). */
export function batchProgram(version: string, onCode: (code: number) => void): Command {
  return new Command('batch')
    .description('migrate every builder-pattern setup under the ROOTs (folders of clones or repositories)')
    .argument('<roots...>', 'repositories, or folders of clones')
    .option('--dry-run', 'write nothing; report what would change (the default)')
    .option('--write', 'apply the migrations (each repository all-or-nothing)')
    .option('--check', 'exit 1 when a setup would be migrated')
    .option('--allow-dirty', 'also migrate repositories whose files to change have uncommitted changes (the dry run and --check refuse them as --write does)')
    .option('--concurrency <n>', 'worker threads', String(availableParallelism()))
    .option('--timeout <seconds>', 'give up on a repository after this long (0: never)', '120')
    .option('--report <file>', 'write a report of every setup (- for stdout)')
    .addOption(new Option('--format <format>', 'report format (default: from the file name, else json); without --report the report goes to stdout').choices(['json', 'markdown']))
    .option('--patch <file>', 'write one patch for everything (git apply it from the parent of the roots, or, for `batch .` in a repository, in it)')
    .option('--keep-legacy', 'keep the builder Dockerfiles')
    .option('--buildkit', 'allow BuildKit-only output')
    .option('--no-progress', 'no progress bar or progress lines on stderr')
    .option('--verbose', 'print a line for every setup, also those with nothing to do')
    .option('--quiet', 'print only the summary')
    .option('--no-color', 'accepted for symmetry; batch output has no colours')
    .addHelpText('after', BATCH_HELP)
    .configureOutput({ outputError: (message, write) => write(oneLineError(message, 'multistage-migrate batch')) })
    .exitOverride()
    .action(async (roots: string[], flags: BatchFlags) => {
      onCode(await batchCommand(roots, flags, version));
    });
}

/** False once stdout's reader went away (EPIPE). */
let stdoutOpen = true;

/** True when stdout carries the report: the lines and summary for people go to stderr. */
let stdoutIsReport = false;

function out(text: string): void {
  if (stdoutIsReport) process.stderr.write(text);
  else if (stdoutOpen) process.stdout.write(text);
}

/** Runs `multistage-migrate batch` with `args` (what follows `batch` on the command line). */
export async function batchMain(args: string[], version: string): Promise<number> {
  // A reader that goes away (`batch … | head`) must not stop a run that may be writing
  // repositories: stdout output is dropped from then on, the run finishes.
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code !== 'EPIPE') throw e;
    stdoutOpen = false;
  });
  let code = EXIT_OK;
  const program = batchProgram(version, (c) => (code = c));
  program.name('multistage-migrate batch');
  try {
    await program.parseAsync(args, { from: 'user' });
    return code;
  } catch (e) {
    if (e instanceof CommanderError) return e.exitCode === 0 ? EXIT_OK : EXIT_USAGE;
    if (e instanceof UsageError || e instanceof RootError) {
      process.stderr.write(`multistage-migrate batch: ${e.message}\n`);
      return EXIT_USAGE;
    }
    throw e;
  }
}

export function batchModeOf(flags: BatchFlags, env: NodeJS.ProcessEnv): BatchMode {
  const chosen = [flags.dryRun && 'dry-run', flags.write && 'write', flags.check && 'check'].filter(Boolean) as BatchMode[];
  if (chosen.length > 1) throw new UsageError(`choose one of --dry-run, --write and --check (got ${chosen.map((m) => `--${m}`).join(', ')})`);
  const mode = chosen[0] ?? 'dry-run';
  if (mode === 'write' && dryRunFromEnv(env)) {
    process.stderr.write('multistage-migrate batch: DRY_RUN is set, so --write acts as --dry-run: nothing is written\n');
    return 'dry-run';
  }
  return mode;
}

export function reportFormatOf(flags: BatchFlags): 'json' | 'markdown' | null {
  if (!flags.report) return (flags.format as 'json' | 'markdown' | undefined) ?? null;
  if (flags.format) return flags.format as 'json' | 'markdown';
  return /\.(md|markdown)$/i.test(flags.report) ? 'markdown' : 'json';
}

/** `--report -`, or `--format` without `--report`: the report is stdout (for jq), the rest goes to stderr. */
function reportToStdout(flags: BatchFlags): boolean {
  return flags.report === '-' || (!flags.report && flags.format !== undefined);
}

async function batchCommand(roots: string[], flags: BatchFlags, version: string): Promise<number> {
  const mode = batchModeOf(flags, process.env);
  const concurrency = positiveInt(flags.concurrency ?? '1', '--concurrency', 1);
  const timeout = positiveInt(flags.timeout ?? '120', '--timeout', 0);
  const format = reportFormatOf(flags);
  stdoutIsReport = reportToStdout(flags);
  if (stdoutIsReport && flags.patch === '-') throw new UsageError('the report and the patch cannot both go to stdout');
  if (flags.verbose && flags.quiet) throw new UsageError('choose one of --verbose and --quiet');
  const settings = {
    mode,
    allowDirty: flags.allowDirty === true,
    buildkit: flags.buildkit === true,
    keepLegacy: flags.keepLegacy === true,
    want: { json: format === 'json', markdown: format === 'markdown', patch: Boolean(flags.patch) },
    stamp: new Date().toISOString().replace(/[:.]/g, '-'),
    timeoutMs: timeout * 1000,
  };
  const result = await runBatch({
    roots,
    settings,
    concurrency,
    timeoutMs: timeout * 1000,
    lines: flags.quiet ? 'none' : flags.verbose ? 'all' : 'actionable',
    sinks: (base, skippedLinks) => openSinks(flags, format, { version, mode, base, skippedLinks }),
    progress: (total) =>
      createProgress(total, {
        err: (t) => process.stderr.write(t),
        out,
        tty: process.stderr.isTTY === true,
        columns: process.stderr.columns ?? 80,
        silent: flags.progress === false,
      }),
  });
  out(summaryTable(result.tally, mode, result.seconds));
  if (result.skippedLinks.length > 0) out(`${skippedLinksText(result.skippedLinks)}\n`);
  if (flags.patch && (result.tally.counts['would-migrate'] > 0 || result.tally.counts.migrated > 0)) {
    process.stderr.write(`Patch written to ${flags.patch}: apply it from ${result.base} with git apply\n`);
  }
  if (result.tally.troubled) return EXIT_REFUSED;
  if (mode === 'check' && result.tally.counts['would-migrate'] > 0) return EXIT_WORK_FOUND;
  return EXIT_OK;
}

/** The report and patch files, opened before any repository is read (a bad path fails first). */
function openSinks(flags: BatchFlags, format: 'json' | 'markdown' | null, header: { version: string; mode: BatchMode; base: string; skippedLinks: SkippedLink[] }): Sink[] {
  const out: Sink[] = [];
  try {
    const report = reportToStdout(flags) ? '-' : flags.report;
    if (report && format === 'json') out.push(jsonSink(report, header));
    if (report && format === 'markdown') out.push(markdownSink(report, header.mode, header.skippedLinks));
    if (flags.patch) out.push(patchSink(flags.patch));
  } catch (e) {
    throw new UsageError(`cannot write ${(e as NodeJS.ErrnoException).path ?? 'the report'}: ${(e as Error).message}`);
  }
  return out;
}

function positiveInt(value: string, flag: string, min: number): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < min) throw new UsageError(`${flag} must be a whole number of at least ${min}, not ${value}`);
  return n;
}
