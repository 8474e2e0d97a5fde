/**
 * Builds at run time (`docker run -v "$PWD":/src -w /src IMG go build …`) → a stage that does
 * the same as a build step: the bind-mounted repository directories are copied in where the
 * mounts were, the run's working directory, environment and user are set, and its command
 * becomes a RUN. The runtime then copies the outputs from that stage.
 */
import { Finding, finding } from '../core/findings';
import { baseName, isWithin, joinRelative, relativeWithin } from '../core/paths';
import type { RepoView } from '../core/repo';
import { builderPathKind } from '../infer/builder-paths';
import { operands } from '../infer/host-layout';
import { imageCommand, imageDefaults } from '../infer/image-command';
import type { Extraction, RunExtraction } from '../infer/roles';
import type { BuildStep, GlueStep, HostStep, RunStep } from '../interpret/events';
import { repositoryName } from '../infer/images';
import { Value, asLiteral, display, resolve } from '../interpret/value';
import type { DockerStage, DockerfileModel } from '../parse/dockerfile';
import { DockerignoreRules } from './dockerignore';
import type { StageNamer } from './stage-names';
import { sanitize } from './stage-names';
import type { MountFiller } from './mount-fillers';
import { jsonArray, shellWord } from '../core/quote';

export interface RunStagePlan {
  run: RunExtraction;
  name: string;
  /** The stage or image it starts FROM. */
  base: string;
  /** Instructions after FROM, one per line. */
  lines: string[];
  glue: string;
  /**
   * Values the run took from the glue at run time (`$VERSION`, `$(git rev-parse HEAD)`): the
   * stage declares them as ARGs, and the merged docker build must pass them, as written here
   * (shell syntax, or make syntax for a Makefile).
   */
  buildArgs: { name: string; written: string }[];
  /** Where the RUN writes the run's stdout (`/tmp/<stage>.stdout`), when its output is captured; else null. */
  stdout: string | null;
}

export interface RunStageInput {
  repo: RepoView;
  /** The merged build's context (repository-relative). */
  context: string;
  ignore: DockerignoreRules;
  namer: StageNamer;
  buildkit: boolean;
  /** Stage name and Dockerfile of a builder the glue builds. */
  builderOf: (run: RunExtraction) => { name: string; model: DockerfileModel; image: DockerStage; hasShell: boolean } | null;
  /** ARG names the merged Dockerfile already uses: a run's value gets another name. */
  takenArgs: Set<string>;
  /** Whether a glue line before `run` creates the repository path (`mkdir -p out`). */
  madeByGlue?: (path: string, run: RunStep) => boolean;
  /** What else in the repository fills a path (another script's `git clone`, a build tool's output folder). */
  filledElsewhere?: (path: string) => MountFiller | null;
  /** Whether the glue file holding a step is a Makefile (its values are written `$(NAME)`). */
  inMakefile: (file: string) => boolean;
}

export function planRunStages(runs: readonly RunExtraction[], input: RunStageInput): { stages: RunStagePlan[]; findings: Finding[] } {
  const stages: RunStagePlan[] = [];
  const findings: Finding[] = [];
  for (const run of runs) {
    const step = run.step;
    const at = { file: step.origin.file, line: step.origin.line };
    const builder = input.builderOf(run);
    const base = builder ? builder.name : (run.image as string);
    const name = input.namer.claim(builder ? `${builder.name}-run` : `${sanitize(repositoryName(base))}-build`);
    const lines: string[] = [];
    const binds = step.mounts.filter((m): m is Extract<typeof m, { kind: 'bind' }> => m.kind === 'bind');
    const writable = binds.filter((m) => !m.readOnly && m.host !== null);
    const overlap = writable.find((w) => binds.some((o) => o !== w && o.host !== null && w.host !== null && (isWithin(o.host, w.host) || isWithin(w.host, o.host))));
    if (overlap) {
      findings.push(finding('EXTRACTION_UNSUPPORTED', `the run mounts \`${overlap.host}\` twice (one mount inside another); files written through one would show in both on the host, which stages cannot reproduce`, at));
      continue;
    }
    if (run.stdout && writable.length > 0) {
      findings.push(finding('EXTRACTION_UNSUPPORTED', `the run writes into the repository through ${writable[0].written} and its output is captured too; a build step gives one of the two`, at));
      continue;
    }
    const caches: string[] = [];
    for (const m of binds) {
      if (m.host === null) {
        // A package manager's download cache from the host only makes the build faster.
        if (isHostCache(m.target)) caches.push(m.target);
        else findings.push(finding('RUN_INPUTS_CHANGED', `${m.written} mounts a directory outside the repository (credentials, host files?); the build step does not see it`, at));
        continue;
      }
      // A bind mount hides what the image has at the target.
      if (builder && builderPathKind(builder.model, builder.image, m.target).kind !== 'unknown') lines.push(`RUN rm -rf ${m.target}`);
      const rel = relativeWithin(m.host, input.context);
      const type = input.repo.typeOf(m.host);
      const missing = type === null && !input.madeByGlue?.(m.host, step);
      // docker run -v makes a missing folder empty, as mkdir does; not when something else fills it.
      const filler = missing ? (input.filledElsewhere?.(m.host) ?? null) : null;
      if (missing && (m.mustExist || filler)) {
        const why = !filler
          ? 'the run fails without it, and what it would read there comes from outside this pipeline'
          : `${filler.file}:${filler.line} fills it (${filler.how}), which the glue does not run: ${m.mustExist ? 'the run fails without it' : 'the legacy run read what that left there, where the migrated build step would start from an empty folder'}`;
        findings.push(finding('RUN_MOUNT_MISSING', `${m.written} mounts \`${m.host}\`, which the repository does not hold and no earlier glue line makes; ${why}`, at));
        continue;
      }
      if (type === 'dir') lines.push(`COPY ${rel === '' ? '.' : rel} ${m.target}`);
      else if (type === 'file') lines.push(`COPY ${rel} ${m.target}`);
      else lines.push(`RUN mkdir -p ${m.target}`);
      const hidden = type === 'dir' ? ignoredBelow(input, m.host) : [];
      if (hidden.length > 0) {
        findings.push(finding('RUN_INPUTS_CHANGED', `the run saw ${hidden.slice(0, 3).join(', ')}${hidden.length > 3 ? ', …' : ''} through the mount, but .dockerignore keeps ${hidden.length > 1 ? 'them' : 'it'} out of the build step`, at));
      }
    }
    if (step.workdir) lines.push(`WORKDIR ${step.workdir}`);
    const args = new RunArgs(input, at.file);
    let unknown = false;
    for (const e of step.env) {
      const plain = e.value ? fixedText(e.value) : null;
      if (plain !== null) {
        lines.push(`ENV ${e.name}=${/^[A-Za-z0-9_./:,@%+=-]+$/.test(plain) ? plain : JSON.stringify(plain)}`);
        continue;
      }
      const word = e.value ? args.word(e.value) : args.word({ parts: [{ sym: `env:${e.name}`, kind: 'env', display: `$${e.name}` }], glob: false });
      if (word === null) {
        findings.push(finding('GLUE_UNRESOLVED_VALUE', `-e ${e.name} takes a value this tool cannot carry into a build step`, at));
        unknown = true;
        continue;
      }
      lines.push(`ENV ${e.name}=${word}`);
    }
    if (step.user) lines.push(`USER ${step.user}`);
    const command = runCommand(run, builder, args);
    if ('problem' in command) {
      findings.push(finding(command.code, command.problem, at));
      continue;
    }
    if (unknown) continue;
    if (run.stdout && builder && !builder.hasShell) {
      findings.push(finding('BUILDER_HAS_NO_SHELL', 'the run\'s output is captured; writing it to a file in a build step needs a shell in the builder image, which has none', at));
      continue;
    }
    caches.push(...step.mounts.filter((m) => m.kind === 'volume').map((m) => m.target));
    if (caches.length > 0 && !input.buildkit) findings.push(finding('RUN_CACHE_DROPPED', `the run's cache${caches.length > 1 ? 's' : ''} (${caches.join(', ')}) only made it faster; the build step starts without ${caches.length > 1 ? 'them' : 'it'} (with --buildkit, a cache mount keeps ${caches.length > 1 ? 'them' : 'it'} between builds)`, at));
    const stdout = run.stdout ? `/tmp/${name}.stdout` : null;
    const cacheFlags = input.buildkit ? caches.map((t) => `--mount=type=cache,target=${t}`) : [];
    lines.push(['RUN', ...cacheFlags, stdout ? `${shellForm(command)} > ${stdout}` : execOrShell(command)].join(' '));
    stages.push({ run, name, base, lines: [...args.declarations(), ...lines], glue: `${at.file}:${at.line}`, buildArgs: args.passed(), stdout });
  }
  return { stages, findings };
}

/**
 * Streams that are builds at run time: `docker run IMG > out.tar` runs the image's CMD,
 * `docker run -v ~/.m2:/root/.m2 -e X=1 IMG … > app.tar.gz` its command with mounts and
 * environment. Each becomes a build step whose RUN writes the stdout to a file; a plain
 * `docker run IMG tar -c …` of an image without ENTRYPOINT is replayed as it is.
 */
export function stagedStreams(extractions: readonly Extraction[], builderOf: (b: BuildStep) => { model: DockerfileModel; image: DockerStage } | undefined): RunExtraction[] {
  const out: RunExtraction[] = [];
  for (const e of extractions) {
    if (e.step.kind !== 'stream' || e.step.producer.kind !== 'run') continue;
    const p = e.step.producer;
    const side = builderOf(e.build);
    const plainRead = p.command.length > 0 && /^(tar|cat)$/.test(baseName(p.command[0]));
    const shaped = p.run.env.length > 0 || p.run.mounts.length > 0 || p.run.user !== null || p.run.entrypoint !== null;
    const entrypoint = side ? imageDefaults(side.model, side.image).entrypoint !== null : false;
    if (!plainRead || shaped || entrypoint) out.push({ step: p.run, build: e.build, image: null, stdout: e.step });
  }
  return out;
}

/** A predicate for `madeByGlue`: a host command before the run writes the path or below it. */
export function madeBefore(steps: readonly GlueStep[]): (path: string, run: RunStep) => boolean {
  return (path, run) => steps.slice(0, steps.indexOf(run)).some((s): s is HostStep => s.kind === 'host' && ['mkdir', 'cp', 'mv', 'tar', 'touch', 'install', 'ln'].includes(s.command) && operands(s).some((p) => p !== null && isWithin(p, path)));
}

/** The value's text when it holds no run-time part at all (no environment default either); else null. */
function fixedText(v: Value): string | null {
  const r = resolve(v);
  return r && r.assumed.length === 0 && !r.text.includes('\u0000') ? r.text : null;
}

function ignoredBelow(input: RunStageInput, dir: string): string[] {
  const out: string[] = [];
  const stack = [dir];
  while (stack.length > 0 && out.length < 20) {
    const d = stack.pop() as string;
    for (const n of input.repo.listDir(d) ?? []) {
      const p = joinRelative(d, n);
      if (input.ignore.ignores(relativeWithin(p, input.context))) out.push(p);
      else if (input.repo.typeOf(p) === 'dir') stack.push(p);
    }
  }
  return out.sort();
}

/**
 * What the RUN runs: an argv (exec form), shell text of the image (`CMD make && tar -cf - .`),
 * or words already quoted for the RUN's shell (values that become build args).
 */
type Command = { argv: string[] } | { shell: string } | { words: string } | { problem: string; code: 'GLUE_UNRESOLVED_VALUE' | 'RUN_COMMAND_UNKNOWN' };
type Runnable = Exclude<Command, { problem: string }>;

/** As a RUN of its own: exec form, or the shell form `sh -c SCRIPT` stands for. */
function execOrShell(c: Runnable): string {
  if ('words' in c) return c.words;
  if ('shell' in c) return c.shell;
  const argv = c.argv;
  // `sh -c SCRIPT` is what the shell form of RUN runs anyway: write it that way.
  if (argv.length === 3 && (argv[0] === 'sh' || argv[0] === '/bin/sh') && argv[1] === '-c' && !/\n/.test(argv[2])) return argv[2];
  return jsonArray(argv);
}

/** As one command of a shell-form RUN, so its stdout can be redirected as a whole. */
function shellForm(c: Runnable): string {
  if ('words' in c) return c.words;
  if ('shell' in c) return `/bin/sh -c ${shellWord(c.shell)}`;
  return c.argv.map(shellWord).join(' ');
}

const HOST_CACHES = /(^|\/)(\.m2|\.m2\/repository|\.gradle(\/caches)?|\.ivy2|\.sbt|\.npm|\.yarn|\.pnpm-store|\.cache(\/[\w.-]+)?|\.cargo\/(registry|git)|\.composer|\.nuget\/packages|go\/pkg\/mod)\/?$/;

/** A container path where package managers keep their downloads (`/root/.m2`, `/go/pkg/mod`). */
export function isHostCache(target: string): boolean {
  return HOST_CACHES.test(target);
}

/**
 * Values of the glue that the run used: literal text stays text; environment variables and
 * command output become ARGs of the stage, passed by the merged build with the glue's own
 * expression, so `VERSION=2.0 ./build.sh` still builds version 2.0.
 */
class RunArgs {
  private readonly args = new Map<string, { name: string; written: string; fallback: string | null }>();

  constructor(
    private readonly input: RunStageInput,
    private readonly file: string,
  ) {}

  get symbolic(): boolean {
    return this.args.size > 0;
  }

  /** A double-quoted shell word for `v`, or null when a part cannot be carried. */
  word(v: Value): string | null {
    const plain = fixedText(v);
    if (plain !== null && /^[A-Za-z0-9_./:,@%+=-]+$/.test(plain)) return plain;
    let out = '';
    for (const p of v.parts) {
      if ('lit' in p) out += p.lit.replace(/[\\"$`]/g, (c) => `\\${c}`);
      else if ('hostDir' in p) return null;
      else if (p.kind === 'env' && p.sym.startsWith('env:') && !p.sym.endsWith('+')) out += `\${${this.arg(p.sym.slice(4), p.fallback ? resolve(p.fallback)?.text ?? null : null)}}`;
      else if (p.kind === 'output' && p.display.startsWith('$(')) out += `\${${this.arg(`RUN_VALUE_${this.args.size + 1}`, null, p.display)}}`;
      else return null;
    }
    return `"${out}"`;
  }

  private arg(glueName: string, fallback: string | null, expression?: string): string {
    const key = expression ?? glueName;
    const known = this.args.get(key);
    if (known) return known.name;
    let name = glueName;
    for (let n = 2; this.input.takenArgs.has(name); n++) name = `RUN_${glueName}${n > 2 ? `_${n}` : ''}`;
    this.input.takenArgs.add(name);
    const make = this.input.inMakefile(this.file);
    const written = expression ?? (make ? `$(${glueName})` : `"$${glueName}"`);
    this.args.set(key, { name, written: `--build-arg ${name}=${written.startsWith('"') ? written : `"${written}"`}`, fallback });
    return name;
  }

  declarations(): string[] {
    return [...this.args.values()].map((a) => `ARG ${a.name}${a.fallback !== null ? `=${a.fallback}` : ''}`);
  }

  passed(): { name: string; written: string }[] {
    return [...this.args.values()].map((a) => ({ name: a.name, written: a.written }));
  }
}

/** The run's command as a RUN: from the glue's words, or the image's own ENTRYPOINT/CMD. */
function runCommand(run: RunExtraction, builder: { model: DockerfileModel; image: DockerStage } | null, values: RunArgs): Command {
  const literalWords = run.step.command.map(fixedText);
  const defaults = builder ? imageDefaults(builder.model, builder.image) : null;
  if (literalWords.some((w) => w === null)) {
    // Words only known at run time: shell form, with the values as build args.
    const words = run.step.command.map((v) => values.word(v));
    if (words.some((w) => w === null)) return { code: 'GLUE_UNRESOLVED_VALUE', problem: `the command of \`docker run\` (${run.step.command.map(display).join(' ')}) uses a value this tool cannot carry into a build step` };
    if (run.step.entrypoint || defaults?.entrypoint) return { code: 'RUN_COMMAND_UNKNOWN', problem: 'a command with run-time values behind an ENTRYPOINT' };
    return { words: words.join(' ') };
  }
  let entrypoint: string | undefined;
  if (run.step.entrypoint) {
    const e = asLiteral(run.step.entrypoint);
    if (e === null) return { code: 'GLUE_UNRESOLVED_VALUE', problem: '--entrypoint is only known when the glue runs' };
    entrypoint = e;
  }
  if (!defaults) {
    if (literalWords.length === 0 && entrypoint === undefined) return { code: 'RUN_COMMAND_UNKNOWN', problem: `\`docker run ${run.image}\` runs that image's default command, which this tool cannot see` };
    return { argv: [...(entrypoint ? [entrypoint] : []), ...(literalWords as string[])] };
  }
  const cmd = imageCommand(defaults, literalWords as string[], entrypoint);
  if (!cmd.ok) return { code: 'RUN_COMMAND_UNKNOWN', problem: cmd.problem };
  if (defaults.shell && !/(^|\/)(ba|da|a|z)?sh$/.test(defaults.shell[0])) return { code: 'RUN_COMMAND_UNKNOWN', problem: `${defaults.path} sets SHELL ${JSON.stringify(defaults.shell)}, which this tool does not write commands for` };
  return cmd.shellText !== null && defaults.shell === null ? { shell: cmd.shellText } : { argv: cmd.argv };
}
