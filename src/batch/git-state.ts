/**
 * What git says about the files a migration would touch: uncommitted changes (which `--write`
 * refuses to overwrite unless `--allow-dirty`) and which ones git can give back (the others are
 * backed up before they are replaced).
 */
import { GitTimeoutError, runGit } from '../io/git';

/** git's NUL-separated output; throws when git fails (callers say what that means), GitTimeoutError past the limit. */
function git(root: string, args: string[]): string[] {
  const out = runGit(root, args);
  if (out === null) throw new Error(`git ${args[0]} failed`);
  return out.split('\0').filter(Boolean);
}

/**
 * Paths among `paths` (repository-relative) with uncommitted changes: modified, staged, or
 * untracked and not ignored. Empty when clean; null when `root` is not in a git work tree.
 */
export function uncommittedChanges(root: string, paths: readonly string[]): string[] | null {
  if (paths.length === 0) return [];
  try {
    // Porcelain v1 -z: "XY path\0", renames add "\0old". Paths are relative to the work tree's top.
    const entries = git(root, ['status', '--porcelain', '-z', '--untracked-files=all', '--', ...paths]);
    const out: string[] = [];
    for (let i = 0; i < entries.length; i++) {
      const e = entries[i];
      out.push(e.slice(3));
      if (e[0] === 'R' || e[0] === 'C') i++;
    }
    return out;
  } catch (e) {
    if (e instanceof GitTimeoutError) throw e;
    return null;
  }
}

/** Among `paths`, the files git tracks with no uncommitted change (git can restore them). */
export function restorableByGit(root: string, paths: readonly string[]): Set<string> {
  if (paths.length === 0) return new Set();
  try {
    const changed = new Set(git(root, ['diff', '--name-only', '-z', '--relative', 'HEAD', '--', ...paths]));
    return new Set(git(root, ['ls-files', '-z', '--cached', '--', ...paths]).filter((p) => !changed.has(p)));
  } catch (e) {
    if (e instanceof GitTimeoutError) throw e;
    return new Set();
  }
}
