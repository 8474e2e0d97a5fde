/**
 * ROOT arguments → the repositories to migrate, in one stable order. A root is one repository
 * when it has its own `.git`, or, outside git, build files of its own at the top; otherwise it
 * is a folder of clones and each sub-directory is a repository. Only directory entries are
 * looked at here (cheap, main thread); the repositories are read by the workers.
 *
 * A symbolic link among a root's entries is never followed (it could lead anywhere: a folder of
 * untrusted clones must not send the tool outside it): it is listed in `skippedLinks`. A ROOT
 * named on the command line is taken as the user wrote it, through links.
 */
import { existsSync, readdirSync, readlinkSync, realpathSync, statSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { glueKind } from '../parse/glue-kind';
import type { RepoJob } from './types';

/** Directories never taken for repositories in a folder of clones. */
const NOT_REPOSITORIES = new Set(['node_modules', '.git', '.multistage-migrate-backup']);

/** Top-level names that make a root without `.git` one repository rather than a folder of them. */
const BUILD_FILE = /dockerfile|^(GNUmakefile|makefile|Makefile)$|\.(mk|sh|bash)$/i;

export class RootError extends Error {}

export interface Discovery {
  /** The directory patch paths are relative to: the common parent of the roots. */
  base: string;
  /** Sorted by display path (code-point order), each repository once. */
  repos: RepoJob[];
  /** Links among the roots' entries that were not followed (display path and where it points), sorted. */
  skippedLinks: SkippedLink[];
}

export interface SkippedLink {
  path: string;
  target: string;
}

export function discoverRepositories(roots: readonly string[]): Discovery {
  const resolved = roots.map((r) => {
    if (!existsSync(r) || !statSync(r).isDirectory()) throw new RootError(`${r} is not a directory`);
    return realpathSync(r);
  });
  // `batch .` in a repository: paths are its own, so its patch applies there with plain
  // `git apply`; otherwise they start at the roots' common parent (`batch repo` keeps `repo/`).
  const single = resolved.length === 1 && resolved[0] === realpathSync(process.cwd()) && isOneRepository(resolved[0]);
  const base = single ? resolved[0] : commonDirectory(resolved.map((r) => dirname(r)));
  const seen = new Set<string>();
  const repos: RepoJob[] = [];
  const skippedLinks: SkippedLink[] = [];
  const add = (root: string, git: boolean): void => {
    if (seen.has(root)) return;
    seen.add(root);
    repos.push({ root, display: relative(base, root).split(sep).join('/') || '.', git });
  };
  for (const root of resolved) {
    if (hasDotGit(root)) {
      add(root, true);
      continue;
    }
    const inWorkTree = insideWorkTree(root);
    const entries = readdirSync(root, { withFileTypes: true });
    const children = entries.filter((e) => e.isDirectory() && !NOT_REPOSITORIES.has(e.name)).map((e) => join(root, e.name));
    const links = entries.filter((e) => e.isSymbolicLink() && !NOT_REPOSITORIES.has(e.name)).map((e) => join(root, e.name));
    if (isOneRepository(root)) {
      add(root, inWorkTree);
    } else {
      for (const child of children) add(child, inWorkTree || hasDotGit(child));
    }
    // Never a repository, nor searched for setups; what a link inside a repository names is the planner's to judge.
    for (const link of links) skippedLinks.push({ path: relative(base, link).split(sep).join('/'), target: linkText(link) });
  }
  repos.sort((a, b) => compareText(a.display, b.display));
  skippedLinks.sort((a, b) => compareText(a.path, b.path));
  return { base, repos, skippedLinks };
}

/** A root taken as one repository (its own `.git`, or build files at its top and no clones below). */
function isOneRepository(root: string): boolean {
  if (hasDotGit(root)) return true;
  const entries = readdirSync(root, { withFileTypes: true });
  const children = entries.filter((e) => e.isDirectory() && !NOT_REPOSITORIES.has(e.name)).map((e) => join(root, e.name));
  const ownBuildFiles = entries.some((e) => !e.isDirectory() && !e.isSymbolicLink() && (BUILD_FILE.test(e.name) || glueKind(e.name, '') !== null));
  return !children.some(hasDotGit) && (ownBuildFiles || children.length === 0);
}

function linkText(path: string): string {
  try {
    return readlinkSync(path);
  } catch {
    return '?';
  }
}

/** Code-point order: the same on every machine and locale. */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function hasDotGit(dir: string): boolean {
  return existsSync(join(dir, '.git'));
}

/** True when `dir` or one of its parents holds `.git` (git then lists the clean checkout). */
function insideWorkTree(dir: string): boolean {
  for (let d = dir; ; d = dirname(d)) {
    if (hasDotGit(d)) return true;
    if (dirname(d) === d) return false;
  }
}

/** The deepest directory that contains every one of `dirs` (absolute paths). */
export function commonDirectory(dirs: readonly string[]): string {
  let common = dirs[0].split(sep);
  for (const d of dirs.slice(1)) {
    const segs = d.split(sep);
    let i = 0;
    while (i < common.length && i < segs.length && common[i] === segs[i]) i++;
    common = common.slice(0, i);
  }
  return common.join(sep) || sep;
}
