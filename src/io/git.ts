/**
 * Every git command the tool runs, with a time limit. A repository is untrusted input: a
 * `.git/index` that is a FIFO (or a hung file system) blocks `git ls-files` forever, and a
 * blocked synchronous call can never be interrupted from inside the process (not even by a
 * worker thread's termination, nor by process.exit). So git runs in its own process group and,
 * past the limit, the whole group is killed (git may have started helpers) and GitTimeoutError
 * says which command did not answer.
 */
import { SpawnSyncOptionsWithStringEncoding, spawnSync } from 'node:child_process';
import { realpathSync, statSync } from 'node:fs';

/** Long enough for `git ls-files --others` of a very large work tree on a cold cache. */
const DEFAULT_TIMEOUT_MS = 60_000;

export class GitTimeoutError extends Error {
  constructor(readonly command: string, readonly root: string, ms: number) {
    super(`git ${command} in ${root} did not finish within ${formatSeconds(ms)} (a FIFO or a hung file system in its .git?); it was stopped`);
  }
}

let limitMs: number | null = null;

/** Sets the limit for this thread (a batch gives git no more than a repository's time limit). */
export function setGitTimeout(ms: number): void {
  limitMs = ms > 0 ? ms : null;
}

/** The limit in force: setGitTimeout's, else MULTISTAGE_MIGRATE_GIT_TIMEOUT_MS, else 60 s. */
export function gitTimeoutMs(): number {
  if (limitMs !== null) return limitMs;
  const env = Number(process.env.MULTISTAGE_MIGRATE_GIT_TIMEOUT_MS);
  return Number.isFinite(env) && env > 0 ? env : DEFAULT_TIMEOUT_MS;
}

/**
 * `git -C root ARGS…`: its stdout when it exits 0, null when it fails (not a work tree, no such
 * revision…). Throws GitTimeoutError when it does not finish in time; stderr is not shown.
 */
export function runGit(root: string, args: readonly string[], maxBuffer = 64 * 1024 * 1024): string | null {
  const ms = gitTimeoutMs();
  // `detached` gives git its own process group, so that whatever it started goes with it. Node's
  // spawnSync passes it to libuv as spawn does, though its types leave it out (test/safety/git-timeout.test.ts).
  const options: SpawnSyncOptionsWithStringEncoding & { detached: boolean } = {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'ignore'],
    maxBuffer,
    timeout: ms,
    killSignal: 'SIGKILL',
    detached: true,
    windowsHide: true,
  };
  const r = spawnSync('git', ['-C', root, ...args], options);
  if ((r.error as NodeJS.ErrnoException | undefined)?.code === 'ETIMEDOUT') {
    killGroup(r.pid);
    throw new GitTimeoutError(args.find((a) => !a.startsWith('-')) ?? args[0] ?? '', root, ms);
  }
  if (r.error || r.status !== 0) return null;
  return r.stdout;
}

/** The real path of the top of the git work tree that holds `dir`, or null outside one. */
export function gitTopLevel(dir: string): string | null {
  const top = runGit(dir, ['rev-parse', '--show-toplevel'])?.trim();
  try {
    return top && statSync(top).isDirectory() ? realpathSync(top) : null;
  } catch {
    return null;
  }
}

function killGroup(pid: number | undefined): void {
  if (!pid || process.platform === 'win32') return;
  try {
    process.kill(-pid, 'SIGKILL');
  } catch {
    // the group is gone already
  }
}

function formatSeconds(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000} s` : `${(ms / 1000).toFixed(1)} s`;
}
