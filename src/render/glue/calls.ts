/**
 * When a call of a shell function (or of another script) can go from the rewritten glue: every
 * step it ran is removed, and what the function still does for it changes nothing the caller
 * goes on with. A function that also sets a variable, changes directory or runs other commands
 * keeps its calls (and its rewritten body).
 */
import type { CallSite, GlueStep } from '../../interpret/events';
import type { Statement } from '../../parse/shell/ast';
import { childStatements } from '../../parse/shell/ast';
import { StepIndex } from './step-index';

/** Finds statements of the glue files by chain, and the steps each file's statements carry. */
export interface GlueTrees {
  /**
   * The statements `chain` leads to in `file`: the whole file for an empty chain, else the one
   * statement it ends at; `prefix` is the chain their children are reached under. Null when unknown.
   */
  statementsAt(file: string, chain: readonly number[]): { stmts: Statement[]; prefix: number[] } | null;
  index(file: string): StepIndex;
  /** Every definition of the shell function `name` in the glue files. */
  functionsNamed(name: string): Extract<Statement, { type: 'function' }>[];
}

/** Commands that change nothing a later statement could see (they may print). */
const INERT_COMMANDS = new Set(['echo', 'printf', ':', 'true', 'false', 'set', 'shopt', 'sleep', 'test', '[', '[[', 'logger', 'date', 'type', 'which', 'hash', 'return', 'wait']);

/**
 * True when the call at `site`, whose steps are `steps`, can be removed: each of them is
 * removed, and the callee's statements that carry none of them are inert.
 */
export function callRemovable(site: CallSite, steps: readonly GlueStep[], removed: ReadonlySet<GlueStep>, trees: GlueTrees): boolean {
  if (steps.length === 0 || !steps.every((s) => removed.has(s))) return false;
  return calleeInert(site, new Set(steps), trees, 0);
}

function calleeInert(site: CallSite, mine: ReadonlySet<GlueStep>, trees: GlueTrees, depth: number): boolean {
  // A script run in its own process cannot change the caller's variables or directory.
  if (!site.callee.shares) return true;
  if (depth > 16) return false;
  const at = trees.statementsAt(site.callee.file, site.callee.chain);
  if (!at) return false;
  const body = site.callee.chain.length === 0 ? at.stmts : functionBody(at.stmts);
  return body !== null && sequenceInert(body, at.prefix, site.callee.file, mine, trees, depth);
}

/** The body of the function statement `stmts` holds (a one-element list), or null. */
function functionBody(stmts: Statement[]): Statement[] | null {
  const def = stmts[0];
  return stmts.length === 1 && def.type === 'function' ? def.body : null;
}

function sequenceInert(stmts: readonly Statement[], prefix: number[], file: string, mine: ReadonlySet<GlueStep>, trees: GlueTrees, depth: number): boolean {
  const index = trees.index(file);
  return stmts.every((s) => {
    const steps = index.of(s, prefix);
    if (steps.length === 0) return statementInert(s, trees);
    // Only other calls' steps: this call did not run it (or ran it without effect).
    if (!steps.some((st) => mine.has(st))) return true;
    const calls = index.callsAt(s, prefix).filter((c) => c.steps.some((st) => mine.has(st)));
    if (!calls.every((c) => calleeInert(c.call, mine, trees, depth + 1))) return false;
    const kids = s.type === 'pipeline' ? [] : childStatements(s);
    return sequenceInert(kids, [...prefix, s.id], file, mine, trees, depth);
  });
}

/**
 * A statement without steps that changes nothing the caller sees: messages, tests, shell
 * options, `local` variables, a subshell; compound statements made only of those.
 */
export function statementInert(s: Statement, trees: GlueTrees, depth = 0): boolean {
  const inert = (x: Statement) => statementInert(x, trees, depth);
  switch (s.type) {
    case 'command': {
      const name = s.words[0]?.text ?? '';
      const quiet = s.assignments.length === 0 && s.redirects.every((r) => r.target === null || /^(\/dev\/(null|stderr|stdout)|[12])$/.test(r.target.text));
      return quiet && (INERT_COMMANDS.has(name) || functionInert(name, trees, depth));
    }
    case 'declaration':
      return s.keyword === 'local';
    case 'test':
    case 'subshell':
      return true;
    case 'list':
      return inert(s.left) && (inert(s.right) || (s.op === '||' && isExit(s.right)));
    case 'negated':
      return inert(s.body);
    case 'group':
    case 'if':
    case 'for':
      return childStatements(s).every((k) => inert(k) || inertIn(s, k, trees));
    default:
      return false;
  }
}

/**
 * `kid` changes nothing once `parent` goes: inert, or an `exit` in a body of an `if` (the
 * handling of a check, as in `if [ ! -f app ]; then exit 1; fi`).
 */
export function inertIn(parent: Statement, kid: Statement, trees: GlueTrees): boolean {
  if (statementInert(kid, trees)) return true;
  return parent.type === 'if' && isExit(kid) && [...parent.clauses.map((c) => c.body), parent.elseBody ?? []].some((b) => b.includes(kid));
}

/** A call of a function (`log "building"`) whose every definition is made of inert statements. */
function functionInert(name: string, trees: GlueTrees, depth: number): boolean {
  if (depth > 8 || name === '') return false;
  const defs = trees.functionsNamed(name);
  return defs.length > 0 && defs.every((d) => d.body.every((k) => statementInert(k, trees, depth + 1)));
}

/** `exit 1` after a failed check: the run stops, it changes nothing that goes on. */
function isExit(s: Statement): boolean {
  return s.type === 'command' && s.words[0]?.text === 'exit';
}
