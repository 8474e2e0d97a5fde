/**
 * The journal of a write (`.multistage-migrate-backup/<stamp>/journal.json`): the renames and
 * deletions a run is about to do, written once every new content is flushed beside its file. A
 * run killed among its renames leaves it, and the next write to the repository finishes the job
 * when every file it names still holds its old or its new content.
 *
 * A repository is untrusted input, and so is a journal found in it. One is finished only when it
 * is exactly what this tool writes: its process is gone; every target passes the rules of a fresh
 * write (inside the repository as written, no link or file on the way, never `.git` or the backup
 * folder) and is a real path, as the tool records them; every temporary file is named
 * `<target>.multistage-migrate-<its pid>.tmp` and holds the new content the journal names. Any
 * other journal, and any link in the backup folder, stops the write with the reason: nothing is
 * renamed, deleted or read through a link.
 */
import { readFileSync, readdirSync, realpathSync, renameSync, rmSync, rmdirSync, unlinkSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { isProcessAlive } from './process-alive';
import { BACKUP_DIR, MANIFEST, linkOnTheWay, lstatOrNull, repoRelative, sha256, tempName, unwritablePath } from './repo-paths';

export const JOURNAL = 'journal.json';
/** No journal of this tool comes near this size: a larger file is not read. */
const MAX_JOURNAL_BYTES = 4 * 1024 * 1024;
const SHA256 = /^[0-9a-f]{64}$/;

export interface JournalOp {
  /** Repository path (`/`-separated, real: no link on the way) that is renamed over or deleted. */
  target: string;
  /** Repository path of the new content, or null for a deletion. */
  tmp: string | null;
  beforeSha256: string | null;
  afterSha256: string | null;
}

export interface Journal {
  tool: 'multistage-migrate';
  /** The process that wrote it: its temporary files carry this pid. */
  pid: number;
  ops: JournalOp[];
}

export interface Recovery {
  /** Repository paths renamed or deleted to finish an interrupted run. */
  finished: string[];
  /** Paths of a journal that changed since (neither old nor new): that journal is left alone. */
  leftAlone: string[];
  /** Why a journal or the backup folder was not acted on at all (not written by this tool, a link…). */
  refused: string[];
}

/** The journal text for `ops` (absolute paths inside `root`), written by this process. */
export function journalText(root: string, ops: { target: string; tmp: string | null; before: Buffer | null; after: Buffer | null }[]): string {
  const journal: Journal = {
    tool: 'multistage-migrate',
    pid: process.pid,
    ops: ops.map((o) => ({ target: repoRelative(root, o.target), tmp: o.tmp ? repoRelative(root, o.tmp) : null, beforeSha256: o.before ? sha256(o.before) : null, afterSha256: o.after ? sha256(o.after) : null })),
  };
  return JSON.stringify(journal, null, 2) + '\n';
}

/**
 * What in the backup folder the tool did not make and will not touch: the folder itself, or an
 * entry of it, that is a symbolic link (or another non-directory where run folders are kept).
 */
export function backupFolderProblems(root: string): string[] {
  const base = join(root, BACKUP_DIR);
  const st = lstatOrNull(base);
  if (!st) return [];
  if (!st.isDirectory()) return [`${BACKUP_DIR}: exists and is not a directory (a link?); the tool never follows it`];
  return readdirSync(base)
    .sort()
    .filter((name) => lstatOrNull(join(base, name))?.isSymbolicLink())
    .map((name) => `${BACKUP_DIR}/${name} is a symbolic link: the tool never makes one there and never follows it; remove it`);
}

/** Journals of runs that were killed while renaming, oldest first (only in plain folders, never through a link). */
export function interruptedJournals(root: string): string[] {
  const base = join(root, BACKUP_DIR);
  if (!lstatOrNull(base)?.isDirectory()) return [];
  return readdirSync(base)
    .sort()
    .filter((name) => lstatOrNull(join(base, name))?.isDirectory())
    .map((name) => join(base, name, JOURNAL))
    .filter((p) => lstatOrNull(p)?.isFile() === true);
}

type State = 'old' | 'new' | 'changed';

interface Checked {
  op: JournalOp;
  abs: string;
  tmpAbs: string | null;
  state: State;
}

/**
 * Finishes what killed runs left in their journals (see the top of this file). Nothing is done
 * while the backup folder holds a link; a journal that is not this tool's is left as it is and
 * named in `refused`, one whose files changed since in `leftAlone`.
 */
export function finishInterrupted(rootDir: string): Recovery {
  const root = realpathSync(rootDir);
  const out: Recovery = { finished: [], leftAlone: [], refused: backupFolderProblems(root) };
  if (out.refused.length > 0) return out;
  for (const journalPath of interruptedJournals(root)) {
    const where = repoRelative(root, journalPath);
    const checked = checkJournal(root, journalPath);
    if (typeof checked === 'string') {
      out.refused.push(`${where} ${checked}; nothing it names was touched`);
      continue;
    }
    if (checked.some((c) => c.state === 'changed')) {
      out.leftAlone.push(...checked.map((c) => c.op.target));
      continue;
    }
    for (const c of checked) {
      if (c.state === 'new') continue;
      if (c.tmpAbs) renameSync(c.tmpAbs, c.abs);
      else unlinkSync(c.abs);
      out.finished.push(c.op.target);
    }
    rmSync(journalPath, { force: true });
    removeRunFolder(root, dirname(journalPath), lstatOrNull(join(dirname(journalPath), MANIFEST)) !== null);
  }
  return out;
}

/** Removes a run's folder unless `keep` (it holds a backup), and the backup folder when it is empty. */
export function removeRunFolder(root: string, folder: string, keep: boolean): void {
  if (!keep) rmSync(folder, { recursive: true, force: true });
  try {
    rmdirSync(join(root, BACKUP_DIR));
  } catch {
    // not empty: other backups stay
  }
}

/** Every op of the journal with its state, or why it is not finished (a phrase after the journal's path). */
function checkJournal(root: string, journalPath: string): Checked[] | string {
  const foreign = (why: string) => `was not written by this tool (${why}): remove it`;
  const st = lstatOrNull(journalPath);
  if (!st || !st.isFile() || st.size > MAX_JOURNAL_BYTES) return foreign('not a journal file');
  let journal: Journal;
  try {
    journal = JSON.parse(readFileSync(journalPath, 'utf8')) as Journal;
  } catch {
    return foreign('not JSON');
  }
  const shape = journalShape(journal);
  if (shape) return foreign(shape);
  const targets = new Set<string>();
  const out: Checked[] = [];
  for (const op of journal.ops) {
    if (targets.has(op.target)) return foreign(`it names ${op.target} twice`);
    targets.add(op.target);
    const checked = checkOp(root, op, journal.pid);
    if (typeof checked === 'string') return foreign(`${op.target}: ${checked}`);
    out.push(checked);
  }
  // A journal whose process still runs is being carried out (or the pid was reused): never touched.
  if (journal.pid === process.pid || isProcessAlive(journal.pid)) return `belongs to process ${journal.pid}, which is still running: run again once it has ended`;
  return out;
}

function journalShape(j: Journal): string | null {
  if (typeof j !== 'object' || j === null || Array.isArray(j)) return 'not a journal';
  if (!sameKeys(j, ['tool', 'pid', 'ops']) || j.tool !== 'multistage-migrate') return 'not the fields this tool writes';
  if (!Number.isSafeInteger(j.pid) || j.pid <= 0) return 'no process id';
  if (!Array.isArray(j.ops) || j.ops.length === 0) return 'no operations';
  for (const op of j.ops) {
    if (typeof op !== 'object' || op === null || !sameKeys(op, ['target', 'tmp', 'beforeSha256', 'afterSha256'])) return 'an operation with other fields';
    const hash = (h: unknown) => h === null || (typeof h === 'string' && SHA256.test(h));
    if (typeof op.target !== 'string' || (op.tmp !== null && typeof op.tmp !== 'string') || !hash(op.beforeSha256) || !hash(op.afterSha256)) return 'an operation with values of another kind';
    // A rename brings new content, a deletion none; a deletion of nothing is no operation.
    if ((op.tmp === null) !== (op.afterSha256 === null) || (op.tmp === null && op.beforeSha256 === null)) return 'an operation this tool never writes';
  }
  return null;
}

function sameKeys(o: object, keys: string[]): boolean {
  const own = Object.keys(o).sort();
  return own.length === keys.length && [...keys].sort().every((k, i) => own[i] === k);
}

/** One op checked as a fresh write checks its path, with its state; or why it is not this tool's. */
function checkOp(root: string, op: JournalOp, pid: number): Checked | string {
  const bad = unwritablePath(op.target);
  if (bad) return bad;
  const via = linkOnTheWay(root, op.target);
  if (via) return `${via} on the way is not a plain directory (the tool records real paths)`;
  const abs = join(root, ...op.target.split('/'));
  let tmpAbs: string | null = null;
  if (op.tmp !== null) {
    if (op.tmp !== tempName(op.target, pid)) return `its temporary file ${op.tmp} is not named as this tool names them`;
    tmpAbs = join(root, ...op.tmp.split('/'));
  }
  const target = lstatOrNull(abs);
  let current: string | null = null;
  if (target?.isSymbolicLink()) {
    // Only a deletion names a link (the link itself is removed, never what it points to).
    if (op.tmp !== null) return 'a rename onto a symbolic link';
    current = 'link';
  } else if (target && !target.isFile()) {
    return 'not a regular file';
  } else if (target) {
    current = sha256(readFileSync(abs));
  }
  const tmp = tmpAbs ? lstatOrNull(tmpAbs) : null;
  if (tmp && !tmp.isFile()) return 'its temporary file is not a regular file';
  if (tmp && tmpAbs && sha256(readFileSync(tmpAbs)) !== op.afterSha256) return 'its temporary file does not hold the content the journal names';
  return { op, abs, tmpAbs, state: stateOf(op, current, tmp !== null) };
}

/** `current`: the target's hash, 'link' for a link (deleted as such), null when absent. */
function stateOf(op: JournalOp, current: string | null, tmpThere: boolean): State {
  if (op.tmp === null) {
    if (current === null) return 'new';
    return current === 'link' || current === op.beforeSha256 ? 'old' : 'changed';
  }
  if (current === op.afterSha256 && !tmpThere) return 'new';
  if (current === op.beforeSha256 && tmpThere) return 'old';
  return 'changed';
}
