/**
 * One .dockerignore pattern, read and matched as moby's patternmatcher does (the code behind
 * both builders' context filtering since Docker 23): lines cleaned like Go's filepath.Clean,
 * `.+()|{}$` taken literally, `*` and `?` never crossing a `/`, `**` crossing any number of
 * them, and the exact / prefix / suffix shortcuts it takes for patterns without wildcards.
 *
 * Docker before 23 built a regular expression that left `+()|{}^` as operators; `legacy`
 * says what such a Docker would match, so callers can tell where the two disagree.
 * Nothing here throws: a pattern Docker rejects, or reads in a way not reproduced here,
 * carries a `problem` and matches nothing.
 */

export interface PatternProblem {
  /** `invalid`: Docker refuses to build with it; `unsupported`: Docker reads it in a way this tool does not reproduce. */
  kind: 'invalid' | 'unsupported';
  message: string;
}

export type Token =
  | { t: 'lit'; c: string }
  /** `*`: any run of characters but `/`. */
  | { t: 'star' }
  /** `?`: one character but `/`. */
  | { t: 'one' }
  | { t: 'class'; negated: boolean; ranges: [string, string][] }
  /** `**` at the end: `.*` (anything but a newline, as Go's `.`). */
  | { t: 'rest' }
  /** `**` (also followed by a slash) elsewhere: the group "any text ending in a slash, or nothing". */
  | { t: 'dirs' }
  /** `^` outside a class: the regular-expression anchor it becomes, true only at the start. */
  | { t: 'anchor' };

export interface CompiledPattern {
  /** The pattern as moby keeps it (`cleanedPattern`): cleaned, without `!`. */
  cleaned: string;
  kind: 'exact' | 'prefix' | 'suffix' | 'regexp';
  tokens: Token[];
  problem: PatternProblem | null;
  /** How Docker before 23 read it: a regular expression, or null when that Docker could not build with it. */
  legacy: RegExp | null;
}

const ESCAPED = new Set(['.', '+', '(', ')', '|', '{', '}', '$']);

/** Compiles a cleaned pattern (no `!`) the way patternmatcher's `compile` does. */
export function compilePattern(cleaned: string): CompiledPattern {
  const base = { cleaned, legacy: legacyRegExp(cleaned) };
  const syntax = goMatchSyntaxError(cleaned);
  if (syntax) return { ...base, kind: 'exact', tokens: [], problem: { kind: 'invalid', message: syntax } };
  const chars = [...cleaned];
  const tokens: Token[] = [];
  let kind: CompiledPattern['kind'] = 'exact';
  for (let i = 0, iteration = 0; i < chars.length; iteration++) {
    const c = chars[i++];
    if (c === '*' && chars[i] === '*') {
      i++;
      if (chars[i] === '/') i++;
      if (i >= chars.length) {
        if (kind === 'exact') kind = 'prefix';
        else {
          tokens.push({ t: 'rest' });
          kind = 'regexp';
        }
      } else {
        tokens.push({ t: 'dirs' });
        kind = 'regexp';
      }
      if (iteration === 0) kind = 'suffix';
    } else if (c === '*') {
      tokens.push({ t: 'star' });
      kind = 'regexp';
    } else if (c === '?') {
      tokens.push({ t: 'one' });
      kind = 'regexp';
    } else if (ESCAPED.has(c)) {
      tokens.push({ t: 'lit', c });
    } else if (c === '\\') {
      const next = chars[i++];
      if (!/^[!-/:-@[-`{-~]$/.test(next)) {
        return { ...base, kind, tokens: [], problem: { kind: 'unsupported', message: `\`\\${next}\` means something else to Docker's regular expressions than an escaped character` } };
      }
      tokens.push({ t: 'lit', c: next });
      kind = 'regexp';
    } else if (c === '[') {
      const cls = readClass(chars, i);
      if (typeof cls === 'string') return { ...base, kind, tokens: [], problem: { kind: 'unsupported', message: cls } };
      tokens.push(cls.token);
      i = cls.next;
      kind = 'regexp';
    } else if (c === ']') {
      tokens.push({ t: 'lit', c });
      kind = 'regexp';
    } else {
      tokens.push(c === '^' ? { t: 'anchor' } : { t: 'lit', c });
    }
  }
  return { ...base, kind, tokens, problem: null };
}

/**
 * A class, read the way Go's regexp reads what patternmatcher hands it; classes whose
 * translation Go reads differently from filepath.Match (a `*`, `?`, `[` or `\x` inside) are
 * not reproduced: the message says so.
 */
function readClass(chars: string[], start: number): { token: Token; next: number } | string {
  let i = start;
  const negated = chars[i] === '^';
  if (negated) i++;
  const ranges: [string, string][] = [];
  const item = (): string | null => {
    const c = chars[i++];
    if (c === '\\') return chars[i++];
    return c;
  };
  while (i < chars.length && chars[i] !== ']') {
    if (chars[i] === '*' || chars[i] === '?' || chars[i] === '[' || (chars[i] === '\\' && /[A-Za-z0-9]/.test(chars[i + 1] ?? ''))) {
      return `the class \`[${chars.slice(start, i + 1).join('')}…\` holds \`${chars[i]}\`, which Docker's matcher turns into something else than filepath.Match reads`;
    }
    const lo = item() as string;
    let hi = lo;
    if (chars[i] === '-' && chars[i + 1] !== ']') {
      i++;
      hi = item() as string;
    }
    if ((hi.codePointAt(0) ?? 0) < (lo.codePointAt(0) ?? 0)) return `the range \`${lo}-${hi}\` is reversed: Docker stops with an error when it reads it`;
    ranges.push([lo, hi]);
  }
  return { token: { t: 'class', negated, ranges }, next: i + 1 };
}

/**
 * The error Go's filepath.Match gives for `pattern` (patternmatcher calls it for every
 * pattern first), or null: classes must be closed and non-empty, a range needs both ends,
 * `-` and `]` must be escaped inside them, and a pattern cannot end in a lone `\`.
 */
export function goMatchSyntaxError(pattern: string): string | null {
  const chars = [...pattern];
  const bad = 'syntax error in pattern (Docker stops with this error)';
  for (let i = 0; i < chars.length; i++) {
    const c = chars[i];
    if (c === '\\') {
      if (i + 1 >= chars.length) return bad;
      i++;
    } else if (c === '[') {
      i++;
      if (chars[i] === '^') i++;
      let items = 0;
      for (;;) {
        if (i >= chars.length) return bad;
        if (chars[i] === ']' && items > 0) break;
        const lo = escaped(chars, i);
        if (lo === null) return bad;
        i = lo;
        if (chars[i] === '-') {
          const hi = escaped(chars, i + 1);
          if (hi === null) return bad;
          i = hi;
        }
        items++;
      }
    }
  }
  return null;
}

/** Index after one class character at `i` (`\x` or a plain one), or null where Go's getEsc fails. */
function escaped(chars: string[], i: number): number | null {
  if (i >= chars.length || chars[i] === '-' || chars[i] === ']') return null;
  if (chars[i] === '\\') return i + 1 < chars.length ? i + 2 : null;
  return i + 1;
}

/** Does `p` match `path` itself (patternmatcher's `Pattern.match`)? */
export function matchesPath(p: CompiledPattern, path: string): boolean {
  if (p.problem) return false;
  switch (p.kind) {
    case 'exact':
      return path === p.cleaned;
    case 'prefix':
      return path.startsWith(p.cleaned.slice(0, -2));
    case 'suffix': {
      const suffix = p.cleaned.slice(2);
      return path.endsWith(suffix) || (suffix.startsWith('/') && path === suffix.slice(1));
    }
    default:
      return finalStates(p.tokens, [...path]).has(p.tokens.length);
  }
}

/** Could `p` match some path strictly below directory `dir`? (A generous answer: used to decide where to look.) */
export function mayMatchBelow(p: CompiledPattern, dir: string): boolean {
  if (p.problem) return false;
  const below = dir === '' ? '' : `${dir}/`;
  switch (p.kind) {
    case 'exact':
      return p.cleaned.startsWith(below) && p.cleaned.length > below.length;
    case 'prefix': {
      const prefix = p.cleaned.slice(0, -2);
      return prefix.startsWith(below) || below.startsWith(prefix);
    }
    case 'suffix':
      return true;
    default:
      return finalStates(p.tokens, [...below]).size > 0;
  }
}

/**
 * The token positions reachable after reading `text` (an NFA walk, linear in both lengths;
 * a position inside the `**` group is kept as `-(index + 1)`).
 */
function finalStates(tokens: Token[], text: string[]): Set<number> {
  const closure = (states: Set<number>, at: number): Set<number> => {
    const out = new Set<number>();
    const stack = [...states];
    while (stack.length > 0) {
      const s = stack.pop() as number;
      if (out.has(s)) continue;
      out.add(s);
      if (s < 0 || s >= tokens.length) continue;
      const tok = tokens[s];
      if (tok.t === 'star' || tok.t === 'rest') stack.push(s + 1);
      else if (tok.t === 'dirs') stack.push(s + 1, -(s + 1));
      else if (tok.t === 'anchor' && at === 0) stack.push(s + 1);
    }
    return out;
  };
  let states = closure(new Set([0]), 0);
  for (let k = 0; k < text.length && states.size > 0; k++) {
    const c = text[k];
    const next = new Set<number>();
    for (const s of states) {
      if (s < 0) {
        if (c !== '\n') next.add(s);
        if (c === '/') next.add(-s);
        continue;
      }
      const tok = tokens[s];
      if (!tok) continue;
      if (tok.t === 'lit' && tok.c === c) next.add(s + 1);
      else if (tok.t === 'one' && c !== '/') next.add(s + 1);
      else if (tok.t === 'star' && c !== '/') next.add(s);
      else if (tok.t === 'rest' && c !== '\n') next.add(s);
      else if (tok.t === 'class' && classHas(tok, c)) next.add(s + 1);
    }
    states = closure(next, k + 1);
  }
  return states;
}

function classHas(tok: Extract<Token, { t: 'class' }>, c: string): boolean {
  const code = c.codePointAt(0) ?? 0;
  const hit = tok.ranges.some(([lo, hi]) => code >= (lo.codePointAt(0) ?? 0) && code <= (hi.codePointAt(0) ?? 0));
  return hit !== tok.negated;
}

/**
 * The regular expression Docker before 23 built (only `.` and `$` escaped, `**` as in
 * patternmatcher, no shortcuts), in JavaScript's syntax; null when that Docker could not
 * build with the pattern (its expression does not compile).
 */
function legacyRegExp(cleaned: string): RegExp | null {
  const chars = [...cleaned];
  let re = '^';
  for (let i = 0; i < chars.length; ) {
    const c = chars[i++];
    if (c === '*' && chars[i] === '*') {
      i++;
      if (chars[i] === '/') i++;
      re += i >= chars.length ? '[^\\n]*' : '(?:[^\\n]*/)?';
    } else if (c === '*') re += '[^/]*';
    else if (c === '?') re += '[^/]';
    else if (c === '.' || c === '$') re += `\\${c}`;
    else if (c === '\\') re += i < chars.length ? `\\${chars[i++]}` : '\\\\';
    else if (c === '/') re += '\\/';
    else re += c;
  }
  try {
    return new RegExp(`${re}$`);
  } catch {
    return null;
  }
}

/** Go's strings.TrimSpace: Unicode white space (JavaScript's trim also takes U+FEFF, and misses U+0085). */
export function goTrimSpace(s: string): string {
  const space = /[\t\n\v\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]/;
  let a = 0;
  let b = s.length;
  while (a < b && space.test(s[a])) a++;
  while (b > a && space.test(s[b - 1])) b--;
  return s.slice(a, b);
}

/** Go's filepath.Clean on a Unix path. */
export function goCleanPath(p: string): string {
  if (p === '') return '.';
  const rooted = p.startsWith('/');
  const out: string[] = [];
  for (const part of p.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') {
      if (out.length > 0 && out[out.length - 1] !== '..') out.pop();
      else if (!rooted) out.push('..');
      continue;
    }
    out.push(part);
  }
  const body = out.join('/');
  return rooted ? `/${body}` : body || '.';
}
