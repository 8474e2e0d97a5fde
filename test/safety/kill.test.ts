/**
 * Kill mid-run: `--yes` is SIGKILLed at random moments (MULTISTAGE_MIGRATE_TEST_PAUSE_MS slows
 * the writes down so the kills land inside them). Whatever the moment, every file is entirely
 * old or entirely new, and the next run finishes the job: the tree is then exactly the migrated
 * one, with no temporary file or journal left.
 */
import { strict as assert } from 'node:assert';
import { spawn } from 'node:child_process';
import { readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { CLI, runCli, sampleCopy } from '../helpers/cli';
import { snapshot } from '../helpers/tree-snapshot';

const PAUSE_MS = 60;
const TEMP = /\.multistage-migrate-\d+\.tmp$/;
const BACKUP = '.multistage-migrate-backup';

/** The tree without the backup folder and temporary files (what a user sees as the repository). */
function files(dir: string): Map<string, string> {
  const m = snapshot(dir);
  for (const k of [...m.keys()]) if (k === BACKUP || k.startsWith(`${BACKUP}/`) || TEMP.test(k)) m.delete(k);
  return m;
}

/** Runs `--yes` and kills it `delayMs` after start, or that long after its first temporary file appears. */
function killedRun(dir: string, delayMs: number, afterFirstTemp: boolean): Promise<void> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI, '--yes', dir], { env: { ...process.env, NO_COLOR: '1', MULTISTAGE_MIGRATE_TEST_PAUSE_MS: String(PAUSE_MS) }, stdio: 'ignore' });
    let timer: NodeJS.Timeout | undefined;
    let poll: NodeJS.Timeout | undefined;
    const kill = () => child.kill('SIGKILL');
    if (afterFirstTemp) {
      poll = setInterval(() => {
        if (readdirSync(dir).some((n) => TEMP.test(n))) {
          clearInterval(poll);
          timer = setTimeout(kill, delayMs);
        }
      }, 2);
    } else {
      timer = setTimeout(kill, delayMs);
    }
    child.on('exit', () => {
      clearInterval(poll);
      clearTimeout(timer);
      resolve();
    });
  });
}

describe('safety: SIGKILL at any moment of --yes leaves every file old or new', function () {
  this.timeout(120000);
  const dirs: string[] = [];
  const copy = () => {
    const d = sampleCopy('go-create-cp');
    dirs.push(d);
    return d;
  };
  after(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

  it('old or new, never partial; the next run finishes cleanly', async () => {
    const reference = copy();
    const old = files(reference);
    const start = Date.now();
    const yes = runCli(['--yes', reference]);
    const total = Date.now() - start;
    assert.equal(yes.status, 0, yes.stderr);
    const migrated = files(reference);
    assert.notDeepEqual(migrated, old);

    const seen = { old: 0, new: 0, mixed: 0, temps: 0, journals: 0 };
    const moments: [number, boolean][] = [];
    // Half the kills anywhere in the run, half inside the writes (5 pauses of PAUSE_MS).
    for (let i = 0; i < 5; i++) moments.push([Math.floor(Math.random() * total * 1.2), false]);
    for (let i = 0; i < 5; i++) moments.push([Math.floor(Math.random() * PAUSE_MS * 5), true]);
    for (const [delay, afterTemp] of moments) {
      const d = copy();
      await killedRun(d, delay, afterTemp);
      const now = files(d);
      const paths = new Set([...old.keys(), ...migrated.keys(), ...now.keys()]);
      let olds = 0;
      let news = 0;
      for (const p of paths) {
        const isOld = now.get(p) === old.get(p);
        const isNew = now.get(p) === migrated.get(p);
        assert.ok(isOld || isNew, `${p} is neither old nor new after a kill at ${delay} ms${afterTemp ? ' after the first write' : ''}`);
        if (!isNew) olds++;
        if (!isOld) news++;
      }
      const all = [...snapshot(d).keys()];
      if (all.some((k) => TEMP.test(k))) seen.temps++;
      if (all.some((k) => k.endsWith('journal.json'))) seen.journals++;
      if (news === 0) seen.old++;
      else if (olds === 0) seen.new++;
      else seen.mixed++;
      // The next run finishes (or redoes) the migration; nothing is left behind.
      const again = runCli(['--yes', d]);
      assert.equal(again.status, 0, again.stderr);
      assert.deepEqual(files(d), migrated, `after a kill at ${delay} ms and a second run`);
      const left = [...snapshot(d).keys()].filter((k) => TEMP.test(k) || k.endsWith('journal.json'));
      assert.deepEqual(left, [], 'temporary files or a journal were left');
    }
    assert.ok(seen.old + seen.new + seen.mixed === moments.length, JSON.stringify(seen));
    if (process.env.KILL_TEST_STATS) console.log(JSON.stringify(seen));
  });
});
