/**
 * One verify at a time per engine: the lock (a local socket name) is taken at once when free,
 * waited for while another process holds it, and free again as soon as that process ends —
 * however it ends, with nothing to clean up.
 */
import assert from 'node:assert/strict';
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createConnection } from 'node:net';
import { join } from 'node:path';
import { acquireEngineLock, engineLockName } from '../../../src/verify/engine-lock';
import { holdingProcess, killed } from '../../helpers/kill';

const COMPILED = join(__dirname, '..', '..', '..', 'dist', 'src', 'verify', 'engine-lock.js');
let unique = 0;

/** A process that takes the lock `name` and holds it until killed; resolves once it holds it. */
function holder(name: string): Promise<ChildProcess> {
  return holdingProcess(`require(${JSON.stringify(COMPILED)}).acquireEngineLock(${JSON.stringify(name)}, new AbortController().signal, () => {}).then(() => { console.log('held'); setInterval(() => {}, 1000); })`);
}

describe('verify/engine-lock', () => {
  let dir: string;
  // A name no other test run uses.
  const fresh = (platform: NodeJS.Platform = process.platform) => engineLockName(`test-${process.pid}-${Date.now()}-${unique++}`, platform, dir);
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'mm-lock-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('one name per engine ID: an abstract socket on Linux, a named pipe on Windows, a socket file elsewhere', () => {
    assert.equal(engineLockName('A', 'linux'), engineLockName('A', 'linux'));
    assert.notEqual(engineLockName('A', 'linux'), engineLockName('B', 'linux'));
    assert.match(engineLockName('A', 'linux'), /^\0multistage-migrate-engine-[0-9a-f]{16}$/);
    assert.match(engineLockName('A', 'win32'), /^\\\\\.\\pipe\\multistage-migrate-engine-[0-9a-f]{16}$/);
    assert.equal(engineLockName('A', 'darwin', '/tmp/x'), `/tmp/x/${engineLockName('A', 'linux').slice(1)}.sock`);
  });

  it('a free lock is taken at once, and is free again on release', async () => {
    const name = fresh();
    const waited: (number | null)[] = [];
    const lock = await acquireEngineLock(name, new AbortController().signal, (pid) => waited.push(pid));
    lock.release();
    const again = await acquireEngineLock(name, new AbortController().signal, (pid) => waited.push(pid));
    again.release();
    assert.deepEqual(waited, []);
  });

  for (const platform of [process.platform, 'darwin'] as const) {
    it(`waits while another process holds it, says which once, and takes it when that process is killed (${platform === 'darwin' ? 'socket file' : 'this platform'})`, async () => {
      const name = fresh(platform);
      const owner = await holder(name);
      const waited: (number | null)[] = [];
      let acquired = false;
      const pending = acquireEngineLock(name, new AbortController().signal, (pid) => waited.push(pid)).then((lock) => {
        acquired = true;
        return lock;
      });
      await new Promise((r) => setTimeout(r, 800));
      assert.equal(acquired, false, 'taken while its owner was alive');
      assert.deepEqual(waited, [owner.pid]);
      // SIGKILL: the owner cannot release anything itself.
      await killed(owner);
      const lock = await pending;
      assert.deepEqual(waited, [owner.pid], 'told only once');
      lock.release();
    });
  }

  it('a waiter that hangs up before the answer does not end the holder', async () => {
    const name = fresh();
    const owner = await holder(name);
    try {
      // Hang up at once: the holder's answer meets a closed connection (EPIPE or ECONNRESET).
      await Promise.all(Array.from({ length: 100 }, () => new Promise<void>((done) => {
        const socket = createConnection(name, () => socket.destroy());
        socket.on('error', () => {});
        socket.on('close', () => done());
      })));
      await new Promise((r) => setTimeout(r, 300));
      assert.equal(owner.exitCode, null, 'the holder is still running');
      assert.equal(owner.signalCode, null);
    } finally {
      await killed(owner);
    }
  });

  it('an aborted wait rejects, and the owner keeps the lock', async () => {
    const name = fresh();
    const owner = await holder(name);
    try {
      const controller = new AbortController();
      await assert.rejects(acquireEngineLock(name, controller.signal, () => controller.abort(new Error('SIGINT'))), /SIGINT/);
      const waited: (number | null)[] = [];
      const second = new AbortController();
      setTimeout(() => second.abort(new Error('done')), 600);
      await assert.rejects(acquireEngineLock(name, second.signal, (pid) => waited.push(pid)), /done/);
      assert.deepEqual(waited, [owner.pid], 'still held by its owner');
    } finally {
      await killed(owner);
    }
  });
});
