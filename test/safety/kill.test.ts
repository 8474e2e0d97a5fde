/**
 * Kill mid-run: `--yes` is SIGKILLed at random moments (MULTISTAGE_MIGRATE_TEST_PAUSE_MS slows
 * the writes down so the kills land inside them). Whatever the moment, every file is entirely
 * old or entirely new, and the next run finishes the job: the tree is then exactly the migrated
 * one, with no temporary file or journal left.
 */
import { strict as assert } from 'node:assert';
import { rmSync } from 'node:fs';
import { runCli, sampleCopy } from '../helpers/cli';
import { PAUSE_MS, TEMP, killedRun, leftovers, oldOrNew, userFiles } from '../helpers/kill';
import { snapshot } from '../helpers/tree-snapshot';

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
    const old = userFiles(reference);
    const start = Date.now();
    const yes = runCli(['--yes', reference]);
    const total = Date.now() - start;
    assert.equal(yes.status, 0, yes.stderr);
    const migrated = userFiles(reference);
    assert.notDeepEqual(migrated, old);

    const seen = { old: 0, new: 0, mixed: 0, temps: 0, journals: 0 };
    const moments: [number, boolean][] = [];
    // Half the kills anywhere in the run, half inside the writes (5 pauses of PAUSE_MS).
    for (let i = 0; i < 5; i++) moments.push([Math.floor(Math.random() * total * 1.2), false]);
    for (let i = 0; i < 5; i++) moments.push([Math.floor(Math.random() * PAUSE_MS * 5), true]);
    for (const [delay, afterTemp] of moments) {
      const d = copy();
      await killedRun(['--yes', d], delay, afterTemp ? [d] : null);
      seen[oldOrNew(userFiles(d), old, migrated, `at ${delay} ms${afterTemp ? ' after the first write' : ''}`)]++;
      const all = [...snapshot(d).keys()];
      if (all.some((k) => TEMP.test(k))) seen.temps++;
      if (all.some((k) => k.endsWith('journal.json'))) seen.journals++;
      // The next run finishes (or redoes) the migration; nothing is left behind.
      const again = runCli(['--yes', d]);
      assert.equal(again.status, 0, again.stderr);
      assert.deepEqual(userFiles(d), migrated, `after a kill at ${delay} ms and a second run`);
      assert.deepEqual(leftovers(d), [], 'temporary files or a journal were left');
    }
    assert.ok(seen.old + seen.new + seen.mixed === moments.length, JSON.stringify(seen));
    if (process.env.KILL_TEST_STATS) console.log(JSON.stringify(seen));
  });
});
