/**
 * A lock held by one process of this machine at a time: one verify per Docker engine
 * (verify/engine-lock.ts), one run per repository (repository-lock.ts).
 *
 * The lock is a listening local socket named after its key (an engine's ID, so two daemons on one
 * machine do not wait for each other; a repository's real path): binding a name is atomic, and on Linux (an abstract socket) and
 * Windows (a named pipe) the kernel frees the name when the process ends, however it ends — no
 * stale lock file, no pid that could be reused. Elsewhere the socket is a file in the temporary
 * folder; one that refuses connections was left by a dead process and is replaced (two processes
 * replacing the same dead file at the same moment could both win there: rare, and only there).
 */
import { createHash } from 'node:crypto';
import { rmSync } from 'node:fs';
import { createConnection, createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const POLL_MS = 250;

export interface LocalLock {
  release(): void;
}

/** A lock name of this mechanism for `key` (an engine ID, a repository's real path), one namespace per `purpose`. */
export function localLockName(purpose: string, key: string, platform: NodeJS.Platform = process.platform, dir = tmpdir()): string {
  const name = `multistage-migrate-${purpose}-${createHash('sha256').update(key).digest('hex').slice(0, 16)}`;
  if (platform === 'linux') return `\0${name}`;
  if (platform === 'win32') return `\\\\.\\pipe\\${name}`;
  return join(dir, `${name}.sock`);
}

/**
 * Waits until this process holds the lock `name`. `onWait` is told once which process it waits
 * for; an aborted `signal` stops the wait (rejecting with the signal's reason).
 */
export async function acquireLocalLock(name: string, signal: AbortSignal, onWait: (ownerPid: number | null) => void): Promise<LocalLock> {
  let told = false;
  for (;;) {
    signal.throwIfAborted();
    const server = await listen(name);
    if (server) return { release: () => server.close() };
    const owner = await askOwner(name);
    if (owner === 'gone') {
      // Only a socket file can outlive its process: it refuses connections. Remove it and bind again.
      if (isSocketFile(name)) rmSync(name, { force: true });
      continue;
    }
    if (!told) {
      onWait(owner);
      told = true;
    }
    await sleep(POLL_MS, signal);
  }
}

/** Binds `name`; null when another process holds it. The server answers each connection with this pid. */
function listen(name: string): Promise<Server | null> {
  return new Promise((resolve, reject) => {
    // A waiter that hangs up before the answer is written (EPIPE, ECONNRESET) must not end the
    // holder: an unhandled socket error would kill the verify in the middle of its builds.
    const server = createServer((socket) => socket.on('error', () => {}).end(String(process.pid)));
    server.once('error', (e: NodeJS.ErrnoException) => (e.code === 'EADDRINUSE' ? resolve(null) : reject(e)));
    server.listen(name, () => {
      // The lock must not keep the process alive on its own.
      server.unref();
      resolve(server);
    });
  });
}

/** The pid of the process holding `name` (null if it did not say), or 'gone' when nobody answers. */
function askOwner(name: string): Promise<number | null | 'gone'> {
  return new Promise((resolve) => {
    let answer = '';
    const socket = createConnection(name);
    socket.setTimeout(2_000, () => socket.destroy());
    socket.on('data', (d: Buffer) => (answer += d.toString()));
    socket.on('end', () => resolve(Number(answer) > 0 ? Number(answer) : null));
    socket.on('error', (e: NodeJS.ErrnoException) => resolve(e.code === 'ECONNREFUSED' || e.code === 'ENOENT' ? 'gone' : null));
    socket.on('close', () => resolve(null));
  });
}

function isSocketFile(name: string): boolean {
  return !name.startsWith('\0') && !name.startsWith('\\\\');
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
