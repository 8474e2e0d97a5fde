/**
 * `undo`: puts back the files of the latest migration that kept a backup
 * (`.multistage-migrate-backup/<stamp>/manifest.json`), all-or-nothing through applyChanges,
 * after checking that every file still holds what the migration wrote. The folder is then
 * renamed `<stamp>.undone`, so a second undo goes one migration further back.
 */
import { readFileSync, readdirSync, realpathSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import type { FileChange } from '../core/file-change';
import { BACKUP_DIR, BackupManifest, MANIFEST, applyChanges, locateForWrite, sha256 } from './apply';
import { runGit } from './git';
import { finishInterrupted } from './journal';
import { linkOnTheWay, lstatOrNull, unwritablePath } from './repo-paths';

export class UndoError extends Error {}

export interface UndoResult {
  /** The backup folder that was put back (now renamed `<stamp>.undone`). */
  backup: string;
  restored: string[];
  removed: string[];
}

/** No manifest of this tool comes near this size: a larger file is not read. */
const MAX_MANIFEST_BYTES = 16 * 1024 * 1024;
const ACTIONS = new Set(['create', 'rewrite', 'delete']);

/** The newest backup folder (a plain directory, never a link) with a manifest that was not undone yet, or null. */
function latestBackup(root: string): string | null {
  const base = join(root, BACKUP_DIR);
  if (!lstatOrNull(base)?.isDirectory()) return null;
  const folders = readdirSync(base)
    .filter((n) => !n.endsWith('.undone') && lstatOrNull(join(base, n))?.isDirectory() && lstatOrNull(join(base, n, MANIFEST))?.isFile())
    .sort();
  return folders.length > 0 ? join(base, folders[folders.length - 1]) : null;
}

export function undoLatest(dir: string): UndoResult {
  const root = realpathSync(dir);
  const pending = finishInterrupted(root);
  if (pending.refused.length > 0) throw new UndoError(`${pending.refused.join('; ')}; nothing was put back`);
  if (pending.leftAlone.length > 0) throw new UndoError(`an interrupted migration touched ${pending.leftAlone.join(', ')}, which changed since; nothing was put back (see ${join(dir, BACKUP_DIR)})`);
  const folder = latestBackup(root);
  const base = join(root, BACKUP_DIR);
  if (!folder && lstatOrNull(base)?.isDirectory() && readdirSync(base).some((n) => n.endsWith('.undone'))) {
    throw new UndoError(`every migration of ${dir} that kept a backup was undone already (${join(dir, BACKUP_DIR)})`);
  }
  if (!folder && !insideGitWorkTree(root)) {
    throw new UndoError(`nothing to undo: no migration of ${dir} kept a backup (${join(dir, BACKUP_DIR)} holds none)`);
  }
  if (!folder) {
    // A migration keeps no backup where git can give every file back.
    throw new UndoError(`no backup in ${join(dir, BACKUP_DIR)}: git tracks ${dir}, so a migration there kept none; \`git checkout -- .\` (or \`git restore .\`) undoes it`);
  }
  if (lstatOrNull(`${folder}.undone`)) throw new UndoError(`${folder}.undone is in the way; nothing was put back`);
  const manifest = readManifest(folder);
  // Every path is checked before anything is read: the backup's as a plain tree, the repository's as a write.
  for (const f of manifest.files) {
    if (f.backup) checkBackupPath(folder, f.path);
  }
  const current = manifest.files.map((f) => locateForWrite(root, f.path, f.action === 'create').old);
  const changes: FileChange[] = [];
  manifest.files.forEach((f, i) => {
    const now = current[i];
    if ((now === null ? null : sha256(now)) !== f.afterSha256) {
      throw new UndoError(`${f.path} changed since the migration (${now === null ? 'it is gone' : 'its content differs'}); nothing was put back`);
    }
    const before = now === null ? null : now.toString('utf8');
    if (f.action === 'create') {
      changes.push({ path: f.path, before, after: null, mode: 0o100644 });
      return;
    }
    const previous = f.backup ? backupCopy(folder, f.path) : fromGit(root, f.path);
    changes.push({ path: f.path, before, after: previous.text, mode: previous.mode });
  });
  applyChanges(root, changes, () => true, 'undo');
  renameSync(folder, `${folder}.undone`);
  return {
    backup: folder,
    restored: changes.filter((c) => c.after !== null).map((c) => c.path),
    removed: changes.filter((c) => c.after === null).map((c) => c.path),
  };
}

/** The folder's manifest, when it is one this tool wrote: every path a repository path it could have written. */
function readManifest(folder: string): BackupManifest {
  const where = join(folder, MANIFEST);
  const st = lstatOrNull(where);
  let manifest: BackupManifest;
  try {
    if (!st?.isFile() || st.size > MAX_MANIFEST_BYTES) throw new Error('not a file');
    manifest = JSON.parse(readFileSync(where, 'utf8')) as BackupManifest;
  } catch {
    throw new UndoError(`${where} is not a manifest this tool wrote; nothing was put back`);
  }
  const hash = (h: unknown) => h === null || (typeof h === 'string' && /^[0-9a-f]{64}$/.test(h));
  if (manifest?.tool !== 'multistage-migrate' || !Array.isArray(manifest.files)) throw new UndoError(`${where} is not a manifest this tool wrote; nothing was put back`);
  for (const f of manifest.files) {
    const bad = unwritablePath(f?.path);
    if (bad) throw new UndoError(`${where} names ${String(f?.path)}: ${bad}; nothing was put back`);
    if (!ACTIONS.has(f.action) || typeof f.backup !== 'boolean' || !hash(f.beforeSha256) || !hash(f.afterSha256)) throw new UndoError(`${where}: the entry of ${f.path} is not one this tool writes; nothing was put back`);
  }
  return manifest;
}

/** A backed-up file is read only as the tool wrote it: a regular file in plain directories of the backup folder. */
function checkBackupPath(folder: string, path: string): void {
  const via = linkOnTheWay(folder, path);
  if (via) throw new UndoError(`${join(folder, via)} is a symbolic link (or not a directory): the backup of ${path} is not read through it; nothing was put back`);
  const p = join(folder, ...path.split('/'));
  const st = lstatOrNull(p);
  if (st?.isSymbolicLink()) throw new UndoError(`${path} was a symbolic link; restore it by hand from ${p}`);
  if (!st?.isFile()) throw new UndoError(`the backup of ${path} (${p}) is missing or not a regular file; nothing was put back`);
}

function backupCopy(folder: string, path: string): { text: string; mode: number } {
  const p = join(folder, ...path.split('/'));
  const st = lstatOrNull(p);
  return { text: readFileSync(p, 'utf8'), mode: st && st.mode & 0o111 ? 0o100755 : 0o100644 };
}

function fromGit(root: string, path: string): { text: string; mode: number } {
  const text = runGit(root, ['show', `HEAD:./${path}`]);
  const entry = text === null ? null : runGit(root, ['ls-tree', 'HEAD', '--', path]);
  if (text === null || entry === null) throw new UndoError(`${path} is not in the backup and git cannot give it back; nothing was put back`);
  return { text, mode: entry.startsWith('100755') ? 0o100755 : 0o100644 };
}

function insideGitWorkTree(root: string): boolean {
  return runGit(root, ['rev-parse', '--is-inside-work-tree'])?.trim() === 'true';
}
