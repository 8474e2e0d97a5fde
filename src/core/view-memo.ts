/**
 * Memoising a pure function of a file's text for as long as a repository view lives: every
 * glue candidate of every setup of a repository reads the same few Dockerfiles, and parsing or
 * validating one twice gives the same answer. Answers are never changed by their users.
 */
import type { RepoView } from './repo';

export function memoByFile<T>(compute: (path: string, text: string) => T): (repo: RepoView, path: string) => T | null {
  const byView = new WeakMap<RepoView, Map<string, { text: string; value: T }>>();
  return (repo, path) => {
    const text = repo.readText(path);
    if (text === null) return null;
    let known = byView.get(repo);
    if (!known) byView.set(repo, (known = new Map()));
    const hit = known.get(path);
    // A view answers the same text for a path every time; the check keeps a changing view correct.
    if (hit && hit.text === text) return hit.value;
    const value = compute(path, text);
    known.set(path, { text, value });
    return value;
  };
}
