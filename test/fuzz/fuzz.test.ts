/**
 * The mutation fuzzer in every `npm test`: FUZZ_RUNS (300) seeded cases (FUZZ_SEED), each
 * mutated sample run through the compiled CLI's `--dry-run`, `explain` and `--yes` in worker
 * threads, must keep every Safety promise (see oracle.ts). A failure names the seed and case
 * and leaves a shrunk reproducer in $TMPDIR/multistage-migrate-fuzz. `npm run fuzz -- --runs N`
 * runs any number.
 */
import { strict as assert } from 'node:assert';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { cliExecutor, inprocExecutor } from './executor';
import { fuzz, makeCase } from './fuzz';
import { checkCase } from './oracle';

const RUNS = Number(process.env.FUZZ_RUNS ?? 300);
const SEED = Number(process.env.FUZZ_SEED ?? 90210);

describe('fuzz: mutated samples keep every Safety promise', function () {
  this.timeout(20 * 60 * 1000);

  it(`${RUNS} seeded cases (seed ${SEED})`, async () => {
    const exec = inprocExecutor(Math.max(1, cpus().length));
    try {
      const report = await fuzz(exec, { runs: RUNS, seed: SEED, timeoutMs: 60000, outDir: join(tmpdir(), 'multistage-migrate-fuzz'), parallel: Math.max(1, cpus().length) });
      const lines = report.failures.map((f) => `case ${f.index} (${f.sample}): ${f.failure.kind} in --${f.failure.mode}\n    ${f.failure.detail.split('\n')[0]}\n    replay: npm run fuzz -- --seed ${SEED} --case ${f.index}; reproducer: ${f.reproducer}`);
      assert.equal(report.failures.length, 0, `\n${lines.join('\n')}`);
    } finally {
      await exec.close();
    }
  });

  it('worker threads answer as the command line does (a few cases both ways)', async () => {
    const inproc = inprocExecutor(1);
    const cli = cliExecutor();
    try {
      for (const index of [0, 1, 2, 3, 4]) {
        const { image } = makeCase(SEED, index);
        const a = await checkCase(image, inproc, 60000);
        const b = await checkCase(image, cli, 60000);
        assert.deepEqual(a.codes, b.codes, `case ${index}`);
        assert.deepEqual(a.failures, b.failures, `case ${index}`);
      }
    } finally {
      await inproc.close();
    }
  });
});
