/**
 * One `docker …` command of the glue → a pipeline step (build, container, copy out, cleanup),
 * or a finding when it is used in a form the migration cannot reproduce exactly.
 */
import { normalizeAbsolute, normalizeRelative } from '../core/paths';
import type { Statement, Word } from '../parse/shell/ast';
import { DockerInvocation, hasOption, optionValues, parseDockerArgs } from './docker-cli';
import type { BuildArg, BuildFlag, Origin } from './events';
import { displayPath, hostPath } from './host-path';
import { runStep } from './run-step';
import { stdoutFile, streamConsumers } from './stream-step';
import type { Frame, RunContext, ShellInterpreter } from './shell';
import { Value, asLiteral, concat, display, isPositional, literal, resolve, symbol, unresolvedPart } from './value';

export interface DockerCall {
  stmt: Extract<Statement, { type: 'command' }>;
  frame: Frame;
  ctx: RunContext;
  origin: Origin;
  /** Arguments after `docker`. */
  args: Value[];
  words: Word[];
  /** For each argument, the index of the word it came from. */
  fieldWord: number[];
  /** Words before `docker` (`sudo`, …). */
  prefixWords: number;
  /** Assignments written before the command (`DOCKER_BUILDKIT=1 docker build`). */
  env: Map<string, Value>;
}

/** Subcommands that only read or tidy up and never change what gets built or extracted. */
const HARMLESS = new Set(['ps', 'images', 'inspect', 'logs', 'version', 'info', 'login', 'logout', 'pull', 'push', 'tag', 'wait', 'prune', 'system', 'network', 'volume']);

/** Records the step for one docker command; returns what it prints when that matters (a container id). */
export function dockerStep(it: ShellInterpreter, call: DockerCall): Value | null {
  const inv = parseDockerArgs(call.args);
  const { frame, origin } = call;
  if (!inv) {
    it.steps.push({ kind: 'other', origin, command: 'docker', args: [], cwd: frame.cwd ?? '' });
    return null;
  }
  if (!HARMLESS.has(inv.subcommand)) {
    for (const flag of inv.unknownFlags) {
      it.report('DOCKER_UNKNOWN_FLAG', `\`docker ${inv.subcommand}\` flag ${flag} is not known to this tool, so its effect on the migration cannot be judged`, frame.file, origin.line);
    }
  }
  if (inv.unknownFlags.length > 0 && !HARMLESS.has(inv.subcommand)) return null;
  switch (inv.subcommand) {
    case 'build':
      buildStep(it, call, inv);
      return null;
    case 'create':
    case 'run':
      return containerStep(it, call, inv);
    case 'cp':
      copyStep(it, call, inv);
      return null;
    case 'rm':
    case 'stop':
    case 'kill':
      it.steps.push({ kind: 'container-cleanup', origin, containers: inv.positionals.map((p) => p.value) });
      return null;
    case 'rmi':
      it.steps.push({ kind: 'image-cleanup', origin, images: inv.positionals.map((p) => p.value) });
      return null;
    default:
      it.steps.push({ kind: 'docker-other', origin, invocation: inv, image: ['tag', 'push', 'start'].includes(inv.subcommand) ? (inv.positionals[0]?.value ?? null) : null });
      return null;
  }
}

/** Resolves a value the migration must know as text, or reports why it cannot. */
function needText(it: ShellInterpreter, call: DockerCall, v: Value, what: string): string | null {
  const r = resolve(v);
  if (r) {
    for (const name of r.assumed) {
      it.report('ENV_DEFAULT_ASSUMED', `${what}: ${name} is taken to be unset, so its default is used`, call.frame.file, call.origin.line);
    }
    return r.text;
  }
  const part = unresolvedPart(v);
  // Report where the glue made the value unknowable, when it says.
  if (part?.origin?.cause === 'read') {
    it.report('GLUE_INTERACTIVE', `${what} uses ${part.display}, which the glue reads from the user`, part.origin.file, part.origin.line);
    return null;
  }
  if (part?.origin?.cause === 'getopts') {
    it.report('GLUE_POSITIONAL_PARAMETER', `${what} uses ${part.display}, chosen by command-line options (getopts): the migration cannot know which pipeline runs`, part.origin.file, part.origin.line);
    return null;
  }
  if (isPositional(v)) {
    it.report('GLUE_POSITIONAL_PARAMETER', `${what} depends on the script's arguments (${part?.display ?? '$1'}); the migration cannot know which pipeline runs`, call.frame.file, call.origin.line);
  } else {
    it.report('GLUE_UNRESOLVED_VALUE', `${what} uses ${part?.display ?? display(v)}, which is only known when the glue runs`, call.frame.file, call.origin.line);
  }
  return null;
}

function needHostPath(it: ShellInterpreter, call: DockerCall, text: string, what: string): string | null {
  const p = hostPath(text, call.frame.cwd);
  if (p.ok) return p.path;
  if (p.reason === 'outside') {
    it.report('PATH_OUTSIDE_REPOSITORY', `${what} \`${displayPath(text)}\` is outside the repository; the tool never reads or writes there`, call.frame.file, call.origin.line);
  } else {
    it.report('GLUE_WORKDIR_UNKNOWN', `${what} \`${text}\` is relative, and the directory the glue is in at this point cannot be known`, call.frame.file, call.origin.line);
  }
  return null;
}

/** The words an option or positional came from, as written in the glue. */
function writtenText(call: DockerCall, argIndices: number[]): string {
  const words = [...new Set(argIndices.map((i) => call.fieldWord[i]))].sort((a, b) => a - b);
  return words.map((w) => call.words[w].text).join(' ');
}

function buildStep(it: ShellInterpreter, call: DockerCall, inv: DockerInvocation): void {
  const { frame, origin } = call;
  if (call.stmt.redirects.some((r) => r.heredoc || r.op === '<' || r.op === '<<<') || inv.positionals.some((p) => asLiteral(p.value) === '-')) {
    it.report('DOCKER_UNSUPPORTED_FORM', 'the Dockerfile or context comes from standard input; the migration needs it as a file in the repository', frame.file, origin.line);
    return;
  }
  if (inv.positionals.length !== 1) {
    it.report('DOCKER_UNSUPPORTED_FORM', `docker build needs exactly one context argument, found ${inv.positionals.length}`, frame.file, origin.line);
    return;
  }
  const ctxText = needText(it, call, inv.positionals[0].value, 'the build context');
  if (ctxText === null) return;
  if (/^(https?|git):\/\/|^git@|\.git(#|$)/.test(ctxText)) {
    it.report('DOCKER_UNSUPPORTED_FORM', `the build context \`${ctxText}\` is remote; the migration needs it in the repository`, frame.file, origin.line);
    return;
  }
  const context = needHostPath(it, call, ctxText, 'the build context');
  if (context === null) return;
  const fileValue = optionValues(inv, 'file')[0];
  let dockerfile = normalizeRelative('Dockerfile', context) as string;
  if (fileValue) {
    const fileText = needText(it, call, fileValue, 'the Dockerfile path');
    if (fileText === null) return;
    if (fileText === '-') {
      it.report('DOCKER_UNSUPPORTED_FORM', 'the Dockerfile comes from standard input (-f -)', frame.file, origin.line);
      return;
    }
    const p = needHostPath(it, call, fileText, 'the Dockerfile');
    if (p === null) return;
    dockerfile = p;
  }
  const buildArgs: BuildArg[] = [];
  const flags: BuildFlag[] = [];
  let target: string | null = null;
  for (const o of inv.options) {
    const written = writtenText(call, o.argIndices);
    if (o.name === 'build-arg' && o.value) {
      const text = asLiteral({ parts: o.value.parts.slice(0, 1), glob: false }) ?? '';
      const eq = text.indexOf('=');
      const name = eq < 0 ? text : text.slice(0, eq);
      const value = eq < 0 ? null : concat([literal(text.slice(eq + 1)), { parts: o.value.parts.slice(1), glob: false }]);
      buildArgs.push({ name, value: eq < 0 && o.value.parts.length === 1 ? call.frame.vars.get(name) ?? null : value, written });
    } else if (o.name === 'target' && o.value) {
      target = needText(it, call, o.value, 'the build target');
    } else if (o.name !== 'file' && o.name !== 'tag') {
      flags.push({ name: o.name, value: o.value, written });
    }
  }
  const kitVar = call.env.get('DOCKER_BUILDKIT') ?? frame.vars.get('DOCKER_BUILDKIT');
  const kitText = kitVar ? asLiteral(kitVar) : null;
  it.steps.push({
    kind: 'build',
    origin,
    dockerfile,
    dockerfileNamed: fileValue !== undefined,
    context,
    tags: optionValues(inv, 'tag'),
    buildArgs,
    target: target?.toLowerCase() ?? null,
    flags,
    buildkit: inv.buildx ? true : kitText === '1' ? true : kitText === '0' ? false : null,
    words: call.words,
    prefixWords: call.prefixWords,
    contextWord: call.fieldWord[inv.positionals[0].argIndex],
    cwd: frame.cwd ?? '',
    optionWords: inv.options.map((o) => ({ name: o.name, words: [...new Set(o.argIndices.map((i) => call.fieldWord[i]))] })),
    invocation: inv,
  });
}

function containerStep(it: ShellInterpreter, call: DockerCall, inv: DockerInvocation): Value | null {
  const { frame, origin } = call;
  const image = inv.positionals[0]?.value;
  if (!image) {
    it.report('DOCKER_UNSUPPORTED_FORM', `docker ${inv.subcommand} without an image`, frame.file, origin.line);
    return null;
  }
  const command = inv.positionals.slice(1).map((p) => p.value);
  const detached = hasOption(inv, 'detach');
  if (inv.subcommand === 'run' && !detached) return foregroundRun(it, call, inv, image, command);
  const id = symbol(it.fresh('container'), 'container', `$(docker ${inv.subcommand} …)`);
  const handles: Value[] = [id, ...optionValues(inv, 'name')];
  it.steps.push({ kind: 'container', origin, mode: inv.subcommand === 'run' ? 'run' : 'create', handles, image, command, invocation: inv });
  return id;
}

/**
 * `docker run --rm IMG cat PATH > FILE` is an extraction; any other foreground run is kept as it
 * is (inference decides later whether it touches a builder image).
 */
function foregroundRun(it: ShellInterpreter, call: DockerCall, inv: DockerInvocation, image: Value, command: Value[]): Value | null {
  const { frame, origin, stmt } = call;
  const out = stmt.redirects.filter((r) => !r.heredoc && r.target && (r.fd === null || r.fd === 1) && (r.op === '>' || r.op === '>>' || r.op === '>|'));
  const entrypoint = optionValues(inv, 'entrypoint')[0];
  // `docker run --entrypoint cat IMG /path` is the same extraction as `docker run IMG cat /path`.
  const words = entrypoint && asLiteral(entrypoint) === 'cat' ? ['cat', ...command.map((c) => asLiteral(c))] : command.map((c) => asLiteral(c));
  const catPath = words[0] === 'cat' && words.length === 2 ? words[1] : words.length === 3 && /^(ba)?sh$/.test(words[0] ?? '') && words[1] === '-c' ? /^cat\s+(\S+)$/.exec(words[2] ?? '')?.[1] ?? null : null;
  if (out.length === 1 && catPath) {
    const dest = it.redirectTarget(out[0], frame, call.ctx);
    if (dest === null || dest.outside) {
      it.report(dest === null ? 'GLUE_UNRESOLVED_VALUE' : 'PATH_OUTSIDE_REPOSITORY', `the file \`docker run … cat\` writes to (${out[0].target?.text}) must be a known path in the repository`, frame.file, origin.line);
      return null;
    }
    if (hasOption(inv, 'tty')) {
      it.report('EXTRACTION_UNSUPPORTED', '`docker run -t … > file`: a terminal turns \\n into \\r\\n and corrupts binary output, so the legacy file differs from the builder\'s (drop -t)', frame.file, origin.line);
      return null;
    }
    it.steps.push({ kind: 'cat', origin, image, source: catPath, dest: dest.path, append: out[0].op === '>>', invocation: inv });
    return null;
  }
  if (out.length > 0 || call.ctx.pipeTo) {
    if (hasOption(inv, 'tty')) {
      it.report('EXTRACTION_UNSUPPORTED', '`docker run -t` with its output captured: a terminal turns \\n into \\r\\n and corrupts binary output, so the legacy file differs from the builder\'s (drop -t)', frame.file, origin.line);
      return null;
    }
    const words = command.map((c) => resolve(c)?.text ?? null);
    if (words.some((w) => w === null || w.includes('\u0000'))) {
      it.report('GLUE_UNRESOLVED_VALUE', 'the command whose output is captured from `docker run` is only known when the glue runs', frame.file, origin.line);
      return null;
    }
    if (optionValues(inv, 'volume').length > 0 || optionValues(inv, 'mount').length > 0 || optionValues(inv, 'env').length > 0) {
      it.report('EXTRACTION_UNSUPPORTED', '`docker run` with mounts or environment whose output is also captured is not migrated by this version', frame.file, origin.line);
      return null;
    }
    const target = stdoutFile(stmt.redirects);
    const c = streamConsumers(call.ctx.pipeTo, target ? it.redirectTarget(target, frame, call.ctx) : undefined, frame.cwd ?? '');
    if (!c.ok) {
      it.report(c.code, c.problem, frame.file, origin.line);
      return null;
    }
    const workdir = optionValues(inv, 'workdir')[0];
    it.steps.push({
      kind: 'stream',
      origin,
      producer: { kind: 'run', image, command: words as string[], workdir: workdir ? (resolve(workdir)?.text ?? null) : null, invocation: inv },
      consumers: c.consumers,
      file: c.file,
      dests: c.dests,
    });
    return null;
  }
  const stdout = call.ctx.piped ? 'pipe' : 'terminal';
  const run = runStep(inv, image, command, frame);
  if (!run.ok) {
    it.report(run.code, run.problem, frame.file, origin.line);
    return null;
  }
  it.steps.push({ ...run.step, origin, stdout });
  return null;
}

function copyStep(it: ShellInterpreter, call: DockerCall, inv: DockerInvocation): void {
  const { frame, origin } = call;
  if (inv.positionals.length !== 2) {
    it.report('DOCKER_UNSUPPORTED_FORM', `docker cp needs a source and a destination, found ${inv.positionals.length} arguments`, frame.file, origin.line);
    return;
  }
  const [src, dst] = inv.positionals.map((p) => p.value);
  const from = splitContainerPath(src);
  const into = splitContainerPath(dst);
  if (!from && into) {
    it.steps.push({ kind: 'docker-other', origin, invocation: inv, image: null });
    return;
  }
  if (!from) {
    it.report('DOCKER_UNSUPPORTED_FORM', `neither side of \`docker cp ${display(src)} ${display(dst)}\` names a container`, frame.file, origin.line);
    return;
  }
  if (from.path.glob) {
    it.report('LEGACY_CP_FAILS', `docker cp takes no wildcards: \`${display(from.path)}\` names no file in the container, so the legacy glue fails here`, frame.file, origin.line);
    return;
  }
  const source = needText(it, call, from.path, 'the path copied out of the container');
  const destText = needText(it, call, dst, 'the docker cp destination');
  if (source === null || destText === null) return;
  if (normalizeAbsolute(source) === '/') {
    // A RUN that copies `/` takes /proc, /sys, the build's /etc/hosts and itself; docker cp does not.
    it.report('EXTRACTION_UNSUPPORTED', `\`docker cp\` of the container's whole root (\`${display(from.path) || '/'}\`) has no exact form in a build step`, frame.file, origin.line);
    return;
  }
  if (destText === '-') {
    const out = stdoutFile(call.stmt.redirects);
    const c = streamConsumers(call.ctx.pipeTo, out ? it.redirectTarget(out, frame, call.ctx) : undefined, frame.cwd ?? '');
    if (!c.ok) {
      it.report(c.code, c.problem, frame.file, origin.line);
      return;
    }
    it.steps.push({ kind: 'stream', origin, producer: { kind: 'cp', container: from.container, source }, consumers: c.consumers, file: c.file, dests: c.dests });
    return;
  }
  const dest = needHostPath(it, call, destText, 'the docker cp destination');
  if (dest === null) return;
  it.steps.push({
    kind: 'cp',
    origin,
    container: from.container,
    source,
    dest,
    destSlash: destText.endsWith('/'),
    followLink: hasOption(inv, 'follow-link'),
    values: { source: from.path, dest: dst, cwd: frame.cwd ?? '' },
  });
}

/**
 * `CONTAINER:PATH` → its two halves; null for a host path. As in docker's own rule, a colon
 * only separates a container when no `/` comes before it.
 */
export function splitContainerPath(v: Value): { container: Value; path: Value } | null {
  for (let i = 0; i < v.parts.length; i++) {
    const p = v.parts[i];
    if (!('lit' in p)) continue;
    const colon = p.lit.indexOf(':');
    const slash = p.lit.indexOf('/');
    if (slash >= 0 && (colon < 0 || slash < colon)) return null;
    if (colon < 0) continue;
    const before = [...v.parts.slice(0, i), ...(colon > 0 ? [{ lit: p.lit.slice(0, colon) }] : [])];
    const after = [...(colon + 1 < p.lit.length ? [{ lit: p.lit.slice(colon + 1) }] : []), ...v.parts.slice(i + 1)];
    if (before.length === 0) return null;
    return { container: { parts: before, glob: false }, path: { parts: after, glob: v.glob } };
  }
  return null;
}
