/**
 * JSON for jq: `batch --report -` and `batch --format json` write the report to stdout (the lines
 * for people go to stderr), and the single-repository document has the batch setup's shape.
 */
import { strict as assert } from 'node:assert';
import { readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { runCli, sampleCopy } from '../helpers/cli';

type Doc = Record<string, unknown> & { tool: string; version: string; setups: Record<string, unknown>[] };

describe('cli: JSON on stdout, one shape', function () {
  this.timeout(30000);
  let dir = '';
  before(() => (dir = sampleCopy('go-create-cp')));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('batch --report - and batch --format json without --report print only the JSON report on stdout', () => {
    for (const args of [['--report', '-'], ['--format', 'json']]) {
      const r = runCli(['batch', ...args, dir]);
      assert.equal(r.status, 0, r.stderr);
      const doc = JSON.parse(r.stdout) as Doc;
      assert.equal(doc.tool, 'multistage-migrate');
      assert.equal(doc.setups[0].status, 'would-migrate');
      assert.match(r.stderr, /would migrate/, 'the lines for people went missing');
    }
  });

  it('batch --report - --format markdown prints the markdown report and leaves no temporary file', () => {
    const r = runCli(['batch', '--report', '-', '--format', 'markdown', dir]);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /^## multistage-migrate batch \(dry run\)/);
    assert.match(r.stdout, /### Would migrate/);
    assert.deepEqual(readdirSync(tmpdir()).filter((n) => n.startsWith(`multistage-migrate-report-`) && n.endsWith('.tmp')), []);
  });

  it('the single-repository document has the batch setup fields, status ids, tool and version', () => {
    const single = JSON.parse(runCli(['--dry-run', '--format', 'json', dir]).stdout) as Record<string, unknown>;
    const batch = JSON.parse(runCli(['batch', '--format', 'json', dir]).stdout) as Doc;
    const setup = batch.setups[0];
    for (const key of Object.keys(setup)) assert.ok(key in single, `the single-repository document lacks ${key}`);
    assert.equal(single.status, setup.status);
    assert.equal(single.tool, batch.tool);
    assert.equal(single.version, batch.version);
    const refused = JSON.parse(runCli(['--dry-run', '--format', 'json', sampleCopy('refuse-cp-file-trailing-slash')]).stdout) as { status: string; codes: string[] };
    assert.deepEqual([refused.status, refused.codes], ['refused', ['LEGACY_CP_FAILS']]);
  });
});
