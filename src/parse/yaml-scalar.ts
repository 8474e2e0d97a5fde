/**
 * A YAML scalar's value with the way back to the file: for every character of the value, the
 * file offset where its own text starts. Covers the five scalar styles (plain, single- and
 * double-quoted, literal `|` and folded `>` blocks with their chomping and indentation
 * indicators), line folding, escapes and CRLF line ends. Pure: text in, map out; the caller
 * checks the decoded value against the YAML parser's own and drops the map when they differ.
 */

export type ScalarStyle = 'plain' | 'single' | 'double' | 'literal' | 'folded';

export interface MappedScalar {
  style: ScalarStyle;
  value: string;
  /**
   * `starts[i]` is the file offset where the text of value character `i` starts (the first
   * character of an escape, the line break a folded space stands for). Whitespace the value
   * drops (indentation, trailing blanks of a folded line) belongs to the character before it.
   * `starts[value.length]` is the offset just past the last character's own text.
   */
  starts: number[];
}

/** File offset of a value offset (clamped to the value): starts of characters, or the end. */
export function toFileOffset(m: MappedScalar, offset: number): number {
  return m.starts[Math.max(0, Math.min(offset, m.value.length))];
}

/** Builds the value and its map, one character (or one escape) at a time. */
class Builder {
  value = '';
  starts: number[] = [];
  private end = -1;

  constructor(private readonly emptyAt: number) {}

  push(chars: string, start: number, end: number): void {
    for (let i = 0; i < chars.length; i++) this.starts.push(start);
    this.value += chars;
    this.end = end;
  }

  done(style: ScalarStyle): MappedScalar {
    return { style, value: this.value, starts: [...this.starts, this.value.length === 0 ? this.emptyAt : this.end] };
  }
}

/** One physical line of the source: content offsets and the line break after it. */
interface SrcLine {
  start: number;
  /** End of the content (before `\r\n` / `\n`). */
  end: number;
  /** Offset of the line break, or -1 on the last line without one. */
  brk: number;
  brkEnd: number;
}

function linesOf(text: string, start: number, end: number): SrcLine[] {
  const out: SrcLine[] = [];
  let pos = start;
  while (pos <= end) {
    const nl = text.indexOf('\n', pos);
    if (nl < 0 || nl >= end) {
      // A line break right at `end` still belongs to the last line.
      const last = text[end - 1] === '\r' && text[end] === '\n' ? end - 1 : end;
      out.push({ start: pos, end: last, brk: -1, brkEnd: -1 });
      break;
    }
    const contentEnd = nl > pos && text[nl - 1] === '\r' ? nl - 1 : nl;
    out.push({ start: pos, end: contentEnd, brk: contentEnd, brkEnd: nl + 1 });
    pos = nl + 1;
    if (pos === end) break;
  }
  return out;
}

const isBlank = (c: string | undefined): boolean => c === ' ' || c === '\t';

/**
 * Maps a scalar whose source runs from `start` (first character, quote or block header) to
 * `end` (just past the value, before any comment). `parentIndent` is the indentation of the
 * node that holds a block scalar (for an explicit indentation indicator). Null when the
 * source is not a scalar of that style as this decoder reads it.
 */
export function mapScalar(text: string, style: ScalarStyle, start: number, end: number, parentIndent = 0): MappedScalar | null {
  switch (style) {
    case 'plain':
      return flowScalar(text, start, end, 'plain');
    case 'single':
    case 'double':
      return flowScalar(text, start, end, style);
    case 'literal':
    case 'folded':
      return blockScalar(text, style, start, end, parentIndent);
  }
}

/**
 * Plain and quoted scalars: lines are trimmed and folded (one line break is a space, each
 * empty line a newline); quoted ones keep the blanks next to their quotes.
 */
function flowScalar(text: string, start: number, end: number, style: 'plain' | 'single' | 'double'): MappedScalar | null {
  let from = start;
  let to = end;
  if (style !== 'plain') {
    const q = style === 'single' ? "'" : '"';
    if (text[start] !== q || text[end - 1] !== q || end - start < 2) return null;
    from = start + 1;
    to = end - 1;
  }
  const b = new Builder(from);
  const lines = linesOf(text, from, to);
  // Pending folding: the offset of the break that ended the last content, and how many breaks since.
  let pendingAt = -1;
  let breaks = 0;
  let escapedBreak = false;
  for (let li = 0; li < lines.length; li++) {
    const line = lines[li];
    const first = li === 0;
    const last = li === lines.length - 1;
    let s = line.start;
    let e = line.end;
    if (!first || style === 'plain') while (s < e && isBlank(text[s])) s++;
    // Trailing blanks before a line break are dropped (not the escaped ones of a double-quoted line).
    if (!last || style === 'plain') while (e > s && isBlank(text[e - 1]) && !(style === 'double' && text[e - 2] === '\\')) e--;
    const empty = s === e;
    if (empty && !first && !last) {
      breaks++;
      continue;
    }
    if (!first) {
      if (escapedBreak) {
        // An escaped line break is dropped; the empty lines after it still count.
        for (let k = 0; k < breaks; k++) b.push('\n', s, s);
        escapedBreak = false;
      } else if (breaks === 0) {
        b.push(' ', pendingAt, s);
      } else {
        for (let k = 0; k < breaks; k++) b.push('\n', k === 0 ? pendingAt : s, s);
      }
    }
    breaks = 0;
    if (style === 'double') {
      const r = doubleQuotedLine(text, s, e, b, !last);
      if (r === null) return null;
      escapedBreak = r;
    } else if (style === 'single') {
      for (let i = s; i < e; i++) {
        if (text[i] === "'") {
          if (text[i + 1] !== "'") return null;
          b.push("'", i, i + 2);
          i++;
        } else b.push(text[i], i, i + 1);
      }
    } else {
      for (let i = s; i < e; i++) b.push(text[i], i, i + 1);
    }
    pendingAt = e;
  }
  return b.done(style);
}

const ESCAPES: Record<string, string> = {
  '0': '\0', a: '\x07', b: '\b', t: '\t', '\t': '\t', n: '\n', v: '\v', f: '\f', r: '\r', e: '\x1b',
  ' ': ' ', '"': '"', '/': '/', '\\': '\\', N: '\x85', _: '\xa0', L: '\u2028', P: '\u2029',
};

/** One line of a double-quoted scalar; true when it ends with an escaped line break. */
function doubleQuotedLine(text: string, s: number, e: number, b: Builder, more: boolean): boolean | null {
  for (let i = s; i < e; i++) {
    const c = text[i];
    if (c === '"') return null;
    if (c !== '\\') {
      b.push(c, i, i + 1);
      continue;
    }
    if (i + 1 >= e) {
      // `\` at the end of the line: the line break is escaped (no folding).
      return more ? true : null;
    }
    const n = text[i + 1];
    const hex = n === 'x' ? 2 : n === 'u' ? 4 : n === 'U' ? 8 : 0;
    if (hex > 0) {
      const digits = text.slice(i + 2, i + 2 + hex);
      if (!/^[0-9a-fA-F]+$/.test(digits) || digits.length !== hex) return null;
      b.push(String.fromCodePoint(parseInt(digits, 16)), i, i + 2 + hex);
      i += 1 + hex;
      continue;
    }
    const v = ESCAPES[n];
    if (v === undefined) return null;
    b.push(v, i, i + 2);
    i++;
  }
  return false;
}

/** Literal and folded block scalars, from the `|`/`>` header to the end of the content. */
function blockScalar(text: string, style: 'literal' | 'folded', start: number, end: number, parentIndent: number): MappedScalar | null {
  const header = /^[|>]([-+]?)([1-9]?)([-+]?)[ \t]*(#[^\n]*)?\r?\n/.exec(text.slice(start, Math.max(end, text.indexOf('\n', start) + 1)));
  if (!header || (header[1] && header[3])) {
    // A header with nothing after it (the file ends on `|`) has an empty value.
    if (/^[|>][-+]?[1-9]?[-+]?[ \t]*(#.*)?$/.test(text.slice(start, end))) return { style, value: '', starts: [end] };
    return null;
  }
  const chomp = header[1] || header[3] || '';
  const contentStart = start + header[0].length;
  const lines = contentStart >= end ? [] : linesOf(text, contentStart, end);
  let indent = header[2] ? parentIndent + Number(header[2]) : -1;
  if (indent < 0) {
    const firstContent = lines.find((l) => text.slice(l.start, l.end).trim() !== '');
    indent = firstContent ? leadingSpaces(text, firstContent.start, firstContent.end) : 0;
  }
  const b = new Builder(contentStart);
  // Breaks after the last content line (and empty lines), waiting for chomping or the next content.
  const pending: { at: number; end: number }[] = [];
  let sawContent = false;
  let prevMore = false;
  let lastEnd = contentStart;
  for (const line of lines) {
    const spaces = leadingSpaces(text, line.start, line.end);
    const whitespaceOnly = text.slice(line.start, line.end).trim() === '';
    if (!whitespaceOnly && spaces < indent) break;
    const brk = line.brk >= 0 ? { at: line.brk, end: line.brkEnd } : null;
    if (whitespaceOnly && (spaces <= indent || !sawContent)) {
      if (spaces > indent && !sawContent) return null;
      if (brk) pending.push(brk);
      continue;
    }
    const s = line.start + indent;
    const more = style === 'folded' && isBlank(text[s]);
    if (sawContent) {
      if (style === 'folded' && !prevMore && !more) {
        // The first break folds to a space, or disappears before empty lines.
        if (pending.length === 1) b.push(' ', pending[0].at, pending[0].end);
        else for (const p of pending.slice(1)) b.push('\n', p.at, p.end);
      } else {
        for (const p of pending) b.push('\n', p.at, p.end);
      }
    } else {
      // Leading empty lines are kept as newlines.
      for (const p of pending) b.push('\n', p.at, p.end);
    }
    pending.length = 0;
    for (let i = s; i < line.end; i++) b.push(text[i], i, i + 1);
    lastEnd = line.end;
    sawContent = true;
    prevMore = more;
    if (brk) pending.push(brk);
  }
  // The file may end without a line break after the content: YAML still counts one.
  if (sawContent && pending.length === 0 && chomp !== '-') pending.push({ at: lastEnd, end: lastEnd });
  if (chomp === '+') for (const p of pending) b.push('\n', p.at, p.end);
  else if (chomp === '' && sawContent && pending.length > 0) b.push('\n', pending[0].at, pending[0].end);
  return b.done(style);
}

function leadingSpaces(text: string, start: number, end: number): number {
  let n = 0;
  while (start + n < end && text[start + n] === ' ') n++;
  return n;
}
