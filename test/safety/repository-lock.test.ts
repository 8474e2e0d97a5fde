/**
 * One write at a time per repository: two runs that write the same repository at once end in
 * exactly one migration. `--yes`, the wizard and `undo` wait for the run that holds the
 * repository's lock (saying which); `batch --write` refuses that repository with REPOSITORY_BUSY.
 */
import { strict as assert } from 'node:assert';
import { ChildProcess, execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, readdirSync, realpathSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { RepositoryBusyError, lockRepository, lockedDirectory } from '../../src/io/repository-lock';
import { CLI, runCli, runCliAsync, sampleCopy } from '../helpers/cli';
import { holdingProcess, killed, userFiles } from '../helpers/kill';

const LOCK_MODULE = join(__dirname, '..', '..', 'dist', 'src', 'io', 'repository-lock.js');
const BACKUP = '.multistage-migrate-backup';

/** A process that holds the repository's lock until killed; resolves once it holds it. */
function holder(dir: string): Promise<ChildProcess> {
  return holdingProcess(`require(${JSON.stringify(LOCK_MODULE)}).lockRepository(${JSON.stringify(dir)}, { wait: false }).then(() => { console.log('held'); setInterval(() => {}, 1000); })`);
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('safety: a repository is written by one run at a time', function () {
  this.timeout(120000);
  const dirs: string[] = [];
  const copy = () => {
    const d = realpathSync(sampleCopy('go-create-cp'));
    dirs.push(d);
    return d;
  };
  after(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

  it('two --yes at once (outside git): exactly one migration; the other waits, then has nothing to do', async () => {
    const reference = copy();
    assert.equal(runCli(['--yes', reference]).status, 0);
    const d = copy();
    // Slow writes, so that the runs overlap however the machine schedules them.
    const env = { MULTISTAGE_MIGRATE_TEST_PAUSE_MS: '150' };
    const [a, b] = await Promise.all([runCliAsync(['--yes', d], env), runCliAsync(['--yes', d], env)]);
    const runs = [a, b];
    assert.deepEqual(runs.map((r) => r.status), [0, 0], runs.map((r) => r.stderr).join('\n---\n'));
    assert.equal(runs.filter((r) => /^Migrated\./m.test(r.stderr)).length, 1, runs.map((r) => r.stderr).join('\n---\n'));
    const second = runs.find((r) => !/^Migrated\./m.test(r.stderr)) as (typeof runs)[0];
    // The first run is busy writing: it may not find the time to say its pid.
    assert.match(second.stderr, /Waiting for another multistage-migrate run( \(pid \d+\))? that is writing/);
    assert.match(second.stderr, /Nothing to do: already multi-stage/);
    assert.doesNotMatch(second.stderr, /interrupted migration/i);
    assert.deepEqual(userFiles(d), userFiles(reference));
    assert.equal(readdirSync(join(d, BACKUP)).length, 1, 'one migration, one backup');
  });

  it('--yes and undo wait while another run holds the lock, and go on once it ends (however it ends)', async () => {
    const d = copy();
    const owner = await holder(d);
    const yes = runCliAsync(['--yes', d]);
    await sleep(1500);
    assert.ok(readFileSync(join(d, 'build.sh'), 'utf8').includes('docker cp'), '--yes wrote while the lock was held');
    await killed(owner);
    const r = await yes;
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stderr, new RegExp(`Waiting for another multistage-migrate run \\(pid ${owner.pid}\\)`));
    const again = await holder(d);
    const undo = runCliAsync(['undo', d]);
    await sleep(1500);
    assert.ok(!readFileSync(join(d, 'build.sh'), 'utf8').includes('docker cp'), 'undo wrote while the lock was held');
    await killed(again);
    const u = await undo;
    assert.equal(u.status, 0, u.stderr);
    assert.match(u.stderr, /Waiting for another multistage-migrate run/);
    assert.ok(readFileSync(join(d, 'build.sh'), 'utf8').includes('docker cp'));
  });

  it('batch --write refuses a repository another run is writing (REPOSITORY_BUSY), writes nothing there, and does the others', async () => {
    const a = copy();
    const b = copy();
    const before = userFiles(a);
    const owner = await holder(a);
    try {
      const r = runCli(['batch', '--write', '--no-progress', '--verbose', a, b]);
      assert.equal(r.status, 2, r.stderr);
      assert.match(r.stdout, /^refused\s+\S+\s+REPOSITORY_BUSY/m);
      assert.match(r.stdout, /^migrated\s+/m);
      assert.deepEqual(userFiles(a), before);
    } finally {
      await killed(owner);
    }
  });

  it('in a git work tree the lock is the work tree\'s: a run from a sub-folder and one from the top exclude each other', async () => {
    const top = copy();
    execFileSync('git', ['init', '-q', top]);
    mkdirSync(join(top, 'svc'));
    assert.equal(lockedDirectory(join(top, 'svc')), top);
    const owner = await holder(top);
    try {
      await assert.rejects(lockRepository(join(top, 'svc'), { wait: false }), (e: unknown) => e instanceof RepositoryBusyError && e.owner === owner.pid);
    } finally {
      await killed(owner);
    }
    (await lockRepository(join(top, 'svc'), { wait: false })).release();
  });

  it("the wizard holds the lock until its last answer is written: a --yes meanwhile waits, then has nothing to do", async () => {
    const d = copy();
    const session = `mm-lock-wizard-${process.pid}`;
    const tmux = (...args: string[]) => execFileSync('tmux', args, { encoding: 'utf8' });
    const waitFor = async (text: string) => {
      for (const end = Date.now() + 20000; ; await sleep(100)) {
        const screen = tmux('capture-pane', '-p', '-J', '-S', '-200', '-t', session);
        if (screen.includes(text)) return;
        if (Date.now() > end) throw new Error(`timed out waiting for ${text}:\n${screen}`);
      }
    };
    tmux('new-session', '-d', '-s', session, '-x', '200', '-y', '60', `cd ${d} && PAGER=cat node ${CLI} . ; echo "EXIT=$?"; sleep 600`);
    try {
      await waitFor('Apply these 3 files?');
      const yes = runCliAsync(['--yes', d]);
      await sleep(1500);
      assert.ok(readFileSync(join(d, 'build.sh'), 'utf8').includes('docker cp'), '--yes wrote while the wizard was asking');
      tmux('send-keys', '-t', session, 'y', 'Enter');
      await waitFor('EXIT=0');
      const r = await yes;
      assert.equal(r.status, 0, r.stderr);
      assert.match(r.stderr, /Waiting for another multistage-migrate run/);
      assert.match(r.stderr, /Nothing to do: already multi-stage/);
    } finally {
      tmux('kill-session', '-t', session);
    }
  });
});
