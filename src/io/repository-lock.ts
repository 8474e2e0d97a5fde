/**
 * One write at a time per repository. Two runs that write one repository at once (two `--yes`,
 * a `--yes` and a `batch --write`, an `undo`) would each plan from files the other is renaming,
 * and the second would take the first one's journal for an interrupted run and "finish" it. So a
 * run that writes holds the repository's lock from before it finishes an interrupted migration
 * and plans until it has written.
 *
 * The lock is the local lock of io/local-lock.ts that verify holds per engine, under another name: a local
 * socket named after the repository's real path — the top of its git work tree when it is in one
 * (a run from a sub-folder may write anywhere in the work tree, and a batch's repository may be a
 * folder of one) —, which the system frees when its process ends, however it ends. It holds
 * between processes that share the machine's network namespace (two containers that mount the
 * same repository do not see each other's lock).
 */
import { realpathSync } from 'node:fs';
import { acquireLocalLock, localLockName, type LocalLock } from './local-lock';
import { gitTopLevel } from './git';

export type RepositoryLock = LocalLock;

/** Another run holds the repository's lock and this one was not to wait. */
export class RepositoryBusyError extends Error {
  constructor(readonly root: string, readonly owner: number | null) {
    super(`another multistage-migrate run${owner ? ` (pid ${owner})` : ''} is writing ${root}; nothing was written: run again once it has finished`);
  }
}

/** What the lock of `dir` is named after: its git work tree's top, or else `dir` itself (real paths). */
export function lockedDirectory(dir: string): string {
  const real = realpathSync(dir);
  return gitTopLevel(real) ?? real;
}

/**
 * Takes the lock of the repository at `dir`. With `wait`, waits while another run holds it
 * (`onWait` is told once which process); without, rejects with RepositoryBusyError at once.
 */
export async function lockRepository(dir: string, options: { wait: boolean; onWait?: (owner: number | null) => void }): Promise<RepositoryLock> {
  const root = lockedDirectory(dir);
  const controller = new AbortController();
  return acquireLocalLock(localLockName('repository', root), controller.signal, (owner) => {
    if (!options.wait) controller.abort(new RepositoryBusyError(root, owner));
    else options.onWait?.(owner);
  });
}

/** Runs `work` holding the repository's lock (taken as `lockRepository` does), and releases it however `work` ends. */
export async function withRepositoryLock<T>(dir: string, options: { wait: boolean; onWait?: (owner: number | null) => void }, work: () => T | Promise<T>): Promise<T> {
  const lock = await lockRepository(dir, options);
  try {
    return await work();
  } finally {
    lock.release();
  }
}
