/**
 * Make's variable expansion of a recipe line into the shell text make would run, with a map
 * back to the Makefile's own offsets (the rewrite edits the Makefile, not the expansion).
 */
import type { MakeVariable } from '../parse/makefile';

/** Stands for `$(CURDIR)` in names and recipes: a shell variable the make interpreter sets to the Makefile's directory. */
export const CURDIR_VAR = '__MAKE_CURDIR';

export interface MakeVars {
  get(name: string): MakeVariable | undefined;
}

export interface Automatic {
  target: string;
  prerequisites: string[];
  /** `$*`: the stem a pattern rule matched (absent for explicit rules, where make leaves it empty here). */
  stem?: string;
}

export interface Expansion {
  text: string;
  /** Offset in `text` → offset in the source the expansion started from (relative). */
  toSource(offset: number): number;
}

interface Segment {
  from: number;
  to: number;
  source: number;
  sourceEnd: number;
  literal: boolean;
}

const SAFE_DEFAULT = /^[A-Za-z0-9_./:@%+-]*$/;

/** Expands `$(VAR)`, `${VAR}`, `$$`, `$@`, `$<`, `$^` and `$(shell …)`; unknown functions become opaque. */
export function expandRecipe(source: string, vars: MakeVars, auto: Automatic): Expansion {
  const segments: Segment[] = [];
  let out = '';
  let i = 0;
  const emit = (text: string, src: number, srcEnd: number, literal: boolean): void => {
    segments.push({ from: out.length, to: out.length + text.length, source: src, sourceEnd: srcEnd, literal });
    out += text;
  };
  while (i < source.length) {
    const dollar = source.indexOf('$', i);
    if (dollar < 0) {
      emit(source.slice(i), i, source.length, true);
      break;
    }
    if (dollar > i) emit(source.slice(i, dollar), i, dollar, true);
    const next = source[dollar + 1];
    if (next === '$') {
      emit('$', dollar, dollar + 2, false);
      i = dollar + 2;
    } else if (next === '(' || next === '{') {
      const close = matchingClose(source, dollar + 1);
      const inner = source.slice(dollar + 2, close);
      emit(expandReference(inner, vars, auto, 0), dollar, close + 1, false);
      i = close + 1;
    } else if (next !== undefined) {
      emit(automatic(next, auto) ?? expandVariable(next, vars, auto, 0), dollar, dollar + 2, false);
      i = dollar + 2;
    } else {
      emit('$', dollar, dollar + 1, true);
      i = dollar + 1;
    }
  }
  return {
    text: out,
    toSource(offset: number): number {
      const seg = segments.find((s) => offset >= s.from && offset < s.to) ?? segments[segments.length - 1];
      if (!seg) return 0;
      if (offset >= seg.to) return seg.sourceEnd;
      return seg.literal ? seg.source + (offset - seg.from) : seg.source;
    },
  };
}

/** Index of the bracket that closes the one at `open` (or the end of the text). */
export function matchingClose(s: string, open: number): number {
  const o = s[open];
  const c = o === '(' ? ')' : '}';
  let depth = 0;
  for (let k = open; k < s.length; k++) {
    if (s[k] === o) depth++;
    else if (s[k] === c && --depth === 0) return k;
  }
  return s.length - 1;
}

function automatic(name: string, auto: Automatic): string | null {
  // `$(@D)`, `$(@F)`: the directory and file parts of the automatic variable.
  const part = /^([@<^+*])([DF])$/.exec(name);
  if (part) {
    const whole = automatic(part[1], auto);
    if (whole === null) return null;
    return whole
      .split(/\s+/)
      .filter(Boolean)
      .map((w) => (part[2] === 'D' ? (w.includes('/') ? w.slice(0, w.lastIndexOf('/')) || '/' : '.') : w.slice(w.lastIndexOf('/') + 1)))
      .join(' ');
  }
  switch (name) {
    case '@':
      return auto.target;
    case '<':
      return auto.prerequisites[0] ?? '';
    case '^':
    case '+':
      return auto.prerequisites.join(' ');
    case '*':
      return auto.stem ?? '';
    default:
      return null;
  }
}

function expandReference(inner: string, vars: MakeVars, auto: Automatic, depth: number): string {
  const fn = /^([a-z-]+)\s+([\s\S]*)$/.exec(inner);
  if (fn) {
    if (fn[1] === 'shell') return `$(${expandText(fn[2], vars, auto, depth + 1)})`;
    // Other make functions (patsubst, wildcard, …): their value is not computed here.
    return `$(: make ${fn[1]})`;
  }
  if (inner.includes(':') && inner.includes('=')) return `$(: make substitution ${inner.split(':')[0]})`;
  return automatic(inner, auto) ?? expandVariable(inner, vars, auto, depth);
}

function expandVariable(name: string, vars: MakeVars, auto: Automatic, depth: number): string {
  // Make expands $(CURDIR) before the shell runs, so a `cd` earlier on the line does not change it.
  if (name === 'CURDIR') return '${' + CURDIR_VAR + '}';
  if (name === 'PWD') return '${PWD}';
  const v = vars.get(name);
  // make's own default: the sub-make runs the same program.
  if (!v && name === 'MAKE') return 'make';
  // Unknown to the Makefile: make reads the environment, and so does the shell.
  if (!v || depth > 20) return '${' + name + '}';
  const value = expandText(v.value, vars, auto, depth + 1);
  if (v.op === '!=') return `$(${value})`;
  if (v.op === '?=' && SAFE_DEFAULT.test(value)) return '${' + name + ':-' + value + '}';
  return value;
}

/** Expands a variable's value (no offset map needed: values live elsewhere in the file). */
export function expandText(text: string, vars: MakeVars, auto: Automatic, depth = 0): string {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c !== '$') {
      out += c;
      continue;
    }
    const next = text[i + 1];
    if (next === '$') {
      out += '$';
      i++;
    } else if (next === '(' || next === '{') {
      const close = matchingClose(text, i + 1);
      out += expandReference(text.slice(i + 2, close), vars, auto, depth);
      i = close;
    } else if (next !== undefined) {
      out += automatic(next, auto) ?? expandVariable(next, vars, auto, depth);
      i++;
    }
  }
  return out;
}

/** Variables in effect: later definitions win, `+=` appends, `?=` only defines when unset. */
export function variableTable(defs: readonly MakeVariable[]): Map<string, MakeVariable> {
  const table = new Map<string, MakeVariable>();
  for (const d of defs) {
    const before = table.get(d.name);
    if (d.op === '?=' && before) continue;
    if (d.op === '+=' && before) {
      table.set(d.name, { ...before, value: `${before.value} ${d.value}` });
      continue;
    }
    if (d.op === ':=' || d.op === '::=') {
      // Simply expanded: the value is fixed where it is defined; `$$` keeps later expansion literal.
      const now = expandText(d.value, { get: (n) => table.get(n) }, { target: '', prerequisites: [] }).replace(/\$/g, '$$$$');
      table.set(d.name, { ...d, op: '=', value: now });
      continue;
    }
    table.set(d.name, d);
  }
  return table;
}
