/**
 * Offsets ↔ 1-based lines for one text. Line ends are `\n`; a `\r` before it belongs to the
 * line ending, not to the line's content.
 */
export class LineIndex {
  private readonly starts: number[] = [0];

  constructor(private readonly text: string) {
    for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) this.starts.push(i + 1);
  }

  /** Number of lines; a final newline does not open a new line. */
  get count(): number {
    const n = this.starts.length;
    return n > 1 && this.starts[n - 1] === this.text.length ? n - 1 : n;
  }

  lineStart(line: number): number {
    return this.starts[Math.min(Math.max(line, 1), this.starts.length) - 1];
  }

  /** Offset just past the line's content (before `\r\n` or `\n`). */
  lineEnd(line: number): number {
    const next = line < this.starts.length ? this.starts[line] - 1 : this.text.length;
    return next > this.lineStart(line) && this.text[next - 1] === '\r' ? next - 1 : next;
  }

  /** Offset just past the line's terminator (start of the next line, or the end of the text). */
  lineEndWithTerminator(line: number): number {
    return line < this.starts.length ? this.starts[line] : this.text.length;
  }

  offset(line: number, character: number): number {
    return Math.min(this.lineStart(line) + character, this.text.length);
  }

  /** 1-based line holding `offset`. */
  lineOf(offset: number): number {
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo + 1;
  }
}
