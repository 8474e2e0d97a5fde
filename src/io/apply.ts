/**
 * Writes a repository's planned changes all-or-nothing:
 *
 * 1. every path is checked to stay inside the repository (no link on the way may leave it or
 *    loop) and to still hold exactly what the plan was made from;
 * 2. files git cannot give back are copied to `.multistage-migrate-backup/<stamp>/`, with a
 *    `manifest.json` that `undo` reads;
 * 3. every new content is written beside its file (`<file>.multistage-migrate-<pid>.tmp`) and
 *    flushed to disk;
 * 4. a journal (`.multistage-migrate-backup/<stamp>/journal.json`) lists the renames and deletions
 *    to come, then they are done (each atomic). A rename that fails puts back every file already
 *    changed; a process killed in this phase leaves the journal, and the next write to the
 *    repository finishes the job (`finishInterrupted`) when every file is still old or new.
 *
 * A file is therefore always either entirely old or entirely new. Temporary files left by a
 * process killed before step 4 never replaced anything: they are safe to delete, and the next
 * run removes them.
 */
import { createHash } from 'node:crypto';
import {
  closeSync, existsSync, fchmodSync, fsyncSync, lstatSync, mkdirSync, openSync, readFileSync, readdirSync, readlinkSync, realpathSync, renameSync, rmSync, rmdirSync, statSync,
  symlinkSync, unlinkSync, writeFileSync, writeSync,
} from 'node:fs';
import { basename, dirname, isAbsolute, join, relative, sep } from 'node:path';
import type { FileChange } from '../plan/types';
import { isProcessAlive } from './process-alive';

export class StaleFileError extends Error {
  constructor(readonly path: string) {
    super(`${path} changed since the migration was planned; nothing was written (run again)`);
  }
}

/** A path the migration would write through a link that leaves the repository (or loops, or is not a file): nothing was written. */
export class UnsafePathError extends Error {
  constructor(readonly path: string, reason: string) {
    super(`${path}: ${reason}; nothing was written`);
  }
}

/** Writing failed half-way: `restored` tells whether every file was put back as it was. */
export class ApplyFailedError extends Error {
  constructor(readonly path: string, cause: string, readonly restored: boolean, readonly backup: string | null) {
    super(
      restored
        ? `writing ${path} failed (${cause}); every file was put back as it was`
        : `writing ${path} failed (${cause}) and not every file could be put back${backup ? `; previous versions are in ${backup}` : ''}`,
    );
  }
}

export interface ApplyResult {
  written: string[];
  deleted: string[];
  /** Folder holding the previous versions, or null when git tracks them all. */
  backup: string | null;
}

export const BACKUP_DIR = '.multistage-migrate-backup';
/** Temporary files are `<file>.multistage-migrate-<pid>.tmp`, beside the file they replace. */
const TEMP_PATTERN = /\.multistage-migrate-(\d+)\.tmp$/;
export const MANIFEST = 'manifest.json';
const JOURNAL = 'journal.json';

/** What `undo` needs: every change of one run, and which previous versions are in the folder. */
export interface BackupManifest {
  tool: 'multistage-migrate';
  stamp: string;
  files: { path: string; action: 'create' | 'rewrite' | 'delete'; backup: boolean; beforeSha256: string | null; afterSha256: string | null }[];
}

interface Journal {
  tool: 'multistage-migrate';
  ops: { target: string; tmp: string | null; beforeSha256: string | null; afterSha256: string | null }[];
}

/** Seams for tests: a rename that fails, a pause between steps. */
export interface ApplyHooks {
  rename?: (from: string, to: string) => void;
}

interface Op {
  change: FileChange;
  /** Absolute path that is renamed over or deleted (through links that stay inside, resolved). */
  target: string;
  /** Current bytes, or null for a new file. */
  old: Buffer | null;
  oldMode: number | null;
  /** The target is a link (inside the repository) that is deleted, not the file it points to. */
  oldLink: string | null;
  next: Buffer | null;
  tmp: string | null;
}

/**
 * `tracked(path)` says whether git can restore a file; untracked and non-git files are copied
 * to `<root>/.multistage-migrate-backup/<stamp>/` first.
 */
export function applyChanges(rootDir: string, changes: readonly FileChange[], tracked: (path: string) => boolean, stamp: string, hooks: ApplyHooks = {}): ApplyResult {
  const root = realpathSync(rootDir);
  finishInterrupted(root);
  const ops = changes.map((c) => prepare(root, c));
  if (ops.length === 0) return { written: [], deleted: [], backup: null };
  removeStaleTemps(ops.map((o) => dirname(o.target)));
  const needBackup = ops.filter((o) => o.change.before !== null && !tracked(o.change.path));
  const folder = stampFolder(root, stamp);
  let backup: string | null = null;
  if (needBackup.length > 0) {
    backup = folder;
    for (const o of needBackup) {
      const dest = join(folder, ...o.change.path.split('/'));
      mkdirSync(dirname(dest), { recursive: true });
      if (o.oldLink !== null) symlinkSync(o.oldLink, dest);
      else writeFileSync(dest, o.old as Buffer, { mode: o.oldMode ?? 0o644 });
    }
    const manifest: BackupManifest = {
      tool: 'multistage-migrate',
      stamp,
      files: ops.map((o) => ({
        path: o.change.path,
        action: o.change.before === null ? 'create' : o.change.after === null ? 'delete' : 'rewrite',
        backup: needBackup.includes(o),
        beforeSha256: o.old && o.oldLink === null ? sha256(o.old) : null,
        afterSha256: o.next ? sha256(o.next) : null,
      })),
    };
    writeDurable(join(folder, MANIFEST), JSON.stringify(manifest, null, 2) + '\n');
  }
  const createdDirs: string[] = [];
  const removeCreatedDirs = () => {
    for (const d of createdDirs.reverse()) rmSync(d, { recursive: true, force: true });
  };
  try {
    for (const o of ops) {
      if (o.next === null) continue;
      const made = mkdirSync(dirname(o.target), { recursive: true });
      if (made) createdDirs.push(made);
      o.tmp = `${o.target}.multistage-migrate-${process.pid}.tmp`;
      writeTemp(o.tmp, o.next, o.oldMode ?? modeBits(o.change.mode));
      testPause();
    }
  } catch (e) {
    for (const o of ops) if (o.tmp) rmSync(o.tmp, { force: true });
    removeCreatedDirs();
    cleanFolder(root, folder, backup !== null);
    throw e;
  }
  // From here on only renames and unlinks, each atomic; the journal lets a later run finish them.
  const journalPath = join(folder, JOURNAL);
  const journal: Journal = {
    tool: 'multistage-migrate',
    ops: ops.map((o) => ({ target: relative(root, o.target), tmp: o.tmp ? relative(root, o.tmp) : null, beforeSha256: o.old ? sha256(o.old) : null, afterSha256: o.next ? sha256(o.next) : null })),
  };
  writeDurable(journalPath, JSON.stringify(journal, null, 2) + '\n');
  const rename = hooks.rename ?? renameSync;
  const done: Op[] = [];
  for (const o of [...ops.filter((x) => x.next !== null), ...ops.filter((x) => x.next === null)]) {
    try {
      testPause();
      if (o.tmp) rename(o.tmp, o.target);
      else rmSync(o.target, { force: true });
      done.push(o);
    } catch (e) {
      const restored = rollBack(done);
      for (const x of ops) if (x.tmp && !done.includes(x)) rmSync(x.tmp, { force: true });
      if (restored) removeCreatedDirs();
      rmSync(journalPath, { force: true });
      cleanFolder(root, folder, backup !== null);
      throw new ApplyFailedError(o.change.path, (e as NodeJS.ErrnoException).code ?? (e as Error).message, restored, backup);
    }
  }
  rmSync(journalPath, { force: true });
  cleanFolder(root, folder, backup !== null);
  return {
    written: ops.filter((o) => o.next !== null).map((o) => o.change.path),
    deleted: ops.filter((o) => o.next === null).map((o) => o.change.path),
    backup,
  };
}

/** Checks one change (path safety, unchanged content) and reads what a rollback needs. Writes nothing. */
function prepare(root: string, c: FileChange): Op {
  const segs = c.path.split('/');
  if (c.path === '' || isAbsolute(c.path) || segs.some((s) => s === '' || s === '.' || s === '..')) throw new UnsafePathError(c.path, 'not a path inside the repository');
  if (c.path.split('/')[0] === BACKUP_DIR) throw new UnsafePathError(c.path, `${BACKUP_DIR} belongs to this tool`);
  const abs = join(root, ...segs);
  const parent = realAncestor(root, dirname(abs));
  if (parent === null) throw new UnsafePathError(c.path, 'a directory on the way is a symbolic link that leads outside the repository (or loops)');
  const missing = relative(parent.existing, dirname(abs));
  const plain = join(parent.real, missing, basename(abs));
  const st = lstatOrNull(abs);
  const op: Op = { change: c, target: plain, old: null, oldMode: null, oldLink: null, next: c.after === null ? null : Buffer.from(c.after, 'utf8'), tmp: null };
  if (st?.isSymbolicLink()) {
    let real: string;
    try {
      real = realpathSync(abs);
    } catch {
      throw new UnsafePathError(c.path, 'is a symbolic link that loops or points nowhere');
    }
    if (!within(root, real)) throw new UnsafePathError(c.path, 'is a symbolic link that leads outside the repository');
    if (c.after === null) op.oldLink = readlinkSync(abs);
    else op.target = real; // rewrite the file the link points to; the link stays
  } else if (st && !st.isFile()) {
    throw new UnsafePathError(c.path, 'is not a regular file');
  }
  if (st) {
    const file = realpathSync(abs);
    const fileStat = statSync(file);
    if (!fileStat.isFile()) throw new UnsafePathError(c.path, 'is not a regular file');
    op.old = readFileSync(file);
    op.oldMode = fileStat.mode & 0o7777;
  }
  if (c.before === null) {
    if (op.old !== null) throw new StaleFileError(c.path);
  } else if (op.old === null) {
    throw new StaleFileError(c.path);
  } else if (!op.old.equals(Buffer.from(c.before, 'utf8'))) {
    // Byte order marks are the planner's business (withByteOrderMarks): here only exact bytes count.
    throw new StaleFileError(c.path);
  }
  return op;
}

/** Puts back every change in `done` (newest first). True when all of them were restored. */
function rollBack(done: Op[]): boolean {
  let ok = true;
  for (const o of [...done].reverse()) {
    try {
      if (o.old === null) {
        rmSync(o.target, { force: true });
      } else if (o.oldLink !== null) {
        symlinkSync(o.oldLink, o.target);
      } else {
        const tmp = `${o.target}.multistage-migrate-${process.pid}.tmp`;
        writeTemp(tmp, o.old, o.oldMode ?? 0o644);
        renameSync(tmp, o.target);
      }
    } catch {
      ok = false;
    }
  }
  return ok;
}

/**
 * Finishes what a killed run left in its journal, when every file it names still holds its old
 * or its new content (otherwise it is left alone, and said so). Returns the repository paths it
 * finished. Temporary files of a run that died before its journal are removed.
 */
export function finishInterrupted(rootDir: string): { finished: string[]; leftAlone: string[] } {
  const root = realpathSync(rootDir);
  const out = { finished: [] as string[], leftAlone: [] as string[] };
  for (const journalPath of interruptedJournals(root)) {
    let journal: Journal;
    try {
      journal = JSON.parse(readFileSync(journalPath, 'utf8')) as Journal;
    } catch {
      continue;
    }
    const ops = (journal.ops ?? []).map((o) => ({ ...o, abs: safeJoin(root, o.target), tmpAbs: o.tmp ? safeJoin(root, o.tmp) : null }));
    const state = ops.map((o) => {
      if (o.abs === null || (o.tmp !== null && (o.tmpAbs === null || !TEMP_PATTERN.test(o.tmp)))) return 'unknown';
      const hash = existsSync(o.abs) && lstatSync(o.abs).isFile() ? sha256(readFileSync(o.abs)) : null;
      if (hash === o.afterSha256) return 'new';
      if (hash === o.beforeSha256) return o.tmpAbs === null || existsSync(o.tmpAbs) ? 'old' : 'unknown';
      return 'unknown';
    });
    if (state.includes('unknown')) {
      out.leftAlone.push(...ops.map((o) => o.target));
      continue;
    }
    ops.forEach((o, i) => {
      if (state[i] === 'new') return;
      if (o.tmpAbs) renameSync(o.tmpAbs, o.abs as string);
      else rmSync(o.abs as string, { force: true });
      out.finished.push(o.target);
    });
    rmSync(journalPath, { force: true });
    cleanFolder(root, dirname(journalPath), existsSync(join(dirname(journalPath), MANIFEST)));
  }
  return out;
}

/** Journals of runs that were killed while renaming, oldest first. */
export function interruptedJournals(rootDir: string): string[] {
  const dir = join(rootDir, BACKUP_DIR);
  const st = lstatOrNull(dir);
  if (!st || !st.isDirectory()) return [];
  return readdirSync(dir)
    .sort()
    .map((name) => join(dir, name, JOURNAL))
    .filter((p) => lstatOrNull(p)?.isFile() === true);
}

/** Removes `<file>.multistage-migrate-<pid>.tmp` in `dirs` (checked to be inside) when no live process owns it. */
function removeStaleTemps(dirs: readonly string[]): void {
  for (const dir of new Set(dirs)) {
    const st = lstatOrNull(dir);
    if (!st || !st.isDirectory()) continue;
    for (const name of readdirSync(dir)) {
      const owner = Number(TEMP_PATTERN.exec(name)?.[1] ?? 0);
      // Temporary files of this very process are left over from an earlier write that failed.
      const stale = owner > 0 && (owner === process.pid || !isProcessAlive(owner));
      if (stale && lstatOrNull(join(dir, name))?.isFile()) rmSync(join(dir, name), { force: true });
    }
  }
}

/** `<root>/.multistage-migrate-backup/<stamp>[-n]`, created fresh; refuses a backup folder that is a link. */
function stampFolder(root: string, stamp: string): string {
  const base = join(root, BACKUP_DIR);
  const st = lstatOrNull(base);
  if (st && !st.isDirectory()) throw new UnsafePathError(BACKUP_DIR, 'exists and is not a directory (a link?)');
  if (!st) mkdirSync(base);
  for (let n = 0; ; n++) {
    const dir = join(base, n === 0 ? stamp : `${stamp}-${n}`);
    try {
      mkdirSync(dir);
      return dir;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    }
  }
}

/** Removes the run's folder when it holds no backup, and the backup folder when it is empty. */
function cleanFolder(root: string, folder: string | null, keep: boolean): void {
  if (!folder) return;
  if (!keep) rmSync(folder, { recursive: true, force: true });
  try {
    rmdirSync(join(root, BACKUP_DIR));
  } catch {
    // not empty: other backups stay
  }
}

function writeTemp(path: string, bytes: Buffer, mode: number): void {
  let fd: number;
  try {
    fd = openSync(path, 'wx', mode);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    unlinkSync(path);
    fd = openSync(path, 'wx', mode);
  }
  try {
    writeSync(fd, bytes);
    fchmodSync(fd, mode);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

function writeDurable(path: string, text: string): void {
  writeTemp(`${path}.tmp`, Buffer.from(text, 'utf8'), 0o644);
  renameSync(`${path}.tmp`, path);
}

/** The nearest existing ancestor of `dir` and its real path, when that stays inside `root`. */
function realAncestor(root: string, dir: string): { existing: string; real: string } | null {
  let existing = dir;
  while (!lstatOrNull(existing)) {
    if (existing === root || dirname(existing) === existing) return null;
    existing = dirname(existing);
  }
  try {
    const real = realpathSync(existing);
    return within(root, real) && statSync(real).isDirectory() ? { existing, real } : null;
  } catch {
    return null;
  }
}

function within(root: string, real: string): boolean {
  const rel = relative(root, real);
  return rel === '' || (rel !== '..' && !rel.startsWith(`..${sep}`) && !isAbsolute(rel));
}

function safeJoin(root: string, rel: string): string | null {
  if (typeof rel !== 'string' || rel === '' || isAbsolute(rel) || rel.split(/[\\/]/).includes('..')) return null;
  return join(root, rel);
}

function lstatOrNull(p: string) {
  try {
    return lstatSync(p);
  } catch {
    return null;
  }
}

export function sha256(bytes: Buffer | string): string {
  return createHash('sha256').update(bytes).digest('hex');
}

function modeBits(gitMode: number): number {
  return gitMode === 0o100755 ? 0o755 : 0o644;
}

/** Test hook: MULTISTAGE_MIGRATE_TEST_PAUSE_MS sleeps between writes, so a test can kill the process mid-way. */
function testPause(): void {
  const ms = Number(process.env.MULTISTAGE_MIGRATE_TEST_PAUSE_MS ?? 0);
  if (ms > 0) Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}
