/**
 * RepoView over a directory on disk. In a git work tree it shows what a clean checkout would
 * hold (tracked and untracked-but-not-ignored files): build outputs from earlier runs must
 * not change what docker cp did on a fresh clone. It never follows a link out of the root.
 */
import { execFileSync } from 'node:child_process';
import { lstatSync, readFileSync, readdirSync, realpathSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import type { EntryType, RepoView } from '../core/repo';

/** Larger files are not read as text: no glue or Dockerfile is this big. */
export const MAX_TEXT_BYTES = 2 * 1024 * 1024;

export interface DiskRepo extends RepoView {
  /** Absolute, symlink-free path of the root. */
  readonly root: string;
  /** True when the listing comes from git (clean-checkout view). */
  readonly git: boolean;
  /** Raw bytes of a file inside the root, or null (for the stale-content check before writing). */
  readBytes(path: string): Buffer | null;
}

export function openRepo(dir: string): DiskRepo {
  const root = realpathSync(dir);
  const tracked = gitListing(root);
  const dirs = new Set<string>(['']);
  const children = new Map<string, Set<string>>();
  if (tracked) {
    for (const f of tracked) {
      const segs = f.split('/');
      for (let i = 1; i <= segs.length; i++) {
        const parent = segs.slice(0, i - 1).join('/');
        if (i < segs.length) dirs.add(segs.slice(0, i).join('/'));
        let set = children.get(parent);
        if (!set) children.set(parent, (set = new Set()));
        set.add(segs[i - 1]);
      }
    }
  }
  const textCache = new Map<string, string | null>();
  const abs = (p: string) => join(root, ...p.split('/').filter(Boolean));

  const lstat = (p: string) => {
    try {
      return lstatSync(abs(p));
    } catch {
      return null;
    }
  };

  /** The path resolved through links, if it stays inside the root. */
  const inside = (p: string): string | null => {
    try {
      const real = realpathSync(abs(p));
      const rel = relative(root, real);
      return rel.startsWith('..') || rel.startsWith(sep) || /^[A-Za-z]:/.test(rel) ? null : real;
    } catch {
      return null;
    }
  };

  const typeOf = (p: string): EntryType | null => {
    if (p === '') return 'dir';
    if (tracked && !tracked.has(p) && !dirs.has(p)) return null;
    const st = lstat(p);
    if (!st) return null;
    if (st.isSymbolicLink()) return 'symlink';
    if (st.isDirectory()) return 'dir';
    if (st.isFile()) return 'file';
    return null;
  };

  return {
    root,
    git: tracked !== null,
    typeOf,
    readText(p) {
      if (textCache.has(p)) return textCache.get(p) ?? null;
      const bytes = this.readBytes(p);
      const text = bytes === null ? null : decodeText(bytes);
      textCache.set(p, text);
      return text;
    },
    readBytes(p) {
      const t = typeOf(p);
      if (t !== 'file' && t !== 'symlink') return null;
      const real = inside(p);
      if (!real) return null;
      try {
        const st = statSync(real);
        if (!st.isFile() || st.size > MAX_TEXT_BYTES) return null;
        return readFileSync(real);
      } catch {
        return null;
      }
    },
    listDir(p) {
      if (typeOf(p) !== 'dir') return null;
      if (tracked) return [...(children.get(p) ?? [])].sort();
      try {
        return readdirSync(abs(p)).filter((n) => n !== '.git').sort();
      } catch {
        return null;
      }
    },
    modeOf(p) {
      const st = lstat(p);
      return st ? st.mode & 0o7777 : null;
    },
  };
}

/** UTF-8 text, or null for binary (a NUL byte) or invalid UTF-8. */
export function decodeText(bytes: Buffer): string | null {
  if (bytes.includes(0)) return null;
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return null;
  }
}

/** Files git would have in a clean checkout, relative to `root`; null outside a work tree. */
function gitListing(root: string): Set<string> | null {
  try {
    const out = execFileSync('git', ['-C', root, 'ls-files', '-z', '--cached', '--others', '--exclude-standard', '--', '.'], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
      maxBuffer: 256 * 1024 * 1024,
    });
    return new Set(out.split('\0').filter(Boolean));
  } catch {
    return null;
  }
}
