/**
 * Walks a glue script the way the shell would run it, without running anything: variables,
 * functions, `cd`, sourced scripts, command substitution. Docker commands and host file
 * commands become pipeline steps; whatever cannot be known statically becomes a finding.
 */
import { Finding, FindingCode, finding } from '../core/findings';
import { baseName, dirName, normalizeRelative } from '../core/paths';
import type { Redirect, ShellScript, Statement, Word } from '../parse/shell/ast';
import { walkStatements } from '../parse/shell/ast';
import { dockerStep } from './docker-step';
import { CallSite, GlueStep, FILE_COMMANDS, Origin } from './events';
import { ExpansionScope, expandFields, expandSingle } from './expand';
import { hostPath } from './host-path';
import { EMPTY, Value, asLiteral, literal, resolve, symbol, unknowableAt } from './value';

/** What the interpreter may ask of the outside world: read-only views of the repository. */
export interface GlueWorld {
  /** Text of a repository file, or null when it does not exist or is not text. */
  readText(path: string): string | null;
  /** Names in a repository directory, or null when it does not exist. */
  listDir(path: string): string[] | null;
  parseShell(text: string): ShellScript;
  /** `make …` in a Makefile recipe: runs the sub-make's goals in place; false when it cannot be followed. */
  runMake?(args: (string | null)[], cwd: string | null): boolean;
}

export interface Frame {
  vars: Map<string, Value>;
  /**
   * Names exported to the environment: a script the glue runs (not sources) sees only these.
   * Undefined when every variable counts as exported (`set -a`, CI variables, callers that
   * do not track it).
   */
  exported?: Set<string>;
  /** Null when the script's own arguments are unknown (the top level). */
  positional: Value[] | null;
  /** Repository-relative working directory; null once it cannot be known. */
  cwd: string | null;
  /** `$0` as the caller would see it. */
  scriptPath: string;
  file: string;
  /** Text of `file`, to read conditions the tree does not model. */
  text: string;
  /** `cd -` goes back here; undefined before the first `cd`. */
  previous?: string | null;
  /** `pushd` pushes the directory it leaves here; `popd` returns to the top. */
  stack?: (string | null)[];
}

export interface RunContext {
  chain: number[];
  /** Depth of enclosing conditionals (if bodies, `test &&`): steps there may not happen. */
  conditional: boolean;
  /** Set when stdout of this command feeds a pipe. */
  piped: boolean;
  /** For the first command of a pipeline: the host commands it feeds and the file they write. */
  pipeTo?: PipeConsumers;
  /** The function and script calls this statement runs inside, outermost first. */
  calls?: CallSite[];
}

/** The rest of a pipeline after a docker command, resolved. */
export interface PipeConsumers {
  commands: { command: string; args: (string | null)[]; cwd: string }[];
  /** Where the last command's stdout goes: a repository path, outside, unknowable, or the terminal. */
  file: { path: string; outside: boolean } | null | 'terminal';
}

/** A shell function as defined: steps of a call cite the definition's statements (`chain`), so the rewrite edits the body. */
interface FunctionDef {
  body: Statement[];
  file: string;
  /** Text of `file`, for the body's conditions. */
  text: string;
  chain: number[];
}

/** Thrown to unwind on `exit`/`return`; never escapes `interpretScript`. */
class Stop {
  constructor(readonly scope: 'script' | 'function') {}
}

export interface Interpretation {
  steps: GlueStep[];
  findings: Finding[];
}

const HANDLERS = new Set(['true', ':', 'exit', 'echo', 'printf', 'return', 'false', 'logger', '>&2']);
const NO_EFFECT = new Set(['set', 'true', ':', 'false', 'echo', 'printf', 'shift', 'trap', 'sleep', 'wait', 'test', '[', '[[', 'umask', 'unset', 'shopt', 'hash', 'type', 'which', 'command', 'alias', 'logger', 'date']);
const MAX_INLINE_DEPTH = 8;

export class ShellInterpreter {
  readonly steps: GlueStep[] = [];
  readonly findings: Finding[] = [];
  /** Functions by name. */
  readonly functions = new Map<string, FunctionDef>();
  private counter = 0;
  private inlineDepth = 0;

  constructor(private readonly world: GlueWorld) {}

  fresh(prefix: string): string {
    return `${prefix}:${++this.counter}`;
  }

  report(code: FindingCode, message: string, file: string, line: number): void {
    if (this.findings.some((f) => f.code === code && f.location?.file === file && f.location.line === line)) return;
    this.findings.push(finding(code, message, { file, line }));
  }

  /** Runs a whole script; `exit` ends it quietly. `outer` is the caller's context for a script another one runs. */
  runScript(script: ShellScript, frame: Frame, chain: number[] = [], outer?: Pick<RunContext, 'conditional' | 'calls'>): void {
    if (script.error) {
      this.report('GLUE_PARSE_ERROR', script.error.message, frame.file, script.error.line);
      return;
    }
    try {
      this.runAll(script.statements, frame, { chain, conditional: outer?.conditional ?? false, piped: false, ...(outer?.calls ? { calls: outer.calls } : {}) });
    } catch (e) {
      if (!(e instanceof Stop)) throw e;
    }
  }

  runAll(stmts: readonly Statement[], frame: Frame, ctx: RunContext): void {
    for (const s of stmts) this.run(s, frame, { ...ctx, chain: [...ctx.chain, s.id] });
  }

  origin(frame: Frame, ctx: RunContext, line: number, endLine = line): Origin {
    return { file: frame.file, line, endLine, chain: ctx.chain, ...(ctx.calls && ctx.calls.length > 0 ? { calls: ctx.calls } : {}), ...(ctx.conditional ? { conditional: true } : {}) };
  }

  private run(s: Statement, frame: Frame, ctx: RunContext): void {
    switch (s.type) {
      case 'assignments':
      case 'declaration':
        for (const a of s.assignments) {
          const v = a.value ? expandSingle(a.value, this.scope(frame, ctx, a.span.line)) : EMPTY;
          frame.vars.set(a.name, ctx.conditional ? this.conditionalValue(a.name, frame, v) : v);
        }
        if (s.type === 'declaration' && (s.keyword === 'export' || /^\s*(declare|typeset)\s+-\w*x/.test(frame.text.slice(s.span.start, s.span.end)))) {
          for (const name of [...s.names, ...s.assignments.map((a) => a.name)]) frame.exported?.add(name);
        }
        return;
      case 'command':
        this.command(s, frame, ctx);
        return;
      case 'list':
        this.list(s, frame, ctx);
        return;
      case 'pipeline': {
        const [first, ...rest] = s.commands;
        const startsWithDocker = first?.type === 'command' && dockerSubcommandOf(first.words.map((w) => w.text)) !== null;
        if (startsWithDocker && rest.every((c) => c.type === 'command')) {
          // `docker … | tar -x` is one extraction: the host commands are part of it.
          this.run(first, frame, { ...ctx, chain: [...ctx.chain, first.id], piped: true, pipeTo: this.consumers(rest as Extract<Statement, { type: 'command' }>[], frame, ctx) });
          return;
        }
        s.commands.forEach((c, i) => this.run(c, frame, { ...ctx, chain: [...ctx.chain, c.id], piped: i < s.commands.length - 1 }));
        return;
      }
      case 'negated':
        this.run(s.body, frame, { ...ctx, chain: [...ctx.chain, s.body.id] });
        return;
      case 'subshell':
        try {
          this.runAll(s.body, { ...frame, vars: new Map(frame.vars), exported: frame.exported && new Set(frame.exported) }, ctx);
        } catch (e) {
          if (!(e instanceof Stop) || e.scope !== 'script') throw e;
        }
        return;
      case 'group':
        this.runAll(s.body, frame, ctx);
        return;
      case 'if':
        this.ifStatement(s, frame, ctx);
        return;
      case 'for':
        this.forLoop(s, frame, ctx);
        return;
      case 'function':
        this.functions.set(s.name, { body: s.body, file: frame.file, text: frame.text, chain: ctx.chain });
        return;
      case 'test':
        this.testStatement(s, frame, ctx);
        return;
      case 'other':
        this.opaqueConstruct(s, frame, ctx);
        return;
    }
  }

  /**
   * `[[ -f app ]]`: the files it tests are reads (a guard on an artifact must go with the
   * extraction). Words with expansions are not resolved here: they count as unknown.
   */
  private testStatement(s: Statement, frame: Frame, ctx: RunContext): void {
    const words = frame.text.slice(s.span.start, s.span.end).split(/\s+/).map((w) => (/[$`*?]/.test(w) ? null : w.replace(/^(['"])(.*)\1$/, '$2')));
    this.fileTest(words, frame, ctx, s.span.line, s.span.endLine);
  }

  /** A `test` / `[` / `[[` with file operands becomes a step that reads them (and changes nothing). */
  private fileTest(words: (string | null)[], frame: Frame, ctx: RunContext, line: number, endLine: number): void {
    const files = fileTestOperands(words);
    if (files.length > 0) this.steps.push({ kind: 'other', origin: this.origin(frame, ctx, line, endLine), command: 'test', args: files, cwd: frame.cwd ?? '' });
  }

  /** `a || true`, `a || exit 1`: the right side only handles failure and changes nothing. */
  private list(s: Extract<Statement, { type: 'list' }>, frame: Frame, ctx: RunContext): void {
    this.run(s.left, frame, { ...ctx, chain: [...ctx.chain, s.left.id] });
    if (s.op === '||' && isHandler(s.right)) return;
    const guardedByTest = s.op === '&&' && isTest(s.left);
    // Steps there carry `conditional`: roles refuse those the migration would remove or change.
    this.run(s.right, frame, { ...ctx, chain: [...ctx.chain, s.right.id], conditional: ctx.conditional || guardedByTest || s.op === '||' });
  }

  private ifStatement(s: Extract<Statement, { type: 'if' }>, frame: Frame, ctx: RunContext): void {
    for (const clause of s.clauses) this.runAll(clause.condition, frame, ctx);
    // `if [ -z "$TAG" ]; then TAG=latest; fi` is `${TAG:-latest}` in disguise.
    const defaulted = defaultingIf(s, frame.text);
    if (defaulted && !frame.vars.has(defaulted.name)) {
      const v = expandSingle(defaulted.value, this.scope(frame, ctx, s.span.line));
      frame.vars.set(defaulted.name, symbol(`env:${defaulted.name}`, 'env', `$${defaulted.name}`, v));
      return;
    }
    const bodies = [...s.clauses.map((c) => c.body), ...(s.elseBody ? [s.elseBody] : [])];
    for (const body of bodies) {
      if (body.every(isHandler)) continue;
      this.runAll(body, frame, { ...ctx, conditional: true });
    }
  }

  private forLoop(s: Extract<Statement, { type: 'for' }>, frame: Frame, ctx: RunContext): void {
    const touchesDocker = this.mentions(s.body, /\bdocker\b/, frame);
    const scope = this.scope(frame, ctx, s.span.line);
    const values: Value[] = s.values ? s.values.flatMap((w) => this.expandGlob(expandFields(w, scope), frame)) : (scope.allPositionals() ?? [symbol('arg:@', 'positional', '$@')]);
    const known = values.every((v) => asLiteral(v) !== null && !v.glob);
    if (!known) {
      if (touchesDocker) this.report('GLUE_LOOP_DOCKER', `the loop over ${s.values?.map((w) => w.text).join(' ') ?? '"$@"'} runs docker commands, and its values are not all known before it runs`, frame.file, s.span.line);
      else this.steps.push({ kind: 'other', origin: this.origin(frame, ctx, s.span.line, s.span.endLine), command: 'for', args: [], cwd: frame.cwd ?? '' });
      return;
    }
    if (!touchesDocker && !this.mentions(s.body, /\b(cp|mv|rm|mkdir|chmod|tar|ln)\b/, frame)) {
      this.steps.push({ kind: 'other', origin: this.origin(frame, ctx, s.span.line, s.span.endLine), command: 'for', args: values.map(asLiteral), cwd: frame.cwd ?? '' });
      return;
    }
    for (const v of values) {
      frame.vars.set(s.variable, v);
      this.runAll(s.body, frame, ctx);
    }
  }

  /**
   * The statements, the functions they call and the repository scripts they run mention `re`:
   * a loop over `extract "$b"` runs docker as much as one over `docker cp`.
   */
  private mentions(stmts: readonly Statement[], re: RegExp, frame: Frame, depth = 0): boolean {
    if (statementsMention(stmts, re)) return true;
    if (depth > MAX_INLINE_DEPTH) return true;
    let hit = false;
    walkStatements(stmts, (st) => {
      if (hit || st.type !== 'command') return;
      const words = st.words.map((w) => w.text);
      const fn = this.functions.get(words[0] ?? '');
      if (fn) hit = this.mentions(fn.body, re, frame, depth + 1);
      const script = /^(sh|bash|dash|source|\.)$/.test(words[0] ?? '') ? words[1] : /\.(sh|bash)$|^\.\//.test(words[0] ?? '') ? words[0] : undefined;
      if (!hit && script) {
        const where = hostPath(script, frame.cwd);
        const text = where.ok ? this.world.readText(where.path) : null;
        if (text !== null) hit = this.mentions(this.world.parseShell(text).statements, re, frame, depth + 1);
      }
    });
    return hit;
  }

  /** Expands unquoted globs in loop lists against the repository, as the shell would. */
  private expandGlob(fields: Value[], frame: Frame): Value[] {
    return fields.flatMap((f) => {
      const text = asLiteral(f);
      if (!f.glob || text === null || frame.cwd === null) return [f];
      const dir = dirName(text);
      const base = baseName(text);
      const where = normalizeRelative(dir === '' ? '.' : dir, frame.cwd);
      if (where === null) return [f];
      const names = this.world.listDir(where) ?? [];
      const re = new RegExp('^' + base.split('').map((c) => (c === '*' ? '[^/]*' : c === '?' ? '[^/]' : c.replace(/[.+^${}()|\\]/g, '\\$&'))).join('') + '$');
      const hits = names.filter((n) => re.test(n) && !n.startsWith('.')).sort();
      return hits.length === 0 ? [f] : hits.map((n) => literal(dir === '' ? n : `${dir}/${n}`));
    });
  }

  /** while/until/case: kept as they are; variables they set become unknowable. */
  private opaqueConstruct(s: Extract<Statement, { type: 'other' }>, frame: Frame, ctx: RunContext): void {
    if (this.mentions(s.nested, /\bdocker\b/, frame)) {
      const code = s.nodeType === 'case_statement' ? 'GLUE_CONDITIONAL_DOCKER' : 'GLUE_LOOP_DOCKER';
      this.report(code, `docker commands inside a ${s.nodeType.replace(/_statement$/, '')} construct run a number of times the migration cannot know`, frame.file, s.span.line);
    }
    // A getopts loop chooses values from the command line: they depend on the script's arguments.
    let options = false;
    walkStatements(s.nested, (st) => {
      if (st.type === 'command' && st.words[0]?.text === 'getopts') options = true;
    });
    const origin = { file: frame.file, line: s.span.line, cause: options ? ('getopts' as const) : ('condition' as const) };
    walkStatements(s.nested, (st) => {
      if (st.type === 'assignments' || st.type === 'declaration') {
        for (const a of st.assignments) frame.vars.set(a.name, unknowableAt(this.fresh(`cond-${a.name}`), options ? 'positional' : 'conditional', `$${a.name}`, origin));
      }
      if (st.type === 'command' && st.words[0]?.text === 'getopts') {
        const name = st.words[2]?.text;
        if (name) frame.vars.set(name, unknowableAt('arg:getopts', 'positional', `$${name}`, origin));
      }
      if (st.type === 'command' && st.words[0]?.text === 'read') {
        this.report('GLUE_INTERACTIVE', 'the glue reads input (`read`); the migration cannot know what a user would answer', frame.file, st.span.line);
      }
    });
    this.steps.push({ kind: 'other', origin: this.origin(frame, ctx, s.span.line, s.span.endLine), command: s.nodeType, args: [], cwd: frame.cwd ?? '' });
  }

  private conditionalValue(name: string, frame: Frame, v: Value): Value {
    const before = frame.vars.get(name);
    if (before && asLiteral(before) === asLiteral(v) && asLiteral(v) !== null) return v;
    return symbol(this.fresh(`cond-${name}`), 'conditional', `$${name}`);
  }

  scope(frame: Frame, ctx: RunContext, line: number): ExpansionScope {
    return {
      lookup: (name) => frame.vars.get(name),
      assign: (name, value) => frame.vars.set(name, value),
      positional: (n) => (frame.positional ? (frame.positional[n - 1] ?? EMPTY) : null),
      allPositionals: () => frame.positional,
      substitute: (body, text) => this.substitute(body, text, frame, ctx, line),
      cwd: () => frame.cwd ?? '',
      scriptPath: () => frame.scriptPath,
      fresh: (prefix) => this.fresh(prefix),
    };
  }

  /** `$(…)`: runs the inner commands (their steps count) and returns what they print, if knowable. */
  private substitute(body: Statement[], text: string, frame: Frame, ctx: RunContext, line: number): Value {
    const sub: Frame = { ...frame, vars: new Map(frame.vars) };
    if (body.length === 1 && body[0].type === 'command') {
      const printed = this.command(body[0], sub, { ...ctx, piped: true });
      if (printed) return printed;
    } else if (body.length === 1 && body[0].type === 'list' && body[0].op === '&&') {
      // `$(cd "$(dirname "$0")" && pwd)`
      const l = body[0];
      this.run(l.left, sub, ctx);
      if (l.right.type === 'command') {
        const printed = this.command(l.right, sub, { ...ctx, piped: true });
        if (printed) return printed;
      }
    } else {
      this.runAll(body, sub, { ...ctx, piped: true });
    }
    const volatile = /\b(date|mktemp|uuidgen|RANDOM|openssl rand)\b/.test(text);
    return symbol(volatile ? this.fresh('output') : `output:${text}`, 'output', text);
  }

  /**
   * One simple command. Returns what it prints when that is knowable and useful (a container
   * id, `pwd`), for command substitution; null otherwise.
   */
  command(s: Extract<Statement, { type: 'command' }>, frame: Frame, ctx: RunContext): Value | null {
    const scope = this.scope(frame, ctx, s.span.line);
    const prefixEnv = new Map<string, Value>();
    for (const a of s.assignments) prefixEnv.set(a.name, a.value ? expandSingle(a.value, scope) : EMPTY);
    const fields: Value[] = [];
    const fieldWord: number[] = [];
    s.words.forEach((w, wi) => {
      for (const f of expandFields(w, scope)) {
        fields.push(f);
        fieldWord.push(wi);
      }
    });
    if (fields.length === 0) {
      for (const [k, v] of prefixEnv) frame.vars.set(k, v);
      return null;
    }
    const name = commandName(fields[0]);
    if (name === null) {
      if (statementsMention([s], /\bdocker\b/) || s.words.some((w) => /docker/i.test(w.text))) {
        this.report('GLUE_DYNAMIC_COMMAND', `the command name \`${s.words[0].text}\` is only known at run time`, frame.file, s.span.line);
      }
      this.steps.push({ kind: 'other', origin: this.origin(frame, ctx, s.span.line, s.span.endLine), command: s.words[0].text, args: [], cwd: frame.cwd ?? '' });
      return null;
    }
    const unwrapped = unwrapPrefix(fields, name);
    if (unwrapped.envAssignments) for (const [k, v] of unwrapped.envAssignments) prefixEnv.set(k, v);
    const start = unwrapped.start;
    const cmd = commandName(fields[start]) ?? '';
    const args = fields.slice(start + 1);
    const origin = this.origin(frame, ctx, s.span.line, s.span.endLine);
    if (cmd === 'docker' || cmd.endsWith('/docker')) {
      return dockerStep(this, {
        stmt: s,
        frame,
        ctx,
        origin,
        args,
        words: s.words,
        fieldWord: fieldWord.slice(start + 1),
        prefixWords: fieldWord[start],
        env: prefixEnv,
      });
    }
    return this.plainCommand(cmd, args, s, frame, ctx, origin, prefixEnv);
  }

  private plainCommand(cmd: string, args: Value[], s: Extract<Statement, { type: 'command' }>, frame: Frame, ctx: RunContext, origin: Origin, env: Map<string, Value>): Value | null {
    const lits = args.map((a) => resolve(a)?.text ?? null);
    const line = s.span.line;
    switch (cmd) {
      case 'cd': {
        const target = lits[0] === '-' ? (frame.previous ?? null) : this.changeDir(lits[0] ?? null, args.length === 0, frame, line);
        frame.previous = frame.cwd;
        frame.cwd = target;
        return null;
      }
      case 'pushd':
        frame.stack = [...(frame.stack ?? []), frame.cwd];
        frame.cwd = this.changeDir(lits[0] ?? null, args.length === 0, frame, line);
        return null;
      case 'popd':
        frame.cwd = frame.stack && frame.stack.length > 0 ? frame.stack[frame.stack.length - 1] : null;
        frame.stack = frame.stack?.slice(0, -1);
        return null;
      case 'pwd':
        return frame.cwd === null ? null : { parts: [{ hostDir: frame.cwd }], glob: false };
      case 'dirname':
        return lits[0] != null ? literal(dirName(lits[0]) || '.') : null;
      case 'basename':
        return lits[0] != null ? literal(baseName(lits[0])) : null;
      case 'echo':
        if (!s.redirects.some(writesFile)) return args.length === 1 ? args[0] : null;
        break;
      case 'test':
      case '[':
        this.fileTest(lits, frame, ctx, line, s.span.endLine);
        return null;
      case 'exit':
        if (!ctx.conditional) throw new Stop('script');
        return null;
      case 'return':
        if (!ctx.conditional) throw new Stop('function');
        return null;
      case 'shift':
        if (frame.positional) frame.positional = frame.positional.slice(Number(lits[0] ?? 1) || 1);
        return null;
      case 'eval':
        if (lits.some((l) => l === null || /docker/.test(l))) this.report('GLUE_DYNAMIC_COMMAND', '`eval` builds a command at run time', frame.file, line);
        break;
      case 'read':
        if (!ctx.piped) this.report('GLUE_INTERACTIVE', 'the glue asks for input with `read`; the migration cannot know the answer', frame.file, line);
        for (let i = 0; i < lits.length; i++) {
          const a = lits[i];
          if (a === null) continue;
          if (a === '-p' || a === '-t' || a === '-d' || a === '-n' || a === '-u') i++;
          else if (!a.startsWith('-')) frame.vars.set(a, unknowableAt(this.fresh(`read-${a}`), 'conditional', `$${a}`, { file: frame.file, line, cause: 'read' }));
        }
        return null;
      case 'set':
        // `set -a`: every variable set from here on is exported.
        if (lits.some((l) => l !== null && (/^-[a-zA-Z]*a/.test(l) || l === 'allexport'))) frame.exported = undefined;
        break;
      case 'source':
      case '.':
        if (lits[0]) this.inlineScript(lits[0], args.slice(1), frame, ctx, line, true, env);
        return null;
      case 'sh':
      case 'bash':
      case 'dash':
        if (lits[0] && !lits[0].startsWith('-')) {
          this.inlineScript(lits[0], args.slice(1), frame, ctx, line, false, env);
          return null;
        }
        if (lits.some((l) => l !== null && /docker/.test(l))) this.report('GLUE_DYNAMIC_COMMAND', `\`${cmd} -c\` runs docker from a string`, frame.file, line);
        break;
      default: {
        const fn = this.functions.get(cmd);
        if (fn) {
          this.callFunction(fn, args, frame, ctx, line);
          return null;
        }
        if (cmd.includes('/') && /\.(sh|bash)$|^\.\//.test(cmd) && this.inlineScript(cmd, args, frame, ctx, line, false, env)) return null;
        if ((cmd === 'make' || cmd === 'gmake') && !ctx.conditional && this.world.runMake?.(lits, frame.cwd)) return null;
      }
    }
    // Writes outside the repository do not change the build context; unknowable ones might.
    const writes = s.redirects
      .filter(writesFile)
      .map((r) => this.redirectTarget(r, frame, ctx))
      .filter((w) => w === null || !w.outside)
      .map((w) => (w === null ? null : w.path));
    if (FILE_COMMANDS.has(cmd) || writes.length > 0) {
      this.steps.push({ kind: 'host', origin, command: cmd, args: lits, cwd: frame.cwd ?? '', writes, ...(ctx.conditional ? { conditional: true } : {}) });
    } else if (!NO_EFFECT.has(cmd)) {
      this.steps.push({ kind: 'other', origin, command: cmd, args: lits, cwd: frame.cwd ?? '' });
    }
    return null;
  }

  /** The commands after the first of a pipeline, with their arguments resolved. */
  private consumers(cmds: Extract<Statement, { type: 'command' }>[], frame: Frame, ctx: RunContext): PipeConsumers {
    const commands = cmds.map((c) => {
      const scope = this.scope(frame, ctx, c.span.line);
      const fields = c.words.flatMap((w) => expandFields(w, scope));
      const lits = fields.map((f) => resolve(f)?.text ?? null);
      return { command: lits[0] ?? '', args: lits.slice(1), cwd: frame.cwd ?? '' };
    });
    const last = cmds[cmds.length - 1];
    const out = last.redirects.filter(writesFile);
    const file = out.length === 0 ? 'terminal' : this.redirectTarget(out[out.length - 1], frame, ctx);
    return { commands, file };
  }

  /** Where a redirect writes: a repository path, or `outside` with the text as written; null when unknowable. */
  redirectTarget(r: Redirect, frame: Frame, ctx: RunContext): { path: string; outside: boolean } | null {
    if (!r.target) return null;
    const text = resolve(expandSingle(r.target, this.scope(frame, ctx, r.span.line)))?.text;
    if (text === undefined) return null;
    const p = hostPath(text, frame.cwd);
    if (p.ok) return { path: p.path, outside: false };
    return p.reason === 'outside' ? { path: text, outside: true } : null;
  }

  private changeDir(target: string | null, home: boolean, frame: Frame, line: number): string | null {
    if (home || target === null || frame.cwd === null) return null;
    if (target === '-') return null;
    const p = hostPath(target, frame.cwd);
    if (!p.ok && p.reason === 'outside') {
      this.report('PATH_OUTSIDE_REPOSITORY', `\`cd ${target}\` leaves the repository`, frame.file, line);
      return null;
    }
    return p.ok ? p.path : null;
  }

  /**
   * Runs a function for one call: its `$1`… are this call's arguments, and its steps cite the
   * definition's statements and, through `calls`, this call (the rewrite removes a call whose
   * steps all go).
   */
  private callFunction(fn: FunctionDef, args: Value[], frame: Frame, ctx: RunContext, line: number): void {
    // Functions share the caller's variables and directory, but have their own arguments.
    const inner: Frame = { ...frame, positional: args, file: fn.file, text: fn.text };
    const site: CallSite = { file: frame.file, line, chain: ctx.chain, callee: { file: fn.file, chain: fn.chain, shares: true } };
    try {
      this.runAll(fn.body, inner, { ...ctx, chain: fn.chain, calls: [...(ctx.calls ?? []), site] });
    } catch (e) {
      if (!(e instanceof Stop) || e.scope !== 'function') throw e;
    }
    frame.vars = inner.vars;
    frame.cwd = inner.cwd;
    frame.previous = inner.previous;
    frame.stack = inner.stack;
  }

  /**
   * `source x.sh`, `sh x.sh`, `./x.sh`: follows scripts of the repository. Sourced scripts share
   * the caller's variables; executed ones get a copy. False when there is no such script.
   */
  private inlineScript(path: string, args: Value[], frame: Frame, ctx: RunContext, line: number, shared: boolean, env: Map<string, Value>): boolean {
    const where = hostPath(path, frame.cwd);
    if (!where.ok) return false;
    const text = this.world.readText(where.path);
    if (text === null) return false;
    if (this.inlineDepth >= MAX_INLINE_DEPTH) {
      this.report('GLUE_DYNAMIC_COMMAND', `scripts call each other more than ${MAX_INLINE_DEPTH} deep`, frame.file, line);
      return true;
    }
    const script = this.world.parseShell(text);
    // A script run in a process of its own sees the exported variables, and those set on its command line.
    const environment = new Map([...frame.vars].filter(([name]) => frame.exported === undefined || frame.exported.has(name)));
    for (const [k, v] of env) environment.set(k, v);
    const inner: Frame = shared
      ? { ...frame, file: where.path, text }
      : { ...frame, vars: environment, exported: new Set(environment.keys()), positional: args, file: where.path, scriptPath: path, text };
    const site: CallSite = { file: frame.file, line, chain: ctx.chain, callee: { file: where.path, chain: [], shares: shared } };
    this.inlineDepth++;
    try {
      // Steps of the called script cite its own lines, and the caller's statement through `calls`.
      this.runScript(script, inner, [], { conditional: ctx.conditional, calls: [...(ctx.calls ?? []), site] });
    } finally {
      this.inlineDepth--;
    }
    if (shared) {
      frame.vars = inner.vars;
      frame.cwd = inner.cwd;
      frame.previous = inner.previous;
      frame.stack = inner.stack;
    }
    return true;
  }
}

/** Unary file tests of test(1): the word after each is a path the test reads. */
const FILE_TESTS = new Set(['-e', '-f', '-d', '-s', '-r', '-w', '-x', '-L', '-h', '-p', '-S', '-b', '-c', '-g', '-u', '-k', '-O', '-G', '-N']);

/** The paths a test's file operators look at (null where unknowable). */
function fileTestOperands(words: readonly (string | null)[]): (string | null)[] {
  const out: (string | null)[] = [];
  for (let i = 0; i + 1 < words.length; i++) if (words[i] !== null && FILE_TESTS.has(words[i] as string) && words[i + 1] !== ']' && words[i + 1] !== ']]') out.push(words[++i]);
  return out;
}

function writesFile(r: Redirect): boolean {
  if (r.heredoc || !r.target) return false;
  if (r.op !== '>' && r.op !== '>>' && r.op !== '>|' && r.op !== '&>' && r.op !== '&>>') return false;
  if (r.fd !== null && r.fd !== 1) return false;
  return !/^\/dev\/(null|stderr|stdout)$/.test(r.target.text);
}

function commandName(v: Value): string | null {
  const lit = asLiteral(v);
  if (lit !== null) return lit;
  return resolve(v)?.text ?? null;
}

/** `sudo -E docker …`, `command docker`, `env X=1 docker`: where the real command starts. */
function unwrapPrefix(fields: Value[], name: string): { start: number; envAssignments: Map<string, Value> | null } {
  let i = 0;
  let env: Map<string, Value> | null = null;
  let current = name;
  for (let guard = 0; guard < 6 && i < fields.length; guard++) {
    if (current === 'sudo') {
      i++;
      while (i < fields.length && (asLiteral(fields[i]) ?? '').startsWith('-')) {
        const flag = asLiteral(fields[i]) ?? '';
        i += ['-u', '-g', '-C', '-h', '-p', '-U'].includes(flag) ? 2 : 1;
      }
    } else if (current === 'command' || current === 'exec' || current === 'time' || current === 'nice' || current === 'nohup') {
      i++;
      while (i < fields.length && (asLiteral(fields[i]) ?? '').startsWith('-')) i++;
    } else if (current === 'env') {
      i++;
      env ??= new Map();
      while (i < fields.length && /^[A-Za-z_][A-Za-z0-9_]*=/.test(asLiteral(fields[i]) ?? '')) {
        const text = asLiteral(fields[i]) as string;
        env.set(text.slice(0, text.indexOf('=')), literal(text.slice(text.indexOf('=') + 1)));
        i++;
      }
    } else break;
    current = i < fields.length ? (commandName(fields[i]) ?? '') : '';
  }
  return { start: Math.min(i, fields.length - 1), envAssignments: env };
}

function isHandler(s: Statement): boolean {
  if (s.type === 'command') return HANDLERS.has(s.words[0]?.text ?? '');
  if (s.type === 'group' || s.type === 'subshell') return s.body.every(isHandler);
  if (s.type === 'list') return isHandler(s.left) && isHandler(s.right);
  return false;
}

function isTest(s: Statement): boolean {
  if (s.type === 'test') return true;
  if (s.type === 'negated') return isTest(s.body);
  return s.type === 'command' && ['test', '['].includes(s.words[0]?.text ?? '');
}

function statementsMention(stmts: readonly Statement[], re: RegExp): boolean {
  let hit = false;
  walkStatements(stmts, (s) => {
    if (s.type === 'command' && s.words.some((w: Word) => re.test(w.text))) hit = true;
    if (s.type === 'assignments' && s.assignments.some((a) => a.value && re.test(a.value.text))) hit = true;
  });
  return hit;
}

/** Recognises `if [ -z "$X" ]; then X=value; fi` (also `test -z`). */
function defaultingIf(s: Extract<Statement, { type: 'if' }>, text: string): { name: string; value: Word } | null {
  if (s.clauses.length !== 1 || s.elseBody) return null;
  const [clause] = s.clauses;
  if (clause.body.length !== 1 || clause.body[0].type !== 'assignments' || clause.body[0].assignments.length !== 1) return null;
  const assign = clause.body[0].assignments[0];
  if (!assign.value) return null;
  const cond = clause.condition.map((c) => text.slice(c.span.start, c.span.end)).join(' ');
  const re = new RegExp(`^(\\[|test)\\s+-z\\s+"?\\$\\{?${assign.name}\\}?"?\\s*\\]?$`);
  return re.test(cond.trim()) ? { name: assign.name, value: assign.value } : null;
}

/** `docker rm x` → `rm`, `sudo docker image build` → `build`; null when the words do not run docker. */
export function dockerSubcommandOf(words: readonly string[]): string | null {
  let i = 0;
  while (i < words.length && (words[i] === 'sudo' || words[i].startsWith('-'))) i++;
  if (words[i] !== 'docker' && !words[i]?.endsWith('/docker')) return null;
  i++;
  while (i < words.length && words[i].startsWith('-')) i++;
  const first = words[i] ?? '';
  if (first === 'image' || first === 'container' || first === 'buildx' || first === 'builder') {
    const second = words[i + 1] ?? '';
    return { remove: 'rm', ls: 'ps' }[second] ?? second;
  }
  return first;
}
