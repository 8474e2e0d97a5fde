/**
 * Report and patch files, written as results stream in (memory stays flat in the number of
 * repositories): `--report FILE --format json|markdown` and `--patch FILE`.
 */
import { closeSync, openSync, readSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { QUIET_TABLE_HEAD, batchSummaryMarkdown, quietRowMarkdown } from '../report/markdown';
import type { SkippedLink } from './discover-repos';
import { MODE_LABEL, Tally } from './summary';
import { BatchMode, RepoResult, setupPath } from './types';

export interface Sink {
  add(result: RepoResult): void;
  /** Writes what only the end knows (counts) and closes the file. */
  close(tally: Tally, seconds: number): void;
  /** The run stopped early: close, leaving no temporary files behind. */
  abort(): void;
}

/** A file written with plain synchronous writes (no buffer grows behind a slow disk). */
class OutFile {
  private fd: number;

  /** `-` is stdout (written synchronously like a file, and never closed). */
  constructor(readonly path: string) {
    this.fd = path === '-' ? 1 : openSync(path, 'w');
  }

  write(text: string): void {
    const buf = Buffer.from(text, 'utf8');
    let off = 0;
    while (off < buf.length && !this.gone) off += this.writeSome(buf, off, buf.length - off);
  }

  /** The reader of stdout went away (`| head`): the rest of the report is dropped, the run goes on. */
  private gone = false;

  private writeSome(buf: Buffer, off: number, length: number): number {
    try {
      return writeSync(this.fd, buf, off, length);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (this.fd === 1 && code === 'EAGAIN') return 0; // a full non-blocking pipe: try again
      if (this.fd === 1 && code === 'EPIPE') {
        this.gone = true;
        return 0;
      }
      throw e;
    }
  }

  /** Appends the whole of another file. */
  append(path: string): void {
    const src = openSync(path, 'r');
    const chunk = Buffer.allocUnsafe(1 << 16);
    try {
      for (let n = readSync(src, chunk, 0, chunk.length, null); n > 0; n = readSync(src, chunk, 0, chunk.length, null)) {
        let off = 0;
        while (off < n && !this.gone) off += this.writeSome(chunk, off, n - off);
      }
    } finally {
      closeSync(src);
    }
  }

  close(): void {
    if (this.fd !== 1) closeSync(this.fd);
  }
}

/** One patch for everything, paths prefixed with each repository's path from the roots' parent. */
export function patchSink(path: string): Sink {
  const f = new OutFile(path);
  return {
    add: (r) => {
      if (r.patch) f.write(r.patch);
    },
    close: () => f.close(),
    abort: () => f.close(),
  };
}

/**
 * `{"tool", "version", "mode", "base", "skippedLinks", "setups": [ … one object per setup, in order … ], "summary": {…}}`.
 * Each setup: repository, directory, status, codes, error, glue, setup, moves, findings, files, patch.
 * `skippedLinks`: `{path, target}` of every link among the roots' entries, never followed.
 */
export function jsonSink(path: string, header: { version: string; mode: BatchMode; base: string; skippedLinks?: SkippedLink[] }): Sink {
  const f = new OutFile(path);
  f.write(`{"tool":"multistage-migrate","version":${JSON.stringify(header.version)},"mode":${JSON.stringify(header.mode)},"base":${JSON.stringify(header.base)},"skippedLinks":${JSON.stringify(header.skippedLinks ?? [])},"setups":[`);
  let first = true;
  return {
    add: (r) => {
      for (const doc of r.json) {
        f.write(`${first ? '' : ','}\n${doc}`);
        first = false;
      }
    },
    close: (tally, seconds) => {
      f.write(`\n],"summary":${JSON.stringify({ ...tally.toJSON(), seconds: Math.round(seconds * 1000) / 1000 })}}\n`);
      f.close();
    },
    abort: () => f.close(),
  };
}

/**
 * A pull-request-comment summary: counts first, then one section per setup to act on (would
 * migrate, migrated, refused, failed), then the setups with nothing to do in one folded table.
 * Sections stream to temporary files beside FILE, which is assembled at the end.
 */
export function markdownSink(path: string, mode: BatchMode, skippedLinks: readonly SkippedLink[] = []): Sink {
  // For stdout (`-`) the sections wait in the temporary directory.
  const base = path === '-' ? join(tmpdir(), `multistage-migrate-report-${process.pid}`) : path;
  const sectionsPath = `${base}.sections.tmp`;
  const quietPath = `${base}.quiet.tmp`;
  const sections = new OutFile(sectionsPath);
  const quiet = new OutFile(quietPath);
  let quietRows = 0;
  return {
    add: (r) => {
      r.setups.forEach((s, i) => {
        if (s.status === 'already-multi-stage' || s.status === 'no-builder-pattern') {
          quiet.write(`${quietRowMarkdown(setupPath(s), s.status, s.detail)}\n`);
          quietRows++;
        } else if (r.markdown[i]) {
          sections.write(`${r.markdown[i]}\n`);
        }
      });
    },
    close: (tally, seconds) => {
      sections.close();
      quiet.close();
      const f = new OutFile(path);
      try {
        f.write(batchSummaryMarkdown({ mode: MODE_LABEL[mode], repositories: tally.repositories, counts: tally.counts, codes: tally.codes, seconds }));
        f.write('\n');
        if (skippedLinks.length > 0) f.write(`${skippedLinksText(skippedLinks, (t) => `\`${t}\``)}\n\n`);
        f.append(sectionsPath);
        if (quietRows > 0) {
          f.write(`<details><summary>Nothing to do (${quietRows})</summary>\n\n${QUIET_TABLE_HEAD}\n`);
          f.append(quietPath);
          f.write('\n</details>\n');
        }
      } finally {
        f.close();
        rmSync(sectionsPath, { force: true });
        rmSync(quietPath, { force: true });
      }
    },
    abort: () => {
      sections.close();
      quiet.close();
      rmSync(sectionsPath, { force: true });
      rmSync(quietPath, { force: true });
    },
  };
}

/** `Links not followed (a link is never a repository): `a` → `b`, …` — for the stderr summary and the markdown report. */
export function skippedLinksText(links: readonly SkippedLink[], quote: (text: string) => string = (t) => t): string {
  return `Links not followed (a link is never taken for a repository nor searched): ${links.map((l) => `${quote(l.path)} → ${quote(l.target)}`).join(', ')}`;
}
