/**
 * Our own plain shell syntax tree: what the interpreter needs of a sh/bash script, nothing
 * of tree-sitter. Offsets are indices into the parsed text; lines are 1-based.
 */

export interface Span {
  start: number;
  end: number;
  line: number;
  endLine: number;
}

export type WordPart =
  /** Text after quote removal. `quoted` parts are never split or globbed. */
  | { kind: 'literal'; text: string; quoted: boolean }
  /** `$x`, `${x}`, `${x:-word}`…; `op` is null for a plain reference. Special names: `?`, `@`, `#`, `0`-`9`. */
  | { kind: 'param'; name: string; op: string | null; operand: Word | null; quoted: boolean }
  /** `$(…)` or backquotes. */
  | { kind: 'command'; body: Statement[]; text: string; quoted: boolean }
  /** Unquoted `*`, `?`, `[…]`, which the shell expands against the file system. */
  | { kind: 'glob'; text: string }
  /** Anything whose value the tool does not compute: `$((…))`, `${#x}`, `${x%y}`, `~`, `<(…)`. */
  | { kind: 'opaque'; text: string; quoted: boolean };

export interface Word {
  parts: WordPart[];
  /** The word exactly as written. */
  text: string;
  span: Span;
}

export interface Assignment {
  name: string;
  /** Null for `export NAME` with no value. */
  value: Word | null;
  span: Span;
}

export interface Redirect {
  /** `>`, `>>`, `<`, `>&`, `&>`, `<<`, `<<<`, … */
  op: string;
  /** The file descriptor written before the operator, or null (stdout for `>`, stdin for `<`). */
  fd: number | null;
  /** Null for heredocs. */
  target: Word | null;
  heredoc: boolean;
  span: Span;
}

interface Base {
  /** Unique within one parse; lets later stages refer to a statement. */
  id: number;
  span: Span;
}

export type Statement =
  | (Base & { type: 'command'; assignments: Assignment[]; words: Word[]; redirects: Redirect[] })
  | (Base & { type: 'assignments'; assignments: Assignment[] })
  | (Base & { type: 'declaration'; keyword: string; assignments: Assignment[]; names: string[] })
  | (Base & { type: 'list'; op: '&&' | '||'; left: Statement; right: Statement })
  | (Base & { type: 'pipeline'; commands: Statement[] })
  | (Base & { type: 'negated'; body: Statement })
  | (Base & { type: 'subshell' | 'group'; body: Statement[]; redirects: Redirect[] })
  | (Base & { type: 'if'; clauses: { condition: Statement[]; body: Statement[] }[]; elseBody: Statement[] | null })
  | (Base & { type: 'for'; variable: string; values: Word[] | null; body: Statement[] })
  | (Base & { type: 'function'; name: string; body: Statement[] })
  | (Base & { type: 'test' })
  /** while/until/case/arithmetic…: kept whole; `nested` lets callers see docker commands inside. */
  | (Base & { type: 'other'; nodeType: string; nested: Statement[] });

export interface ShellScript {
  text: string;
  statements: Statement[];
  /** First syntax error, or null when the script parsed cleanly. */
  error: { line: number; message: string } | null;
}

/** Calls `visit` on `stmt` and every statement nested in it, depth first. */
export function walkStatements(stmts: readonly Statement[], visit: (s: Statement) => void): void {
  for (const s of stmts) {
    visit(s);
    walkStatements(childStatements(s), visit);
  }
}

export function childStatements(s: Statement): Statement[] {
  switch (s.type) {
    case 'list':
      return [s.left, s.right];
    case 'pipeline':
      return s.commands;
    case 'negated':
      return [s.body];
    case 'subshell':
    case 'group':
    case 'function':
    case 'for':
      return s.body;
    case 'if':
      return [...s.clauses.flatMap((c) => [...c.condition, ...c.body]), ...(s.elseBody ?? [])];
    case 'other':
      return s.nested;
    default:
      return [];
  }
}
