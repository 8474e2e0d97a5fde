/** The worker pool: results in job order whatever finishes first; one bad job fails alone. */
import { strict as assert } from 'node:assert';
import { join } from 'node:path';
import { JobOutcome, runPool } from '../../src/batch/pool';

const ECHO = join(__dirname, 'fixtures', 'echo-worker.js');

interface Job {
  n: number;
  kind?: 'throw' | 'exit' | 'hang';
  ms?: number;
}

async function run(jobs: Job[], concurrency: number, timeoutMs = 0): Promise<{ order: number[]; outcomes: JobOutcome<{ n: number; thread: number }>[]; progress: number[] }> {
  const order: number[] = [];
  const outcomes: JobOutcome<{ n: number; thread: number }>[] = [];
  const progress: number[] = [];
  await runPool<Job, { n: number; thread: number }>(jobs, { workerFile: ECHO, workerData: null, concurrency, timeoutMs, onProgress: (d) => progress.push(d) }, (i, o) => {
    order.push(i);
    outcomes.push(o);
  });
  return { order, outcomes, progress };
}

describe('batch/pool', function () {
  this.timeout(30000);

  it('emits every job once, in job order, whatever order they finish in', async () => {
    // Early jobs are slow, later ones fast: with 3 workers they finish out of order.
    const jobs: Job[] = Array.from({ length: 40 }, (_, n) => ({ n, ms: n % 7 === 0 ? 30 : 1 }));
    const { order, outcomes, progress } = await run(jobs, 3);
    assert.deepEqual(order, jobs.map((j) => j.n));
    assert.deepEqual(outcomes.map((o) => (o.ok ? o.result.n : -1)), jobs.map((j) => j.n));
    assert.ok(new Set(outcomes.map((o) => (o.ok ? o.result.thread : 0))).size > 1, 'the work was spread over several threads');
    assert.deepEqual(progress, jobs.map((_, i) => i + 1));
  });

  it('a job that throws fails alone', async () => {
    const { outcomes } = await run([{ n: 0 }, { n: 1, kind: 'throw' }, { n: 2 }], 2);
    assert.deepEqual(outcomes.map((o) => o.ok), [true, false, true]);
    assert.deepEqual(outcomes[1], { ok: false, error: 'boom 1' });
  });

  it('a job that kills its worker fails alone; the others (also those queued behind it) still run', async () => {
    const jobs: Job[] = Array.from({ length: 12 }, (_, n) => ({ n, kind: n === 4 ? 'exit' : undefined, ms: 2 }));
    const { outcomes } = await run(jobs, 2);
    assert.equal(outcomes.length, 12);
    outcomes.forEach((o, i) => assert.equal(o.ok, i !== 4, `job ${i}`));
    assert.match((outcomes[4] as { error: string }).error, /exited with code 3/);
  });

  it('many jobs travel in chunks; one that kills its worker mid-chunk still fails alone, the rest of its chunk is run again', async () => {
    const jobs: Job[] = Array.from({ length: 300 }, (_, n) => ({ n, kind: n === 57 ? 'exit' : n === 201 ? 'throw' : undefined }));
    const { order, outcomes } = await run(jobs, 2);
    assert.deepEqual(order, jobs.map((j) => j.n));
    outcomes.forEach((o, i) => assert.equal(o.ok, i !== 57 && i !== 201, `job ${i}`));
    assert.match((outcomes[57] as { error: string }).error, /exited with code 3/);
  });

  it('a job that hangs in a chunk is failed after the timeout; the others are done', async () => {
    const jobs: Job[] = Array.from({ length: 100 }, (_, n) => ({ n, kind: n === 30 ? 'hang' : undefined }));
    const { outcomes } = await run(jobs, 2, 300);
    outcomes.forEach((o, i) => assert.equal(o.ok, i !== 30, `job ${i}`));
    assert.match((outcomes[30] as { error: string }).error, /timed out/);
  });

  it('the time limit is per job, not per chunk: a hung job in a chunk of 16 fails after its own limit', async () => {
    // 400 jobs on one worker travel 16 to a message; a per-chunk limit would allow 16 × 500 ms.
    const jobs: Job[] = Array.from({ length: 400 }, (_, n) => ({ n, kind: n === 3 ? 'hang' : undefined }));
    const started = Date.now();
    const { outcomes } = await run(jobs, 1, 500);
    const failedAt = Date.now() - started;
    outcomes.forEach((o, i) => assert.equal(o.ok, i !== 3, `job ${i}`));
    assert.match((outcomes[3] as { error: string }).error, /timed out after/);
    assert.ok(failedAt < 4000, `the run took ${failedAt} ms`);
  });

  it('a job that hangs is failed after the timeout and its worker replaced', async () => {
    const { outcomes } = await run([{ n: 0 }, { n: 1, kind: 'hang' }, { n: 2 }, { n: 3 }], 1, 400);
    assert.deepEqual(outcomes.map((o) => o.ok), [true, false, true, true]);
    assert.match((outcomes[1] as { error: string }).error, /timed out/);
  });

  it('no jobs: nothing to do, no worker started', async () => {
    const { order } = await run([], 4);
    assert.deepEqual(order, []);
  });

  it('a worker that cannot start fails the run with a clear error', async () => {
    await assert.rejects(
      runPool([{ n: 1 }], { workerFile: join(__dirname, 'fixtures', 'missing-worker.js'), workerData: null, concurrency: 1, timeoutMs: 0 }, () => undefined),
      /worker|Cannot find module/,
    );
  });
});
