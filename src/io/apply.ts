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
import {
  closeSync, fchmodSync, fsyncSync, mkdirSync, openSync, readFileSync, readdirSync, readlinkSync, realpathSync, renameSync, rmSync, statSync,
  symlinkSync, unlinkSync, writeFileSync, writeSync,
} from 'node:fs';
import { basename, dirname, join, relative } from 'node:path';
import type { FileChange } from '../core/file-change';
import { JOURNAL, finishInterrupted, journalText, removeRunFolder } from './journal';
import { isProcessAlive } from './process-alive';
import { BACKUP_DIR, MANIFEST, TEMP_PATTERN, lstatOrNull, realAncestor, sha256, tempName, unwritablePath, within } from './repo-paths';

export { BACKUP_DIR, MANIFEST, sha256 };

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


/** What `undo` needs: every change of one run, and which previous versions are in the folder. */
export interface BackupManifest {
  tool: 'multistage-migrate';
  stamp: string;
  files: { path: string; action: 'create' | 'rewrite' | 'delete'; backup: boolean; beforeSha256: string | null; afterSha256: string | null }[];
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
  // A pending journal is finished first (the callers say so); one that cannot be stops the write.
  const pending = finishInterrupted(root);
  if (pending.refused.length > 0) throw new UnsafePathError(BACKUP_DIR, pending.refused.join('; '));
  if (pending.leftAlone.length > 0) throw new UnsafePathError(BACKUP_DIR, `an interrupted migration touched ${pending.leftAlone.join(', ')}, which changed since`);
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
      o.tmp = tempName(o.target, process.pid);
      writeTemp(o.tmp, o.next, o.oldMode ?? modeBits(o.change.mode));
      testPause();
    }
  } catch (e) {
    for (const o of ops) if (o.tmp) rmSync(o.tmp, { force: true });
    removeCreatedDirs();
    removeRunFolder(root, folder, backup !== null);
    throw e;
  }
  // From here on only renames and unlinks, each atomic; the journal lets a later run finish them.
  const journalPath = join(folder, JOURNAL);
  writeDurable(journalPath, journalText(root, ops.map((o) => ({ target: o.target, tmp: o.tmp, before: o.old, after: o.next }))));
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
      removeRunFolder(root, folder, backup !== null);
      throw new ApplyFailedError(o.change.path, (e as NodeJS.ErrnoException).code ?? (e as Error).message, restored, backup);
    }
  }
  rmSync(journalPath, { force: true });
  removeRunFolder(root, folder, backup !== null);
  return {
    written: ops.filter((o) => o.next !== null).map((o) => o.change.path),
    deleted: ops.filter((o) => o.next === null).map((o) => o.change.path),
    backup,
  };
}

/** Checks one change (path safety, unchanged content) and reads what a rollback needs. Writes nothing. */
function prepare(root: string, c: FileChange): Op {
  const op: Op = { change: c, ...locateForWrite(root, c.path, c.after === null), next: c.after === null ? null : Buffer.from(c.after, 'utf8'), tmp: null };
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

/**
 * Where a write of `path` (repository-relative) lands and what it holds now, checked as every
 * write is: inside the repository as written, through no link that leaves it or loops, a regular
 * file (or absent). A link inside the repository is followed to its file, or, when `deleting`,
 * is what is deleted. Throws UnsafePathError; reads nothing outside the repository.
 */
export function locateForWrite(root: string, path: string, deleting: boolean): Pick<Op, 'target' | 'old' | 'oldMode' | 'oldLink'> {
  const unwritable = unwritablePath(path);
  if (unwritable) throw new UnsafePathError(path, unwritable);
  const abs = join(root, ...path.split('/'));
  const parent = realAncestor(root, dirname(abs));
  if (parent === null) throw new UnsafePathError(path, 'a directory on the way is a symbolic link that leads outside the repository (or loops)');
  const missing = relative(parent.existing, dirname(abs));
  const out: Pick<Op, 'target' | 'old' | 'oldMode' | 'oldLink'> = { target: join(parent.real, missing, basename(abs)), old: null, oldMode: null, oldLink: null };
  const st = lstatOrNull(abs);
  if (st?.isSymbolicLink()) {
    let real: string;
    try {
      real = realpathSync(abs);
    } catch {
      throw new UnsafePathError(path, 'is a symbolic link that loops or points nowhere');
    }
    if (!within(root, real)) throw new UnsafePathError(path, 'is a symbolic link that leads outside the repository');
    if (deleting) out.oldLink = readlinkSync(abs);
    else out.target = real; // rewrite the file the link points to; the link stays
  } else if (st && !st.isFile()) {
    throw new UnsafePathError(path, 'is not a regular file');
  }
  if (st) {
    const file = realpathSync(abs);
    const fileStat = statSync(file);
    if (!fileStat.isFile()) throw new UnsafePathError(path, 'is not a regular file');
    out.old = readFileSync(file);
    out.oldMode = fileStat.mode & 0o7777;
  }
  return out;
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
        const tmp = tempName(o.target, process.pid);
        writeTemp(tmp, o.old, o.oldMode ?? 0o644);
        renameSync(tmp, o.target);
      }
    } catch {
      ok = false;
    }
  }
  return ok;
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

function modeBits(gitMode: number): number {
  return gitMode === 0o100755 ? 0o755 : 0o644;
}

/** Test hook: MULTISTAGE_MIGRATE_TEST_PAUSE_MS sleeps between writes, so a test can kill the process mid-way. */
function testPause(): void {
  const ms = Number(process.env.MULTISTAGE_MIGRATE_TEST_PAUSE_MS ?? 0);
  if (ms > 0) Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}
