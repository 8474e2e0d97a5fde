/**
 * The path rules every write to a repository follows, in one place: a fresh write (apply.ts),
 * the finishing of an interrupted one (journal.ts) and `undo` (undo.ts) check a path the same
 * way, so a crafted journal or manifest cannot reach what a plan could not.
 */
import { createHash } from 'node:crypto';
import { lstatSync, realpathSync, statSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, sep } from 'node:path';

export const BACKUP_DIR = '.multistage-migrate-backup';
/** What `undo` reads in a run's backup folder. */
export const MANIFEST = 'manifest.json';
/** Temporary files are `<file>.multistage-migrate-<pid>.tmp`, beside the file they replace. */
export const TEMP_PATTERN = /\.multistage-migrate-(\d+)\.tmp$/;

/** The temporary file process `pid` writes the new content of `target` to. */
export function tempName(target: string, pid: number): string {
  return `${target}.multistage-migrate-${pid}.tmp`;
}

/**
 * Why `rel` (a `/`-separated repository path) is not a path the tool writes, or null: it must
 * stay inside the repository as written, and never name git's own files, this tool's backups
 * or one of its temporary files.
 */
export function unwritablePath(rel: unknown): string | null {
  if (typeof rel !== 'string') return 'not a path';
  const segs = rel.split('/');
  if (rel === '' || isAbsolute(rel) || rel.includes('\\') || rel.includes('\0') || segs.some((s) => s === '' || s === '.' || s === '..')) return 'not a path inside the repository';
  if (segs[0] === BACKUP_DIR) return `${BACKUP_DIR} belongs to this tool`;
  if (segs.some((s) => s.toLowerCase() === '.git')) return 'inside .git, which the tool never writes';
  if (TEMP_PATTERN.test(rel)) return 'a temporary file of this tool';
  return null;
}

/**
 * The first directory on the way from `root` to `rel` (its last segment excluded) that is not a
 * plain directory — a symbolic link, a file —, or null. Missing directories end the walk.
 */
export function linkOnTheWay(root: string, rel: string): string | null {
  const segs = rel.split('/');
  for (let i = 1; i < segs.length; i++) {
    const sub = segs.slice(0, i).join('/');
    const st = lstatOrNull(join(root, ...segs.slice(0, i)));
    if (!st) return null;
    if (!st.isDirectory()) return sub;
  }
  return null;
}

/** The nearest existing ancestor of `dir` and its real path, when that stays inside `root`. */
export function realAncestor(root: string, dir: string): { existing: string; real: string } | null {
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

export function within(root: string, real: string): boolean {
  const rel = relative(root, real);
  return rel === '' || (rel !== '..' && !rel.startsWith(`..${sep}`) && !isAbsolute(rel));
}

/** `abs` relative to `root`, `/`-separated (journals and manifests are read on any platform). */
export function repoRelative(root: string, abs: string): string {
  return relative(root, abs).split(sep).join('/');
}

export function lstatOrNull(p: string) {
  try {
    return lstatSync(p);
  } catch {
    return null;
  }
}

export function sha256(bytes: Buffer | string): string {
  return createHash('sha256').update(bytes).digest('hex');
}
