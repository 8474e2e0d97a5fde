/**
 * One repository → the directories that hold a setup. A directory is a setup when it has glue
 * candidates (`glueCandidates`: scripts and Makefiles that run `docker build`, in it or its
 * usual script folders) that no setup above it already has: `scripts/build.sh` belongs to the
 * setup of the directory above `scripts/`, `services/api/build.sh` to `services/api`.
 */
import { runsImageBuild } from '../app/engine-commands';
import { glueCandidates } from '../app/glue';
import { unfollowedCiFiles } from '../app/pipeline-evidence';
import { glueKind } from '../parse/glue-kind';
import { unfollowedCi, unfollowedCiText } from '../parse/unfollowed-ci';
import type { RepoView } from '../core/repo';
import { compareText } from './discover-repos';

/** Never searched: dependencies and this tool's own backups. */
const SKIP_DIRS = new Set(['node_modules', '.git', '.multistage-migrate-backup']);

/** Parents first, then children, each level sorted: the order setups are claimed in. */
export function repositoryDirectories(repo: RepoView): string[] {
  const out: string[] = [];
  const queue = [''];
  while (queue.length > 0) {
    const dir = queue.shift() as string;
    out.push(dir);
    for (const name of repo.listDir(dir) ?? []) {
      if (SKIP_DIRS.has(name)) continue;
      const path = dir ? `${dir}/${name}` : name;
      // Go's vendored modules are other projects' files, replaced by `go mod vendor`: never setups of this one.
      if (name === 'vendor' && repo.typeOf(`${path}/modules.txt`) === 'file') continue;
      if (repo.typeOf(path) === 'dir') queue.push(path);
    }
  }
  return out;
}

/**
 * Setup directories, sorted. A repository without any glue gives its root, so that it still gets
 * a status (no builder pattern, or already multi-stage).
 */
export function discoverSetups(repo: RepoView): string[] {
  const setups = findSetups(repo);
  return setups.length > 0 ? setups : [''];
}

/** The directories that hold glue of their own, sorted; none when the repository has no glue. */
export function findSetups(repo: RepoView): string[] {
  const dirs = repositoryDirectories(repo);
  const worth = worthAsking(repo, dirs);
  const claimed = new Set<string>();
  const setups: string[] = [];
  for (const dir of dirs) {
    if (!worth.has(dir)) continue;
    // A CI file this version does not follow that builds an image makes a setup too: it is refused (PIPELINE_NOT_FOLLOWED), never left out.
    const found = glueCandidates(repo, dir);
    const candidates = found.length > 0 ? found : unfollowedCiFiles(repo, dir).filter((p) => runsImageBuild(unfollowedCiText(p, repo.readText(p) ?? ''), 'ci'));
    if (candidates.length === 0 || candidates.every((c) => claimed.has(c))) continue;
    for (const c of candidates) claimed.add(c);
    setups.push(dir);
  }
  return setups.sort(compareText);
}

/**
 * A file whose name alone may make it glue: named as glue is named, or without an extension
 * (a script known by its shebang). A superset of what `glueKind` accepts by name and text.
 */
export function mayBeGlue(path: string): boolean {
  const name = path.slice(path.lastIndexOf('/') + 1);
  return !name.includes('.') || glueKind(path, '') !== null || unfollowedCi(path) !== null;
}

/**
 * The directories worth asking `glueCandidates` about: those with a file that may be glue, and
 * the two levels above each (glue is looked for in a directory's script folders, such as
 * `scripts/` or `.github/workflows/`). `glueCandidates` reads every file of the folders it
 * looks in, so asking it about every directory would read the whole repository.
 */
function worthAsking(repo: RepoView, dirs: readonly string[]): Set<string> {
  const worth = new Set<string>();
  for (const dir of dirs) {
    const names = repo.listDir(dir) ?? [];
    if (!names.some((n) => mayBeGlue(dir ? `${dir}/${n}` : n) && repo.typeOf(dir ? `${dir}/${n}` : n) !== 'dir')) continue;
    for (let d = dir, up = 0; up <= 2; up++) {
      worth.add(d);
      if (d === '') break;
      const slash = d.lastIndexOf('/');
      d = slash < 0 ? '' : d.slice(0, slash);
    }
  }
  return worth;
}
