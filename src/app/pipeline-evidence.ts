/**
 * Where a builder pattern is written, whether or not the tool can follow it: an image is built,
 * then files are taken out of it (`docker cp`, a run whose output is captured or that mounts a
 * host directory), or a second build uses it (`FROM <tag>`, `COPY --from=<tag>`, the tar stream
 * of `docker run builder | docker build -`). Read from glue, READMEs and Dockerfile comments
 * with the line-based reader, so that "no builder pattern" is only ever said of text that
 * has none.
 */
import { dirName, joinRelative, normalizeRelative } from '../core/paths';
import type { RepoView } from '../core/repo';
import { glueKind } from '../parse/glue-kind';
import { UNFOLLOWED_CI_FOLDERS, unfollowedCi, unfollowedCiText } from '../parse/unfollowed-ci';
import { EngineCommand, TextKind, engineCommands } from './engine-commands';

/** `ci`: a CI file this version does not follow (Drone, CircleCI, …). */
export type EvidenceSource = 'glue' | 'doc' | 'comment' | 'ci';

export interface PipelineEvidence {
  file: string;
  source: EvidenceSource;
  /** The build of the image the files come from. */
  build: EngineCommand;
  /** The extraction, or the second build. */
  use: EngineCommand;
  /** What `use` does with the builder, for people. */
  how: string;
}

/** Files of `dir` that may document a pipeline. */
const DOC = /^(readme|building|install|contributing)(\.(md|markdown|txt|rst|adoc))?$|\.(md|markdown)$/i;
const DOCKERFILE = /dockerfile|containerfile/i;

/**
 * Every builder pattern written in the glue-like files of `folders` (scripts, Makefiles, CI
 * files) and, in `dir` itself (unless `docs` is false), in its READMEs and Dockerfile comments.
 */
export function pipelineEvidence(repo: RepoView, dir: string, folders: readonly string[], docs = true): PipelineEvidence[] {
  const out: PipelineEvidence[] = [];
  const seen = new Set<string>();
  const scan = (path: string, kind: TextKind, source: EvidenceSource): void => {
    if (seen.has(path)) return;
    seen.add(path);
    const text = repo.readText(path);
    if (text !== null) out.push(...patternsIn(repo, path, text, kind, source));
  };
  for (const path of unfollowedCiFiles(repo, dir)) scan(path, 'ci', 'ci');
  for (const folder of folders) {
    for (const name of repo.listDir(folder) ?? []) {
      const path = folder ? `${folder}/${name}` : name;
      if (repo.typeOf(path) !== 'file') continue;
      if (glueKind(path, '') === null && name.includes('.')) continue;
      const text = repo.readText(path);
      const kind = text === null ? null : glueKind(path, text);
      if (kind) scan(path, kind === 'make' ? 'make' : kind === 'shell' ? 'shell' : 'ci', 'glue');
    }
  }
  for (const name of docs ? (repo.listDir(dir) ?? []) : []) {
    const path = dir ? `${dir}/${name}` : name;
    if (repo.typeOf(path) !== 'file') continue;
    if (DOC.test(name)) scan(path, 'doc', 'doc');
    else if (DOCKERFILE.test(name) && !/\.(sh|bash|yml|yaml|json|md)$/i.test(name)) scan(path, 'dockerfile', 'comment');
  }
  return out;
}

/** The CI files of `dir` (and of its CI folders: `.circleci/`, `.buildkite/` …) that this version does not follow. */
export function unfollowedCiFiles(repo: RepoView, dir: string): string[] {
  const out: string[] = [];
  for (const folder of [dir, ...UNFOLLOWED_CI_FOLDERS.map((f) => (dir ? `${dir}/${f}` : f))]) {
    for (const name of repo.listDir(folder) ?? []) {
      const path = folder ? `${folder}/${name}` : name;
      if (unfollowedCi(path) !== null && repo.typeOf(path) === 'file') out.push(path);
    }
  }
  return out;
}

/** The builder patterns one file writes, each once. */
export function patternsIn(repo: RepoView, path: string, text: string, kind: TextKind, source: EvidenceSource): PipelineEvidence[] {
  const commands = engineCommands(source === 'ci' ? unfollowedCiText(path, text) : text, kind);
  const out: PipelineEvidence[] = [];
  const builds: EngineCommand[] = [];
  const containers = new Map<string, string>();
  const builtAs = (image: string | null): EngineCommand | null => (image === null ? null : ([...builds].reverse().find((b) => b.tags.some((t) => sameImage(t, image))) ?? null));
  const add = (build: EngineCommand | null, use: EngineCommand, how: string): void => {
    if (build && !out.some((e) => e.use === use)) out.push({ file: path, source, build, use, how });
  };
  for (const c of commands) {
    switch (c.subcommand) {
      case 'build': {
        if (c.context === '-' && c.producer?.subcommand === 'run') {
          add(builtAs(c.producer.image) ?? builds[builds.length - 1] ?? null, c, `builds an image from the tar stream \`${c.producer.engine} run\` prints`);
        }
        const base = builds.length > 0 ? referencedImages(repo, path, c) : [];
        const on = base.map((ref) => ({ ref, build: builtAs(ref) })).find((r) => r.build !== null && r.build !== c);
        if (on) add(on.build, c, `builds ${c.dockerfile ?? 'a Dockerfile'} on the image it built before (${on.ref})`);
        builds.push(c);
        break;
      }
      case 'run':
      case 'create': {
        if (c.name && c.image) containers.set(c.name, c.image);
        const build = builtAs(c.image);
        if (!build || c.detached || c.subcommand === 'create') break;
        if (c.consumer?.subcommand === 'build' && c.consumer.context === '-') break;
        if (c.stdout === 'file' || c.stdout === 'pipe') add(build, c, `runs the image and keeps what it prints (${c.stdout === 'file' ? 'redirected to a file' : 'piped on'})`);
        else if (c.bindMount) add(build, c, 'runs the image with a host directory mounted, which it can write into');
        break;
      }
      case 'cp': {
        if (!c.copiesOut) break;
        const container = c.copiesOut.slice(0, c.copiesOut.search(/:[^:]*$/));
        add(builtAs(containers.get(container) ?? null) ?? builds[builds.length - 1] ?? null, c, `copies ${c.copiesOut.slice(container.length + 1)} out of a container of the image`);
        break;
      }
      default:
        break;
    }
  }
  return out;
}

/** `app`, `app:latest` and `docker.io/library/app` are one image. */
function sameImage(a: string, b: string): boolean {
  const norm = (s: string) => s.toLowerCase().replace(/^(docker\.io\/)?(library\/)?/, '').replace(/:latest$/, '');
  return norm(a) === norm(b);
}

/** Images the Dockerfile of build `c` reads by name (FROM bases, `COPY --from=` that is no stage of its own). */
function referencedImages(repo: RepoView, glue: string, c: EngineCommand): string[] {
  const here = dirName(glue);
  const context = c.context && c.context !== '-' ? c.context : '.';
  const candidates = c.dockerfile ? [c.dockerfile, joinRelative(context, c.dockerfile)] : [joinRelative(context, c.tool === 'podman' || c.tool === 'buildah' ? 'Containerfile' : 'Dockerfile'), joinRelative(context, 'Dockerfile')];
  for (const cand of candidates) {
    for (const base of [here, '']) {
      const path = normalizeRelative(cand, base);
      if (path === null || repo.typeOf(path) !== 'file') continue;
      const text = repo.readText(path) ?? '';
      const stages = new Set([...text.matchAll(/^\s*FROM\s+.*\s+AS\s+(\S+)/gim)].map((m) => m[1].toLowerCase()));
      const refs = [...text.matchAll(/^\s*FROM\s+(?:--\S+\s+)*(\S+)/gim), ...text.matchAll(/^\s*COPY\s+.*--from=(\S+)/gim)].map((m) => m[1]);
      return refs.filter((r) => !stages.has(r.toLowerCase()) && !/^[0-9]+$/.test(r));
    }
  }
  return [];
}

/** How a finding names a command: `file:line` and the command as written, shortened. */
export function cite(file: string, c: EngineCommand): string {
  const text = c.text.length > 90 ? `${c.text.slice(0, 87)}…` : c.text;
  return `${file}:${c.line} \`${text}\``;
}
