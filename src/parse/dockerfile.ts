/**
 * Dockerfile text → our own plain model. The only module that imports dockerfile-ast: every
 * node keeps exact offsets into the original text, because the migration edits by range and
 * carries everything else over byte for byte.
 */
import { DockerfileParser, Instruction as AstInstruction } from 'dockerfile-ast';
import { LineIndex } from '../core/line-index';

export interface DockerFlag {
  name: string;
  /** Null for a bare flag such as `--link`. */
  value: string | null;
  start: number;
  end: number;
}

export interface DockerArg {
  /** The argument exactly as written (no quote removal, no variable expansion). */
  value: string;
  start: number;
  end: number;
}

export interface DockerInstruction {
  /** Upper-case keyword (`COPY`, `FROM`, …). */
  keyword: string;
  /** 1-based lines of the keyword and of the last argument. */
  line: number;
  endLine: number;
  /** Offsets of the instruction text, keyword to last argument, in `DockerfileModel.text`. */
  start: number;
  end: number;
  flags: DockerFlag[];
  /** Shell-form arguments split on whitespace (after flags). */
  args: DockerArg[];
  /** JSON-form arguments (`["a", "b"]`), or null when the instruction uses the shell form. */
  json: string[] | null;
  /** True when the instruction carries a heredoc (`<<EOF`), a BuildKit-only form. */
  heredoc: boolean;
}

export interface DockerStage {
  index: number;
  /** Lower-cased `AS` name (Docker stores stage names lower-case, ST-1), or null. */
  name: string | null;
  /** The `AS` name as the file spells it (`Build`), or null. */
  writtenName: string | null;
  /** The base image or stage reference as written (`golang:${GO_VERSION}`, `builder`). */
  base: string;
  platform: string | null;
  from: DockerInstruction;
  /** Every instruction of the stage, FROM first. */
  instructions: DockerInstruction[];
  /** Offset of the start of the FROM line; the stage's text runs to the next stage's start. */
  start: number;
  end: number;
}

export interface ParserDirective {
  name: string;
  value: string;
  line: number;
  /** Offsets of the whole line, newline excluded. */
  start: number;
  end: number;
}

export interface DockerfileModel {
  path: string;
  text: string;
  eol: '\n' | '\r\n';
  finalNewline: boolean;
  escapeChar: string;
  /** False when the Dockerfile parser read another escape character than Docker would: the model cannot be trusted. */
  escapeUnderstood: boolean;
  directives: ParserDirective[];
  /** Instructions before the first FROM (ARGs, in a valid file). */
  preamble: DockerInstruction[];
  stages: DockerStage[];
  /** Offset where the first stage (FROM line) starts; text.length when there is none. */
  bodyStart: number;
  lines: LineIndex;
}

const KNOWN_DIRECTIVES = new Set(['syntax', 'escape', 'check']);

/** Parses Dockerfile text. Never throws: what cannot be read shows up as missing stages. */
export function parseDockerfile(path: string, text: string): DockerfileModel {
  const lines = new LineIndex(text);
  const directives = readDirectives(text, lines);
  const escapeChar = directives.find((d) => d.name === 'escape')?.value || '\\';
  // dockerfile-ast honours an escape line that Docker ignores (after an unknown directive, PD-4):
  // hide such lines from it, keeping every offset.
  const ast = DockerfileParser.parse(text.replace(/^(#\s*)(escape)(\s*=)/gim, (m, a: string, _b: string, c: string, at: number) => (directives.some((d) => d.start === at) ? m : `${a}xscape${c}`)));
  const instructions = ast.getInstructions().map((i) => convertInstruction(i, lines, text));
  const preamble: DockerInstruction[] = [];
  const stages: DockerStage[] = [];
  for (const ins of instructions) {
    if (ins.keyword === 'FROM') {
      stages.push(newStage(stages.length, ins, lines));
    } else if (stages.length === 0) {
      preamble.push(ins);
    } else {
      stages[stages.length - 1].instructions.push(ins);
    }
  }
  for (let i = 0; i < stages.length; i++) {
    stages[i].end = i + 1 < stages.length ? stages[i + 1].start : text.length;
  }
  return {
    path,
    text,
    eol: text.includes('\r\n') ? '\r\n' : '\n',
    finalNewline: text.length === 0 || text.endsWith('\n'),
    escapeChar,
    escapeUnderstood: ast.getEscapeCharacter() === escapeChar,
    directives,
    preamble,
    stages,
    bodyStart: stages.length > 0 ? stages[0].start : text.length,
    lines,
  };
}

function newStage(index: number, from: DockerInstruction, lines: LineIndex): DockerStage {
  const words = from.args.map((a) => a.value);
  const asAt = words.findIndex((w, i) => i > 0 && w.toUpperCase() === 'AS');
  const platform = from.flags.find((f) => f.name === 'platform')?.value ?? null;
  return {
    index,
    name: asAt > 0 && words[asAt + 1] ? words[asAt + 1].toLowerCase() : null,
    writtenName: asAt > 0 && words[asAt + 1] ? words[asAt + 1] : null,
    base: words[0] ?? '',
    platform,
    from,
    instructions: [from],
    start: lines.lineStart(from.line),
    end: from.end,
  };
}

function convertInstruction(ins: AstInstruction, lines: LineIndex, text: string): DockerInstruction {
  const range = ins.getRange();
  const start = lines.offset(range.start.line + 1, range.start.character);
  const end = lines.offset(range.end.line + 1, range.end.character);
  // Every argument, flags included, tokenised once (the class's own getArguments tokenises again to drop the flags).
  const raw = AstInstruction.prototype.getArguments.call(ins);
  const withFlags = ins as AstInstruction & { getFlags?: () => import('dockerfile-ast').Flag[] };
  // Flags are only ever read from the front: without a leading `--` there are none to ask for.
  const flagged = withFlags.getFlags && raw.length > 0 && raw[0].getValue().startsWith('--');
  const flags: DockerFlag[] = (flagged && withFlags.getFlags ? withFlags.getFlags() : []).map((f) => {
    const r = f.getRange();
    return {
      name: f.getName().toLowerCase(),
      value: f.getValue(),
      start: lines.offset(r.start.line + 1, r.start.character),
      end: lines.offset(r.end.line + 1, r.end.character),
    };
  });
  const flagEnd = flags.length > 0 ? flags[flags.length - 1].end : -1;
  const args: DockerArg[] = raw
    .map((a) => {
      const r = a.getRange();
      const s = lines.offset(r.start.line + 1, r.start.character);
      const e = lines.offset(r.end.line + 1, r.end.character);
      return { value: text.slice(s, e), start: s, end: e };
    })
    .filter((a) => a.start >= flagEnd);
  const keyword = ins.getKeyword().toUpperCase();
  return {
    keyword,
    line: range.start.line + 1,
    endLine: range.end.line + 1,
    start,
    end,
    flags,
    args,
    json: readJsonForm(args, text),
    heredoc: args.some((a) => /^<<-?["']?[A-Za-z_]/.test(a.value)),
  };
}

/** JSON form is a JSON array of strings spanning every argument; anything else is shell form. */
function readJsonForm(args: DockerArg[], text: string): string[] | null {
  if (args.length === 0 || !args[0].value.startsWith('[')) return null;
  const raw = text.slice(args[0].start, args[args.length - 1].end).replace(/\\\r?\n/g, '');
  try {
    const parsed: unknown = JSON.parse(raw);
    if (Array.isArray(parsed) && parsed.every((x) => typeof x === 'string')) return parsed as string[];
  } catch {
    // Not JSON: Docker falls back to the shell form too.
  }
  return null;
}

/**
 * Parser directives: only the uninterrupted run of `# name=value` lines at the very top count
 * (PD-3); an unknown directive ends the run (PD-4).
 */
function readDirectives(text: string, lines: LineIndex): ParserDirective[] {
  const out: ParserDirective[] = [];
  for (let line = 1; line <= lines.count; line++) {
    const start = lines.lineStart(line);
    const end = lines.lineEnd(line);
    const m = /^#\s*([A-Za-z][A-Za-z0-9_-]*)\s*=\s*(.*?)\s*$/.exec(text.slice(start, end));
    if (!m || !KNOWN_DIRECTIVES.has(m[1].toLowerCase())) break;
    out.push({ name: m[1].toLowerCase(), value: m[2], line, start, end });
  }
  return out;
}

/** The `# syntax=` directive's value, or null. */
export function syntaxDirective(model: DockerfileModel): string | null {
  return model.directives.find((d) => d.name === 'syntax')?.value ?? null;
}

/** A flag's value by name, or null when the flag is absent (or bare). */
export function flagValue(ins: DockerInstruction, name: string): string | null {
  return ins.flags.find((f) => f.name === name)?.value ?? null;
}

/** Arguments of an instruction as written, JSON form unwrapped. */
export function argumentValues(ins: DockerInstruction): string[] {
  return ins.json ?? ins.args.map((a) => a.value);
}
