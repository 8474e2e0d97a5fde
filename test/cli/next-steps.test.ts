/**
 * Every finding code has a "what to do" line, and a refusal shows it: the single-repository
 * command, explain, batch lines and the markdown report (findings before the diff).
 */
import { strict as assert } from 'node:assert';
import { rmSync } from 'node:fs';
import { FINDING_CATALOGUE } from '../../src/core/findings';
import { BATCH_CODES } from '../../src/batch/run-repository';
import { nextStep } from '../../src/report/next-steps';
import { runCli, sampleCopy } from '../helpers/cli';

describe('cli: what to do next', function () {
  this.timeout(30000);
  const dirs: string[] = [];
  const copy = (name: string) => {
    const d = sampleCopy(name);
    dirs.push(d);
    return d;
  };
  after(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

  it('every catalogue code and every batch code has a next step', () => {
    const missing = [...Object.keys(FINDING_CATALOGUE), ...Object.keys(BATCH_CODES)].filter((c) => !nextStep(c));
    assert.deepEqual(missing, []);
  });

  it('a refusal prints the code, its sentence and what to do: --dry-run, explain and batch', () => {
    const d = copy('refuse-cp-file-trailing-slash');
    const step = nextStep('LEGACY_CP_FAILS') as string;
    for (const args of [['--dry-run', d], ['explain', d]]) {
      const r = runCli(args);
      assert.equal(r.status, 2);
      assert.match(r.stderr, /^build\.sh:5: LEGACY_CP_FAILS /m);
      assert.ok(r.stderr.includes(`What to do:\n  LEGACY_CP_FAILS: ${step}`), r.stderr);
    }
    const b = runCli(['batch', d]);
    assert.equal(b.status, 2);
    assert.match(b.stdout, /^refused .*LEGACY_CP_FAILS\n {4}LEGACY_CP_FAILS \(this docker cp fails on a real engine.*\): /m);
    assert.ok(b.stdout.includes(step));
  });

  it('the markdown report puts the findings, with what to do, before the diff, and a blank line after </details>', () => {
    const d = copy('export-only');
    const r = runCli(['--dry-run', '--format', 'markdown', d]);
    assert.equal(r.status, 0, r.stderr);
    const findings = r.stdout.indexOf('**Findings**');
    assert.ok(findings > 0 && findings < r.stdout.indexOf('<summary>Diff</summary>'), 'findings are not before the diff');
    assert.match(r.stdout, /\*What to do:\* /);
    assert.match(r.stdout, /<\/details>\n\n/);
  });
});
