/**
 * One repository of a batch, as a worker runs it: open it once, find its setups, migrate each
 * on its own (an error in one is that setup's `failed`, never the run's), then — with `--write`
 * — apply every migrated setup's changes in one all-or-nothing step, and format the report
 * pieces the sinks asked for.
 */
import { Dirent, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { RepoOutcome, migrateRepository } from '../app/migrate';
import { refuseHalfMigrated } from '../app/half-migrated';
import type { RepoView } from '../core/repo';
import { gitPatch } from '../diff/patch';
import { BACKUP_DIR, StaleFileError, applyChanges } from '../io/apply';
import { backupFolderProblems, finishInterrupted, interruptedJournals } from '../io/journal';
import { withByteOrderMarks } from '../io/bom';
import { DiskRepo, openRepo } from '../io/repo-fs';
import { RepositoryBusyError, lockRepository } from '../io/repository-lock';
import type { ShellScript } from '../parse/shell/ast';
import type { ShellParser } from '../parse/shell/parser';
import type { FileChange } from '../core/file-change';
import type { Templates } from '../render/templates';
import { outcomeJson } from '../report/json';
import { findingRecord, setupMarkdown } from '../report/markdown';
import { cachedView } from './cached-view';
import { discoverSetups } from './discover-setups';
import { restorableByGit, uncommittedChanges } from './git-state';
import { prefixPatch } from './patch-prefix';
import type { BatchSettings, BatchStatus, FindingRecord, RepoJob, RepoResult, SetupSummary } from './types';
import { setupPath } from './types';

/**
 * Batch-level refusal codes (the core's codes are in src/core/findings.ts).
 * UNCOMMITTED_CHANGES: `--write` would overwrite uncommitted work (use `--allow-dirty`).
 * SETUPS_OVERLAP: two setups of one repository would change the same file.
 * INTERRUPTED_MIGRATION: an earlier run was killed while renaming (its journal is still there),
 *   or a journal there was not written by this tool.
 * BACKUP_FOLDER_UNSAFE: `.multistage-migrate-backup` is, or holds, a symbolic link.
 * REPOSITORY_BUSY: `--write` found the repository's lock taken by another run (src/io/repository-lock.ts).
 */
export const BATCH_CODES = {
  UNCOMMITTED_CHANGES: 'a file the migration changes has uncommitted changes; commit or stash them, or pass --allow-dirty',
  SETUPS_OVERLAP: 'two setups of this repository would change the same file; migrate them one at a time with the single-repository command and --script',
  INTERRUPTED_MIGRATION: 'an earlier migration of this repository was interrupted while writing',
  BACKUP_FOLDER_UNSAFE: 'the backup folder holds what this tool never makes there (a symbolic link), and the tool never follows it',
  REPOSITORY_BUSY: 'another multistage-migrate run is writing this repository',
} as const;

export interface WorkerContext {
  parser: ShellParser;
  templates: Templates;
  settings: BatchSettings;
}

interface SetupWork {
  dir: string;
  outcome: RepoOutcome | null;
  status: BatchStatus;
  /** Findings the run added to the outcome's. */
  added: FindingRecord[];
  error: string | null;
}

/**
 * `--write`: the whole job (finishing an interrupted run, planning, writing) holds the
 * repository's lock. A repository another run is writing is refused with REPOSITORY_BUSY at once:
 * a batch does not wait for a run that may be a wizard waiting for its user.
 */
export async function writeRepository(job: RepoJob, ctx: WorkerContext): Promise<RepoResult> {
  let lock: { release(): void };
  try {
    lock = await lockRepository(job.root, { wait: false });
  } catch (e) {
    const busy = e instanceof RepositoryBusyError;
    const added: FindingRecord[] = busy ? [{ code: 'REPOSITORY_BUSY', severity: 'error', message: `${BATCH_CODES.REPOSITORY_BUSY}: ${e.message}`, file: null, line: null }] : [];
    return format(job, ctx, [{ dir: '', outcome: null, status: busy ? 'refused' : 'failed', added, error: busy ? null : message(e) }]);
  }
  try {
    return runRepository(job, ctx);
  } finally {
    lock.release();
  }
}

export function runRepository(job: RepoJob, ctx: WorkerContext): RepoResult {
  let repo: DiskRepo;
  let view: RepoView;
  let dirs: string[];
  let interrupted: FindingRecord | null;
  try {
    // Before reading anything: a half-renamed repository is planned from once it is whole again.
    interrupted = settleInterrupted(job.root, ctx.settings.mode);
    repo = openRepo(job.root, { git: job.git });
    view = cachedView(repo, repo.git ? undefined : direntsOf(repo.root));
    dirs = discoverSetups(view);
  } catch (e) {
    return format(job, ctx, [{ dir: '', outcome: null, status: 'failed', added: [], error: message(e) }]);
  }
  // Parsing is pure: a script the core asks for twice (to interpret it, then to rewrite it) is parsed once.
  const parsed = new Map<string, ShellScript>();
  const parse = (text: string): ShellScript => {
    let script = parsed.get(text);
    if (!script) parsed.set(text, (script = ctx.parser.parse(text)));
    return script;
  };
  const s = ctx.settings;
  const work: SetupWork[] = dirs.map((dir) => {
    try {
      const outcome = refuseHalfMigrated(view, parse, dir, migrateRepository(view, parse, ctx.templates, { dir, buildkit: s.buildkit, keepLegacy: s.keepLegacy }));
      // As the single-repository command does (planDirectory): files that start with a BOM keep it.
      if (outcome.plan) outcome.plan.files = withByteOrderMarks(outcome.plan.files, (p) => repo.startsWithBom(p));
      return { dir, outcome, status: statusOf(outcome), added: [], error: null };
    } catch (e) {
      return { dir, outcome: null, status: 'failed', added: [], error: message(e) };
    }
  });
  if (interrupted) {
    for (const w of work) {
      w.added.push(interrupted);
      if (interrupted.severity === 'error' && w.status !== 'failed') w.status = 'refused';
    }
  }
  refuseOverlaps(work);
  // The dry run and --check predict --write: a dirty repository is refused in every mode.
  if (!s.allowDirty) refuseDirty(repo, work);
  if (s.mode === 'write') write(repo, work, ctx.settings);
  return format(job, ctx, work);
}

/**
 * A run killed while renaming left a journal. `--write` finishes it first, as `--yes` does (when
 * every file it names is still old or new; otherwise the repository is refused and left alone);
 * the modes that write nothing only say that it is pending. Null when there is none.
 */
function settleInterrupted(root: string, mode: BatchSettings['mode']): FindingRecord | null {
  const unsafe = mode === 'write' ? backupFolderProblems(root) : [];
  if (unsafe.length > 0) return { code: 'BACKUP_FOLDER_UNSAFE', severity: 'error', message: `${BATCH_CODES.BACKUP_FOLDER_UNSAFE}: ${unsafe.join('; ')}; nothing was written`, file: BACKUP_DIR, line: null };
  if (interruptedJournals(root).length === 0) return null;
  const record = (severity: FindingRecord['severity'], detail: string): FindingRecord => ({
    code: 'INTERRUPTED_MIGRATION',
    severity,
    message: `${BATCH_CODES.INTERRUPTED_MIGRATION}; ${detail}`,
    file: null,
    line: null,
  });
  if (mode !== 'write') return record('warning', '`batch --write` (or `--yes`) finishes it first, `multistage-migrate undo` rolls it back');
  const r = finishInterrupted(root);
  if (r.refused.length > 0) return record('error', `${r.refused.join('; ')}; nothing was written`);
  if (r.leftAlone.length > 0) return record('error', `${r.leftAlone.join(', ')} changed since; nothing was written (see ${BACKUP_DIR})`);
  return record('info', `finished it first (${r.finished.join(', ') || 'nothing left to rename'})`);
}

/** The batch status of a planned outcome (before anything is written). */
export function statusOf(outcome: RepoOutcome): BatchStatus {
  switch (outcome.status) {
    case 'migrate':
      return 'would-migrate';
    case 'refused':
      return 'refused';
    case 'already-multi-stage':
      return 'already-multi-stage';
    case 'nothing':
      return 'no-builder-pattern';
  }
}

function migrating(work: SetupWork[]): (SetupWork & { outcome: RepoOutcome })[] {
  return work.filter((w): w is SetupWork & { outcome: RepoOutcome } => w.status === 'would-migrate' && w.outcome?.plan != null);
}

function refuseOverlaps(work: SetupWork[]): void {
  const owner = new Map<string, SetupWork>();
  for (const w of migrating(work)) {
    for (const f of w.outcome.plan?.files ?? []) {
      const other = owner.get(f.path);
      if (other && other !== w) {
        for (const x of [other, w]) {
          if (x.status === 'refused') continue;
          x.status = 'refused';
          x.added.push({ code: 'SETUPS_OVERLAP', severity: 'error', message: `${BATCH_CODES.SETUPS_OVERLAP} (${f.path})`, file: f.path, line: null });
        }
      }
      owner.set(f.path, w);
    }
  }
}

/** Every migrating setup of a repository whose files to change have uncommitted changes is refused (UNCOMMITTED_CHANGES). */
function refuseDirty(repo: DiskRepo, work: SetupWork[]): void {
  const ready = migrating(work);
  const paths = ready.flatMap((w) => (w.outcome.plan?.files ?? []).map((c) => c.path));
  if (!repo.git || paths.length === 0) return;
  const dirty = uncommittedChanges(repo.root, paths);
  if (!dirty || dirty.length === 0) return;
  for (const w of ready) {
    w.status = 'refused';
    w.added.push({ code: 'UNCOMMITTED_CHANGES', severity: 'error', message: `${BATCH_CODES.UNCOMMITTED_CHANGES} (${dirty.join(', ')})`, file: dirty[0], line: null });
  }
}

/** `--write`: every migrating setup of the repository in one all-or-nothing apply. */
function write(repo: DiskRepo, work: SetupWork[], s: BatchSettings): void {
  const ready = migrating(work);
  const changes: FileChange[] = ready.flatMap((w) => w.outcome.plan?.files ?? []);
  if (changes.length === 0) return;
  const paths = changes.map((c) => c.path);
  const restorable = repo.git ? restorableByGit(repo.root, paths) : new Set<string>();
  try {
    applyChanges(repo.root, changes, (p) => restorable.has(p), s.stamp);
    for (const w of ready) w.status = 'migrated';
  } catch (e) {
    // The apply step's errors say what was (not) written (a stale file, a link out, a failed rename put back).
    const why = e instanceof StaleFileError ? e.message : `writing failed: ${message(e)}`;
    for (const w of ready) {
      w.status = 'failed';
      w.error = why;
    }
  }
}

function format(job: RepoJob, ctx: WorkerContext, work: SetupWork[]): RepoResult {
  const want = ctx.settings.want;
  const result: RepoResult = { setups: [], json: [], markdown: [], patch: '' };
  const patches: string[] = [];
  for (const w of work) {
    const findings = [...(w.outcome?.findings ?? []).map(findingRecord), ...w.added];
    const codes = [...new Set(findings.filter((f) => f.severity === 'error').map((f) => f.code))].sort();
    const summary: SetupSummary = { repository: job.display, directory: w.dir, status: w.status, codes: w.status === 'refused' ? codes : [], error: w.error, detail: detail(w, findings) };
    result.setups.push(summary);
    const changes = w.status === 'would-migrate' || w.status === 'migrated' ? (w.outcome?.plan?.files ?? []) : [];
    // A diff is not free: only when a report or the patch file takes it.
    const patch = changes.length > 0 && (want.patch || want.json || want.markdown) ? gitPatch(changes) : '';
    if (want.patch && patch) patches.push(prefixPatch(patch, job.display === '.' ? '' : job.display));
    if (want.json) {
      // outcomeJson without its files, whose patch is already made above (a diff is not free).
      const doc = w.outcome ? outcomeJson({ ...w.outcome, plan: w.outcome.plan && { ...w.outcome.plan, files: [] } }) : { glue: null, setup: null, moves: [] };
      result.json.push(
        JSON.stringify({
          repository: job.display,
          directory: w.dir,
          status: w.status,
          codes: summary.codes,
          error: w.error,
          glue: doc.glue,
          setup: doc.setup,
          moves: doc.moves,
          findings,
          files: changes.map((f) => ({ path: f.path, action: f.before === null ? 'create' : f.after === null ? 'delete' : 'rewrite' })),
          patch: changes.length > 0 ? patch : null,
        }),
      );
    }
    if (want.markdown) {
      result.markdown.push(setupMarkdown({ where: setupPath(summary), status: w.status, outcome: w.outcome, findings, error: w.error, patch, heading: 3, foldDiff: true }));
    }
  }
  result.patch = patches.join('');
  return result;
}

function detail(w: SetupWork, findings: FindingRecord[]): string {
  const plan = w.outcome?.plan;
  // Paths from the setup's directory: the line already names it.
  const rel = (p: string) => (w.dir && p.startsWith(`${w.dir}/`) ? p.slice(w.dir.length + 1) : p);
  switch (w.status) {
    case 'would-migrate':
    case 'migrated':
      return plan ? `${rel(plan.setup.glue)} → one multi-stage ${rel(plan.setup.runtime)}` : '';
    case 'refused': {
      const errors = findings.filter((f) => f.severity === 'error');
      return errors.map((f) => `${f.file ? `${rel(f.file)}${f.line ? `:${f.line}` : ''}: ` : ''}${f.code}`).join(', ');
    }
    case 'failed':
      return w.error ?? '';
    case 'already-multi-stage':
      return rel(findings.find((f) => f.code === 'ALREADY_MULTI_STAGE')?.file ?? '');
    case 'no-builder-pattern':
      return w.outcome?.glue ? `${rel(w.outcome.glue)} builds no builder pattern` : '';
  }
}

/** Lists a directory of a repository read straight from the disk, with entry types; null when unreadable. */
function direntsOf(root: string): (p: string) => Dirent[] | null {
  return (p) => {
    try {
      return readdirSync(join(root, ...p.split('/').filter(Boolean)), { withFileTypes: true });
    } catch {
      return null;
    }
  };
}

/** The error for the report: its message, or its stack with MULTISTAGE_MIGRATE_DEBUG set (as the CLI does). */
function message(e: unknown): string {
  if (!(e instanceof Error)) return String(e);
  return process.env.MULTISTAGE_MIGRATE_DEBUG && e.stack ? e.stack : e.message;
}
