/**
 * Dockerfile variables (ARG and ENV) as the builder would see them at an instruction, and
 * their expansion in words such as COPY sources (ARG-1…ARG-8 in docker-semantics.md §4).
 */
import type { DockerInstruction, DockerStage, DockerfileModel } from '../parse/dockerfile';

/** Name → value; null when the value is only known at build time (a --build-arg from the environment). */
export type Vars = Map<string, string | null>;

/** Parses `ARG A=1 B` / `ENV A=1 B=2` / legacy `ENV A 1` into name/value pairs. */
export function declarations(ins: DockerInstruction): { name: string; value: string | undefined }[] {
  const words = ins.args.map((a) => a.value);
  if (ins.keyword === 'ENV' && words.length >= 2 && !words[0].includes('=')) {
    return [{ name: words[0], value: words.slice(1).join(' ') }];
  }
  return words.map((w) => {
    const eq = w.indexOf('=');
    return eq < 0 ? { name: w, value: undefined } : { name: w.slice(0, eq), value: unquote(w.slice(eq + 1)) };
  });
}

function unquote(s: string): string {
  if ((s.startsWith('"') && s.endsWith('"')) || (s.startsWith("'") && s.endsWith("'"))) return s.slice(1, -1);
  return s;
}

/** Global ARGs (before the first FROM) with their effective values. */
export function globalArgs(model: DockerfileModel, buildArgs: Vars): Vars {
  const out: Vars = new Map();
  for (const ins of model.preamble) {
    if (ins.keyword !== 'ARG') continue;
    for (const d of declarations(ins)) {
      const def = d.value === undefined ? undefined : expand(d.value, out);
      out.set(d.name, buildArgs.has(d.name) ? (buildArgs.get(d.name) ?? null) : def === undefined ? '' : def);
    }
  }
  return out;
}

/** Variables in scope just before `stage.instructions[index]`. */
export function stageVars(model: DockerfileModel, stage: DockerStage, index: number, buildArgs: Vars): Vars {
  const globals = globalArgs(model, buildArgs);
  const vars: Vars = new Map();
  for (const ins of stage.instructions.slice(1, index)) {
    if (ins.keyword !== 'ARG' && ins.keyword !== 'ENV') continue;
    for (const d of declarations(ins)) {
      if (ins.keyword === 'ENV') {
        vars.set(d.name, d.value === undefined ? '' : expand(d.value, vars));
        continue;
      }
      if (buildArgs.has(d.name)) vars.set(d.name, buildArgs.get(d.name) ?? null);
      else if (d.value !== undefined) vars.set(d.name, expand(d.value, vars));
      else vars.set(d.name, globals.has(d.name) ? (globals.get(d.name) ?? null) : '');
    }
  }
  return vars;
}

/**
 * Expands `$X`, `${X}`, `${X:-word}`, `${X:+word}` the way Dockerfile instructions do. Null
 * when a variable's value is unknown; a variable that is not in scope expands to "".
 */
export function expand(word: string, vars: Vars, escape = '\\'): string | null {
  let out = '';
  for (let i = 0; i < word.length; i++) {
    const c = word[i];
    if (c === escape && word[i + 1] === '$') {
      out += '$';
      i++;
      continue;
    }
    if (c !== '$') {
      out += c;
      continue;
    }
    if (word[i + 1] === '{') {
      const close = word.indexOf('}', i);
      if (close < 0) return null;
      const inner = word.slice(i + 2, close);
      const m = /^([A-Za-z_][A-Za-z0-9_]*)(?::([-+])(.*))?$/.exec(inner);
      if (!m) return null;
      const v = vars.has(m[1]) ? vars.get(m[1]) : '';
      if (v === null || v === undefined) return null;
      if (m[2] === '-') out += v === '' ? (expand(m[3], vars, escape) ?? '') : v;
      else if (m[2] === '+') out += v === '' ? '' : (expand(m[3], vars, escape) ?? '');
      else out += v;
      i = close;
      continue;
    }
    const m = /^[A-Za-z_][A-Za-z0-9_]*/.exec(word.slice(i + 1));
    if (!m) {
      out += c;
      continue;
    }
    const v = vars.has(m[0]) ? vars.get(m[0]) : '';
    if (v === null || v === undefined) return null;
    out += v;
    i += m[0].length;
  }
  return out;
}

export function mentionsVariable(word: string): boolean {
  return /\$[A-Za-z_{]/.test(word);
}
