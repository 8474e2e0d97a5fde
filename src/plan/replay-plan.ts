/**
 * The host-replay stage: FROM the builder, the repository files the host steps read are
 * copied under /host, then one RUN repeats the extractions (`cp -a`, `cat`, the tar stream)
 * and the host commands with /host standing for the repository. The runtime then reads what
 * those steps made from /host, with the legacy COPY's own destination rules.
 */
import { Finding, finding } from '../core/findings';
import { shellPattern as qGlob, shellWord as q } from '../core/quote';
import { baseName, dirName, isWithin, joinRelative, relativeWithin } from '../core/paths';
import type { HostReplay } from '../infer/host-replay';
import type { Roles } from '../infer/roles';
import type { BuildStep, GlueStep, StreamStep } from '../interpret/events';
import { REPO_ROOT_MARK } from '../interpret/value';
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
}

export interface ReplayStage {
  helper: HelperStage;
  derived: string[];
  findings: Finding[];
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
    return { helper: emptyHelper(input, base), derived: replay.derived, findings };
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
      case 'stream':
        commands.push(streamCommand(s, (p) => sourceIn(build as BuildStep, p), host));
        break;
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
    if (!isWithin(d, input.context)) continue;
    const rel = relativeWithin(d, input.context);
    if (!input.ignore.hides(rel, true)) continue;
    const f = ignoreFilter(input.ignore, rel, host(d));
    if ('commands' in f) commands.push(...(mayBeGone ? f.commands.map((c) => `{ [ ! -e ${q(host(d))} ] || ${c}; }`) : f.commands));
    else findings.push(finding('DOCKERIGNORE_FILTERS_ARTIFACT', `\`${f.unsupported.negated ? '!' : ''}${f.unsupported.pattern}\` applies to \`${rel}\`, which the glue builds on the host; it cannot be carried into the migrated build exactly`, { file: joinRelative(input.context, '.dockerignore'), line: f.unsupported.line }));
  }
  helper.commands.push(...commands);
  return { helper, derived: replay.derived, findings };
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

/** The stream's producer, then each host command in its directory, then the file it writes. */
function streamCommand(s: StreamStep, source: (p: string) => string, host: (p: string) => string): string {
  const producer =
    s.producer.kind === 'run'
      ? s.producer.workdir
        ? `(cd ${q(s.producer.workdir)} && ${s.producer.command.map(q).join(' ')})`
        : s.producer.command.map(q).join(' ')
      : cpStream(source(s.producer.source.replace(/\/+$/, '') || '/'), s.producer.source.endsWith('/.'));
  const parts = [producer, ...s.consumers.map((c) => `(cd ${q(host(c.cwd))} && ${[c.command, ...c.args].map(q).join(' ')})`)];
  return parts.join(' | ') + (s.file !== null ? ` > ${q(host(s.file))}` : '');
}

/** `docker cp C:A -` writes a tar whose entries start with basename(A)/, or ./ for A/. (CP-22). */
function cpStream(path: string, contents: boolean): string {
  const dir = contents ? path.replace(/\/\.$/, '') : dirName(path) || '/';
  return contents ? `tar -c -C ${q(dir)} .` : `tar -c -C ${q(dir)} ${q(baseName(path))}`;
}

