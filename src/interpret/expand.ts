/**
 * Shell word expansion over symbolic values: parameters (with `:-`, `:=`, `:+`…), command
 * substitution (through a callback that interprets the inner commands), field splitting of
 * unquoted literal expansions, and glob marking. No file system access: globs stay patterns.
 */
import type { Word, WordPart, Statement } from '../parse/shell/ast';
import { EMPTY, Value, ValuePart, asLiteral, concat, literal, symbol } from './value';

export interface ExpansionScope {
  /** A variable's value; undefined when the glue never set it (it may come from the environment). */
  lookup(name: string): Value | undefined;
  assign(name: string, value: Value): void;
  /** `$1`…; null when the script's own arguments are unknown. */
  positional(index: number): Value | null;
  /** `$@` / `$*` as fields; null when unknown. */
  allPositionals(): Value[] | null;
  /** Runs `$(…)` and returns what it prints, as far as it can be known. */
  substitute(body: Statement[], text: string, at: number): Value;
  /** `$PWD`: the repository directory the glue is in. */
  cwd(): string;
  scriptPath(): string;
  /** A symbol name never handed out before, for values that differ on every run ($RANDOM). */
  fresh(prefix: string): string;
}

/** Expands a word into fields (usually one; unquoted `$X` holding spaces splits). */
export function expandFields(word: Word, scope: ExpansionScope): Value[] {
  const fields: Value[][] = [[]];
  let sawAnything = false;
  const push = (v: Value): void => {
    fields[fields.length - 1].push(v);
  };
  for (const part of word.parts) {
    const v = expandPart(part, scope);
    // `$@` and `"$@"` give one field per argument (`$*` too, unless quoted).
    if (part.kind === 'param' && part.op === null && (part.name === '@' || (part.name === '*' && !part.quoted))) {
      const all = scope.allPositionals();
      if (all) {
        all.forEach((f, i) => {
          if (i > 0) fields.push([]);
          push(f);
        });
        sawAnything = sawAnything || all.length > 0;
        continue;
      }
    }
    const text = asLiteral(v);
    const splittable = (part.kind === 'param' || part.kind === 'command') && !part.quoted && text !== null;
    if (splittable) {
      const pieces = text.split(/[ \t\n]+/);
      pieces.forEach((piece, i) => {
        if (i > 0) fields.push([]);
        if (piece) push(literal(piece));
      });
      sawAnything = sawAnything || text.trim() !== '';
      continue;
    }
    sawAnything = true;
    push(v);
  }
  const out = fields.map((f) => concat(f)).filter((f, i) => f.parts.length > 0 || (i === 0 && hasQuotedPart(word)));
  return sawAnything || hasQuotedPart(word) ? (out.length > 0 ? out : [EMPTY]) : [];
}

/** Expands a word where the shell does no field splitting (assignments, redirect targets). */
export function expandSingle(word: Word, scope: ExpansionScope): Value {
  return concat(word.parts.map((p) => expandPart(p, scope)));
}

function hasQuotedPart(word: Word): boolean {
  return word.parts.some((p) => 'quoted' in p && p.quoted);
}

function expandPart(part: WordPart, scope: ExpansionScope): Value {
  switch (part.kind) {
    case 'literal':
      return literal(part.text);
    case 'glob':
      return { parts: [{ lit: part.text }], glob: true };
    case 'opaque':
      return symbol(`opaque:${part.text}`, 'output', part.text);
    case 'command':
      return scope.substitute(part.body, part.text, 0);
    case 'param':
      return expandParam(part, scope);
  }
}

function expandParam(part: Extract<WordPart, { kind: 'param' }>, scope: ExpansionScope): Value {
  const current = readParam(part.name, scope);
  const display = part.op ? `\${${part.name}${part.op}${part.operand?.text ?? ''}}` : `$${part.name}`;
  if (!part.op) return current ?? symbol(`env:${part.name}`, 'env', display);
  const operand = (): Value => (part.operand ? expandSingle(part.operand, scope) : EMPTY);
  const colon = part.op.startsWith(':');
  const base = part.op.replace(':', '');
  if (current === undefined) {
    // Unset in the glue: the environment decides at run time.
    switch (base) {
      case '-':
        return symbol(`env:${part.name}`, 'env', display, operand());
      case '=': {
        const v = symbol(`env:${part.name}`, 'env', display, operand());
        scope.assign(part.name, v);
        return v;
      }
      case '+':
        return symbol(`env:${part.name}+`, 'env', display);
      default:
        return symbol(`env:${part.name}`, 'env', display);
    }
  }
  const isEmpty = asLiteral(current) === '';
  const unset = colon && isEmpty;
  switch (base) {
    case '-':
      return unset ? operand() : current;
    case '=':
      if (unset) {
        const v = operand();
        scope.assign(part.name, v);
        return v;
      }
      return current;
    case '+':
      return unset ? EMPTY : operand();
    default:
      return current;
  }
}

function readParam(name: string, scope: ExpansionScope): Value | undefined {
  if (/^[0-9]+$/.test(name)) {
    const n = Number(name);
    if (n === 0) return literal(scope.scriptPath());
    const v = scope.positional(n);
    return v ?? symbol(`arg:${n}`, 'positional', `$${name}`);
  }
  switch (name) {
    case '?':
      return symbol('status', 'status', '$?');
    case '#':
    case '@':
    case '*': {
      const all = scope.allPositionals();
      if (all === null) return symbol(`arg:${name}`, 'positional', `$${name}`);
      return name === '#' ? literal(String(all.length)) : concat(all.flatMap((v, i) => (i > 0 ? [literal(' '), v] : [v])));
    }
    case '$':
    case '!':
      return symbol(`pid:${name}`, 'random', `$${name}`);
    case 'RANDOM':
      return symbol(scope.fresh('random'), 'random', '$RANDOM');
    case 'PWD':
      return scope.lookup('PWD') ?? { parts: [{ hostDir: scope.cwd() } as ValuePart], glob: false };
    default:
      return scope.lookup(name);
  }
}
