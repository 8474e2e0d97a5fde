/**
 * RepoView over a directory on disk. In a git work tree it shows what a clean checkout would
 * hold (tracked and untracked-but-not-ignored files): build outputs from earlier runs must
 * not change what docker cp did on a fresh clone. It never follows a link out of the root.
 */
import { lstatSync, readFileSync, readdirSync, readlinkSync, realpathSync, statSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import type { EntryType, PathProblem, RepoView } from '../core/repo';
import { startsWithBom } from './bom';
import { runGit } from './git';

/** Larger files are not read as text: no glue or Dockerfile is this big. */
export const MAX_TEXT_BYTES = 2 * 1024 * 1024;

export interface DiskRepo extends RepoView {
  /** Absolute, symlink-free path of the root. */
  readonly root: string;
  /** True when the listing comes from git (clean-checkout view). */
  readonly git: boolean;
  /** Raw bytes of a file inside the root, or null (for the stale-content check before writing). */
  readBytes(path: string): Buffer | null;
  /** Whether the file starts with a UTF-8 byte order mark (which readText leaves out). */
  startsWithBom(path: string): boolean;
}

/**
 * `options.git: false` skips asking git (a caller that knows `dir` is in no work tree saves
 * starting a process per repository).
 */
export function openRepo(dir: string, options: { git?: boolean } = {}): DiskRepo {
  const root = realpathSync(dir);
  const tracked = options.git === false ? null : gitListing(root);
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
  /** Files read as text that start with a byte order mark. */
  const withBom = new Set<string>();
  const abs = (p: string) => join(root, ...p.split('/').filter(Boolean));

  const lstat = (p: string) => {
    try {
      // Most questions are about paths that do not exist: an error built for each is costly.
      return lstatSync(abs(p), { throwIfNoEntry: false }) ?? null;
    } catch {
      return null;
    }
  };

  const within = (real: string): boolean => {
    const rel = relative(root, real);
    return rel !== '..' && !rel.startsWith(`..${sep}`) && !isAbsolute(rel) && !/^[A-Za-z]:/.test(rel);
  };

  /** The path resolved through links, if it stays inside the root. */
  const inside = (p: string): string | null => {
    try {
      const real = realpathSync(abs(p));
      return within(real) ? real : null;
    } catch {
      return null;
    }
  };

  /**
   * The first link on the way to `p` (p itself included when `self`) that leaves the root or
   * loops, or null. A dangling link counts as leaving when its target is outside, as written.
   */
  const linkCache = new Map<string, PathProblem | null>();
  /** Directories on the way to a path that are links (inside the root): such a path's real location differs from its written one. */
  const throughLink = new Set<string>();
  const badLink = (p: string, self: boolean): PathProblem | null => {
    const segs = p.split('/').filter(Boolean);
    for (let i = 1; i <= segs.length - (self ? 0 : 1); i++) {
      const sub = segs.slice(0, i).join('/');
      if (!linkCache.has(sub)) linkCache.set(sub, linkProblem(sub));
      const found = linkCache.get(sub);
      if (found) return found;
    }
    return null;
  };
  /**
   * True when `p` names its file directly: no `.`/`..` segment and no directory on the way that
   * is a link (badLink(p, false) has looked at each of them).
   */
  const directPath = (p: string): boolean => {
    if (/(^|\/)\.\.?(\/|$)/.test(p)) return false;
    for (let at = p.indexOf('/'); at >= 0; at = p.indexOf('/', at + 1)) if (throughLink.has(p.slice(0, at))) return false;
    return true;
  };
  const linkProblem = (sub: string): PathProblem | null => {
    const st = lstat(sub);
    if (!st || !st.isSymbolicLink()) return null;
    throughLink.add(sub);
    let target = '';
    try {
      target = readlinkSync(abs(sub));
    } catch {
      // unreadable link text: judged by where it resolves
    }
    try {
      if (within(realpathSync(abs(sub)))) return null;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ELOOP') return { kind: 'loop', via: sub, line: 1, detail: `${sub} is a symbolic link that loops (${sub} → ${target})` };
      if (within(resolve(dirname(abs(sub)), target))) return null;
    }
    return { kind: 'outside', via: sub, line: 1, detail: `${sub} is a symbolic link that leads outside the repository (${sub} → ${target}); the tool never follows it` };
  };

  /** lstat of a path that exists for the tool: listed by git (when the listing is git's) and not under a link that leaves the root. */
  const entryStat = (p: string) => {
    if (tracked && !tracked.has(p) && !dirs.has(p)) return null;
    // Nothing under a link that leaves the repository exists for the tool (listing it would read outside).
    if (p.includes('/') && badLink(p, false)) return null;
    return lstat(p);
  };
  const typeOf = (p: string): EntryType | null => {
    if (p === '') return 'dir';
    const st = entryStat(p);
    if (!st) return null;
    if (st.isSymbolicLink()) return 'symlink';
    if (st.isDirectory()) return 'dir';
    if (st.isFile()) return 'file';
    return null;
  };
  /**
   * Where the file at `p` really is, with its stat, when it is inside the root; null otherwise.
   * A plain file reached without links is where it is written (the root is real): no realpath.
   */
  const located = (p: string): { real: string; size: number; isFile: boolean; isDirectory: boolean } | null => {
    const st = p === '' ? null : entryStat(p);
    if (!st || (!st.isFile() && !st.isSymbolicLink())) return null;
    if (st.isFile() && directPath(p)) return { real: abs(p), size: st.size, isFile: true, isDirectory: false };
    const real = inside(p);
    if (!real) return null;
    try {
      const target = statSync(real);
      return { real, size: target.size, isFile: target.isFile(), isDirectory: target.isDirectory() };
    } catch {
      return null;
    }
  };

  return {
    root,
    git: tracked !== null,
    typeOf,
    readText(p) {
      if (textCache.has(p)) return textCache.get(p) ?? null;
      const bytes = this.readBytes(p);
      const text = bytes === null ? null : decodeText(bytes);
      if (text !== null && startsWithBom(bytes)) withBom.add(p);
      textCache.set(p, text);
      return text;
    },
    startsWithBom(p) {
      return textCache.has(p) ? withBom.has(p) : startsWithBom(this.readBytes(p));
    },
    readBytes(p) {
      const at = located(p);
      if (!at || !at.isFile || at.size > MAX_TEXT_BYTES) return null;
      try {
        return readFileSync(at.real);
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
    problem(p) {
      const link = badLink(p, true);
      if (link) return link;
      // Already read as text: nothing stands in its way.
      if (typeof textCache.get(p) === 'string') return null;
      const at = located(p);
      if (!at) return null;
      try {
        if (!at.isFile) return at.isDirectory ? null : { kind: 'unreadable', via: p, line: 1, detail: `${p} is not a regular file` };
        if (at.size > MAX_TEXT_BYTES) return { kind: 'too-large', via: p, line: 1, detail: `${p} is ${at.size} bytes, over the ${MAX_TEXT_BYTES / 1024 / 1024} MiB this tool reads (no glue or Dockerfile is this big)` };
        return textProblem(p, readFileSync(at.real));
      } catch (e) {
        return { kind: 'unreadable', via: p, line: 1, detail: `${p} cannot be read (${(e as NodeJS.ErrnoException).code ?? 'error'})` };
      }
    },
  };
}

/** Why `bytes` are not UTF-8 text (first NUL byte or invalid sequence, with its line), or null. */
function textProblem(path: string, bytes: Buffer): PathProblem | null {
  const lineOf = (offset: number) => {
    let line = 1;
    for (let i = 0; i < offset; i++) if (bytes[i] === 0x0a) line++;
    return line;
  };
  const nul = bytes.indexOf(0);
  if (nul >= 0) return { kind: 'binary', via: path, line: lineOf(nul), detail: `${path} is a binary file (a NUL byte on line ${lineOf(nul)}), not text` };
  // A newline byte never occurs inside a UTF-8 sequence: decode line by line to find the first bad one.
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let start = 0;
  let line = 1;
  while (start <= bytes.length) {
    let end = bytes.indexOf(0x0a, start);
    if (end < 0) end = bytes.length;
    try {
      decoder.decode(bytes.subarray(start, end));
    } catch {
      return { kind: 'encoding', via: path, line, detail: `${path} is not UTF-8 text (line ${line}); convert it (e.g. iconv -f latin1 -t utf-8) and run again` };
    }
    start = end + 1;
    line++;
  }
  return null;
}

/**
 * UTF-8 text, or null for binary (a NUL byte) or invalid UTF-8. A leading byte order mark is
 * not part of the text (the core parses what follows it); `withByteOrderMarks` (io/bom.ts)
 * puts it back on what is written, so it survives byte for byte.
 */
export function decodeText(bytes: Buffer): string | null {
  if (bytes.includes(0)) return null;
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return null;
  }
}

/**
 * Files git would have in a clean checkout, relative to `root`; null outside a work tree. A git
 * that does not answer in time is an error (GitTimeoutError), never taken for "not in git":
 * the listing from the disk would hold build outputs a clean checkout has not.
 */
function gitListing(root: string): Set<string> | null {
  const out = runGit(root, ['ls-files', '-z', '--cached', '--others', '--exclude-standard', '--', '.'], 256 * 1024 * 1024);
  return out === null ? null : new Set(out.split('\0').filter(Boolean));
}
