/**
 * Every sample that migrates must build to the same image as its legacy pipeline, proven by
 * `verify` on the engine: both glues run, both runtime images are compared entry by entry.
 * Each verify runs as its own process (its own engine bookkeeping), one after the other: many
 * samples build the same tags, and verify takes the engine for itself anyway (engine-lock.ts).
 */
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { listSamples, targetRuleArg } from '../helpers/samples';
import { runCliAsync } from '../helpers/cli';
import { findDockerClient } from '../../src/verify/docker-client';
import { verifyRepository } from '../../src/cli/verify-repository';

const DOCKER = findDockerClient();

describe('samples on the engine', function () {
  this.timeout(60 * 60_000);
  const only = process.env.SAMPLE?.split(',');
  const samples = listSamples().filter((s) => s.spec.expect === 'migrate' && (!only || only.includes(s.name)));

  // Every verify puts the engine back as it found it: no tag, protective tag or container is left.
  const engine = () => spawnSync(DOCKER, ['images', '--format', '{{.Repository}}:{{.Tag}} {{.ID}}'], { encoding: 'utf8' }).stdout.split('\n').filter(Boolean).sort();
  const containers = () => spawnSync(DOCKER, ['ps', '--all', '--quiet', '--no-trunc'], { encoding: 'utf8' }).stdout.split('\n').filter(Boolean).sort();
  let found: { tags: string[]; containers: string[] };
  before(() => (found = { tags: engine(), containers: containers() }));

  for (const sample of samples) {
    it(`${sample.name}: the migrated build yields the legacy image`, async () => {
      const rule = targetRuleArg(sample.spec.args ?? []);
      const args = [...(sample.spec.args ?? []).filter((a) => a === '--buildkit' || a === '--keep-legacy'), ...(rule !== undefined ? ['--target-rule', rule] : [])];
      // The classic builder unless the sample asks for BuildKit, whatever the engine's default.
      const builder = args.includes('--buildkit') ? [] : ['--classic'];
      const out = await runCliAsync(['verify', '--format', 'json', ...builder, ...args, join(sample.dir, 'input')]);
      let doc: { status: string; error: string | null; differences: { description: string }[]; comparedPaths: number };
      try {
        doc = JSON.parse(out.stdout) as typeof doc;
      } catch {
        assert.fail(`verify printed no JSON (exit ${out.status}):\n${out.stderr.slice(-3000)}`);
      }
      const details = [doc.error ?? '', ...doc.differences.map((d) => d.description)].filter(Boolean).join('\n');
      assert.equal(doc.status, 'equal', `${sample.name}: ${doc.status}\n${details}\n${out.stderr.slice(-2000)}`);
      assert.equal(out.status, 0);
      assert.ok(doc.comparedPaths > 0, 'nothing was compared');
    });
  }

  // What an earlier legacy run left in a working copy (ignored by git, so not in the plan's view)
  // must not reach the migrated image: the proof runs again with those files in both copies.
  for (const sample of samples.filter((s) => s.spec.stale)) {
    it(`${sample.name}: files an earlier run left in the working copy do not reach the migrated image`, async () => {
      const args = sample.spec.args ?? [];
      const result = await verifyRepository(join(sample.dir, 'input'), { leftovers: sample.spec.stale, buildkit: args.includes('--buildkit'), keepLegacy: args.includes('--keep-legacy'), targetRule: targetRuleArg(args) });
      assert.equal(result.status, 'equal', `${sample.name}: ${result.status}\n${[result.error ?? '', ...result.differences.map((d) => JSON.stringify(d))].join('\n')}`);
      assert.ok(result.comparedPaths > 0, 'nothing was compared');
    });
  }

  it('the engine holds the same tags and containers as before the samples ran', () => {
    assert.deepEqual({ tags: engine(), containers: containers() }, found);
  });
});
