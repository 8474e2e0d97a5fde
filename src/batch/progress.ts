/**
 * Progress on stderr: a bar redrawn in place on a terminal, plain lines (every 10% or 5 s)
 * otherwise. Result lines go to stdout through `line`, which clears the bar first so the two
 * never mix on one screen.
 */

export interface Progress {
  /** `done` of `total` repositories finished. */
  update(done: number): void;
  /** Writes one result line to stdout. */
  line(text: string): void;
  /** Removes the bar (terminal) or prints the last count (plain). */
  finish(): void;
}

export interface ProgressTarget {
  err(text: string): void;
  out(text: string): void;
  /** stderr is a terminal: draw the bar. */
  tty: boolean;
  /** Terminal width (columns). */
  columns: number;
  /** No progress at all (`--no-progress`). */
  silent: boolean;
}

export function createProgress(total: number, target: ProgressTarget, now: () => number = Date.now): Progress {
  const start = now();
  let done = 0;
  let drawn = false;
  let lastDraw = 0;
  let lastPlain = start;
  let lastPlainPercent = 0;

  const rate = (): number => {
    const seconds = (now() - start) / 1000;
    return seconds > 0 ? done / seconds : 0;
  };
  const bar = (): string => {
    const r = rate();
    const eta = r > 0 ? Math.ceil((total - done) / r) : 0;
    const tail = ` ${done}/${total} repositories  ${r.toFixed(0)}/s  ETA ${eta}s`;
    const width = Math.max(10, Math.min(40, target.columns - tail.length - 10));
    const filled = total > 0 ? Math.round((done / total) * width) : width;
    return `batch [${'#'.repeat(filled)}${'-'.repeat(width - filled)}]${tail}`;
  };
  const clear = (): void => {
    if (drawn) target.err('\r\x1b[2K');
    drawn = false;
  };
  const draw = (): void => {
    target.err(`\r\x1b[2K${bar()}`);
    drawn = true;
    lastDraw = now();
  };

  return {
    update(n) {
      done = n;
      if (target.silent) return;
      if (target.tty) {
        if (now() - lastDraw >= 100 || done === total) draw();
        return;
      }
      // Plain lines only for runs long enough to wonder about (from 2 s on): every 10% or 5 s.
      if (now() - start < 2000) return;
      const percent = total > 0 ? Math.floor((done * 10) / total) * 10 : 100;
      if ((percent > lastPlainPercent && done < total) || now() - lastPlain >= 5000) {
        lastPlainPercent = percent;
        lastPlain = now();
        target.err(`batch: ${done}/${total} repositories (${total > 0 ? Math.floor((done * 100) / total) : 100}%), ${rate().toFixed(0)}/s\n`);
      }
    },
    line(text) {
      if (target.tty && drawn) {
        clear();
        target.out(text);
        draw();
      } else {
        target.out(text);
      }
    },
    finish() {
      if (target.silent) return;
      if (target.tty) clear();
    },
  };
}
