/**
 * Differential testing on the engine: 16 generated builder-pattern repositories (fixed seeds,
 * so CI replays the same ones), each run for real and migrated, the two images compared by
 * verify. Every case must come out equal or refused; a "Migrated" that builds a different image
 * or fails to build is the defect this net is for. `npm run fuzz:docker` runs any number more.
 * FUZZ_RUNS and FUZZ_SEED change the set; with SAMPLE set (proving chosen samples) it is skipped.
 */
import { strict as assert } from 'node:assert';
import { generateCase } from '../../scripts/fuzz-docker/generate';
import { ANSWERS, keepFailure, runCase } from '../../scripts/fuzz-docker/run-case';

// 16, not 30: CI took 2800 s of its 2700 with 30; breadth comes from `npm run fuzz:docker` runs (see README).
const RUNS = Number(process.env.FUZZ_RUNS ?? 16);
const FIRST_SEED = Number(process.env.FUZZ_SEED ?? 20260);

(process.env.SAMPLE && !process.env.FUZZ_RUNS ? describe.skip : describe)('generated pipelines on the engine (differential)', function () {
  this.timeout(10 * 60_000);
  for (let seed = FIRST_SEED; seed < FIRST_SEED + RUNS; seed++) {
    const c = generateCase(seed);
    it(`seed ${seed}: ${c.shape}`, async () => {
      const result = await runCase(c);
      if (ANSWERS.includes(result.verdict)) return;
      const dir = keepFailure(c, result);
      assert.fail(`seed ${seed}: ${result.verdict} (${result.seconds.toFixed(1)} s)\n${result.detail}\nrepository kept in ${dir}/repo; replay: npm run fuzz:docker -- --runs 1 --seed ${seed}`);
    });
  }
});
