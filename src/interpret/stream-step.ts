/**
 * Extractions that stream: the builder writes a tar archive (or any bytes) to stdout, and the
 * host stores it in a file or unpacks it at once. The host side is kept as resolved commands so
 * a stage can run the same commands later.
 */
import { normalizeRelative } from '../core/paths';
import type { Redirect } from '../parse/shell/ast';
import type { StreamStep } from './events';
import type { PipeConsumers } from './shell';

/** Host commands a stream may go through: they only transform bytes or unpack them. */
const STREAM_COMMANDS = new Set(['tar', 'gzip', 'gunzip', 'bzip2', 'xz', 'zstd', 'cat']);

export type StreamConsumers =
  | { ok: true; consumers: StreamStep['consumers']; file: string | null; dests: string[] }
  | { ok: false; problem: string; code: 'EXTRACTION_UNSUPPORTED' | 'GLUE_UNRESOLVED_VALUE' | 'PATH_OUTSIDE_REPOSITORY' | 'DOCKER_UNSUPPORTED_FORM' };

/**
 * The host side of a stream: the pipeline's other commands (if any) and the file written. For
 * `tar -x`, the directory it extracts into (`-C dir` or the working directory) is written.
 */
export function streamConsumers(pipe: PipeConsumers | undefined, redirect: { path: string; outside: boolean } | null | undefined, cwd: string): StreamConsumers {
  const consumers: StreamStep['consumers'] = [];
  const dests: string[] = [];
  for (const c of pipe?.commands ?? []) {
    if (c.command === 'docker' && c.args[0] === 'build') {
      return { ok: false, code: 'DOCKER_UNSUPPORTED_FORM', problem: 'the builder\'s output is piped into `docker build -` as the build context: the runtime Dockerfile and its files exist only in that stream (what the container prints), not in the repository; this version does not migrate a context made at run time' };
    }
    if (!STREAM_COMMANDS.has(c.command)) return { ok: false, code: 'EXTRACTION_UNSUPPORTED', problem: `the stream from the builder goes through \`${c.command}\`, which this version does not replay` };
    if (c.args.some((a) => a === null)) return { ok: false, code: 'GLUE_UNRESOLVED_VALUE', problem: `an argument of \`${c.command}\` in the stream is only known when the glue runs` };
    const args = c.args as string[];
    if (c.command === 'tar') {
      const extract = tarMode(args);
      if (extract !== 'x') return { ok: false, code: 'EXTRACTION_UNSUPPORTED', problem: '`tar` on the host side of the stream must extract (`tar -x`)' };
      const dir = tarDirectory(args) ?? '.';
      const dest = dir.startsWith('/') ? dir : normalizeRelative(dir, c.cwd);
      if (dest === null) return { ok: false, code: 'PATH_OUTSIDE_REPOSITORY', problem: `\`tar -x -C ${dir}\` unpacks the stream outside the repository` };
      dests.push(dest);
    }
    consumers.push({ command: c.command, args, cwd: c.cwd });
  }
  const target = pipe ? pipe.file : redirect;
  if (target === null) return { ok: false, code: 'GLUE_UNRESOLVED_VALUE', problem: 'the file the stream is written to is only known when the glue runs' };
  let file: string | null = null;
  if (target !== 'terminal' && target !== undefined) {
    if (target.outside) return { ok: false, code: 'PATH_OUTSIDE_REPOSITORY', problem: `the stream is written to ${target.path}, outside the repository` };
    file = target.path;
    dests.push(file);
  }
  if (dests.length === 0) return { ok: false, code: 'EXTRACTION_UNSUPPORTED', problem: 'the stream from the builder is not written anywhere in the repository' };
  return { ok: true, consumers, file, dests: dests.map((d) => d.replace(/^\.\//, '')) };
}

/** `-x`, `-xzf`, `xf`, `--extract` → 'x'; `-c`… → 'c'. */
export function tarMode(args: string[]): 'x' | 'c' | null {
  for (const a of args) {
    if (a === '--extract' || a === '--get') return 'x';
    if (a === '--create') return 'c';
    if (/^-?[A-Za-z]+$/.test(a) && !a.startsWith('--')) {
      if (a.includes('x')) return 'x';
      if (a.includes('c')) return 'c';
    }
  }
  return null;
}

/** The `-C dir` / `--directory=dir` of a tar command line, or null. */
export function tarDirectory(args: string[]): string | null {
  for (let i = 0; i < args.length; i++) {
    if (args[i] === '-C' || args[i] === '--directory') return args[i + 1] ?? null;
    if (args[i].startsWith('--directory=')) return args[i].slice('--directory='.length);
  }
  return null;
}

export function stdoutFile(redirects: Redirect[]): Redirect | undefined {
  return redirects.filter((r) => !r.heredoc && r.target && (r.fd === null || r.fd === 1) && (r.op === '>' || r.op === '>|')).pop();
}
