/**
 * Values the glue computes, as far as they can be known without running it. A value is a
 * sequence of literal text and symbols: a symbol stands for something only known at run time
 * (an environment variable, a container id, `$(git rev-parse HEAD)`). Two values are the same
 * when their parts are; a symbol can be carried verbatim (a tag) but never invented (a path).
 */

export type SymbolKind = 'env' | 'positional' | 'container' | 'image' | 'output' | 'random' | 'status' | 'conditional';

export type ValuePart =
  | { lit: string }
  | {
      sym: string;
      kind: SymbolKind;
      /** How the glue wrote it (`$TAG`, `$(git rev-parse HEAD)`), for messages. */
      display: string;
      /** `${TAG:-1.0}` with TAG unset in the glue: the value used when the environment leaves it unset. */
      fallback?: Value;
      /** Where the glue made the value unknowable (a `read`, a `getopts` loop), for findings. */
      origin?: { file: string; line: number; cause: 'read' | 'getopts' | 'condition' };
    }
  /** The absolute path of a repository directory (`$PWD`, `$(pwd)`, `$(dirname "$0")` made absolute). */
  | { hostDir: string };

export interface Value {
  parts: ValuePart[];
  /** True when unquoted glob characters were part of the word. */
  glob: boolean;
}

/** Stands for the repository's absolute path on the host inside resolved text. */
export const REPO_ROOT_MARK = '/\u0000repo';

export const EMPTY: Value = { parts: [], glob: false };

export function literal(text: string): Value {
  return { parts: text ? [{ lit: text }] : [], glob: false };
}

export function symbol(sym: string, kind: SymbolKind, display: string, fallback?: Value): Value {
  return { parts: [{ sym, kind, display, ...(fallback ? { fallback } : {}) }], glob: false };
}

/** A value only known at run time because of the glue line `origin` (a `read`, a `getopts` loop). */
export function unknowableAt(sym: string, kind: SymbolKind, display: string, origin: { file: string; line: number; cause: 'read' | 'getopts' | 'condition' }): Value {
  return { parts: [{ sym, kind, display, origin }], glob: false };
}

export function concat(values: readonly Value[]): Value {
  const parts: ValuePart[] = [];
  for (const v of values) {
    for (const p of v.parts) {
      const last = parts[parts.length - 1];
      if ('lit' in p && last && 'lit' in last) parts[parts.length - 1] = { lit: last.lit + p.lit };
      else parts.push(p);
    }
  }
  return { parts, glob: values.some((v) => v.glob) };
}

/** The literal text, or null when any part is only known at run time. */
export function asLiteral(v: Value): string | null {
  let out = '';
  for (const p of v.parts) {
    if ('lit' in p) out += p.lit;
    else return null;
  }
  return out;
}

export interface Resolution {
  text: string;
  /** Environment variables whose defaults were assumed (`${OUT:-dist}` → `dist`). */
  assumed: string[];
}

/**
 * The value as a path or name the migration must know exactly: literal text, defaults of
 * unset environment variables (reported as assumptions), and repository directories
 * (as `REPO_ROOT_MARK/dir`). Null when a part is unknowable.
 */
export function resolve(v: Value): Resolution | null {
  let text = '';
  const assumed: string[] = [];
  for (const p of v.parts) {
    if ('lit' in p) text += p.lit;
    else if ('hostDir' in p) text += REPO_ROOT_MARK + (p.hostDir ? `/${p.hostDir}` : '');
    else if (p.fallback) {
      const inner = resolve(p.fallback);
      if (!inner) return null;
      text += inner.text;
      assumed.push(p.display, ...inner.assumed);
    } else return null;
  }
  return { text, assumed };
}

/** The first part that makes `resolve` fail, for error messages. */
export function unresolvedPart(v: Value): Extract<ValuePart, { sym: string }> | null {
  for (const p of v.parts) {
    if ('sym' in p) {
      if (!p.fallback) return p;
      const inner = unresolvedPart(p.fallback);
      if (inner) return inner;
    }
  }
  return null;
}

/** Structural identity: same literals, same symbols in the same order. */
export function sameValue(a: Value, b: Value): boolean {
  return key(a) === key(b);
}

/** A string that is equal for equal values; usable as a map key. */
export function key(v: Value): string {
  return v.parts.map((p) => ('lit' in p ? `L${JSON.stringify(p.lit)}` : 'hostDir' in p ? `H${p.hostDir}` : `S${p.sym}`)).join('+');
}

/** How the glue wrote it, roughly: literals as text, symbols as their display form. */
export function display(v: Value): string {
  return v.parts.map((p) => ('lit' in p ? p.lit : 'hostDir' in p ? `$PWD${p.hostDir ? '/' + p.hostDir : ''}` : p.display)).join('');
}

export function isPositional(v: Value): boolean {
  return v.parts.some((p) => 'sym' in p && p.kind === 'positional');
}
