/**
 * The batch run end to end in-process (worker threads from dist/): the same answers as the
 * single-repository core for every sample, the same output whatever the concurrency, and a
 * repository that fails never stops the others.
 */
import { strict as assert } from 'node:assert';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { migrateRepository } from '../../src/app/migrate';
import { createProgress } from '../../src/batch/progress';
import { BatchResult, runBatch } from '../../src/batch/run-batch';
import { statusOf } from '../../src/batch/run-repository';
import { jsonSink, patchSink } from '../../src/batch/sinks';
import type { BatchSettings } from '../../src/batch/types';
import { gitPatch } from '../../src/diff/patch';
import { openRepo } from '../../src/io/repo-fs';
import { loadShellParser, ShellParser } from '../../src/parse/shell/parser';
import { loadTemplates } from '../../src/render/templates';
import { listSamples } from '../helpers/samples';
import { makeClones } from './clones';

const SETTINGS: BatchSettings = { mode: 'dry-run', allowDirty: false, buildkit: false, keepLegacy: false, want: { json: true, markdown: false, patch: true }, stamp: 'test' };

interface Record {
  repository: string;
  directory: string;
  status: string;
  codes: string[];
  error: string | null;
  patch: string | null;
  findings: { code: string; file: string | null; line: number | null }[];
}

async function batch(clones: string, concurrency: number, workerFile?: string): Promise<{ result: BatchResult; records: Record[]; report: string; patch: string }> {
  const report = join(clones, '..', `report-${concurrency}.json`);
  const patch = join(clones, '..', `all-${concurrency}.patch`);
  const result = await runBatch({
    roots: [clones],
    settings: SETTINGS,
    concurrency,
    timeoutMs: 60000,
    lines: 'none',
    workerFile,
    sinks: (base) => [jsonSink(report, { version: 't', mode: 'dry-run', base }), patchSink(patch)],
    progress: (total) => createProgress(total, { err: () => undefined, out: () => undefined, tty: false, columns: 80, silent: true }),
  });
  const text = readFileSync(report, 'utf8');
  return { result, records: (JSON.parse(text) as { setups: Record[] }).setups, report: text, patch: readFileSync(patch, 'utf8') };
}

describe('batch/run-batch', function () {
  this.timeout(60000);
  let parser: ShellParser;
  const made: string[] = [];
  before(async () => {
    parser = await loadShellParser();
  });
  after(() => made.forEach((d) => rmSync(join(d, '..'), { recursive: true, force: true })));
  const clones = (...args: Parameters<typeof makeClones>) => {
    const d = makeClones(...args);
    made.push(d);
    return d;
  };

  it('every sample gets the status, refusal codes and patch the single-repository core gives it', async () => {
    const samples = listSamples();
    const dir = clones(samples.filter((s) => !s.spec.args?.length).map((s) => ({ sample: s.name })));
    const { records, patch } = await batch(dir, 2);
    assert.deepEqual(records.map((r) => r.repository), samples.filter((s) => !s.spec.args?.length).map((s) => `clones/${s.name}`).sort());
    for (const r of records) {
      const name = r.repository.slice('clones/'.length);
      const outcome = migrateRepository(openRepo(join(dir, name)), (t) => parser.parse(t), loadTemplates(), { dir: '', buildkit: false, keepLegacy: false });
      assert.equal(r.status, statusOf(outcome), name);
      assert.equal(r.directory, '', name);
      const codes = [...new Set(outcome.findings.filter((f) => f.severity === 'error').map((f) => f.code))].sort();
      assert.deepEqual(r.codes, outcome.status === 'refused' ? codes : [], name);
      assert.deepEqual(
        r.findings.map((f) => `${f.file}:${f.line} ${f.code}`),
        outcome.findings.map((f) => `${f.location?.file ?? null}:${f.location?.line ?? null} ${f.code}`),
        name,
      );
      assert.equal(r.patch, outcome.plan ? gitPatch(outcome.plan.files) : null, name);
      if (outcome.plan) assert.ok(patch.includes(gitPatch(outcome.plan.files, r.repository)), `${name}: the combined patch holds the repository's, prefixed`);
    }
  });

  it('the report and the patch are the same whatever the concurrency', async () => {
    const dir = clones([
      { sample: 'go-create-cp', as: 'zeta' },
      { sample: 'refuse-cp-in-if', as: 'alpha' },
      { sample: 'maven-run-cat', as: 'mono', at: 'services/jar' },
      { sample: 'node-dist-nginx', as: 'mono', at: 'services/web' },
      { sample: 'go-create-cp', kind: 'expected', as: 'done' },
      { sample: 'c-makefile', as: 'Mid' },
    ]);
    const one = await batch(dir, 1);
    const three = await batch(dir, 3);
    const strip = (s: string) => s.replace(/"seconds":[0-9.]+/, '');
    assert.equal(strip(one.report), strip(three.report));
    assert.equal(one.patch, three.patch);
    assert.deepEqual(
      one.records.map((r) => `${r.repository}|${r.directory}|${r.status}`),
      ['clones/Mid||would-migrate', 'clones/alpha||refused', 'clones/done||already-multi-stage', 'clones/mono|services/jar|would-migrate', 'clones/mono|services/web|would-migrate', 'clones/zeta||would-migrate'],
    );
    assert.match(one.patch, /^diff --git a\/clones\/mono\/services\/jar\/Dockerfile b\/clones\/mono\/services\/jar\/Dockerfile$/m);
  });

  it('a repository that throws or kills its worker is failed; every other one is still done', async () => {
    const dir = clones([
      { sample: 'go-create-cp', as: 'a' },
      { sample: 'go-create-cp', as: 'b-explode' },
      { sample: 'go-create-cp', as: 'c' },
      { sample: 'go-create-cp', as: 'd-crash' },
      { sample: 'go-create-cp', as: 'e' },
    ]);
    const { result, records, patch } = await batch(dir, 2, join(__dirname, 'fixtures', 'faulty-batch-worker.js'));
    assert.deepEqual(
      records.map((r) => `${r.repository} ${r.status}`),
      ['clones/a would-migrate', 'clones/b-explode failed', 'clones/c would-migrate', 'clones/d-crash failed', 'clones/e would-migrate'],
    );
    assert.equal(records[1].error, 'injected failure');
    assert.match(records[3].error ?? '', /exited with code 7/);
    assert.equal(result.tally.troubled, true);
    assert.equal(result.tally.counts.failed, 2);
    assert.equal((patch.match(/^diff --git a\/clones\/[ace]\/Dockerfile /gm) ?? []).length, 3);
  });
});
