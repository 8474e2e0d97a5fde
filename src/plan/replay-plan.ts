/**
 * The host-replay stage: FROM the builder, the repository files the host steps read are
 * copied under /host, then one RUN repeats the extractions (`cp -a`, `cat`, the tar stream)
 * and the host commands with /host standing for the repository. The runtime then reads what
 * those steps made from /host, with the legacy COPY's own destination rules.
 */
import { Finding, finding } from '../core/findings';
import { shellPattern as qGlob, shellWord as q } from '../core/quote';
import { baseName, dirName, isWithin, joinRelative, normalizeRelative, relativeWithin } from '../core/paths';
import type { HostReplay } from '../infer/host-replay';
import type { Roles } from '../infer/roles';
import type { BuildStep, GlueStep, StreamStep } from '../interpret/events';
import { REPO_ROOT_MARK } from '../interpret/value';
import { tarDirectory, tarMode } from '../interpret/stream-step';
import { operands } from '../infer/host-layout';
import { ArtifactContent, tarCreateContent, throughCommand } from './add-unpack';
import { DockerignoreRules } from './dockerignore';
import { ignoreFilter } from './ignore-filter';
import type { StageNamer } from './stage-names';
import type { HelperStage } from './types';

const HOST_ROOT = '/host';

export interface ReplayInput {
  replay: HostReplay;
  roles: Roles;
  /** The merged build's context (repository-relative). */
  context: string;
  stageOf: (build: BuildStep) => string;
  runsAsUser: (build: BuildStep) => boolean;
  hasShell: (build: BuildStep) => boolean;
  namer: StageNamer;
  ignore: DockerignoreRules;
  /** A stream whose producer became a build step: the stage and the file its RUN wrote stdout to. */
  streamFrom?: (s: StreamStep) => { stage: string; path: string } | null;
  /** Directories the glue assembles as a context of their own (no .dockerignore): the merged one's rules do not filter them. */
  ownContexts?: string[];
}

export interface ReplayStage {
  helper: HelperStage;
  derived: string[];
  /** Repository files the stage holds as they are in the repository. */
  inputs: string[];
  /** Directories an extraction fills with entries the glue does not name. */
  opaque: string[];
  findings: Finding[];
  /** What the replayed steps prove about the content at a repository path (for ADD). */
  contentOf: (repoPath: string) => ArtifactContent;
}

export function planReplayStage(input: ReplayInput): ReplayStage | null {
  const { replay, roles } = input;
  const findings: Finding[] = [...replay.findings];
  const buildOf = new Map<GlueStep, BuildStep>(roles.extractions.map((e) => [e.step as GlueStep, e.build]));
  const first = replay.steps.find((s) => buildOf.has(s));
  if (!first) return null;
  const base = buildOf.get(first) as BuildStep;
  const at = { file: first.origin.file, line: first.origin.line };
  if (!input.hasShell(base)) {
    findings.push(finding('BUILDER_HAS_NO_SHELL', 'replaying the glue\'s host steps needs a shell in the builder image, which has none', at));
    return { helper: emptyHelper(input, base), derived: replay.derived, inputs: replay.inputs, opaque: replay.opaque, findings, contentOf: () => ({ kind: 'unknown' }) };
  }
  const helper = emptyHelper(input, base);
  helper.asRoot = roles.extractions.some((e) => input.runsAsUser(e.build));
  const host = (p: string) => (p === '' ? HOST_ROOT : `${HOST_ROOT}/${p}`);
  for (const p of replay.inputs) {
    if (input.ignore.ignores(relativeWithin(p, input.context))) {
      findings.push(finding('HOST_STEP_UNSUPPORTED', `the glue reads \`${p}\` on the host, but .dockerignore keeps it out of the build context`, at));
      continue;
    }
    helper.copies.push({ keyword: 'COPY', from: null, chown: null, flags: [], sources: [relativeWithin(p, input.context) || '.'], dest: host(p), json: /\s/.test(p) });
  }
  // Sources of other builders come in through COPY --from, under /stages/<name>.
  const sourceIn = (build: BuildStep, path: string): string => {
    if (build === base) return path;
    const stage = input.stageOf(build);
    const parent = dirName(path) || '/';
    const copy = `/stages/${stage}${parent === '/' ? '' : parent}`;
    if (!helper.copies.some((c) => c.from === stage && c.dest === copy)) helper.copies.push({ keyword: 'COPY', from: stage, chown: null, flags: [], sources: [parent], dest: copy, json: false });
    return `/stages/${stage}${path}`;
  };
  const commands = [`mkdir -p ${HOST_ROOT}`];
  for (const s of replay.steps) {
    const build = buildOf.get(s);
    switch (s.kind) {
      case 'cp': {
        const contents = s.source.endsWith('/.');
        const src = sourceIn(build as BuildStep, s.source.replace(/\/+\.?$/, '') || '/');
        // docker cp -L (and `A/`) follows only the link it names, not links inside (CP-18, CP-20): -H, not -L.
        const follow = s.followLink || (!contents && s.source.endsWith('/'));
        commands.push(`cp -a${follow ? 'H' : ''} ${q(contents ? `${src}/.` : src)} ${q(host(s.dest))}`);
        break;
      }
      case 'cat':
        commands.push(`cat ${q(sourceIn(build as BuildStep, s.source))} > ${q(host(s.dest))}`);
        break;
      case 'stream': {
        const staged = input.streamFrom?.(s) ?? null;
        let producer: string | null = null;
        if (staged) {
          const copy = `/stages/${staged.stage}${staged.path}`;
          helper.copies.push({ keyword: 'COPY', from: staged.stage, chown: null, flags: [], sources: [staged.path], dest: copy, json: false });
          producer = `cat ${q(copy)}`;
        } else if (s.producer.kind === 'run' && s.producer.command.length === 0) {
          // `docker run IMG > out.tar` runs the image's own CMD: without it the stage would write an empty file.
          findings.push(finding('RUN_COMMAND_UNKNOWN', '`docker run` with its output captured runs the image\'s own CMD/ENTRYPOINT here, which this replay does not know; write the command out (`docker run --rm IMG tar -cf - app > app.tar`)', { file: s.origin.file, line: s.origin.line }));
          break;
        }
        commands.push(streamCommand(s, (p) => sourceIn(build as BuildStep, p), host, producer));
        break;
      }
      case 'host': {
        const args = s.args.map((a) => (a as string).split(REPO_ROOT_MARK).join(HOST_ROOT));
        if (args.some((a) => a.startsWith('/') && !a.startsWith(HOST_ROOT))) {
          findings.push(finding('HOST_STEP_UNSUPPORTED', `\`${s.command}\` uses an absolute path outside the repository`, { file: s.origin.file, line: s.origin.line }));
          break;
        }
        // Arguments keep their wildcards: the shell expanded them on the host, and does again here.
        commands.push(`(cd ${q(host(s.cwd))} && ${[s.command, ...args].map(qGlob).join(' ')})`);
        break;
      }
      default:
        break;
    }
  }
  // What the runtime context's .dockerignore hid from those paths is deleted too. A path a
  // replayed mv or rm took away holds nothing to delete, and find would fail on it.
  const mayBeGone = replay.steps.some((s) => s.kind === 'host' && (s.command === 'mv' || s.command === 'rm'));
  for (const d of replay.derived) {
    if (!isWithin(d, input.context) || (input.ownContexts ?? []).some((c) => isWithin(d, c))) continue;
    const rel = relativeWithin(d, input.context);
    if (!input.ignore.hides(rel, true)) continue;
    const f = ignoreFilter(input.ignore, rel, host(d));
    if ('commands' in f) commands.push(...(mayBeGone ? f.commands.map((c) => `{ [ ! -e ${q(host(d))} ] || ${c}; }`) : f.commands));
    else findings.push(finding('DOCKERIGNORE_FILTERS_ARTIFACT', `\`${f.unsupported.negated ? '!' : ''}${f.unsupported.pattern}\` applies to \`${rel}\`, which the glue builds on the host; it cannot be carried into the migrated build exactly`, { file: joinRelative(input.context, '.dockerignore'), line: f.unsupported.line }));
  }
  helper.commands.push(...commands);
  const contents = replayedContents(replay.steps, (s) => (input.streamFrom?.(s) ?? null) !== null);
  return { helper, derived: replay.derived, inputs: replay.inputs, opaque: replay.opaque, findings, contentOf: (p) => contents.get(p) ?? { kind: 'unknown' } };
}

/**
 * What the replayed steps leave at each path they write, as far as their commands prove it:
 * `docker cp C:dir -` and `tar -c` to stdout are tar streams, `gzip`/`bzip2`/`xz` compress
 * them, `tar -x` and `mkdir` make directories. Anything else, a build step's output or a
 * later host command on the path, is unknown.
 */
function replayedContents(steps: readonly GlueStep[], staged: (s: StreamStep) => boolean): Map<string, ArtifactContent> {
  const contents = new Map<string, ArtifactContent>();
  const write = (path: string, c: ArtifactContent) => {
    for (const k of [...contents.keys()]) if (isWithin(k, path) || isWithin(path, k)) contents.delete(k);
    contents.set(path, c);
  };
  for (const s of steps) {
    if (s.kind === 'cp' || s.kind === 'cat') write(s.dest, s.kind === 'cp' && s.source.endsWith('/.') ? { kind: 'dir' } : { kind: 'unknown' });
    if (s.kind === 'stream') {
      const p = s.producer;
      let c: ArtifactContent = staged(s) ? { kind: 'unknown' } : p.kind === 'cp' ? { kind: 'tar', compression: 'none' } : p.command[0] === 'tar' && tarMode(p.command.slice(1)) === 'c' ? tarCreateContent(p.command.slice(1)) : { kind: 'unknown' };
      for (const consumer of s.consumers) c = consumer.command === 'tar' ? { kind: 'unknown' } : throughCommand(c, consumer.command, consumer.args);
      for (const d of s.dests) write(d, d === s.file ? c : { kind: 'dir' });
    }
    if (s.kind === 'host') {
      for (const p of operands(s)) if (p !== null) write(p, s.command === 'mkdir' ? { kind: 'dir' } : { kind: 'unknown' });
      if (s.command === 'tar' && tarMode(s.args.filter((a): a is string => a !== null)) === 'x') {
        const dir = normalizeRelative(tarDirectory(s.args.filter((a): a is string => a !== null)) ?? '.', s.cwd);
        if (dir !== null) write(dir, { kind: 'dir' });
      }
    }
  }
  return contents;
}

function emptyHelper(input: ReplayInput, base: BuildStep): HelperStage {
  const first = input.replay.steps[0];
  const last = input.replay.steps[input.replay.steps.length - 1];
  return {
    name: input.namer.claim(`${input.stageOf(base)}-host`),
    base: input.stageOf(base),
    root: HOST_ROOT,
    copies: [],
    commands: [],
    asRoot: false,
    reason: `the glue's extraction and host steps (${first.origin.file}:${first.origin.line}${last.origin.line !== first.origin.line ? `-${last.origin.line}` : ''}) replayed on ${HOST_ROOT}, which stands for the repository`,
  };
}

/** The stream's producer (or the file a build step wrote its stdout to), then each host command in its directory, then the file it writes. */
function streamCommand(s: StreamStep, source: (p: string) => string, host: (p: string) => string, staged: string | null): string {
  const producer =
    staged ??
    (s.producer.kind === 'run'
      ? s.producer.workdir
        ? `(cd ${q(s.producer.workdir)} && ${s.producer.command.map(q).join(' ')})`
        : s.producer.command.map(q).join(' ')
      : cpStream(source(s.producer.source.replace(/\/+$/, '') || '/'), s.producer.source.endsWith('/.')));
  const parts = [producer, ...s.consumers.map((c) => `(cd ${q(host(c.cwd))} && ${[c.command, ...c.args].map(q).join(' ')})`)];
  return parts.join(' | ') + (s.file !== null ? ` > ${q(host(s.file))}` : '');
}

/** `docker cp C:A -` writes a tar whose entries start with basename(A)/, or ./ for A/. (CP-22). */
function cpStream(path: string, contents: boolean): string {
  const dir = contents ? path.replace(/\/\.$/, '') : dirName(path) || '/';
  return contents ? `tar -c -C ${q(dir)} .` : `tar -c -C ${q(dir)} ${q(baseName(path))}`;
}
