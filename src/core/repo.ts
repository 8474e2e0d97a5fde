/**
 * A read-only view of one repository as a clean checkout would have it (tracked and
 * not-ignored files; build outputs left from earlier runs do not count). The core asks through
 * this interface; the edge (src/io) answers from the disk, tests from a map.
 */
export type EntryType = 'file' | 'dir' | 'symlink';

export interface RepoView {
  /** Type of a repository-relative path, or null when absent. "" is the root. */
  typeOf(path: string): EntryType | null;
  /** UTF-8 text of a regular file, or null when absent, not a file, binary or too large. */
  readText(path: string): string | null;
  /** Sorted entry names of a directory, or null when it is not one. */
  listDir(path: string): string[] | null;
  /** Permission bits (0o755) of a file, or null when absent. */
  modeOf(path: string): number | null;
  /**
   * Why `path` cannot be read safely, or null when nothing is wrong with it (it reads as text,
   * is a directory, or is simply absent). Optional: views that cannot tell (memoryRepo) omit it.
   */
  problem?(path: string): PathProblem | null;
}

/**
 * What stands in the way of reading a path: a link on the way that leaves the repository or
 * loops (`via` is that link), or a file that is not UTF-8 text (`line` of the first bad byte;
 * 1 when it cannot be told) or is larger than the read limit.
 */
export interface PathProblem {
  kind: 'outside' | 'loop' | 'binary' | 'encoding' | 'too-large' | 'unreadable';
  /** The repository path of the link that leaves or loops; the path itself otherwise. */
  via: string;
  line: number;
  /** For people: what is wrong, without the file's content. */
  detail: string;
}

/**
 * An in-memory repository: paths → contents ("dir/" keys or implied parents make directories,
 * `{ symlink: target }` a symbolic link, which the view reports and does not follow).
 */
export function memoryRepo(files: Record<string, string | { text: string; mode: number } | { symlink: string }>): RepoView {
  const entries = new Map<string, { text: string | null; mode: number; type: EntryType }>();
  for (const [path, v] of Object.entries(files)) {
    const clean = path.replace(/\/+$/, '');
    if (path.endsWith('/')) entries.set(clean, { text: null, mode: 0o755, type: 'dir' });
    else if (typeof v === 'object' && 'symlink' in v) entries.set(clean, { text: null, mode: 0o777, type: 'symlink' });
    else entries.set(clean, typeof v === 'string' ? { text: v, mode: 0o644, type: 'file' } : { text: v.text, mode: v.mode, type: 'file' });
    const segs = clean.split('/');
    for (let i = 1; i < segs.length; i++) {
      const dir = segs.slice(0, i).join('/');
      if (!entries.has(dir)) entries.set(dir, { text: null, mode: 0o755, type: 'dir' });
    }
  }
  return {
    typeOf: (p) => (p === '' ? 'dir' : (entries.get(p)?.type ?? null)),
    readText: (p) => entries.get(p)?.text ?? null,
    listDir: (p) => {
      if (p !== '' && entries.get(p)?.type !== 'dir') return null;
      const prefix = p === '' ? '' : `${p}/`;
      return [...entries.keys()].filter((k) => k.startsWith(prefix) && !k.slice(prefix.length).includes('/') && k !== p).map((k) => k.slice(prefix.length)).sort();
    },
    modeOf: (p) => entries.get(p)?.mode ?? null,
  };
}

/**
 * The repository as a build sees it after the glue emptied `dir` (`rm -rf deploy; mkdir
 * deploy`) to assemble a context there: nothing the working copy holds in it reaches the image,
 * whatever is committed, so it is not there at all.
 */
export function withEmptiedDir(repo: RepoView, dir: string): RepoView {
  const inside = (p: string) => p === dir || p.startsWith(`${dir}/`);
  const view = Object.create(repo) as RepoView;
  return Object.assign(view, {
    typeOf: (p: string) => (inside(p) ? null : repo.typeOf(p)),
    readText: (p: string) => (inside(p) ? null : repo.readText(p)),
    listDir: (p: string) => (inside(p) ? null : repo.listDir(p)),
    modeOf: (p: string) => (inside(p) ? null : repo.modeOf(p)),
  });
}
