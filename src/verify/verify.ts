/**
 * The engine proof: run the legacy glue and the migrated glue, each in its own copy of the
 * repository, compare the two runtime images, and leave the engine and the disk as they were.
 */
import { execFileSync } from 'node:child_process';
import { chmodSync, copyFileSync, existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import type { Finding } from '../core/findings';
import type { RepoOutcome } from '../app/migrate';
import { applyChanges } from '../io/apply';
import type { FileChange } from '../core/file-change';
import { DockerCli } from './docker-client';
import { acquireEngineLock, engineLockName, type EngineLock } from './engine-lock';
import { protectImages, recordEngineState, restoreEngine, type EngineState } from './engine-state';
import { buildRecords, glueInvocation, readDockerCalls, runEffects, runGlue, shellQuote, writeWrappers, type BuildRecord, type RunEffects } from './glue-runner';
import { compareSnapshots, type ImageDifference, type Side } from './image-compare';
import { splitMigratedFiles } from './migrated-files';
import { snapshotDirectory } from './dir-snapshot';
import { ciJobScript } from './ci-runner';
import { parseCiFile } from '../parse/ci-yaml';
import { ciFlavor } from '../parse/glue-kind';
import { snapshotImage, type ImageSnapshot } from './image-snapshot';

/** Options of verifyPlanned and verifyChanges. */
export interface VerifyOptions {
  /** Build both with BuildKit (DOCKER_BUILDKIT=1) and plan as with --buildkit; default: the classic builder. */
  buildkit?: boolean;
  /** The builder both pipelines build with (DOCKER_BUILDKIT); default: BuildKit with `buildkit`, else classic. */
  builder?: 'classic' | 'buildkit';
  /** The glue to follow, as for the migration. */
  /** `--script`: one file, or several in the order they run. */
  script?: string | string[];
  /** `--target-rule`: the Makefile target to follow. */
  targetRule?: string;
  /** Plan as with --keep-legacy. */
  keepLegacy?: boolean;
  /** Keep the temporary directory (copies, wrappers, call records, run logs) and report where it is. */
  keepTemp?: boolean;
  /** Time limit of each glue run; default 15 minutes. */
  timeoutMs?: number;
  /** The docker client verify talks to; default: a DockerCli of findDockerClient(). */
  cli?: DockerCli;
  /**
   * Files an earlier run left in the working copy, outside what git lists (path → content):
   * written into both copies, to prove what reaches each image when they are there.
   */
  leftovers?: Record<string, string>;
}

/** Receives one line of progress at a time (what verify is doing, for stderr). */
export type VerifyLog = (message: string) => void;

/** The image a run's runtime build made: the first tag it was given (null: none) and its id. */
export interface ComparedImage {
  tag: string | null;
  id: string;
}

/** What one glue run did. */
export interface RunReport {
  side: Side;
  /** The command as run, e.g. `sh ./build.sh` or `make -f Makefile` (in `cwd`). */
  command: string;
  /** Repository-relative directory it ran in ("" for the root). */
  cwd: string;
  /** Every docker build of the run, in order. */
  builds: BuildRecord[];
  /** The runtime image (the run's last build); null when the run did not get that far. */
  image: ComparedImage | null;
}

/** equal: the images match; different: they do not; error: verify could not tell (see `error`). */
export type VerifyStatus = 'equal' | 'different' | 'error';

/** The outcome of a verification. Plain data: it can be written out as JSON. */
export interface VerifyResult {
  status: VerifyStatus;
  /** Why verify could not compare; null unless status is `error`. */
  error: string | null;
  legacyImage: ComparedImage | null;
  migratedImage: ComparedImage | null;
  /** The runs that started, legacy first. */
  runs: RunReport[];
  /** Empty unless status is `different`. */
  differences: ImageDifference[];
  /**
   * Image paths that hold a glue file or Dockerfile the migration rewrote (copied in by a
   * context COPY): they differ by design and do not count as differences.
   */
  migratedFilesInImage: string[];
  /** Paths in either image; 0 when nothing was compared. */
  comparedPaths: number;
  /** The migration's findings. */
  findings: Finding[];
  /** What the clean-up could not undo, and engine changes it saw but did not cause. */
  warnings: string[];
  /** The temporary directory when it was kept (keepTemp); null when it was removed. */
  tempDir: string | null;
}

/** The migration to verify: the glue (repository-relative, the same path before and after) and the file changes. */
export interface VerifyRequest {
  /** For a CI file as glue: the job to run. */
  goal?: string;
  /** For a Makefile not run as plain `make`: the goals to run, in order (`make -f Makefile build deploy`). */
  makeGoals?: string[];
  /** Export-only glue: compare this repository folder after each run instead of an image. */
  exportDir?: string;
  glue: string;
  /** Several glue files run one after the other (the plan's setup.scripts); `glue` is the first. */
  scripts?: string[];
  changes: readonly FileChange[];
  findings: Finding[];
}

const DEFAULT_TIMEOUT_MS = 15 * 60_000;

/**
 * Verifies the planned migration of `dir` with verifyChanges. A refused plan, or a directory
 * with nothing to migrate, gives status `error` with the findings and no build. The caller plans
 * (cli/verify-repository.ts), so the proof never depends on the command line.
 */
export async function verifyPlanned(dir: string, outcome: RepoOutcome, options: VerifyOptions = {}, log: VerifyLog = () => {}): Promise<VerifyResult> {
  if (outcome.status === 'refused') return notVerified('the migration is refused', outcome.findings);
  if (outcome.status !== 'migrate' || !outcome.plan) {
    const why = outcome.status === 'already-multi-stage' ? 'already multi-stage' : 'no builder-pattern setup was found';
    return notVerified(`nothing to verify: ${why}`, outcome.findings);
  }
  return verifyChanges(dir, { glue: outcome.plan.setup.glue, scripts: outcome.plan.setup.scripts, goal: outcome.plan.setup.goal, makeGoals: outcome.plan.setup.makeGoals, changes: outcome.plan.files, findings: outcome.findings, exportDir: outcome.plan.setup.exportDir }, options, log);
}

function notVerified(error: string, findings: Finding[]): VerifyResult {
  return { ...emptyResult(findings), status: 'error', error };
}

function emptyResult(findings: Finding[]): VerifyResult {
  const none = { legacyImage: null, migratedImage: null, runs: [], differences: [], migratedFilesInImage: [], comparedPaths: 0, warnings: [], tempDir: null };
  return { status: 'error', error: null, findings, ...none };
}

/**
 * Verifies `request` on `dir`: copies the repository twice (see copyWorkingTree), applies the
 * changes to the second copy, runs the glue in each (legacy first) through the docker and sudo
 * wrappers, snapshots each run's runtime image (its last build) and compares them. Afterwards,
 * whatever happened: restores the engine (restoreEngine) and removes the temporary directory
 * unless `keepTemp`. SIGINT and SIGTERM stop the run, clean up, then end the process with the
 * same signal (a second one ends it at once). Never rejects for a build or a docker failure:
 * those give status `error`.
 */
export async function verifyChanges(dir: string, request: VerifyRequest, options: VerifyOptions = {}, log: VerifyLog = () => {}): Promise<VerifyResult> {
  const cli = options.cli ?? new DockerCli();
  const result = emptyResult(request.findings);
  const temp = mkdtempSync(join(tmpdir(), 'multistage-migrate-verify-'));
  const trap = new SignalTrap(log);
  const effects: RunEffects[] = [];
  let before: EngineState | null = null;
  let keepTags: string[] = [];
  let buildsStopped = false;
  let lock: EngineLock | null = null;
  try {
    const copies = { legacy: join(temp, 'legacy'), migrated: join(temp, 'migrated') };
    copyWorkingTree(resolve(dir), copies.legacy);
    copyWorkingTree(resolve(dir), copies.migrated);
    for (const copy of [copies.legacy, copies.migrated]) writeLeftovers(copy, options.leftovers ?? {});
    // Every file can be given back (the copy is thrown away), so no backup folder lands in the build context.
    applyChanges(copies.migrated, request.changes, () => true, 'verify');
    lock = await acquireEngineLock(engineLockName(await engineId(cli)), trap.signal, (pid) => log(`waiting for another verify (${pid ? `pid ${pid}` : 'another process'}) on this Docker engine to finish: two at once would see each other's tags`));
    before = await recordEngineState(cli);
    keepTags = await protectImages(cli, before, String(process.pid));
    const snapshots: ImageSnapshot[] = [];
    for (const side of ['legacy', 'migrated'] as const) {
      trap.check();
      const run = await runSide(side, copies[side], temp, request.scripts ?? request.glue, cli, options, trap.signal, log, request.exportDir === undefined, request.goal, request.makeGoals);
      effects.push(run.effects);
      buildsStopped ||= run.stopped;
      result.runs.push(run.report);
      trap.check();
      if (run.failure) throw new Error(run.failure);
      if (request.exportDir !== undefined) {
        log(`${side}: reading ${request.exportDir}/`);
        snapshots.push(snapshotDirectory(join(copies[side], request.exportDir)));
        continue;
      }
      const image = run.report.image!;
      result[side === 'legacy' ? 'legacyImage' : 'migratedImage'] = image;
      log(`${side}: snapshotting ${image.tag ?? image.id}`);
      // Now, before the other run can remove or re-tag it.
      snapshots.push(await snapshotImage(cli, image.id));
    }
    const pairs: [ImageSnapshot, ImageSnapshot, string | null][] = [[snapshots[0], snapshots[1], null]];
    // Several runtime images (one builder, a --target each): compare every image the migrated
    // run tagged with the legacy image of the same tag, not only the last one.
    if (request.exportDir === undefined) {
      const [legacyRun, migratedRun] = result.runs;
      const last = migratedRun.builds.at(-1);
      for (const b of migratedRun.builds) {
        if (b === last || !b.imageId || b.tags.length === 0) continue;
        const twin = legacyRun.builds.find((l) => l.imageId && l.tags[0] === b.tags[0]);
        if (!twin?.imageId) continue;
        log(`comparing ${b.tags[0]} too`);
        pairs.push([await snapshotImage(cli, twin.imageId), await snapshotImage(cli, b.imageId), b.tags[0]]);
      }
    }
    for (const [legacy, migrated, tag] of pairs) {
      const split = splitMigratedFiles(compareSnapshots(legacy, migrated), legacy, migrated, request.changes);
      result.differences.push(...split.real.map((d) => (tag ? { ...d, path: `${tag}: ${'path' in d ? d.path : ''}` } : d) as ImageDifference));
      result.migratedFilesInImage.push(...split.migratedFiles);
      result.comparedPaths += new Set([...legacy.entries, ...migrated.entries].map((entry) => entry.path)).size;
    }
    result.status = result.differences.length === 0 ? 'equal' : 'different';
  } catch (err) {
    result.status = 'error';
    result.differences = [];
    result.error = (err as Error).message;
  } finally {
    if (before) {
      log('cleaning up: containers, tags and images the runs made');
      result.warnings.push(...(await restoreEngine(cli, before, effects, keepTags, buildsStopped).catch((err: Error) => [`clean-up failed: ${err.message}`])));
    }
    lock?.release();
    if (options.keepTemp) result.tempDir = temp;
    else rmSync(temp, { recursive: true, force: true });
    trap.release();
  }
  return result;
}

/** The daemon's ID, so that verifies on different engines do not wait for each other. */
async function engineId(cli: DockerCli): Promise<string> {
  const info = await cli.run(['info', '--format', '{{.ID}}']);
  return (info.code === 0 && info.stdout.trim()) || process.env.DOCKER_HOST || 'default';
}

interface SideRun {
  report: RunReport;
  effects: RunEffects;
  /** Why this run gives no image to compare; null when it does. */
  failure: string | null;
  /** The glue was stopped (timeout, signal): its last build may still be running in the daemon. */
  stopped: boolean;
}

/** Runs one side's glue in `root` and reads back what it did. */
async function runSide(side: Side, root: string, temp: string, glues: string | string[], cli: DockerCli, options: VerifyOptions, signal: AbortSignal, log: VerifyLog, needsImage = true, goal?: string, makeGoals?: string[]): Promise<SideRun> {
  const all = typeof glues === 'string' ? [glues] : glues;
  const texts = all.map((glue) => {
    const gluePath = join(root, glue);
    if (!existsSync(gluePath)) throw new Error(`${side}: the glue ${glue} does not exist in the ${side} copy`);
    return readFileSync(gluePath, 'utf8');
  });
  const [glue] = all;
  const text = texts[0];
  const flavor = ciFlavor(glue);
  let invocation = glueInvocation(glue, text);
  if (makeGoals && invocation.argv[0] === 'make') invocation = { ...invocation, argv: [...invocation.argv, ...makeGoals] };
  if (all.length > 1) {
    // Glue files run one after the other, each as its user would start it, stopping at the first that fails.
    const steps = all.map((g, i) => {
      const inv = glueInvocation(g, texts[i]);
      return `(cd ${shellQuote(join(root, inv.cwd))} && ${inv.argv.map(shellQuote).join(' ')}) || exit $?`;
    });
    const path = join(temp, `${side}-scripts.sh`);
    writeFileSync(path, `${steps.join('\n')}\n`);
    invocation = { argv: ['sh', path], cwd: '' };
  }
  if (flavor && goal) {
    // A CI file: run the job's scripts as the CI would, from a script written for the purpose.
    const script = ciJobScript(parseCiFile(glue, text, flavor), goal);
    if (!script) throw new Error(`${side}: the job ${goal} is not in ${glue}`);
    const path = join(temp, `${side}-ci.sh`);
    writeFileSync(path, script);
    invocation = { argv: ['bash', path], cwd: '' };
  }
  const command = invocation.argv.join(' ');
  const binDir = join(temp, `${side}-bin`);
  const callsDir = join(temp, `${side}-calls`);
  const logFile = join(temp, `${side}.log`);
  writeWrappers(binDir, cli.client, callsDir);
  log(`${side}: running ${command}${invocation.cwd ? ` in ${invocation.cwd}` : ''}`);
  const env = {
    ...process.env,
    PATH: `${binDir}:${process.env.PATH ?? ''}`,
    // A glue that sets DOCKER_BUILDKIT itself overrides this.
    DOCKER_BUILDKIT: (options.builder ?? (options.buildkit ? 'buildkit' : 'classic')) === 'buildkit' ? '1' : '0',
  };
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const run = await runGlue(invocation, { cwd: join(root, invocation.cwd), env, timeoutMs, logFile, signal });
  const calls = readDockerCalls(callsDir);
  const builds = buildRecords(calls);
  const last = builds.at(-1);
  const image = run.code === 0 && last?.imageId ? { tag: last.tags[0] ?? null, id: last.imageId } : null;
  const report: RunReport = { side, command, cwd: invocation.cwd, builds, image };
  const failure = image || (!needsImage && run.code === 0) ? null : failureOf(side, command, run, last, timeoutMs);
  return { report, effects: runEffects(calls), failure, stopped: run.timedOut || run.interrupted };
}

function failureOf(side: Side, command: string, run: Awaited<ReturnType<typeof runGlue>>, last: BuildRecord | undefined, timeoutMs: number): string {
  const output = `\nLast lines of its output:\n${run.tail}`;
  if (run.timedOut) return `${side}: ${command} ran longer than ${duration(timeoutMs)} and was stopped.${output}`;
  if (run.code !== 0) return `${side}: ${command} ${run.code === null ? 'was killed' : `exited with ${run.code}`}.${output}`;
  if (!last) return `${side}: ${command} ran no docker build, so there is no runtime image to compare.${output}`;
  return `${side}: the last docker build of ${command} left no image id.${output}`;
}

function duration(ms: number): string {
  return ms >= 60_000 ? `${Math.round(ms / 60_000)} min` : `${Math.round(ms / 1000)} s`;
}

/**
 * While installed, SIGINT and SIGTERM abort the run (the glue is stopped, the clean-up runs);
 * release() then ends the process with the signal received. A second signal ends it at once.
 */
class SignalTrap {
  private readonly controller = new AbortController();
  private received: NodeJS.Signals | null = null;
  private readonly onSignal = (signal: NodeJS.Signals) => {
    if (this.received) this.raise(signal);
    this.received = signal;
    this.log(`${signal}: stopping, then cleaning up (send it again to stop at once)`);
    this.controller.abort();
  };

  constructor(private readonly log: VerifyLog) {
    process.on('SIGINT', this.onSignal);
    process.on('SIGTERM', this.onSignal);
  }

  /** Aborted on the first signal. */
  get signal(): AbortSignal {
    return this.controller.signal;
  }

  /** Throws when a signal came: the run stops here. */
  check(): void {
    if (this.received) throw new Error(`interrupted by ${this.received}`);
  }

  /** Removes the handlers; re-raises a signal that came. */
  release(): void {
    process.off('SIGINT', this.onSignal);
    process.off('SIGTERM', this.onSignal);
    if (this.received) this.raise(this.received);
  }

  private raise(signal: NodeJS.Signals): void {
    process.off('SIGINT', this.onSignal);
    process.off('SIGTERM', this.onSignal);
    process.kill(process.pid, signal);
  }
}

/**
 * Copies into `dest` (created) what a clean checkout of `source` would hold: when `source` is
 * in a git work tree, the files `git ls-files --cached --others --exclude-standard` lists
 * (tracked and untracked, not ignored; a submodule whole, without its `.git`); else everything
 * but `.git`. Keeps modes (setuid and the like included), symlinks as symlinks, and directory
 * modes; files deleted from the work tree are skipped.
 */
export function copyWorkingTree(source: string, dest: string): void {
  mkdirSync(dest, { recursive: true });
  chmodSync(dest, statSync(source).mode & 0o7777);
  const paths = gitListing(source) ?? readdirSync(source).filter((name) => name !== '.git');
  for (const path of paths) copyEntry(source, dest, path);
}

function writeLeftovers(copy: string, files: Record<string, string>): void {
  for (const [path, text] of Object.entries(files)) {
    const to = join(copy, path);
    if (!resolve(to).startsWith(`${resolve(copy)}/`)) throw new Error(`leftover ${path} is outside the repository`);
    mkdirSync(dirname(to), { recursive: true });
    writeFileSync(to, text);
  }
}

/** The files `git ls-files` lists in `dir`, relative to it; null when `dir` is not in a git work tree. */
function gitListing(dir: string): string[] | null {
  const git = (args: string[]) => execFileSync('git', ['-C', dir, ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], maxBuffer: 1 << 28 });
  try {
    if (git(['rev-parse', '--is-inside-work-tree']).trim() !== 'true') return null;
  } catch {
    return null;
  }
  return [...new Set(git(['ls-files', '-z', '--cached', '--others', '--exclude-standard']).split('\0').filter(Boolean))];
}

function copyEntry(source: string, dest: string, path: string): void {
  const from = join(source, path);
  const to = join(dest, path);
  let stat;
  try {
    stat = lstatSync(from);
  } catch {
    return;
  }
  ensureDirectory(source, dest, dirname(path));
  if (stat.isSymbolicLink()) {
    symlinkSync(readlinkSync(from), to);
  } else if (stat.isDirectory()) {
    ensureDirectory(source, dest, path);
    for (const name of readdirSync(from)) if (name !== '.git') copyEntry(source, dest, join(path, name));
  } else if (stat.isFile()) {
    copyFileSync(from, to);
    chmodSync(to, stat.mode & 0o7777);
  }
}

/** Makes `path` (relative) in `dest` with the mode it has in `source`, parents first. */
function ensureDirectory(source: string, dest: string, path: string): void {
  if (path === '.' || existsSync(join(dest, path))) return;
  ensureDirectory(source, dest, dirname(path));
  mkdirSync(join(dest, path));
  chmodSync(join(dest, path), statSync(join(source, path)).mode & 0o7777);
}
