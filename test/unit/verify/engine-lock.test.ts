/** One verify at a time per engine: the lock file is taken, waited for while its owner lives, taken over when it is dead. */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { acquireEngineLock, engineLockPath } from '../../../src/verify/engine-lock';

describe('verify/engine-lock', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'mm-lock-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('one lock file per engine ID', () => {
    assert.equal(engineLockPath('ENGINE-A', dir), engineLockPath('ENGINE-A', dir));
    assert.notEqual(engineLockPath('ENGINE-A', dir), engineLockPath('ENGINE-B', dir));
  });

  it('a free lock is taken at once, names this process, and is gone on release', async () => {
    const path = engineLockPath('x', dir);
    const waited: number[] = [];
    const lock = await acquireEngineLock(path, new AbortController().signal, (pid) => waited.push(pid));
    assert.deepEqual(waited, []);
    assert.equal(readFileSync(path, 'utf8').trim(), String(process.pid));
    lock.release();
    assert.equal(existsSync(path), false);
  });

  it('waits while a live process holds it, says for whom once, and takes it when that process is gone', async () => {
    const path = engineLockPath('x', dir);
    const owner = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)'], { stdio: 'ignore' });
    writeFileSync(path, `${owner.pid}\n`);
    const waited: number[] = [];
    let acquired = false;
    const pending = acquireEngineLock(path, new AbortController().signal, (pid) => waited.push(pid)).then((lock) => {
      acquired = true;
      return lock;
    });
    await new Promise((r) => setTimeout(r, 800));
    assert.equal(acquired, false, 'taken while its owner was alive');
    assert.deepEqual(waited, [owner.pid]);
    owner.kill('SIGKILL');
    await new Promise((r) => owner.once('exit', r));
    const lock = await pending;
    assert.equal(readFileSync(path, 'utf8').trim(), String(process.pid));
    assert.deepEqual(waited, [owner.pid], 'told only once');
    lock.release();
  });

  it('an aborted wait rejects and leaves the owner its lock', async () => {
    const path = engineLockPath('x', dir);
    const owner = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)'], { stdio: 'ignore' });
    try {
      writeFileSync(path, `${owner.pid}\n`);
      const controller = new AbortController();
      const pending = acquireEngineLock(path, controller.signal, () => controller.abort(new Error('SIGINT')));
      await assert.rejects(pending, /SIGINT/);
      assert.equal(readFileSync(path, 'utf8').trim(), String(owner.pid));
    } finally {
      owner.kill('SIGKILL');
    }
  });

  it('release does not remove a lock another process holds', async () => {
    const path = engineLockPath('x', dir);
    const lock = await acquireEngineLock(path, new AbortController().signal, () => {});
    writeFileSync(path, '1\n');
    lock.release();
    assert.equal(readFileSync(path, 'utf8').trim(), '1');
  });
});
