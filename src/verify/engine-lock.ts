/**
 * One `verify` at a time per Docker engine. Two verifies on one engine see each other's tags:
 * when both glues build `shop-api-builder`, one run can start its containers from the other's
 * image, and each clean-up puts back tags the other made, leaving images and tags behind (found
 * when the sample proof ran verifies side by side). So a verify holds a lock from before it
 * records the engine's state until it has restored it.
 *
 * The lock is a file in the temporary folder named after the engine's ID (so two daemons on one
 * machine do not wait for each other), created exclusively and holding the owner's pid. A lock
 * whose owner is no longer alive is taken over.
 */
import { createHash } from 'node:crypto';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isProcessAlive } from '../io/process-alive';

const POLL_MS = 250;

export interface EngineLock {
  release(): void;
}

/** The lock file of the engine with this ID (`docker info --format {{.ID}}`). */
export function engineLockPath(engineId: string, dir = tmpdir()): string {
  const hash = createHash('sha256').update(engineId).digest('hex').slice(0, 16);
  return join(dir, `multistage-migrate-engine-${hash}.lock`);
}

/**
 * Waits until this process holds the lock at `path`. `onWait` is told once whom it waits for;
 * an aborted `signal` stops the wait (rejecting with the signal's reason).
 */
export async function acquireEngineLock(path: string, signal: AbortSignal, onWait: (ownerPid: number) => void): Promise<EngineLock> {
  let told = false;
  for (;;) {
    signal.throwIfAborted();
    if (tryCreate(path)) return { release: () => releaseIfOwned(path) };
    const owner = ownerOf(path);
    if (owner === null || !isProcessAlive(owner)) {
      // A dead owner (killed before it could clean up), or a file being written: look again a
      // moment later, and take it over only if it still names the same dead owner.
      await sleep(POLL_MS, signal);
      if (ownerOf(path) === owner && (owner === null || !isProcessAlive(owner))) rmSync(path, { force: true });
      continue;
    }
    if (!told) {
      onWait(owner);
      told = true;
    }
    await sleep(POLL_MS, signal);
  }
}

function tryCreate(path: string): boolean {
  try {
    writeFileSync(path, `${process.pid}\n`, { flag: 'wx' });
    return true;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw e;
  }
}

function ownerOf(path: string): number | null {
  try {
    const pid = Number(readFileSync(path, 'utf8').trim());
    return Number.isInteger(pid) && pid > 0 ? pid : null;
  } catch {
    return null;
  }
}

function releaseIfOwned(path: string): void {
  if (ownerOf(path) === process.pid) rmSync(path, { force: true });
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason);
    const timer = setTimeout(done, ms);
    function done() {
      signal.removeEventListener('abort', abort);
      resolve();
    }
    function abort() {
      clearTimeout(timer);
      reject(signal.reason);
    }
    signal.addEventListener('abort', abort, { once: true });
  });
}
