/**
 * Makefile text → variables, rules and recipe lines with exact offsets. Enough of GNU make for
 * glue: `=`, `:=`, `?=`, `+=`, `!=`, `export`, rules with prerequisites, `.PHONY`, recipe
 * prefixes (`@`, `-`, `+`) and backslash continuations. Conditionals are recorded, not evaluated.
 */
import { LineIndex } from '../core/line-index';

export interface MakeVariable {
  name: string;
  op: '=' | ':=' | '::=' | '?=' | '+=' | '!=';
  value: string;
  line: number;
  /** Defined between ifeq/ifdef and endif: may or may not apply. */
  conditional: boolean;
}

export interface RecipeLine {
  /** Offsets of the whole line(s) in the Makefile, from the tab to the end of the last continuation. */
  start: number;
  end: number;
  line: number;
  endLine: number;
  /** `@`, `-`, `+` characters in front of the command. */
  prefix: string;
  /** Offset where the command (after tab and prefix) starts. */
  commandStart: number;
  /** The command text as make hands it to the shell before variable expansion. */
  command: string;
}

export interface MakeRule {
  targets: string[];
  prerequisites: string[];
  line: number;
  recipe: RecipeLine[];
}

export interface MakefileModel {
  path: string;
  text: string;
  variables: MakeVariable[];
  rules: MakeRule[];
  /** The first target that is not special (`.PHONY`…) and not a pattern: what plain `make` builds. */
  defaultGoal: string | null;
  lines: LineIndex;
}

export function parseMakefile(path: string, text: string): MakefileModel {
  const lines = new LineIndex(text);
  const variables: MakeVariable[] = [];
  const rules: MakeRule[] = [];
  let current: MakeRule | null = null;
  let depth = 0;
  let inDefine = false;
  for (let n = 1; n <= lines.count; ) {
    const start = lines.lineStart(n);
    // Join backslash continuations.
    let last = n;
    while (last < lines.count && /\\$/.test(text.slice(lines.lineStart(last), lines.lineEnd(last)))) last++;
    const end = lines.lineEnd(last);
    const raw = text.slice(start, end);
    const lineNo = n;
    n = last + 1;
    if (inDefine) {
      if (/^\s*endef\b/.test(raw)) inDefine = false;
      continue;
    }
    if (raw.startsWith('\t') && current) {
      const body = raw.slice(1);
      const prefix = /^[@+\-\s]*/.exec(body)?.[0] ?? '';
      current.recipe.push({ start, end, line: lineNo, endLine: last, prefix: prefix.replace(/\s/g, ''), commandStart: start + 1 + prefix.length, command: body.slice(prefix.length) });
      continue;
    }
    const logical = stripComment(raw.replace(/\\\r?\n/g, ' ')).trim();
    if (logical === '') continue;
    if (/^(ifeq|ifneq|ifdef|ifndef)\b/.test(logical)) {
      depth++;
      continue;
    }
    if (/^endif\b/.test(logical)) {
      depth = Math.max(0, depth - 1);
      continue;
    }
    if (/^else\b/.test(logical)) continue;
    if (/^define\b/.test(logical)) {
      inDefine = true;
      continue;
    }
    if (/^(-?include|sinclude|vpath|unexport)\b/.test(logical)) continue;
    const assign = /^(?:(?:export|override)\s+)*([A-Za-z_.][A-Za-z0-9_.-]*)\s*(::=|:=|\?=|\+=|!=|=)\s*(.*)$/.exec(logical);
    if (assign && !/^[^=]*:[^=]/.test(logical.slice(0, logical.indexOf(assign[2])))) {
      variables.push({ name: assign[1], op: assign[2] as MakeVariable['op'], value: assign[3], line: lineNo, conditional: depth > 0 });
      current = null;
      continue;
    }
    const rule = /^([^:=]+?)\s*::?\s*([^=]*)$/.exec(logical);
    if (rule) {
      const [deps, inline] = splitInlineRecipe(rule[2]);
      current = {
        targets: makeWords(rule[1]),
        prerequisites: makeWords(deps.split('|')[0]),
        line: lineNo,
        recipe: [],
      };
      if (inline !== null) {
        const at = raw.indexOf(';');
        const lead = /^\s*/.exec(raw.slice(at + 1))?.[0].length ?? 0;
        current.recipe.push({ start: start + at + 1, end, line: lineNo, endLine: last, prefix: '', commandStart: start + at + 1 + lead, command: inline });
      }
      rules.push(current);
      continue;
    }
    current = null;
  }
  const defaultGoal = rules.flatMap((r) => r.targets).find((t) => !t.startsWith('.') && !t.includes('%')) ?? null;
  return { path, text, variables, rules, defaultGoal, lines };
}

function stripComment(s: string): string {
  const i = s.search(/(^|[^\\])#/);
  return i < 0 ? s : s.slice(0, s[i] === '#' ? i : i + 1);
}

function splitInlineRecipe(s: string): [string, string | null] {
  const i = s.indexOf(';');
  return i < 0 ? [s, null] : [s.slice(0, i), s.slice(i + 1).trim()];
}

/** Words of a rule line: split at blanks outside `$(…)` / `${…}` (`$(addprefix image-,$(TOOLS))` is one word). */
export function makeWords(text: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let cur = '';
  for (const c of text) {
    if (c === '(' || c === '{') depth++;
    if ((c === ')' || c === '}') && depth > 0) depth--;
    if (/\s/.test(c) && depth === 0) {
      if (cur) out.push(cur);
      cur = '';
    } else cur += c;
  }
  if (cur) out.push(cur);
  return out;
}

/** Rules for a target, merged the way make merges double-colon and repeated rules' prerequisites. */
export function rulesFor(model: MakefileModel, target: string): MakeRule[] {
  return model.rules.filter((r) => r.targets.includes(target));
}
