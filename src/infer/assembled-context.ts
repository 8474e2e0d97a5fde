/**
 * Build contexts the glue assembles before the runtime build (`rm -rf deploy; mkdir deploy;
 * tar -xf app.tar -C deploy; cp Dockerfile.run config deploy/; cd deploy; docker build -f
 * Dockerfile.run .`). Every file of such a context is traced to where it came from: a
 * repository file, or what the glue took out of the builder. The build's Dockerfile is then
 * the repository file the glue copied (the merged Dockerfile goes there), and the host replay
 * rebuilds the context itself from the same steps. A file whose origin cannot be traced
 * refuses the migration at the line that put it there.
 */
import { Finding, finding } from '../core/findings';
import { baseName, dirName, hasGlob, isWithin, joinRelative, literalPrefix, matchSegment, normalizeRelative, relativeWithin } from '../core/paths';
import type { RepoView } from '../core/repo';
import type { BuildStep, GlueStep, HostStep } from '../interpret/events';
import { writtenPaths } from '../interpret/makefile';
import { tarDirectory, tarMode } from '../interpret/stream-step';
import type { DockerfileModel } from '../parse/dockerfile';
import { StreamCommands, archiveMembers, tarArchive } from './archive-members';
import { streamCommandsOf } from './streamed-command';

const CODE = 'ASSEMBLED_CONTEXT_UNTRACED';

/** Host commands that put repository files or artifacts into the context, and those that only change them there. */
const COPYING = new Set(['cp', 'mv', 'install', 'ln']);
const CHANGING = new Set(['mkdir', 'rm', 'rmdir', 'chmod', 'chown', 'chgrp', 'touch']);

export interface AssembledContext {
  /** Repository-relative directory the glue fills and builds from. */
  dir: string;
  /** The runtime build, its Dockerfile traced to the repository file the glue copied there. */
  build: BuildStep;
  /** The Dockerfile as the legacy build read it (inside `dir`). */
  dockerfileCopy: string;
  /** `rm -rf dir` and `mkdir dir` before the filling: the glue keeps them while later commands run in `dir`. */
  makers: HostStep[];
  /** Repository files the glue copies into the context (their legacy content reaches the image). */
  sources: string[];
  /** Some of what the glue took out of the builder goes into the context. */
  fed: boolean;
  /** The image's own command of each stream whose `docker run` names none, where the builder Dockerfile says it. */
  streamCommands: StreamCommands;
}


export interface AssembledTrace {
  /** The glue steps, with each assembled build replaced by its traced one. */
  steps: GlueStep[];
  contexts: AssembledContext[];
  findings: Finding[];
}

type Origin = { kind: 'repo'; path: string } | { kind: 'artifact'; step: GlueStep } | { kind: 'glue'; step: GlueStep } | { kind: 'none' };

export function traceAssembledContexts(steps: readonly GlueStep[], repo: RepoView, dockerfileOf: (b: BuildStep) => DockerfileModel | null): AssembledTrace {
  const out: GlueStep[] = [...steps];
  const commands = streamCommandsOf(steps, dockerfileOf);
  const contexts: AssembledContext[] = [];
  const findings: Finding[] = [];
  steps.forEach((b, index) => {
    if (b.kind !== 'build' || b.context === '') return;
    const traced = traceOne(steps, index, b, repo, commands);
    if (!traced) return;
    findings.push(...traced.findings);
    if (traced.context) {
      out[index] = traced.context.build;
      contexts.push(traced.context);
    }
  });
  // Several builds from one assembled directory (`image-%` for each tool) meet the same causes: each is said once.
  const once = findings.filter((f, i) => findings.findIndex((g) => g.code === f.code && g.message === f.message && g.location?.line === f.location?.line && g.location?.file === f.location?.file) === i);
  return { steps: out, contexts, findings: once };
}

function traceOne(steps: readonly GlueStep[], index: number, b: BuildStep, repo: RepoView, commands: StreamCommands): { context: AssembledContext | null; findings: Finding[] } | null {
  const dir = b.context;
  const before = steps.slice(0, index);
  const fillers = before.filter((s) => writtenPaths(s).some((w) => isWithin(w, dir)) || (s.kind === 'host' && writesInto(s, dir)));
  // Only artifacts put there (`docker cp C:/app ./ctx`) is the plain pattern: assembled means the glue copies files in.
  if (!fillers.some((s) => s.kind === 'host' && writesInto(s, dir))) return null;
  const at = (s: GlueStep) => ({ file: s.origin.file, line: s.origin.line });
  const findings: Finding[] = [];
  const firstFill = before.indexOf(fillers[0]);
  const resetAt = lastIndex(before.slice(0, firstFill), (s) => s.kind === 'host' && (s.command === 'rm' || s.command === 'rmdir') && pathsOf(s).some((p) => p !== null && isWithin(dir, p)));
  const held = (repo.listDir(dir) ?? []).filter((n) => n !== '.' && n !== '..');
  if (resetAt < 0 && held.length > 0) {
    findings.push(finding(CODE, `${dir}/ already holds repository files (${held.slice(0, 3).map((n) => joinRelative(dir, n)).join(', ')}) that the glue does not remove before it fills the directory for this build; this version traces only what the glue puts there`, at(fillers[0])));
  }
  const sources: string[] = [];
  const fedBy = { artifact: false };
  for (let i = Math.max(resetAt + 1, 0); i < index; i++) {
    const s = steps[i];
    if (s.kind === 'cp' || s.kind === 'cat' || s.kind === 'stream' || s.kind === 'run') {
      if (writtenPaths(s).some((w) => isWithin(w, dir))) fedBy.artifact = true;
      continue;
    }
    if (s.kind !== 'host' || !(writesInto(s, dir) || s.writes.some((w) => w === null || isWithin(w, dir)) || (CHANGING.has(s.command) && pathsOf(s).some((p) => p === null || isWithin(p, dir))))) continue;
    const problem = untraced(s, steps, i, repo, commands, sources, fedBy);
    if (problem) findings.push(finding(CODE, problem, at(s)));
  }
  const dockerfile = originOf(b.dockerfile, steps, index, repo, commands);
  const ignore = originOf(joinRelative(dir, '.dockerignore'), steps, index, repo, commands);
  if (ignore.kind !== 'none') {
    const how = ignore.kind === 'repo' ? `the glue copies one from ${ignore.path}` : ignore.kind === 'artifact' ? `what ${ignore.step.origin.file}:${ignore.step.origin.line} takes out of the builder may hold one (${unnamedContent(ignore.step, commands)})` : `${ignore.step.origin.file}:${ignore.step.origin.line} may write one`;
    findings.push(finding(CODE, `${dir}/.dockerignore would filter this build's context (${how}); the migrated build, whose context is the repository, cannot apply it the same way`, at(b)));
  }
  if (dockerfile.kind !== 'repo') {
    const why = dockerfile.kind === 'artifact' ? `may come out of the builder (${dockerfile.step.origin.file}:${dockerfile.step.origin.line}: ${unnamedContent(dockerfile.step, commands)})` : dockerfile.kind === 'glue' ? `is written by ${dockerfile.step.origin.file}:${dockerfile.step.origin.line}` : 'is put there by no line the tool follows';
    findings.push(finding(CODE, `the Dockerfile of this build, ${b.dockerfile}, ${why}; only a copy of a repository Dockerfile can become the merged one`, at(b)));
    return { context: null, findings };
  }
  // Even when another file is not traced, the build reads the traced Dockerfile: the refusal names only the real cause.
  const makers = before.filter((s, i): s is HostStep => s.kind === 'host' && i <= firstFill && (i >= resetAt || resetAt < 0) && (s.command === 'mkdir' || s.command === 'rm') && pathsOf(s).some((p) => p !== null && (p === dir || isWithin(dir, p))));
  const build: BuildStep = { ...b, dockerfile: dockerfile.path };
  return { context: { dir, build, dockerfileCopy: b.dockerfile, makers, sources: [...new Set(sources)].sort(), fed: fedBy.artifact, streamCommands: commands }, findings };
}

/** Why a host step that writes into the context cannot be traced; null when it can (its repository sources go to `sources`). */
function untraced(s: HostStep, steps: readonly GlueStep[], index: number, repo: RepoView, commands: StreamCommands, sources: string[], fedBy: { artifact: boolean }): string | null {
  const cmd = `\`${[s.command, ...s.args.map((a) => a ?? '?')].join(' ')}\``;
  if (s.writes.length > 0) return `${cmd} writes into the build context through a redirection; only copies of repository files and of what the glue took out of the builder are traced`;
  if (CHANGING.has(s.command)) return null;
  if (s.command === 'tar') {
    if (tarMode(s.args.filter((a): a is string => a !== null)) !== 'x') return `${cmd} is not an unpacking tar; this version traces only \`tar -x\` into a build context`;
    const archive = tarArchive(s);
    if (archive === null) return `${cmd} unpacks an archive the tool cannot name (stdin or an unknown value)`;
    const o = originOf(archive, steps, index, repo, commands);
    if (o.kind === 'artifact') {
      fedBy.artifact = true;
      return null;
    }
    if (o.kind === 'repo') {
      sources.push(o.path);
      return null;
    }
    return `${cmd} unpacks ${archive}, which is neither a repository file nor something the glue took out of the builder`;
  }
  if (!COPYING.has(s.command)) return `${cmd} writes into the build context; only copies of repository files and of what the glue took out of the builder (cp, mv, install, ln, tar -x) are traced`;
  const operands = copyOperands(s);
  if (operands === null || operands.length < 2) return `${cmd} has an argument that is only known when the glue runs`;
  for (const src of operands.slice(0, -1)) {
    const base = hasGlob(src) ? literalPrefix(src) : src;
    const o = originOf(base, steps, index, repo, commands);
    if (o.kind === 'repo') sources.push(o.path);
    else if (o.kind === 'artifact') fedBy.artifact = true;
    else return `${cmd}: ${src} is neither a repository file nor something the glue took out of the builder (${o.kind === 'glue' ? `it is written by ${o.step.origin.file}:${o.step.origin.line}` : 'nothing the tool follows makes it'})`;
  }
  return null;
}

/** Where the file or directory at `path` came from when step `index` runs, following the glue's copies back. */
export function originOf(path: string, steps: readonly GlueStep[], index: number, repo: RepoView, commands: StreamCommands, depth = 0): Origin {
  if (depth > 20) return { kind: 'none' };
  for (let i = index - 1; i >= 0; i--) {
    const s = steps[i];
    if (s.kind === 'cp' || s.kind === 'cat' || s.kind === 'stream' || s.kind === 'run') {
      if (writtenPaths(s).some((w) => isWithin(path, w) || isWithin(w, path))) return { kind: 'artifact', step: s };
      continue;
    }
    if (s.kind !== 'host') continue;
    if (s.writes.some((w) => w === null || isWithin(path, w))) return { kind: 'glue', step: s };
    if (s.command === 'rm' || s.command === 'rmdir') {
      if (pathsOf(s).some((p) => p !== null && isWithin(path, p))) return { kind: 'none' };
      continue;
    }
    if (s.command === 'tar' && tarMode(s.args.filter((a): a is string => a !== null)) === 'x') {
      const into = normalizeRelative(tarDirectory(s.args.filter((a): a is string => a !== null)) ?? '.', s.cwd);
      if (into !== null && !isWithin(path, into)) continue;
      const archive = tarArchive(s);
      const o = archive === null ? ({ kind: 'none' } as Origin) : originOf(archive, steps, i, repo, commands, depth + 1);
      // What an archive holds is known only for some made by the builder (`tar -cf - app`): others may hold anything.
      const members = o.kind === 'artifact' ? archiveMembers(o.step, commands) : null;
      if (into !== null && members !== null && path !== into && !members.includes(relativeWithin(path, into).split('/')[0])) continue;
      return o.kind === 'artifact' ? o : { kind: 'glue', step: s };
    }
    if (!COPYING.has(s.command)) continue;
    const operands = copyOperands(s);
    if (operands === null) {
      if (s.args.some((a) => a === null)) return { kind: 'glue', step: s };
      continue;
    }
    const dest = operands[operands.length - 1];
    const srcs = operands.slice(0, -1);
    const intoDir = srcs.length > 1 || isDirAt(dest, steps, i, repo);
    for (const src of [...srcs].reverse()) {
      const contents = /\/\.$/.test(s.args.find((a) => a !== null && normalizeRelative(a, s.cwd) === src) ?? '');
      if (hasGlob(baseName(src)) && intoDir) {
        if (!isWithin(path, dest) || path === dest) continue;
        const seg = relativeWithin(path, dest).split('/')[0];
        // The shell's glob leaves out names starting with a dot unless the pattern starts with one.
        if (!matchSegment(baseName(src), seg) || (seg.startsWith('.') && !baseName(src).startsWith('.'))) continue;
        const o = originOf(joinRelative(joinRelative(dirName(src), seg), relativeWithin(path, joinRelative(dest, seg))), steps, i, repo, commands, depth + 1);
        if (o.kind !== 'none') return o;
        continue;
      }
      const target = contents ? dest : intoDir ? joinRelative(dest, baseName(src)) : dest;
      if (!isWithin(path, target)) continue;
      const from = joinRelative(src, relativeWithin(path, target));
      const o = originOf(from, steps, i, repo, commands, depth + 1);
      if (o.kind !== 'none' || !contents) return o;
    }
  }
  const t = repo.typeOf(path);
  return t === 'file' || t === 'dir' ? { kind: 'repo', path } : { kind: 'none' };
}

/** Why the tool cannot tell what an extraction holds. */
function unnamedContent(step: GlueStep, commands: StreamCommands): string {
  const own = commands.get(step);
  if (own) return `it is the output of the image's own command, \`${own.join(' ')}\`, which names no archive members the tool can list`;
  if (step.kind === 'stream' && step.producer.kind === 'run' && step.producer.command.length === 0) return "it is the output of the image's own CMD, which the builder Dockerfile does not spell out word for word; write the command out (`docker run --rm IMG tar -cf - app > app.tar`)";
  return 'its content is not named';
}

/** `path` is a directory when step `index` runs: made by mkdir, unpacked into, or one of the repository's, and not removed since. */
function isDirAt(path: string, steps: readonly GlueStep[], index: number, repo: RepoView): boolean {
  for (let i = index - 1; i >= 0; i--) {
    const s = steps[i];
    if (s.kind !== 'host') {
      if (writtenPaths(s).some((w) => w === path)) return s.kind === 'cp' ? false : s.kind === 'stream' && s.file !== path;
      if (writtenPaths(s).some((w) => isWithin(w, path) && w !== path)) return true;
      continue;
    }
    const paths = pathsOf(s);
    if (s.command === 'mkdir' && paths.some((p) => p !== null && (p === path || (isWithin(p, path) && /(^|\s)-[a-z]*p/.test(s.args.join(' ')))))) return true;
    if ((s.command === 'rm' || s.command === 'rmdir') && paths.some((p) => p !== null && isWithin(path, p))) return false;
    if (s.command === 'tar' && normalizeRelative(tarDirectory(s.args.filter((a): a is string => a !== null)) ?? '.', s.cwd) === path) return true;
    if (COPYING.has(s.command) && writtenPaths(s).some((w) => isWithin(w, path) && w !== path)) return true;
  }
  return repo.typeOf(path) === 'dir';
}

/** A host copy, move or unpack whose destination lies in `dir`. */
function writesInto(s: HostStep, dir: string): boolean {
  if (s.command === 'tar') {
    if (tarMode(s.args.filter((a): a is string => a !== null)) !== 'x') return false;
    const into = normalizeRelative(tarDirectory(s.args.filter((a): a is string => a !== null)) ?? '.', s.cwd);
    return into !== null && isWithin(into, dir);
  }
  if (!COPYING.has(s.command) && s.command !== 'rsync') return false;
  const operands = copyOperands(s);
  const dest = operands?.[operands.length - 1];
  return dest !== undefined && isWithin(dest, dir);
}

/** Operands of cp/mv/install/ln (flags dropped), repository-relative; null when one is unknown or leaves the repository. */
function copyOperands(s: HostStep): string[] | null {
  const out: string[] = [];
  for (const a of s.args) {
    if (a === null) return null;
    if (a.startsWith('-')) continue;
    const p = normalizeRelative(a, s.cwd);
    if (p === null) return null;
    out.push(p);
  }
  return out;
}

/** Paths a host command names (flags dropped; the mode or owner of chmod/chown too). */
function pathsOf(s: HostStep): (string | null)[] {
  const args = s.args.filter((a) => a === null || !a.startsWith('-'));
  const paths = ['chmod', 'chown', 'chgrp'].includes(s.command) ? args.slice(1) : args;
  return paths.map((a) => (a === null ? null : normalizeRelative(a, s.cwd)));
}


function lastIndex<T>(items: readonly T[], test: (t: T) => boolean): number {
  for (let i = items.length - 1; i >= 0; i--) if (test(items[i])) return i;
  return -1;
}
