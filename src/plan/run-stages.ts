/**
 * Builds at run time (`docker run -v "$PWD":/src -w /src IMG go build …`) → a stage that does
 * the same as a build step: the bind-mounted repository directories are copied in where the
 * mounts were, the run's working directory, environment and user are set, and its command
 * becomes a RUN. The runtime then copies the outputs from that stage.
 */
import { Finding, finding } from '../core/findings';
import { isWithin, joinRelative, relativeWithin } from '../core/paths';
import { jsonArray } from '../core/quote';
import type { RepoView } from '../core/repo';
import { builderPathKind, stageChain } from '../infer/builder-paths';
import type { RunExtraction } from '../infer/roles';
import { repositoryName } from '../infer/images';
import { Value, asLiteral, display, resolve } from '../interpret/value';
import type { DockerStage, DockerfileModel } from '../parse/dockerfile';
import { DockerignoreRules } from './dockerignore';
import type { StageNamer } from './stage-names';
import { sanitize } from './stage-names';

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
}

export interface RunStageInput {
  repo: RepoView;
  /** The merged build's context (repository-relative). */
  context: string;
  ignore: DockerignoreRules;
  namer: StageNamer;
  buildkit: boolean;
  /** Stage name and Dockerfile of a builder the glue builds. */
  builderOf: (run: RunExtraction) => { name: string; model: DockerfileModel; image: DockerStage } | null;
  /** ARG names the merged Dockerfile already uses: a run's value gets another name. */
  takenArgs: Set<string>;
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
    for (const m of binds) {
      if (m.host === null) {
        findings.push(finding('RUN_INPUTS_CHANGED', `${m.written} mounts a directory outside the repository (a cache or credentials?); the build step does not see it`, at));
        continue;
      }
      // A bind mount hides what the image has at the target.
      if (builder && builderPathKind(builder.model, builder.image, m.target).kind !== 'unknown') lines.push(`RUN rm -rf ${m.target}`);
      const rel = relativeWithin(m.host, input.context);
      const type = input.repo.typeOf(m.host);
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
    const caches = step.mounts.filter((m) => m.kind === 'volume').map((m) => `--mount=type=cache,target=${m.target}`);
    lines.push(['RUN', ...(input.buildkit ? caches : []), command.text].join(' '));
    stages.push({ run, name, base, lines: [...args.declarations(), ...lines], glue: `${at.file}:${at.line}`, buildArgs: args.passed() });
  }
  return { stages, findings };
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

type Command = { text: string } | { problem: string; code: 'GLUE_UNRESOLVED_VALUE' | 'RUN_COMMAND_UNKNOWN' };

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
  if (literalWords.some((w) => w === null)) {
    // Words only known at run time: shell form, with the values as build args.
    const words = run.step.command.map((v) => values.word(v));
    if (words.some((w) => w === null)) return { code: 'GLUE_UNRESOLVED_VALUE', problem: `the command of \`docker run\` (${run.step.command.map(display).join(' ')}) uses a value this tool cannot carry into a build step` };
    if (run.step.entrypoint || (builder && imageDefaults(builder.model, builder.image).entrypoint)) return { code: 'RUN_COMMAND_UNKNOWN', problem: 'a command with run-time values behind an ENTRYPOINT' };
    return { text: words.join(' ') };
  }
  const cmd = literalWords as string[];
  const image = builder ? imageDefaults(builder.model, builder.image) : { entrypoint: null, cmd: null };
  let entrypoint: string[] | string | null = image.entrypoint;
  if (run.step.entrypoint) {
    const e = asLiteral(run.step.entrypoint);
    if (e === null) return { code: 'GLUE_UNRESOLVED_VALUE', problem: '--entrypoint is only known when the glue runs' };
    entrypoint = e === '' ? null : [e];
  }
  if (typeof entrypoint === 'string') return { text: entrypoint };
  const args = cmd.length > 0 ? cmd : image.cmd;
  if (args === null) {
    return { code: 'RUN_COMMAND_UNKNOWN', problem: run.build ? `\`docker run\` runs the image's default command, and ${builder?.model.path} sets no CMD` : `\`docker run ${run.image}\` runs that image's default command, which this tool cannot see` };
  }
  if (typeof args === 'string') return entrypoint ? { code: 'RUN_COMMAND_UNKNOWN', problem: 'a shell-form CMD behind an ENTRYPOINT' } : { text: args };
  const argv = [...(entrypoint ?? []), ...args];
  // `sh -c SCRIPT` is what the shell form of RUN runs anyway: write it that way.
  if (argv.length === 3 && (argv[0] === 'sh' || argv[0] === '/bin/sh') && argv[1] === '-c' && !/\n/.test(argv[2])) return { text: argv[2] };
  return { text: jsonArray(argv) };
}

/** ENTRYPOINT and CMD the image stage sets (exec form as arrays, shell form as text); null when unset here. */
function imageDefaults(model: DockerfileModel, image: DockerStage): { entrypoint: string[] | string | null; cmd: string[] | string | null } {
  let entrypoint: string[] | string | null = null;
  let cmd: string[] | string | null = null;
  for (const st of stageChain(model, image)) {
    for (const ins of st.instructions) {
      if (ins.keyword !== 'ENTRYPOINT' && ins.keyword !== 'CMD') continue;
      const value = ins.json ?? model.text.slice(ins.args[0]?.start ?? ins.end, ins.end);
      if (ins.keyword === 'ENTRYPOINT') {
        entrypoint = value;
        cmd = null;
      } else cmd = value;
    }
  }
  return { entrypoint, cmd };
}
