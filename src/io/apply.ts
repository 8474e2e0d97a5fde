/**
 * Writes a repository's planned changes all-or-nothing: every new content is written beside
 * its file first, each file is checked to still hold what the plan was made from, then the
 * temporary files are renamed into place (atomic per file). Replaced and deleted files are
 * kept in a backup folder when git cannot give them back.
 */
import { closeSync, existsSync, fsyncSync, mkdirSync, openSync, readFileSync, renameSync, rmSync, statSync, writeSync, chmodSync, copyFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { FileChange } from '../plan/types';

export class StaleFileError extends Error {
  constructor(readonly path: string) {
    super(`${path} changed since the migration was planned; nothing was written (run again)`);
  }
}

export interface ApplyResult {
  written: string[];
  deleted: string[];
  /** Folder holding the previous versions, or null when git tracks them all. */
  backup: string | null;
}

export const BACKUP_DIR = '.multistage-migrate-backup';

/**
 * `tracked(path)` says whether git can restore a file; untracked and non-git files are
 * copied to `<root>/.multistage-migrate-backup/<stamp>/` first.
 */
export function applyChanges(root: string, changes: readonly FileChange[], tracked: (path: string) => boolean, stamp: string): ApplyResult {
  const abs = (p: string) => join(root, ...p.split('/'));
  for (const c of changes) {
    const current = existsSync(abs(c.path)) ? readFileSync(abs(c.path), 'utf8') : null;
    if (current !== c.before) throw new StaleFileError(c.path);
  }
  const needBackup = changes.filter((c) => c.before !== null && !tracked(c.path));
  let backup: string | null = null;
  if (needBackup.length > 0) {
    backup = join(root, BACKUP_DIR, stamp);
    for (const c of needBackup) {
      const dest = join(backup, ...c.path.split('/'));
      mkdirSync(dirname(dest), { recursive: true });
      copyFileSync(abs(c.path), dest);
    }
  }
  const temps: { tmp: string; target: string; change: FileChange }[] = [];
  try {
    for (const c of changes) {
      if (c.after === null) continue;
      const target = abs(c.path);
      mkdirSync(dirname(target), { recursive: true });
      const tmp = `${target}.multistage-migrate-${process.pid}.tmp`;
      const fd = openSync(tmp, 'w', c.before === null ? modeBits(c.mode) : statSync(target).mode & 0o7777);
      try {
        writeSync(fd, c.after);
        fsyncSync(fd);
      } finally {
        closeSync(fd);
      }
      if (c.before !== null) chmodSync(tmp, statSync(target).mode & 0o7777);
      temps.push({ tmp, target, change: c });
    }
  } catch (e) {
    for (const t of temps) rmSync(t.tmp, { force: true });
    throw e;
  }
  // Past this point only renames and unlinks: each is atomic, and they cannot fail for want of space.
  const written: string[] = [];
  const deleted: string[] = [];
  for (const t of temps) {
    renameSync(t.tmp, t.target);
    written.push(t.change.path);
  }
  for (const c of changes) {
    if (c.after !== null) continue;
    rmSync(abs(c.path), { force: true });
    deleted.push(c.path);
  }
  return { written, deleted, backup };
}

function modeBits(gitMode: number): number {
  return gitMode === 0o100755 ? 0o755 : 0o644;
}
