/**
 * What `docker run IMG [ARGS]` runs in a builder image: the ENTRYPOINT and CMD its Dockerfile
 * sets (exec form as an argv, shell form as `/bin/sh -c TEXT`, or the stage's SHELL), combined
 * with the run's own arguments and `--entrypoint` the way Docker combines them. Only the
 * builder's Dockerfile is known: when it sets neither, the base image decides, which this
 * tool cannot see, and the answer says so.
 */
import type { DockerfileModel, DockerStage } from '../parse/dockerfile';
import { stageChain } from './builder-paths';

/** ENTRYPOINT or CMD as the Dockerfile writes it. */
export interface ImageInstruction {
  /** Exec form. */
  argv: string[] | null;
  /** Shell form text (continuations as written). */
  text: string | null;
  line: number;
}

export interface ImageDefaults {
  entrypoint: ImageInstruction | null;
  cmd: ImageInstruction | null;
  /** `SHELL ["bash", "-c"]` of the stage chain; null for the default `/bin/sh -c`. */
  shell: string[] | null;
  /** The image the chain starts from (outside this Dockerfile). */
  base: string;
  path: string;
}

export type ImageCommand =
  | {
      ok: true;
      argv: string[];
      /** The shell text when a shell form runs (argv is then the shell, its flag and the text). */
      shellText: string | null;
      /** Where the command comes from, for messages: `CMD tail -f /dev/null (Dockerfile.build:9)`. */
      described: string;
    }
  | { ok: false; problem: string };

export function imageDefaults(model: DockerfileModel, image: DockerStage): ImageDefaults {
  let entrypoint: ImageInstruction | null = null;
  let cmd: ImageInstruction | null = null;
  let shell: string[] | null = null;
  const chain = stageChain(model, image);
  for (const st of chain) {
    for (const ins of st.instructions) {
      if (ins.keyword === 'SHELL' && ins.json) shell = ins.json;
      if (ins.keyword !== 'ENTRYPOINT' && ins.keyword !== 'CMD') continue;
      const value: ImageInstruction = ins.json ? { argv: ins.json, text: null, line: ins.line } : { argv: null, text: model.text.slice(ins.args[0]?.start ?? ins.end, ins.end), line: ins.line };
      if (ins.keyword === 'ENTRYPOINT') {
        // An ENTRYPOINT resets the CMD inherited so far; `ENTRYPOINT []` clears it.
        entrypoint = value.argv && value.argv.length === 0 ? null : value;
        cmd = null;
      } else cmd = value;
    }
  }
  return { entrypoint, cmd, shell, base: chain[0]?.base ?? image.base, path: model.path };
}

/**
 * The argv a container runs: `args` are the words after the image (empty: the image's CMD),
 * `entrypointOption` the value of `--entrypoint` (undefined when not given).
 */
export function imageCommand(d: ImageDefaults, args: string[], entrypointOption?: string): ImageCommand {
  const shellOf = (text: string): string[] => [...(d.shell ?? ['/bin/sh', '-c']), text];
  const describe = (keyword: string, ins: ImageInstruction) => `${keyword} ${ins.argv ? JSON.stringify(ins.argv) : (ins.text ?? '').trim()} (${d.path}:${ins.line})`;
  if (entrypointOption !== undefined) {
    // `--entrypoint` replaces the ENTRYPOINT and drops the image's CMD.
    const argv = entrypointOption === '' ? args : [entrypointOption, ...args];
    if (argv.length === 0) return { ok: false, problem: '`docker run --entrypoint ""` with no command: what the container runs cannot be told' };
    return { ok: true, argv, shellText: null, described: `\`--entrypoint ${entrypointOption || '""'}\` ${args.join(' ')}`.trim() };
  }
  if (d.entrypoint?.text !== null && d.entrypoint?.text !== undefined) {
    // A shell-form ENTRYPOINT ignores CMD and the run's arguments.
    return { ok: true, argv: shellOf(d.entrypoint.text), shellText: d.entrypoint.text, described: describe('ENTRYPOINT', d.entrypoint) };
  }
  const entry = d.entrypoint?.argv ?? [];
  if (args.length > 0) return { ok: true, argv: [...entry, ...args], shellText: null, described: d.entrypoint ? `${describe('ENTRYPOINT', d.entrypoint)} with \`${args.join(' ')}\`` : `\`${args.join(' ')}\`` };
  if (d.cmd === null) {
    if (d.entrypoint) return { ok: true, argv: entry, shellText: null, described: describe('ENTRYPOINT', d.entrypoint) };
    return { ok: false, problem: `\`docker run\` without a command runs the image's default command, and ${d.path} sets no CMD or ENTRYPOINT: it comes from the base image ${d.base}, which this tool cannot see` };
  }
  const cmd = d.cmd.argv ?? shellOf(d.cmd.text as string);
  const described = d.entrypoint ? `${describe('ENTRYPOINT', d.entrypoint)} with ${describe('CMD', d.cmd)}` : describe('CMD', d.cmd);
  return { ok: true, argv: [...entry, ...cmd], shellText: d.entrypoint === null && d.cmd.text !== null ? d.cmd.text : null, described };
}

/** Words that leave the container's files alone until it is stopped (`sleep 3600`, `tail -f /dev/null`, `cat`). */
export function isIdleCommand(argv: readonly string[]): boolean {
  const words = [...argv];
  if (words.length === 3 && /^(\/usr)?(\/bin\/)?(ba|da|a)?sh$/.test(words[0]) && words[1] === '-c') return isIdleText(words[2]);
  return isIdleText(words.map((w, i) => (i === 0 ? w.replace(/^(\/usr)?\/bin\//, '') : w)).join(' '));
}

function isIdleText(text: string): boolean {
  const t = text.trim().replace(/^exec\s+/, '').replace(/^['"]|['"]$/g, '');
  const cmd = t.replace(/^(\/usr)?\/bin\//, '');
  return /^(sleep (\d+[smhd]?|infinity)|tail -f \/dev\/null|cat|while (true|:); do sleep \d+[smhd]?; done)$/.test(cmd);
}
