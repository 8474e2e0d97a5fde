/**
 * sh/bash text → our plain syntax tree, through web-tree-sitter and the tree-sitter-bash
 * grammar. Loading the grammar is asynchronous (WebAssembly), so it happens once at the edge
 * (`loadShellParser`); parsing after that is synchronous and pure.
 */
import type { Node as TsNode, Parser as TsParser } from 'web-tree-sitter';
import type { Assignment, Redirect, ShellScript, Span, Statement, Word, WordPart } from './ast';

export interface ShellParser {
  parse(text: string): ShellScript;
}

let loaded: Promise<ShellParser> | null = null;

/** Loads the bash grammar once per process. */
export function loadShellParser(): Promise<ShellParser> {
  loaded ??= (async () => {
    // The CommonJS build: the ESM one keeps the process alive for most of a second after use.
    const { Parser, Language } = require('web-tree-sitter') as typeof import('web-tree-sitter');
    await Parser.init();
    const language = await Language.load(require.resolve('tree-sitter-bash/tree-sitter-bash.wasm'));
    const parser = new Parser();
    parser.setLanguage(language);
    return { parse: (text: string) => convertScript(parser, text) };
  })();
  return loaded;
}

/**
 * How deep statements and words may nest (`$( $( … ) )`, subshells in subshells): real glue
 * stays far below; beyond it the script is refused instead of running the stack out.
 */
export const MAX_NESTING = 200;

class TooDeep extends Error {
  constructor(readonly line: number) {
    super('too deep');
  }
}

function convertScript(parser: TsParser, text: string): ShellScript {
  const tree = parser.parse(text);
  if (!tree) return { text, statements: [], error: { line: 1, message: 'the shell parser gave up' } };
  try {
    const conv = new Converter(text);
    const root = tree.rootNode;
    return { text, statements: conv.statements(root.namedChildren), error: firstError(root) };
  } catch (e) {
    if (!(e instanceof TooDeep)) throw e;
    return { text, statements: [], error: { line: e.line, message: `commands, substitutions or groups nested more than ${MAX_NESTING} levels deep from here; the script is not read further` } };
  } finally {
    tree.delete();
  }
}

function firstError(root: TsNode): ShellScript['error'] {
  if (!root.hasError) return null;
  // Depth first, without recursion: error nodes can sit as deep as the input nests.
  let found: TsNode | null = null;
  const stack: TsNode[] = [root];
  while (stack.length > 0 && !found) {
    const n = stack.pop() as TsNode;
    if (n.type === 'ERROR' || n.isMissing) {
      found = n;
      break;
    }
    const kids = n.children.filter((c): c is TsNode => c !== null && c.hasError);
    for (let k = kids.length - 1; k >= 0; k--) stack.push(kids[k]);
  }
  const node = found as TsNode | null;
  if (!node) return { line: 1, message: 'syntax error' };
  const what = node.isMissing ? `missing ${node.type}` : `unexpected ${JSON.stringify(node.text.slice(0, 20))}`;
  // A missing closer is found at the end of the file; the construct it should close starts where it was opened.
  const opened = node.isMissing && node.parent ? node.parent.startPosition.row + 1 : null;
  if (opened !== null && opened !== node.startPosition.row + 1) return { line: opened, message: `syntax error: ${what}: the ${node.parent?.type.replace(/_/g, ' ')} that starts here is never closed` };
  return { line: node.startPosition.row + 1, message: `syntax error: ${what} (unterminated quote, heredoc or block?)` };
}

const STATEMENT_SKIP = new Set(['comment', ';', '&', '\n', 'heredoc_body', 'heredoc_end']);

class Converter {
  private nextId = 0;
  private depth = 0;

  constructor(private readonly text: string) {}

  span(n: TsNode): Span {
    return { start: n.startIndex, end: n.endIndex, line: n.startPosition.row + 1, endLine: n.endPosition.row + 1 };
  }

  statements(nodes: (TsNode | null)[]): Statement[] {
    const out: Statement[] = [];
    for (const n of nodes) {
      if (!n || STATEMENT_SKIP.has(n.type) || !n.isNamed) continue;
      out.push(this.statement(n));
    }
    return out;
  }

  private base(n: TsNode): { id: number; span: Span } {
    return { id: this.nextId++, span: this.span(n) };
  }

  statement(n: TsNode): Statement {
    if (++this.depth > MAX_NESTING) throw new TooDeep(n.startPosition.row + 1);
    try {
      return this.statementOf(n);
    } finally {
      this.depth--;
    }
  }

  private statementOf(n: TsNode): Statement {
    switch (n.type) {
      case 'command':
        return this.command(n, []);
      case 'redirected_statement': {
        const body = n.childForFieldName('body');
        const redirects = n.childrenForFieldName('redirect').filter(isNode).map((r) => this.redirect(r));
        if (body && body.type === 'command') {
          const cmd = this.command(body, redirects);
          return { ...cmd, span: this.span(n) };
        }
        if (body && body.type === 'pipeline') {
          // `a | b > file`: the redirect belongs to the last command of the pipeline.
          const pipe = this.statement(body);
          if (pipe.type === 'pipeline' && pipe.commands.length > 0) {
            const last = pipe.commands[pipe.commands.length - 1];
            if (last.type === 'command') pipe.commands[pipe.commands.length - 1] = { ...last, redirects: [...last.redirects, ...redirects] };
            return { ...pipe, span: this.span(n) };
          }
        }
        if (body && (body.type === 'subshell' || body.type === 'compound_statement')) {
          const inner = this.statement(body);
          if (inner.type === 'subshell' || inner.type === 'group') return { ...inner, redirects, span: this.span(n) };
        }
        // `x=1 > f`, `if …; fi > log`: keep the body, noting the redirect as part of an opaque shell.
        return { ...this.base(n), type: 'other', nodeType: 'redirected_statement', nested: body ? [this.statement(body)] : [] };
      }
      case 'variable_assignment':
        return { ...this.base(n), type: 'assignments', assignments: [this.assignment(n)] };
      case 'variable_assignments':
        return {
          ...this.base(n),
          type: 'assignments',
          assignments: n.namedChildren.filter(isNode).filter((c) => c.type === 'variable_assignment').map((c) => this.assignment(c)),
        };
      case 'declaration_command': {
        const keyword = n.child(0)?.text ?? '';
        const assignments: Assignment[] = [];
        const names: string[] = [];
        for (const c of n.namedChildren.filter(isNode)) {
          if (c.type === 'variable_assignment') assignments.push(this.assignment(c));
          else if (c.type === 'variable_name') names.push(c.text);
        }
        return { ...this.base(n), type: 'declaration', keyword, assignments, names };
      }
      case 'list': {
        const named = n.namedChildren.filter(isNode);
        const opNode = n.children.find((c) => c && (c.type === '&&' || c.type === '||'));
        return {
          ...this.base(n),
          type: 'list',
          op: opNode?.type === '||' ? '||' : '&&',
          left: this.statement(named[0]),
          right: this.statement(named[named.length - 1]),
        };
      }
      case 'pipeline':
        return { ...this.base(n), type: 'pipeline', commands: this.statements(n.namedChildren) };
      case 'negated_command': {
        const body = n.namedChildren.find(isNode);
        return body ? { ...this.base(n), type: 'negated', body: this.statement(body) } : { ...this.base(n), type: 'test' };
      }
      case 'subshell':
        return { ...this.base(n), type: 'subshell', body: this.statements(n.namedChildren), redirects: [] };
      case 'compound_statement':
        return { ...this.base(n), type: 'group', body: this.statements(n.namedChildren), redirects: [] };
      case 'if_statement':
        return this.ifStatement(n);
      case 'for_statement': {
        const variable = n.childForFieldName('variable')?.text ?? '';
        const hasIn = n.children.some((c) => c?.type === 'in');
        const values = hasIn ? n.childrenForFieldName('value').filter(isNode).map((v) => this.word(v)) : null;
        const body = n.childForFieldName('body');
        return { ...this.base(n), type: 'for', variable, values, body: body ? this.statements(body.namedChildren) : [] };
      }
      case 'function_definition': {
        const body = n.childForFieldName('body');
        const inner = body ? this.statement(body) : null;
        const stmts = inner && (inner.type === 'group' || inner.type === 'subshell') ? inner.body : inner ? [inner] : [];
        return { ...this.base(n), type: 'function', name: n.childForFieldName('name')?.text ?? '', body: stmts };
      }
      case 'test_command':
        return { ...this.base(n), type: 'test' };
      default:
        return { ...this.base(n), type: 'other', nodeType: n.type, nested: this.nestedStatements(n) };
    }
  }

  /** Statements inside a construct we do not model (while, case…), so callers can look for docker in them. */
  private nestedStatements(n: TsNode): Statement[] {
    const out: Statement[] = [];
    for (const c of n.namedChildren.filter(isNode)) {
      if (c.type === 'do_group' || c.type === 'case_item' || c.type === 'compound_statement') out.push(...this.statements(c.namedChildren));
      else if (['command', 'list', 'pipeline', 'redirected_statement', 'if_statement', 'for_statement', 'while_statement', 'case_statement', 'subshell'].includes(c.type)) out.push(this.statement(c));
    }
    return out;
  }

  private ifStatement(n: TsNode): Statement {
    const clauses: { condition: Statement[]; body: Statement[] }[] = [];
    let elseBody: Statement[] | null = null;
    const collect = (node: TsNode): void => {
      const condition: Statement[] = [];
      const body: Statement[] = [];
      let inBody = false;
      for (const c of node.children.filter(isNode)) {
        if (c.type === 'then') {
          inBody = true;
          continue;
        }
        if (c.type === 'elif_clause') {
          collect(c);
          continue;
        }
        if (c.type === 'else_clause') {
          elseBody = this.statements(c.namedChildren);
          continue;
        }
        if (!c.isNamed || STATEMENT_SKIP.has(c.type)) continue;
        (inBody ? body : condition).push(this.statement(c));
      }
      clauses.unshift({ condition, body });
    };
    collect(n);
    // collect() pushes nested elif clauses first; restore source order.
    clauses.sort((a, b) => (a.condition[0]?.span.start ?? 0) - (b.condition[0]?.span.start ?? 0));
    return { ...this.base(n), type: 'if', clauses, elseBody };
  }

  private command(n: TsNode, redirects: Redirect[]): Statement {
    const assignments: Assignment[] = [];
    const words: Word[] = [];
    for (let i = 0; i < n.childCount; i++) {
      const c = n.child(i);
      if (!c) continue;
      const field = n.fieldNameForChild(i);
      if (c.type === 'variable_assignment') assignments.push(this.assignment(c));
      else if (c.type === 'command_name') words.push(this.word(c.namedChildren.find(isNode) ?? c));
      else if (field === 'argument') words.push(this.word(c));
      else if (field === 'redirect' || c.type === 'file_redirect' || c.type === 'heredoc_redirect' || c.type === 'herestring_redirect') redirects.push(this.redirect(c));
    }
    return { ...this.base(n), type: 'command', assignments, words, redirects };
  }

  private assignment(n: TsNode): Assignment {
    const value = n.childForFieldName('value');
    return { name: n.childForFieldName('name')?.text ?? '', value: value ? this.word(value) : null, span: this.span(n) };
  }

  private redirect(n: TsNode): Redirect {
    if (n.type === 'heredoc_redirect') return { op: '<<', fd: null, target: null, heredoc: true, span: this.span(n) };
    const fdNode = n.childForFieldName('descriptor');
    const dest = n.childForFieldName('destination') ?? n.namedChildren.filter(isNode).find((c) => c.type !== 'file_descriptor') ?? null;
    const opNode = n.children.find((c) => c && !c.isNamed);
    return {
      op: opNode?.type ?? (n.type === 'herestring_redirect' ? '<<<' : '>'),
      fd: fdNode ? Number(fdNode.text) : null,
      target: dest ? this.word(dest) : null,
      heredoc: false,
      span: this.span(n),
    };
  }

  word(n: TsNode): Word {
    return { parts: this.parts(n, false), text: n.text, span: this.span(n) };
  }

  private parts(n: TsNode, quoted: boolean): WordPart[] {
    if (++this.depth > MAX_NESTING) throw new TooDeep(n.startPosition.row + 1);
    try {
      return this.partsOf(n, quoted);
    } finally {
      this.depth--;
    }
  }

  private partsOf(n: TsNode, quoted: boolean): WordPart[] {
    switch (n.type) {
      case 'word':
      case 'number':
      case 'command_name':
      case 'variable_name':
      case 'special_variable_name':
        return quoted ? [{ kind: 'literal', text: n.text, quoted: true }] : unquotedWord(n.text);
      case 'string':
        return n.namedChildren.filter(isNode).flatMap((c) =>
          c.type === 'string_content' ? [{ kind: 'literal' as const, text: unescapeDoubleQuoted(c.text), quoted: true }] : this.parts(c, true),
        );
      case 'raw_string':
        return [{ kind: 'literal', text: n.text.slice(1, -1), quoted: true }];
      case 'ansi_c_string':
        return [{ kind: 'literal', text: unescapeAnsiC(n.text.slice(2, -1)), quoted: true }];
      case 'concatenation':
        return n.children.filter(isNode).flatMap((c) => this.parts(c, quoted));
      case 'simple_expansion': {
        const name = n.namedChildren.find(isNode)?.text ?? '';
        return [{ kind: 'param', name, op: null, operand: null, quoted }];
      }
      case 'expansion':
        return [this.expansion(n, quoted)];
      case 'command_substitution':
        return [{ kind: 'command', body: this.statements(n.namedChildren), text: n.text, quoted }];
      default:
        return [{ kind: 'opaque', text: n.text, quoted }];
    }
  }

  /** `${name}`, `${name:-word}` and friends; anything else (`${#x}`, `${x%y}`) is opaque. */
  private expansion(n: TsNode, quoted: boolean): WordPart {
    const kids = n.children.filter(isNode);
    const inner = kids.slice(1, -1);
    if (inner.length === 0 || (inner[0].type !== 'variable_name' && inner[0].type !== 'special_variable_name')) {
      return { kind: 'opaque', text: n.text, quoted };
    }
    const name = inner[0].text;
    if (inner.length === 1) return { kind: 'param', name, op: null, operand: null, quoted };
    const op = inner[1].text;
    if (![':-', '-', ':=', '=', ':+', '+', ':?', '?'].includes(op)) return { kind: 'opaque', text: n.text, quoted };
    const rest = inner.slice(2);
    const operandText = rest.length > 0 ? this.text.slice(rest[0].startIndex, rest[rest.length - 1].endIndex) : '';
    const operand: Word = {
      parts: rest.flatMap((c) => this.parts(c, true)),
      text: operandText,
      span: rest.length > 0 ? { ...this.span(rest[0]), end: rest[rest.length - 1].endIndex } : this.span(n),
    };
    return { kind: 'param', name, op, operand, quoted };
  }
}

function isNode(n: TsNode | null): n is TsNode {
  return n !== null;
}

/** Splits an unquoted word into literal text (backslash escapes removed) and glob parts. */
function unquotedWord(raw: string): WordPart[] {
  const out: WordPart[] = [];
  let lit = '';
  const flush = (): void => {
    if (lit) out.push({ kind: 'literal', text: lit, quoted: false });
    lit = '';
  };
  for (let i = 0; i < raw.length; i++) {
    const c = raw[i];
    if (c === '\\' && i + 1 < raw.length) {
      if (raw[i + 1] !== '\n') lit += raw[i + 1];
      i++;
    } else if (c === '*' || c === '?' || c === '[') {
      flush();
      out.push({ kind: 'glob', text: c });
    } else if (c === '~' && i === 0) {
      flush();
      out.push({ kind: 'opaque', text: '~', quoted: false });
    } else {
      lit += c;
    }
  }
  flush();
  return out;
}

function unescapeDoubleQuoted(s: string): string {
  return s.replace(/\\([$`"\\\n])/g, (_, ch: string) => (ch === '\n' ? '' : ch));
}

function unescapeAnsiC(s: string): string {
  const map: Record<string, string> = { n: '\n', t: '\t', r: '\r', '\\': '\\', "'": "'", '"': '"', a: '\x07', e: '\x1b' };
  return s.replace(/\\(.)/g, (_, ch: string) => map[ch] ?? `\\${ch}`);
}
