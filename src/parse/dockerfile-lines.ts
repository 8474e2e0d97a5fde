/**
 * Dockerfile lines as BuildKit's parser reads them (frontend/dockerfile/parser, which the
 * classic builder uses too): comments and blank lines skipped, continuations joined (a
 * continuation line that is a comment or empty is skipped), heredoc bodies read up to their
 * terminator. Only the structure is kept: where each instruction starts and ends. It catches
 * what Docker refuses before building (a line of 64 KiB or more, an unterminated heredoc) and
 * lets the caller compare its own parse with Docker's.
 */

export interface LogicalInstruction {
  /** Upper-case keyword as written (`RUN`, `COP`, …). */
  keyword: string;
  /** 1-based lines of the first and the last physical line (heredoc bodies included). */
  line: number;
  endLine: number;
}

export interface LineProblem {
  line: number;
  message: string;
}

export interface DockerLines {
  instructions: LogicalInstruction[];
  /** What stops Docker's parser, in line order. */
  problems: LineProblem[];
}

/** BuildKit reads with bufio.Scanner's default buffer: a line of 65,536 bytes or more is an error. */
export const MAX_DOCKERFILE_LINE_BYTES = 65535;

const HEREDOC_KEYWORDS = new Set(['RUN', 'COPY', 'ADD']);

/** Reads `text` (no byte order mark) with `escape` as the escape character. */
export function readDockerLines(text: string, escape: string): DockerLines {
  const physical = splitKeepingEnds(text);
  const problems: LineProblem[] = [];
  physical.forEach((l, i) => {
    if (Buffer.byteLength(l.replace(/\n$/, ''), 'utf8') > MAX_DOCKERFILE_LINE_BYTES) {
      problems.push({ line: i + 1, message: `line ${i + 1} is longer than Docker's limit of ${MAX_DOCKERFILE_LINE_BYTES} bytes ("dockerfile line greater than max allowed size")` });
    }
  });
  const continued = continuationTest(escape);
  const instructions: LogicalInstruction[] = [];
  let i = 0;
  while (i < physical.length) {
    const start = i;
    let body = trimNewline(physical[i]).replace(/^\s+/, '');
    i++;
    if (body.startsWith('#')) continue;
    let end = !continued(body);
    body = end ? body : stripContinuation(body, escape);
    if (end && body === '') continue;
    let logical = body;
    while (!end && i < physical.length) {
      const raw = trimNewline(physical[i]);
      i++;
      if (/^\s*#/.test(raw) || raw.trim() === '') continue;
      end = !continued(raw);
      logical += end ? raw : stripContinuation(raw, escape);
    }
    const keyword = (/^\S+/.exec(logical)?.[0] ?? '').toUpperCase();
    for (const name of heredocNames(keyword, logical)) {
      const chomp = name.chomp;
      let terminated = false;
      while (i < physical.length) {
        let candidate = trimNewline(physical[i]);
        i++;
        if (chomp) candidate = candidate.replace(/^\t+/, '');
        if (candidate === name.word) {
          terminated = true;
          break;
        }
      }
      if (!terminated) {
        problems.push({ line: start + 1, message: `the heredoc <<${name.word.length > 40 ? `${name.word.slice(0, 39)}…` : name.word} that starts here is never terminated ("unterminated heredoc")` });
        break;
      }
    }
    instructions.push({ keyword, line: start + 1, endLine: Math.max(start + 1, i) });
  }
  problems.sort((a, b) => a.line - b.line);
  return { instructions, problems };
}

function splitKeepingEnds(text: string): string[] {
  const out = text.match(/[^\n]*\n|[^\n]+$/g) ?? [];
  return out;
}

function trimNewline(s: string): string {
  return s.replace(/[\r\n]+$/, '');
}

/** BuildKit's line-continuation rule: the escape character last (spaces and tabs may follow), not itself escaped. */
function continuationTest(escape: string): (line: string) => boolean {
  const e = escape.replace(/[\\^$.*+?()[\]{}|]/g, '\\$&');
  const re = new RegExp(`([^${e}])${e}[ \\t]*$|^${e}[ \\t]*$`);
  return (line) => re.test(line);
}

function stripContinuation(line: string, escape: string): string {
  const e = escape.replace(/[\\^$.*+?()[\]{}|]/g, '\\$&');
  return line.replace(new RegExp(`([^${e}])${e}[ \\t]*$|^${e}[ \\t]*$`), '$1');
}

/**
 * The heredocs of a logical line, as BuildKit finds them: RUN, COPY and ADD in shell form (or
 * under ONBUILD), each word `<<NAME`, `<<-NAME`, `2<<"NAME"` (words split on unquoted blanks,
 * quotes kept; the name is the rest without its quotes).
 */
function heredocNames(keyword: string, line: string): { word: string; chomp: boolean }[] {
  if (!line.includes('<<')) return [];
  const words = shellWords(line);
  let rest = words.slice(1);
  let kw = keyword;
  if (kw === 'ONBUILD') {
    kw = (rest[0] ?? '').toUpperCase();
    rest = rest.slice(1);
  }
  if (!HEREDOC_KEYWORDS.has(kw) || isJsonForm(line, keyword)) return [];
  const out: { word: string; chomp: boolean }[] = [];
  for (const w of words) {
    const m = /^(\d*)<<(-?)\s*([^<]*)$/.exec(w);
    if (!m || m[3] === '') continue;
    const name = unquote(m[3]);
    if (name === null) continue;
    out.push({ word: name, chomp: m[2] === '-' });
  }
  return out;
}

function isJsonForm(line: string, keyword: string): boolean {
  const skip = keyword === 'ONBUILD' ? /^\S+\s+\S+\s*/ : /^\S+\s*/;
  const args = line.replace(skip, '').replace(/^(--\S+\s+)*/, '');
  if (!args.startsWith('[')) return false;
  try {
    const v: unknown = JSON.parse(args);
    return Array.isArray(v) && v.every((x) => typeof x === 'string');
  } catch {
    return false;
  }
}

/** Words split on unquoted blanks, quotes and escapes kept (BuildKit's lexer with raw quotes and escapes). */
function shellWords(line: string): string[] {
  const words: string[] = [];
  let cur = '';
  let inWord = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (c === ' ' || c === '\t') {
      if (inWord) words.push(cur);
      cur = '';
      inWord = false;
      continue;
    }
    inWord = true;
    if (c === '\\' && i + 1 < line.length) {
      cur += c + line[++i];
    } else if (c === "'" || c === '"') {
      const close = line.indexOf(c, i + 1);
      const end = close < 0 ? line.length : close + 1;
      cur += line.slice(i, end);
      i = end - 1;
    } else cur += c;
  }
  if (inWord) words.push(cur);
  return words;
}

/** `"EOF"`, `'EOF'`, `E"O"F` → `EOF`; null when the word does not close its quotes. */
function unquote(word: string): string | null {
  let out = '';
  for (let i = 0; i < word.length; i++) {
    const c = word[i];
    if (c === "'" || c === '"') {
      const close = word.indexOf(c, i + 1);
      if (close < 0) return null;
      out += word.slice(i + 1, close);
      i = close;
    } else if (c === '\\' && i + 1 < word.length) out += word[++i];
    else out += c;
  }
  return out;
}

/**
 * `text` with a line continuation left open at the end of the file closed: Docker ends the
 * last instruction there anyway, but once more text follows (the next stage of a merged
 * file) it would continue into it. The escape character (and the blanks after it) is removed
 * from the last line that continues; comment lines after it stay comments. Text without an
 * open continuation comes back unchanged.
 */
export function closeFinalContinuation(text: string, escape: string): string {
  const physical = splitKeepingEnds(text);
  const continued = continuationTest(escape);
  let last = physical.length - 1;
  while (last >= 0 && (trimNewline(physical[last]).trim() === '' || /^\s*#/.test(physical[last]))) last--;
  if (last < 0 || !continued(trimNewline(physical[last]))) return text;
  // Only when Docker's reader really leaves that line open (not, say, inside a heredoc body).
  const open = readDockerLines(text, escape).instructions.at(-1);
  if (!open || open.endLine < last + 1) return text;
  const line = physical[last];
  const ending = /[\r\n]*$/.exec(line)?.[0] ?? '';
  physical[last] = stripContinuation(line.slice(0, line.length - ending.length), escape) + ending;
  return physical.join('');
}
