/**
 * Kill mid-batch: `batch --write` over several repositories is SIGKILLed at random moments
 * (MULTISTAGE_MIGRATE_TEST_PAUSE_MS slows each write down so the kills land inside them). Every
 * file of every repository is then old or new, and the next `batch --write` ends with exactly the
 * trees an uninterrupted run gives, finishing a half-renamed repository first. A journal left by
 * such a run is reported by the modes that write nothing, and a repository changed since is
 * refused and left alone.
 */
import { strict as assert } from 'node:assert';
import { chmodSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { sha256 } from '../../src/io/apply';
import { runCli } from '../helpers/cli';
import { PAUSE_MS, killedRun, leftovers, oldOrNew, userFiles } from '../helpers/kill';
import { snapshot } from '../helpers/tree-snapshot';
import { makeClones } from '../batch/clones';

const SAMPLES = ['go-create-cp', 'node-tar-pipe', 'c-makefile', 'go-host-steps', 'fullstack-two-builders', 'refuse-cp-in-if'];
const BATCH = ['batch', '--write', '--no-progress', '--quiet', '--concurrency', '2'];

interface Report {
  setups: { repository: string; status: string; codes: string[]; findings: { code: string; severity: string }[] }[];
}

function batchWrite(clones: string, extra: string[] = []): { status: number | null; report: Report; stderr: string } {
  const file = join(dirname(clones), `report-${Date.now()}-${Math.random()}.json`);
  const r = runCli([...BATCH, '--report', file, ...extra, clones]);
  return { status: r.status, report: JSON.parse(readFileSync(file, 'utf8')) as Report, stderr: r.stderr };
}

const interruptedCodes = (report: Report, repository: string) =>
  report.setups.filter((s) => s.repository.endsWith(repository)).flatMap((s) => s.findings.filter((f) => f.code === 'INTERRUPTED_MIGRATION').map((f) => f.severity));

describe('safety: SIGKILL at any moment of batch --write leaves every file old or new', function () {
  this.timeout(300000);
  const parents: string[] = [];
  const clones = () => {
    const c = makeClones(SAMPLES.map((sample) => ({ sample })));
    parents.push(dirname(c));
    return c;
  };
  after(() => parents.forEach((d) => rmSync(d, { recursive: true, force: true })));

  it('old or new, never partial; the next batch finishes every repository', async () => {
    const reference = clones();
    const old = userFiles(reference);
    const start = Date.now();
    const first = batchWrite(reference);
    const total = Date.now() - start;
    assert.equal(first.status, 2, 'the refused sample makes the run exit 2');
    assert.deepEqual(first.report.setups.map((s) => s.status).sort(), ['migrated', 'migrated', 'migrated', 'migrated', 'migrated', 'refused']);
    const migrated = userFiles(reference);

    const seen = { old: 0, new: 0, mixed: 0, journals: 0 };
    const moments: [number, boolean][] = [];
    for (let i = 0; i < 4; i++) moments.push([Math.floor(Math.random() * total * 1.2), false]);
    for (let i = 0; i < 4; i++) moments.push([Math.floor(Math.random() * PAUSE_MS * 6), true]);
    for (const [delay, afterTemp] of moments) {
      const c = clones();
      const repos = readdirSync(c).map((n) => join(c, n));
      await killedRun([...BATCH, c], delay, afterTemp ? repos : null);
      const when = `at ${delay} ms${afterTemp ? ' after the first write' : ''}`;
      seen[oldOrNew(userFiles(c), old, migrated, when)]++;
      const halfRenamed = repos.filter((r) => leftovers(r).some((k) => k.endsWith('journal.json'))).map((r) => r.slice(c.length + 1));
      if (halfRenamed.length > 0) seen.journals++;

      const again = batchWrite(c);
      assert.equal(again.status, 2, again.stderr);
      assert.deepEqual(userFiles(c), migrated, `after a kill ${when} and a second batch`);
      assert.deepEqual(leftovers(c), [], 'temporary files or a journal were left');
      for (const r of halfRenamed) assert.deepEqual([...new Set(interruptedCodes(again.report, r))], ['info'], `${r}: the second batch says it finished the interrupted write`);
    }
    if (process.env.KILL_TEST_STATS) console.log(JSON.stringify(seen));
  });

  /** A repository exactly as a run killed right after writing its journal leaves it. */
  function halfWritten(): { clones: string; repo: string; before: Map<string, string> } {
    const migratedClones = makeClones([{ sample: 'go-create-cp' }]);
    parents.push(dirname(migratedClones));
    assert.equal(batchWrite(migratedClones).status, 0);
    const c = clones();
    const repo = join(c, 'go-create-cp');
    const oldTree = userFiles(repo);
    const newTree = userFiles(join(migratedClones, 'go-create-cp'));
    const content = (p: string) => readFileSync(join(repo, p));
    const ops = [...new Set([...oldTree.keys(), ...newTree.keys()])]
      .filter((p) => oldTree.get(p) !== newTree.get(p) && !(oldTree.get(p) ?? newTree.get(p) ?? '').startsWith('dir'))
      .map((p) => {
        const after = newTree.has(p) ? readFileSync(join(migratedClones, 'go-create-cp', p)) : null;
        const tmp = after ? `${p}.multistage-migrate-999999.tmp` : null;
        if (tmp && after) {
          // As the real write does: the temporary file already has the new file's mode.
          writeFileSync(join(repo, tmp), after);
          chmodSync(join(repo, tmp), statSync(join(migratedClones, 'go-create-cp', p)).mode & 0o7777);
        }
        return { target: p, tmp, beforeSha256: oldTree.has(p) ? sha256(content(p)) : null, afterSha256: after ? sha256(after) : null };
      });
    assert.ok(ops.length >= 2, 'the migration changes several files');
    const journal = join(repo, '.multistage-migrate-backup', 'killed', 'journal.json');
    mkdirSync(dirname(journal), { recursive: true });
    writeFileSync(journal, JSON.stringify({ tool: 'multistage-migrate', pid: 999999, ops }));
    return { clones: c, repo, before: snapshot(repo) };
  }

  it('--dry-run and --check report a pending interrupted write and change nothing', () => {
    const { clones: c, repo, before } = halfWritten();
    for (const mode of ['--dry-run', '--check']) {
      const file = join(dirname(c), `report${mode}.json`);
      const r = runCli(['batch', mode, '--no-progress', '--report', file, c]);
      assert.equal(r.status, 2, r.stderr);
      const report = JSON.parse(readFileSync(file, 'utf8')) as Report;
      assert.deepEqual(interruptedCodes(report, 'go-create-cp'), ['warning'], mode);
      assert.deepEqual(snapshot(repo), before, `${mode} changed the repository`);
    }
  });

  it('--write finishes the interrupted write first, says so, and ends with the migrated tree', () => {
    const { clones: c, repo } = halfWritten();
    const r = batchWrite(c);
    assert.equal(r.status, 2, r.stderr);
    assert.deepEqual([...new Set(interruptedCodes(r.report, 'go-create-cp'))], ['info']);
    const migrated = makeClones([{ sample: 'go-create-cp' }]);
    parents.push(dirname(migrated));
    assert.equal(batchWrite(migrated).status, 0);
    assert.deepEqual(userFiles(repo), userFiles(join(migrated, 'go-create-cp')));
    assert.deepEqual(leftovers(repo), []);
  });

  it('--write refuses a repository changed since the interrupted write, and leaves it alone', () => {
    const { clones: c, repo } = halfWritten();
    writeFileSync(join(repo, 'build.sh'), '#!/bin/sh\necho edited by hand\n');
    const before = snapshot(repo);
    const r = batchWrite(c);
    assert.equal(r.status, 2, r.stderr);
    const setups = r.report.setups.filter((s) => s.repository.endsWith('go-create-cp'));
    assert.ok(setups.length > 0 && setups.every((s) => s.status === 'refused' && s.codes.includes('INTERRUPTED_MIGRATION')), JSON.stringify(setups));
    assert.deepEqual(snapshot(repo), before);
  });
});
