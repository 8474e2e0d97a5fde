/**
 * A repository left half-migrated (some files of one migration written, the others not) is
 * reported by --check with HALF_MIGRATED, never as "nothing to do" nor migrated a second time.
 */
import { strict as assert } from 'node:assert';
import { copyFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { runCli, sampleCopy } from '../helpers/cli';

describe('cli: a half-migrated repository', function () {
  this.timeout(30000);
  const dirs: string[] = [];
  let migrated = '';
  before(() => {
    migrated = sampleCopy('go-create-cp');
    dirs.push(migrated);
    assert.equal(runCli(['--yes', migrated]).status, 0);
  });
  after(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

  /** The legacy sample with only `files` taken from the migrated copy. */
  function partly(...files: string[]): string {
    const d = sampleCopy('go-create-cp');
    dirs.push(d);
    for (const f of files) copyFileSync(join(migrated, f), join(d, f));
    return d;
  }

  it('glue rewritten, Dockerfile and builder Dockerfile left: --check refuses with HALF_MIGRATED at the runtime COPY', () => {
    const r = runCli(['--check', partly('build.sh')]);
    assert.equal(r.status, 2, r.stdout + r.stderr);
    assert.match(r.stderr, /^Dockerfile:5: HALF_MIGRATED /m);
    assert.doesNotMatch(r.stderr, /Nothing to do/);
  });

  it('merged Dockerfile written, glue left: --check and --dry-run refuse with HALF_MIGRATED instead of merging again', () => {
    const d = partly('Dockerfile');
    for (const mode of ['--check', '--dry-run']) {
      const r = runCli([mode, d]);
      assert.equal(r.status, 2, r.stdout + r.stderr);
      assert.match(r.stderr, /^Dockerfile:1: HALF_MIGRATED .*Dockerfile\.build/m);
      assert.equal(r.stdout, '');
    }
  });

  it('batch --check says so too; the whole migration and the legacy repository check as before', () => {
    const b = runCli(['batch', '--check', partly('build.sh')]);
    assert.equal(b.status, 2);
    assert.match(b.stdout, /refused .*HALF_MIGRATED/);
    assert.equal(runCli(['--check', migrated]).status, 0);
    assert.equal(runCli(['--check', partly()]).status, 1);
    assert.equal(runCli(['--check', partly('build.sh', 'Dockerfile')]).status, 0, 'the merged Dockerfile with the rewritten glue (--keep-legacy) is migrated');
  });
});
