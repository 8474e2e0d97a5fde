/**
 * The legacy half of each sample on the engine: legacy-samples.sh runs the sample's own glue and
 * checks the image it builds (or the failure it ends in) against sample.json's `legacy` block.
 * samples.test.ts only proves the migrated image equal to the legacy one; this proves the legacy
 * one is what the sample says — including the refusals whose legacy pipeline must fail, the
 * engine evidence docs/docker-semantics.md cites. One sample per test, under the engine lock
 * verify takes, so it never runs beside another verify's builds of the same tags.
 */
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { listSamples } from '../helpers/samples';
import { findDockerClient } from '../../src/verify/docker-client';
import { acquireEngineLock, engineLockName } from '../../src/verify/engine-lock';

const DOCKER = findDockerClient();
const SCRIPT = join(__dirname, 'legacy-samples.sh');

describe('legacy pipelines of the samples on the engine', function () {
  this.timeout(30 * 60_000);
  const only = process.env.SAMPLE?.split(',');
  // A migrating sample's legacy pipeline already runs in samples.test.ts (verify builds it and
  // compares it with the migrated image); to keep CI within its time only the refusal samples'
  // legacy claims are checked by default. LEGACY_SAMPLES=all (or SAMPLE=…) checks every one.
  const every = process.env.LEGACY_SAMPLES === 'all' || only !== undefined;
  const samples = listSamples().filter((s) => (!only || only.includes(s.name)) && (every || s.spec.expect !== 'migrate') && (s.spec as { legacy?: unknown }).legacy !== undefined);

  for (const sample of samples) {
    it(`${sample.name}: the legacy glue builds what sample.json says (or fails as it says)`, async () => {
      const id = spawnSync(DOCKER, ['info', '--format', '{{.ID}}'], { encoding: 'utf8' }).stdout.trim();
      assert.ok(id, 'no Docker engine answers');
      const lock = await acquireEngineLock(engineLockName(id), new AbortController().signal, () => undefined);
      try {
        // base-images.sh already ran (npm run test:docker runs it first).
        const run = spawnSync('bash', [SCRIPT, sample.name], { encoding: 'utf8', env: { ...process.env, SKIP_BASE: '1', DOCKER } });
        assert.equal(run.status, 0, `${run.stdout}\n${run.stderr}`);
        assert.match(run.stdout, new RegExp(`^(PASS|SKIP) +${sample.name}\\b`, 'm'));
      } finally {
        lock.release();
      }
    });
  }
});
