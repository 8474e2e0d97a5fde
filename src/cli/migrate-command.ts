/**
 * `multistage-migrate [DIR]`: one repository, in one of five modes computed once from the
 * flags: wizard, --dry-run, --check, --yes (apply) or explain.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { RepoOutcome, migrateRepository } from '../app/migrate';
import { refuseHalfMigrated } from '../app/half-migrated';
import { restorableByGit } from '../batch/git-state';
import { gitPatch, changeSummary } from '../diff/patch';
import { ApplyFailedError, applyChanges, StaleFileError, UnsafePathError } from '../io/apply';
import { finishInterrupted, interruptedJournals } from '../io/journal';
import { withByteOrderMarks } from '../io/bom';
import { DiskRepo, openRepo } from '../io/repo-fs';
import { withRepositoryLock } from '../io/repository-lock';
import { normalizeRelative, relativePath } from '../core/paths';
import { Located, locate, rootNote, shownFrom } from './locate';
import { loadShellParser } from '../parse/shell/parser';
import { maskSecretValues } from '../plan/secrets';
import type { FileChange } from '../core/file-change';
import { explainText, statusLine } from '../report/explain';
import { singleRepoJson } from '../report/json';
import { packageVersion } from './version';
import { singleRepoMarkdown } from '../report/markdown';
import { loadTemplates } from '../render/templates';
import { EXIT_INTERRUPTED, EXIT_OK, EXIT_REFUSED, EXIT_WORK_FOUND, UsageError } from './exit-codes';
import { Io, colorDiff, printFindings, printNextSteps, waitingForRepository } from './output';
import type { Prompter } from './prompts';
import { runWizard } from './wizard';

export interface MigrateFlags {
  dryRun?: boolean;
  check?: boolean;
  yes?: boolean;
  explain?: boolean;
  format?: string;
  builder?: string;
  runtime?: string;
  /** `--script`: one file, or several in the order they run. */
  script?: string | string[];
  /** `--target-rule`: the Makefile target to follow. */
  targetRule?: string;
  keepLegacy?: boolean;
  buildkit?: boolean;
  /** The wizard asks per file (behind a warning) instead of once. */
  perFile?: boolean;
}

export type Mode = 'wizard' | 'dry-run' | 'check' | 'apply' | 'explain';

export function commandMode(flags: MigrateFlags, io: Io): Mode {
  const chosen = [flags.dryRun && 'dry-run', flags.check && 'check', flags.yes && 'apply', flags.explain && 'explain'].filter(Boolean) as Mode[];
  if (chosen.length > 1) throw new UsageError(`choose one of --dry-run, --check, --yes and --explain (got ${chosen.map((m) => `--${m === 'apply' ? 'yes' : m}`).join(', ')})`);
  if (chosen.length === 1) return chosen[0];
  if (!io.interactive) {
    throw new UsageError('not a terminal, so the wizard cannot ask; pass --dry-run to print the change, --yes to apply it, or --check to test for work');
  }
  if (flags.format === 'json' || flags.format === 'markdown') throw new UsageError(`--format ${flags.format} needs --dry-run, --check, --yes or --explain`);
  return 'wizard';
}

/** Plans the migration of `dir`, taken as the repository (pure core + disk reads). */
export async function planDirectory(dir: string, flags: MigrateFlags): Promise<{ repo: DiskRepo; outcome: RepoOutcome }> {
  const repo = openRepo(existingDirectory(dir));
  return { repo, outcome: await planSetup(repo, '', flags, '') };
}

/** `--script` names files below DIR that are glue, not a Dockerfile. */
function checkScripts(root: string, dir: string, script: string | string[] | undefined): void {
  for (const p of typeof script === 'string' ? [script] : (script ?? [])) {
    const abs = resolve(root, p);
    if (!existsSync(abs) || !statSync(abs).isFile()) throw new UsageError(`--script ${p}: no such file in ${dir}`);
    if (looksLikeDockerfile(abs)) {
      throw new UsageError(`--script ${p} is a Dockerfile, not glue: name the script, Makefile or CI file that runs docker build (the Dockerfiles are found from it)`);
    }
  }
}

/** A Dockerfile by name, or by its first instruction (FROM, or ARG before FROM). */
function looksLikeDockerfile(abs: string): boolean {
  if (/\.(sh|bash|mk|ya?ml|py)$/i.test(abs)) return false;
  if (/(^|[/\\])(Dockerfile|Containerfile)([.-][^/\\]*)?$|\.dockerfile$/i.test(abs)) return true;
  let head: string;
  try {
    head = readFileSync(abs, 'utf8').slice(0, 4096);
  } catch {
    return false; // unreadable: the planner says so with FILE_UNREADABLE
  }
  const first = head.split(/\r?\n/).find((l) => l.trim() !== '' && !l.trim().startsWith('#'));
  return first !== undefined && /^\s*(FROM|ARG)\s/i.test(first) && /^\s*FROM\s/im.test(head);
}

function existingDirectory(dir: string): string {
  const root = resolve(dir);
  if (!existsSync(root) || !statSync(root).isDirectory()) throw new UsageError(`${dir} is not a directory`);
  return root;
}

/** Plans one setup of `repo`; the file options are given from DIR (`prefix` in the repository). */
async function planSetup(repo: DiskRepo, setup: string, flags: MigrateFlags, prefix: string): Promise<RepoOutcome> {
  const parser = await loadShellParser();
  const arg = (p: string | undefined) => (p ? (normalizeRelative(normalizeArg(p), prefix) ?? normalizeArg(p)) : undefined);
  const planned = migrateRepository(repo, (t) => parser.parse(t), loadTemplates(), {
    dir: setup,
    ...scriptRequest(flags.script, (p) => arg(p) as string),
    builder: arg(flags.builder),
    runtime: arg(flags.runtime),
    ...(flags.targetRule !== undefined ? { targetRule: flags.targetRule } : {}),
    buildkit: flags.buildkit === true,
    keepLegacy: flags.keepLegacy === true,
  });
  const outcome = refuseHalfMigrated(repo, (t) => parser.parse(t), setup, planned);
  if (outcome.plan) outcome.plan.files = withByteOrderMarks(outcome.plan.files, (p) => repo.startsWithBom(p));
  return outcome;
}

/** The first `--script` and those run after it. */
function scriptRequest(script: string | string[] | undefined, toRepository: (p: string) => string): { script?: string; moreScripts?: string[] } {
  const all = (typeof script === 'string' ? [script] : (script ?? [])).map(toRepository);
  return all.length === 0 ? {} : { script: all[0], ...(all.length > 1 ? { moreScripts: all.slice(1) } : {}) };
}

function normalizeArg(p: string): string {
  return p.replace(/^\.\/+/, '');
}

export async function migrateCommand(dir: string, flags: MigrateFlags, io: Io, prompter: () => Promise<Prompter>): Promise<number> {
  if (flags.perFile && (flags.dryRun || flags.check || flags.yes || flags.explain)) throw new UsageError('--per-file is for the wizard (no --dry-run, --check, --yes or --explain)');
  if (flags.format && !['text', 'json', 'markdown'].includes(flags.format)) throw new UsageError(`--format must be text, json or markdown, not ${flags.format}`);
  // The most relevant error first: a DIR or --script that is not there before "not a terminal".
  checkScripts(existingDirectory(dir), dir, flags.script);
  const mode = commandMode(flags, io);
  if (mode !== 'apply' && mode !== 'wizard') return planAndReport(dir, flags, mode, io, prompter);
  // A run that writes holds the repository from before it finishes an interrupted run until it has written.
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new UsageError(`${dir} is not a directory`);
  if (mode === 'wizard') abortOnInterrupt();
  try {
    return await withRepositoryLock(dir, { wait: true, onWait: waitingForRepository(io, dir) }, () => planAndReport(dir, flags, mode, io, prompter));
  } finally {
    process.removeListener('SIGINT', interrupted);
  }
}

/** Ctrl-C while the wizard plans or waits for the lock (the prompts catch their own). */
function interrupted(): void {
  process.stderr.write('\nAborted: nothing was written.\n');
  process.exit(EXIT_INTERRUPTED);
}

function abortOnInterrupt(): void {
  process.on('SIGINT', interrupted);
}

async function planAndReport(dir: string, flags: MigrateFlags, mode: Mode, io: Io, prompter: () => Promise<Prompter>): Promise<number> {
  const json = flags.format === 'json';
  reportInterrupted(dir, mode === 'apply' || mode === 'wizard', io);
  const abs = existingDirectory(dir);
  // With --script the user named the glue: DIR is the repository, as it always was.
  const located = flags.script ? { repo: openRepo(abs), setups: [''], prefix: '' } : locate(abs);
  if (located.setups.length > 1) return severalSetups(dir, located, flags, mode, io);
  const { repo, prefix } = located;
  const planned = await planSetup(repo, located.setups[0], flags, prefix);
  // What is printed is shown from DIR; what is written keeps the repository's paths.
  const outcome = shownFrom(planned, prefix);
  const note = rootNote(planned, prefix, repo.root);
  if (note && (mode === 'dry-run' || json)) io.err(note);
  const code = exitCodeFor(outcome, mode);

  if (json) {
    let applied: Record<string, unknown> = {};
    if (mode === 'apply' && planned.plan) applied = { applied: apply(repo, planned.plan.files) };
    io.out(JSON.stringify(singleRepoJson(outcome, packageVersion(), mode, 'applied' in applied, applied), null, 2) + '\n');
    return code;
  }
  if (flags.format === 'markdown') {
    if (mode === 'apply' && planned.plan) apply(repo, planned.plan.files);
    io.out(singleRepoMarkdown(outcome, mode));
    return code;
  }
  if (outcome.status === 'refused') {
    printFindings(io, outcome.findings);
    io.err(`${statusLine(outcome)}\n`);
    printNextSteps(io, outcome.findings);
    return code;
  }
  if (mode === 'explain') {
    io.out(explainText(outcome));
    return code;
  }
  if (!outcome.plan) {
    printFindings(io, outcome.findings);
    io.err(`${statusLine(outcome)}\n`);
    return code;
  }
  printFindings(io, outcome.findings, 'warning');
  switch (mode) {
    case 'dry-run':
      // Coloured like git diff on a terminal, plain when piped (io.color).
      io.out(colorDiff(io, gitPatch(outcome.plan.files)));
      return code;
    case 'check':
      io.out(`${relativePath(prefix, outcome.plan.setup.runtime)}: would migrate (${relativePath(prefix, outcome.plan.setup.glue)} → one multi-stage build)\n`);
      return code;
    case 'apply': {
      const result = apply(repo, (planned.plan ?? outcome.plan).files);
      for (const line of changeSummary(outcome.plan.files)) io.out(`${line}\n`);
      if (result.backup) io.err(`Previous versions saved in ${result.backup} (undo: multistage-migrate undo ${prefix ? repo.root : dir}); delete the folder once satisfied: it is inside the build context\n`);
      io.err(`Migrated. ${(outcome.plan.setup.scripts ?? [outcome.plan.setup.glue]).join(' and ')} now run${outcome.plan.setup.scripts ? '' : 's'}: ${maskSecretValues(outcome.plan.setup.buildCommand)}\n`);
      return EXIT_OK;
    }
    case 'wizard': {
      // The wizard's answers are files to write: it works on the repository's paths.
      const answer = await runWizard(io, planned, await prompter(), { perFile: flags.perFile === true });
      if (answer.kind === 'aborted' || answer.kind === 'interrupted') {
        io.err('Aborted: nothing was written.\n');
        return answer.kind === 'interrupted' ? EXIT_INTERRUPTED : EXIT_REFUSED;
      }
      // The files are written synchronously from here: a Ctrl-C now waits until they are.
      process.removeListener('SIGINT', interrupted);
      if (answer.kind === 'declined') {
        io.err('Nothing was written.\n');
        return EXIT_OK;
      }
      const result = apply(repo, answer.changes);
      for (const line of changeSummary(answer.changes)) io.out(`${line}\n`);
      if (result.backup) io.err(`Previous versions saved in ${result.backup} (undo: multistage-migrate undo ${prefix ? repo.root : dir}); delete the folder once satisfied: it is inside the build context\n`);
      io.err(`Done. ${(outcome.plan.setup.scripts ?? [outcome.plan.setup.glue]).join(' and ')} now run${outcome.plan.setup.scripts ? '' : 's'}: ${maskSecretValues(outcome.plan.setup.buildCommand)}\n`);
      return EXIT_OK;
    }
    default:
      return code;
  }
}

/**
 * DIR holds several setups (a monorepo root): `--check` and `--dry-run` take them all, as
 * `batch` would; the modes that write or explain ask for one.
 */
async function severalSetups(dir: string, located: Located, flags: MigrateFlags, mode: Mode, io: Io): Promise<number> {
  const list = located.setups.map((s) => relativePath(located.prefix, s)).join(', ');
  if ((mode !== 'check' && mode !== 'dry-run') || (flags.format ?? 'text') !== 'text') {
    throw new UsageError(`${dir} holds ${located.setups.length} builder-pattern setups (${list}): run the tool in one of them, or \`multistage-migrate batch ${dir}\` for all (--check and --dry-run take them all)`);
  }
  let refused = false;
  let found = false;
  for (const setup of located.setups) {
    const outcome = shownFrom(await planSetup(located.repo, setup, flags, located.prefix), located.prefix);
    const where = relativePath(located.prefix, setup);
    if (outcome.status === 'refused') {
      refused = true;
      printFindings(io, outcome.findings);
      io.err(`${where}: ${statusLine(outcome)}\n`);
      printNextSteps(io, outcome.findings);
    } else if (outcome.plan) {
      found = true;
      printFindings(io, outcome.findings, 'warning');
      if (mode === 'check') io.out(`${relativePath(located.prefix, outcome.plan.setup.runtime)}: would migrate (${relativePath(located.prefix, outcome.plan.setup.glue)} → one multi-stage build)\n`);
      else io.out(colorDiff(io, gitPatch(outcome.plan.files)));
    } else {
      io.err(`${where}: ${statusLine(outcome)}\n`);
    }
  }
  if (refused) return EXIT_REFUSED;
  return mode === 'check' && found ? EXIT_WORK_FOUND : EXIT_OK;
}

function exitCodeFor(outcome: RepoOutcome, mode: Mode): number {
  if (outcome.status === 'refused') return EXIT_REFUSED;
  if (mode === 'check' && outcome.status === 'migrate') return EXIT_WORK_FOUND;
  return EXIT_OK;
}

function apply(repo: DiskRepo, changes: FileChange[]): { written: string[]; deleted: string[]; backup: string | null } {
  const restorable = restorableByGit(repo.root, changes.map((c) => c.path));
  try {
    return applyChanges(repo.root, changes, (p) => restorable.has(p), new Date().toISOString().replace(/[:.]/g, '-'));
  } catch (e) {
    if (e instanceof StaleFileError || e instanceof UnsafePathError || e instanceof ApplyFailedError) throw new UsageError(e.message);
    throw e;
  }
}

/**
 * A run killed while renaming left a journal: modes that write finish it first (when every file
 * is still old or new), the others say so.
 */
function reportInterrupted(dir: string, write: boolean, io: Io): void {
  const root = resolve(dir);
  if (!existsSync(root)) return;
  if (!write) {
    if (interruptedJournals(root).length > 0) io.err(`Note: an interrupted migration of ${dir} was found; --yes finishes it first, \`multistage-migrate undo\` rolls it back.\n`);
    return;
  }
  const r = finishInterrupted(root);
  if (r.refused.length > 0) throw new UsageError(`${r.refused.join('; ')}; nothing was written`);
  if (r.finished.length > 0) io.err(`Finished an interrupted migration: ${r.finished.join(', ')}\n`);
  if (r.leftAlone.length > 0) throw new UsageError(`an interrupted migration touched ${r.leftAlone.join(', ')}, which changed since; nothing was written (see ${root}/.multistage-migrate-backup)`);
}

