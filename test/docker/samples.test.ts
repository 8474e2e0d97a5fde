/**
 * Every sample that migrates must build to the same image as its legacy pipeline, proven by
 * `verify` on the engine: both glues run, both runtime images are compared entry by entry.
 */
import { strict as assert } from 'node:assert';
import { join } from 'node:path';
import { describeDifference } from '../../src/verify/image-compare';
import { verifyRepository } from '../../src/verify/verify';
import { listSamples } from '../helpers/samples';

describe('samples on the engine', function () {
  this.timeout(30 * 60_000);
  const only = process.env.SAMPLE;
  for (const sample of listSamples().filter((s) => s.spec.expect === 'migrate' && (!only || s.name === only))) {
    it(`${sample.name}: the migrated build yields the legacy image`, async () => {
      const args = sample.spec.args ?? [];
      const result = await verifyRepository(join(sample.dir, 'input'), { buildkit: args.includes('--buildkit'), keepLegacy: args.includes('--keep-legacy') }, (m) => {
        if (process.env.VERBOSE) process.stderr.write(`    ${m}\n`);
      });
      const details = [result.error ?? '', ...result.differences.map(describeDifference), ...result.warnings].filter(Boolean).join('\n');
      assert.equal(result.status, 'equal', `${sample.name}: ${result.status}\n${details}`);
      assert.ok(result.comparedPaths > 0, 'nothing was compared');
    });
  }
});
