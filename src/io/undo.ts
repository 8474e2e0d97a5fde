/**
 * `undo`: puts back the files of the latest migration that kept a backup
 * (`.multistage-migrate-backup/<stamp>/manifest.json`), all-or-nothing through applyChanges,
 * after checking that every file still holds what the migration wrote. The folder is then
 * renamed `<stamp>.undone`, so a second undo goes one migration further back.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, lstatSync, readFileSync, readdirSync, realpathSync, renameSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { FileChange } from '../plan/types';
import { BACKUP_DIR, BackupManifest, MANIFEST, applyChanges, finishInterrupted, sha256 } from './apply';

export class UndoError extends Error {}

export interface UndoResult {
  /** The backup folder that was put back (now renamed `<stamp>.undone`). */
  backup: string;
  restored: string[];
  removed: string[];
}

/** The newest backup folder with a manifest that was not undone yet, or null. */
function latestBackup(root: string): string | null {
  const base = join(root, BACKUP_DIR);
  if (!existsSync(base) || !lstatSync(base).isDirectory()) return null;
  const folders = readdirSync(base)
    .filter((n) => !n.endsWith('.undone') && existsSync(join(base, n, MANIFEST)))
    .sort();
  return folders.length > 0 ? join(base, folders[folders.length - 1]) : null;
}

export function undoLatest(dir: string): UndoResult {
  const root = realpathSync(dir);
  finishInterrupted(root);
  const folder = latestBackup(root);
  const base = join(root, BACKUP_DIR);
  if (!folder && existsSync(base) && readdirSync(base).some((n) => n.endsWith('.undone'))) {
    throw new UndoError(`every migration of ${dir} that kept a backup was undone already (${join(dir, BACKUP_DIR)})`);
  }
  if (!folder && !insideGitWorkTree(root)) {
    throw new UndoError(`nothing to undo: no migration of ${dir} kept a backup (${join(dir, BACKUP_DIR)} holds none)`);
  }
  if (!folder) {
    // A migration keeps no backup where git can give every file back.
    throw new UndoError(`no backup in ${join(dir, BACKUP_DIR)}: git tracks ${dir}, so a migration there kept none; \`git checkout -- .\` (or \`git restore .\`) undoes it`);
  }
  const manifest = JSON.parse(readFileSync(join(folder, MANIFEST), 'utf8')) as BackupManifest;
  const changes: FileChange[] = [];
  for (const f of manifest.files) {
    if (typeof f.path !== 'string' || f.path.split('/').includes('..') || f.path.startsWith('/')) throw new UndoError(`${folder}/${MANIFEST} names ${f.path}, outside the repository`);
    const abs = join(root, ...f.path.split('/'));
    const current = existsSync(abs) ? readFileSync(abs) : null;
    const expected = f.afterSha256;
    if ((current === null ? null : sha256(current)) !== expected) {
      throw new UndoError(`${f.path} changed since the migration (${current === null ? 'it is gone' : 'its content differs'}); nothing was put back`);
    }
    const before = current === null ? null : current.toString('utf8');
    if (f.action === 'create') {
      changes.push({ path: f.path, before, after: null, mode: 0o100644 });
      continue;
    }
    const previous = f.backup ? backupCopy(folder, f.path) : fromGit(root, f.path);
    changes.push({ path: f.path, before, after: previous.text, mode: previous.mode });
  }
  applyChanges(root, changes, () => true, 'undo');
  renameSync(folder, `${folder}.undone`);
  return {
    backup: folder,
    restored: changes.filter((c) => c.after !== null).map((c) => c.path),
    removed: changes.filter((c) => c.after === null).map((c) => c.path),
  };
}

function backupCopy(folder: string, path: string): { text: string; mode: number } {
  const p = join(folder, ...path.split('/'));
  const st = lstatSync(p);
  if (st.isSymbolicLink()) throw new UndoError(`${path} was a symbolic link; restore it by hand from ${p}`);
  return { text: readFileSync(p, 'utf8'), mode: statSync(p).mode & 0o111 ? 0o100755 : 0o100644 };
}

function fromGit(root: string, path: string): { text: string; mode: number } {
  try {
    const text = execFileSync('git', ['-C', root, 'show', `HEAD:./${path}`], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], maxBuffer: 64 * 1024 * 1024 });
    const entry = execFileSync('git', ['-C', root, 'ls-tree', 'HEAD', '--', path], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
    return { text, mode: entry.startsWith('100755') ? 0o100755 : 0o100644 };
  } catch {
    throw new UndoError(`${path} is not in the backup and git cannot give it back; nothing was put back`);
  }
}

function insideGitWorkTree(root: string): boolean {
  try {
    return execFileSync('git', ['-C', root, 'rev-parse', '--is-inside-work-tree'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim() === 'true';
  } catch {
    return false;
  }
}
