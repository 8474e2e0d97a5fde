/**
 * Which repository and which setups a command run from DIR is about, found as `batch` finds
 * them. DIR is the repository when glue lies at or below it (a monorepo root gets every nested
 * setup); from a folder of a git work tree without glue (`svc/src`), the repository is the work
 * tree and the setups are those below DIR, or else the one that holds it. Paths are then shown
 * from DIR, as the user sees them.
 */
import { relative, sep } from 'node:path';
import type { RepoOutcome } from '../app/migrate';
import { findSetups } from '../batch/discover-setups';
import { isWithin, relativePath } from '../core/paths';
import { gitTopLevel } from '../io/git';
import { DiskRepo, openRepo } from '../io/repo-fs';

export interface Located {
  repo: DiskRepo;
  /** Setup directories (repository-relative) the run is about; `['']` when there is no glue. */
  setups: string[];
  /** DIR relative to the repository root ("" when DIR is the root). */
  prefix: string;
}

export function locate(absDir: string): Located {
  const here = openRepo(absDir);
  const own = findSetups(here);
  if (own.length > 0) return { repo: here, setups: own, prefix: '' };
  for (const root of rootsAbove(absDir)) {
    const repo = openRepo(root);
    const prefix = relative(root, absDir).split(sep).join('/');
    const setups = findSetups(repo);
    const below = setups.filter((s) => isWithin(s, prefix));
    if (below.length > 0) return { repo, setups: below, prefix };
    const holding = setups.filter((s) => isWithin(prefix, s)).sort((a, b) => b.length - a.length)[0];
    if (holding !== undefined) return { repo, setups: [holding], prefix };
  }
  return { repo: here, setups: [''], prefix: '' };
}

/**
 * Where the repository may start above DIR: git's work tree. Outside git nothing above DIR is
 * read — the tool never reads outside the repository, and only git says where one ends.
 */
function rootsAbove(absDir: string): string[] {
  const top = gitTopLevel(absDir);
  return top === null || top === absDir ? [] : [top];
}

/**
 * The outcome as the user at DIR sees it: finding locations relative to DIR, and the changed
 * files too when they all lie below DIR (then `git apply` and `patch -p1` work from DIR; otherwise
 * they stay relative to the repository root, which `rootNote` says).
 */
export function shownFrom(outcome: RepoOutcome, prefix: string): RepoOutcome {
  if (prefix === '') return outcome;
  const findings = outcome.findings.map((f) => (f.location ? { ...f, location: { ...f.location, file: relativePath(prefix, f.location.file) } } : f));
  const plan = outcome.plan && filesBelow(outcome, prefix) ? { ...outcome.plan, files: outcome.plan.files.map((f) => ({ ...f, path: relativePath(prefix, f.path) })) } : outcome.plan;
  return { ...outcome, findings, plan };
}

function filesBelow(outcome: RepoOutcome, prefix: string): boolean {
  return (outcome.plan?.files ?? []).every((f) => isWithin(f.path, prefix));
}

/** Said on stderr when the patch's paths are the repository's, not DIR's. */
export function rootNote(outcome: RepoOutcome, prefix: string, root: string): string | null {
  if (prefix === '' || !outcome.plan || filesBelow(outcome, prefix)) return null;
  return `Note: the change reaches above this folder; paths are relative to the repository root ${root} (apply it there).\n`;
}
