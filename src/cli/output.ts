/** Terminal output: colours only on a terminal (or when forced), findings one per line. */
import pc from 'picocolors';
import { Finding, formatFinding } from '../core/findings';
import { nextStepLines } from '../report/next-steps';

export interface Io {
  out(text: string): void;
  err(text: string): void;
  /** True when stdin and stdout are terminals (the wizard may ask). */
  interactive: boolean;
  color: boolean;
  /** The terminal's rows when stdout is one (the wizard pages text longer than that). */
  rows?: number;
}

export function processIo(forceNoColor: boolean): Io {
  const color = !forceNoColor && !process.env.NO_COLOR && process.stdout.isTTY === true;
  return {
    out: (t) => process.stdout.write(t),
    err: (t) => process.stderr.write(t),
    interactive: process.stdin.isTTY === true && process.stdout.isTTY === true,
    color,
    rows: process.stdout.isTTY ? process.stdout.rows : undefined,
  };
}

export function colorize(io: Io) {
  const on = io.color;
  return {
    red: (s: string) => (on ? pc.red(s) : s),
    green: (s: string) => (on ? pc.green(s) : s),
    yellow: (s: string) => (on ? pc.yellow(s) : s),
    cyan: (s: string) => (on ? pc.cyan(s) : s),
    bold: (s: string) => (on ? pc.bold(s) : s),
    dim: (s: string) => (on ? pc.dim(s) : s),
  };
}

/** A unified diff coloured as git colours it: file headers bold, hunk headers cyan, - red, + green. */
export function colorDiff(io: Io, patch: string): string {
  const c = colorize(io);
  if (!io.color) return patch;
  let header = false;
  return patch
    .split('\n')
    .map((l) => {
      if (l.startsWith('diff --git')) header = true;
      else if (l.startsWith('@@')) header = false;
      if (header) return c.bold(l);
      return l.startsWith('@@') ? c.cyan(l) : l.startsWith('+') ? c.green(l) : l.startsWith('-') ? c.red(l) : l;
    })
    .join('\n');
}

export function printFindings(io: Io, findings: readonly Finding[], minimum: 'error' | 'warning' | 'info' = 'info'): void {
  const c = colorize(io);
  const rank = { error: 0, warning: 1, info: 2 };
  for (const f of findings) {
    if (rank[f.severity] > rank[minimum]) continue;
    const line = formatFinding(f);
    io.err(`${f.severity === 'error' ? c.red(line) : f.severity === 'warning' ? c.yellow(line) : c.dim(line)}\n`);
  }
}

/**
 * What a writing command says, once, while another run holds the repository's lock. Its pid is
 * known when it answers (a run busy planning may not, in time).
 */
export function waitingForRepository(io: Io, dir: string): (owner: number | null) => void {
  return (owner) => io.err(`Waiting for another multistage-migrate run${owner ? ` (pid ${owner})` : ''} that is writing ${dir}…\n`);
}

/** After a refusal: what to do about each blocking code (src/report/next-steps.ts). */
export function printNextSteps(io: Io, findings: readonly Finding[]): void {
  for (const line of nextStepLines(findings.filter((f) => f.severity === 'error').map((f) => f.code))) io.err(`${line}\n`);
}
