/**
 * A memoising RepoView for one job. The core asks the same questions many times (every
 * directory's usual script folders, the same Dockerfile's type) and each answer from disk is a
 * system call; a repository does not change while it is planned, so each question is asked of
 * the disk once. A path whose parent directory has already been listed is answered from that
 * listing (absent there means absent), so probing `dir/scripts`, `dir/ci`, … costs nothing.
 */
import type { Dirent } from 'node:fs';
import type { EntryType, PathProblem, RepoView } from '../core/repo';

/**
 * `entries(p)`, when given, lists a directory with the type of each entry (readdir's d_type,
 * as lstat would say), so listing a directory also answers typeOf for everything in it. Only
 * for a repository read straight from the disk (not through git's listing).
 */
export function cachedView(repo: RepoView, entries?: (p: string) => Dirent[] | null): RepoView {
  const types = new Map<string, EntryType | null>();
  const lists = new Map<string, { names: string[] | null; set: Set<string> | null }>();
  const modes = new Map<string, number | null>();
  const problems = new Map<string, PathProblem | null>();

  const typeOf = (p: string): EntryType | null => {
    const known = types.get(p);
    if (known !== undefined) return known;
    const slash = p.lastIndexOf('/');
    const name = p.slice(slash + 1);
    const parent = lists.get(slash < 0 ? '' : p.slice(0, slash));
    // Absent from its parent's listing means absent. Listings leave `.git` out while typeOf may
    // still see it, and a path through a linked directory has no listing: ask the disk for those.
    let t: EntryType | null;
    if (p !== '' && parent?.set && name !== '.git' && !parent.set.has(name)) t = null;
    else t = repo.typeOf(p);
    types.set(p, t);
    return t;
  };

  // Everything not memoised here (optional questions a view may add) goes to `repo` itself.
  const view = Object.create(repo) as RepoView;
  return Object.assign(view, {
    typeOf,
    readText: (p: string) => repo.readText(p),
    listDir(p: string): string[] | null {
      const known = lists.get(p);
      if (known !== undefined) return known.names === null ? null : [...known.names];
      let names: string[] | null = null;
      if (typeOf(p) === 'dir') {
        const dirents = entries?.(p) ?? null;
        if (dirents === null) names = repo.listDir(p);
        else {
          // As DiskRepo lists a directory outside git: every entry but .git, sorted.
          names = dirents.map((d) => d.name).filter((n) => n !== '.git').sort();
          for (const d of dirents) if (d.name !== '.git') types.set(p ? `${p}/${d.name}` : d.name, d.isSymbolicLink() ? 'symlink' : d.isDirectory() ? 'dir' : d.isFile() ? 'file' : null);
        }
      }
      lists.set(p, { names, set: names === null ? null : new Set(names) });
      return names === null ? null : [...names];
    },
    problem(p: string) {
      if (!repo.problem) return null;
      const known = problems.get(p);
      if (known !== undefined) return known;
      // Absent from a listed directory: nothing on the way is a link that leaves or loops (the
      // directory could not have been listed through one), so nothing stands in the way.
      const slash = p.lastIndexOf('/');
      const parent = lists.get(slash < 0 ? '' : p.slice(0, slash));
      const found = parent?.set && !parent.set.has(p.slice(slash + 1)) ? null : repo.problem(p);
      problems.set(p, found);
      return found;
    },
    modeOf(p: string): number | null {
      const known = modes.get(p);
      if (known !== undefined) return known;
      const m = repo.modeOf(p);
      modes.set(p, m);
      return m;
    },
  });
}
