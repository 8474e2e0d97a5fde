/**
 * A pool of worker threads that runs CPU-bound jobs and hands the results back in job order,
 * whatever order they finish in. Memory stays flat in the number of jobs: only a bounded window
 * of jobs is in flight or waiting to be emitted. A job that crashes or hangs its worker is
 * reported as an error for that job alone; the worker is replaced and the run goes on.
 *
 * Jobs travel in chunks (one message for several jobs, one for their results): a message
 * between threads costs about as much as a small repository's planning on a busy machine.
 * When a worker dies in the middle of a chunk, the jobs of that chunk are run again one by
 * one, so the one that kills its worker is found and failed alone.
 *
 * The time limit is per job, not per chunk: each worker writes the job it is running and when
 * it started into memory shared with this thread (no message), so a job past its limit is
 * failed alone, after its limit, whatever chunk it came in.
 *
 * Worker side: `serveJobs` (the worker loads what it needs once, then answers jobs).
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Worker, parentPort } from 'node:worker_threads';

/** What the pool gives back per job: the worker's result, or why there is none. */
export type JobOutcome<R> = { ok: true; result: R } | { ok: false; error: string };

export interface PoolOptions {
  /** Absolute path of the compiled worker script (see `workerScript`). */
  workerFile: string;
  /** Passed to every worker once (settings shared by all jobs). */
  workerData: unknown;
  /** Number of worker threads (at least 1; never more than the jobs). */
  concurrency: number;
  /** A job still running after this long is failed and its worker replaced; 0 for no limit. */
  timeoutMs: number;
  /**
   * Most jobs per message (default: from the number of jobs, up to 16). 1 where running a job
   * twice would matter (jobs that write): a chunk cut short by a crash is run again.
   */
  chunk?: number;
  /** Called each time a job finishes (in any order) with the number finished so far, for progress. */
  onProgress?: (done: number) => void;
}

type ToWorker = { type: 'jobs'; items: { index: number; job: unknown }[] } | { type: 'clock'; buffer: SharedArrayBuffer };
type Answer = { index: number; ok: true; result: unknown } | { index: number; ok: false; error: string };
type FromWorker = { type: 'ready' } | { type: 'results'; items: Answer[] } | { type: 'fatal'; error: string };

/** Chunks each worker holds at once: one running, one waiting, so it never idles between messages. */
const DEPTH = 2;
const MAX_CHUNK = 16;
/**
 * A job's garbage dies young; V8's default young generation (48 MB per thread) only makes the
 * resident set larger (measured on 10,000 repositories: peak RSS 270 → 215 MB, same CPU time).
 */
const YOUNG_GENERATION_MB = 4;

interface Chunk {
  indices: number[];
  /** Run again one by one after a crash: a failure now is this job's own. */
  alone: boolean;
}

/** Shared with a worker: [index + 1 of the job it runs (0: none), when it started (ms since the epoch)]. */
const CLOCK_SLOTS = 2;

interface Slot {
  worker: Worker;
  clock: BigInt64Array;
  queue: Chunk[];
  ready: boolean;
  /** When the chunk at the head of the queue started (ms), or null while idle or loading. */
  since: number | null;
  dead: boolean;
}

/** Runs `jobs` on worker threads; `emit` sees every job exactly once, in index order. */
export function runPool<J, R>(jobs: readonly J[], options: PoolOptions, emit: (index: number, outcome: JobOutcome<R>) => void): Promise<void> {
  const total = jobs.length;
  if (total === 0) return Promise.resolve();
  const size = Math.max(1, Math.min(options.concurrency, total));
  // Small runs get small chunks, so every worker has work; large ones amortise the messages.
  const chunkSize = Math.max(1, Math.min(options.chunk ?? MAX_CHUNK, Math.floor(total / (size * DEPTH * 4)) || 1));
  const window = size * DEPTH * chunkSize * 8;
  const buffered = new Map<number, JobOutcome<R>>();
  const retry: Chunk[] = [];
  let nextDispatch = 0;
  let nextEmit = 0;
  let settled = 0;
  const slots: Slot[] = [];

  return new Promise<void>((resolve, reject) => {
    let finished = false;
    const finish = (error?: Error): void => {
      if (finished) return;
      finished = true;
      clearInterval(timer);
      for (const s of slots) {
        s.dead = true;
        void s.worker.terminate();
      }
      if (error) reject(error);
      else resolve();
    };

    const settle = (index: number, outcome: JobOutcome<R>): void => {
      buffered.set(index, outcome);
      options.onProgress?.(++settled);
    };

    const drain = (): void => {
      while (buffered.has(nextEmit)) {
        const o = buffered.get(nextEmit) as JobOutcome<R>;
        buffered.delete(nextEmit);
        try {
          emit(nextEmit, o);
        } catch (e) {
          finish(e as Error);
          return;
        }
        nextEmit++;
      }
      if (nextEmit === total) finish();
      else dispatch();
    };

    const nextChunk = (): Chunk | null => {
      if (retry.length > 0) return retry.shift() as Chunk;
      if (nextDispatch >= total || nextDispatch >= nextEmit + window) return null;
      const indices: number[] = [];
      while (indices.length < chunkSize && nextDispatch < total) indices.push(nextDispatch++);
      return { indices, alone: false };
    };

    const dispatch = (): void => {
      for (const s of slots) {
        while (!s.dead && s.queue.length < DEPTH) {
          const chunk = nextChunk();
          if (!chunk) return;
          s.queue.push(chunk);
          if (s.ready && s.since === null) s.since = Date.now();
          s.worker.postMessage({ type: 'jobs', items: chunk.indices.map((index) => ({ index, job: jobs[index] })) } satisfies ToWorker);
        }
      }
    };

    /** `culprit`: the job known to have done it (it ran past its time); the rest of its chunk runs again. */
    const replace = (s: Slot, why: string, culprit?: number): void => {
      if (s.dead || finished) return;
      s.dead = true;
      void s.worker.terminate();
      const [head, ...rest] = s.queue;
      s.queue = [];
      retry.unshift(...rest);
      slots.splice(slots.indexOf(s), 1, spawn());
      if (head && culprit !== undefined) {
        const others = head.indices.filter((i) => i !== culprit);
        if (others.length > 0) retry.unshift({ indices: others, alone: head.alone });
        settle(culprit, { ok: false, error: why });
        drain();
        return;
      }
      if (head && head.alone) {
        settle(head.indices[0], { ok: false, error: why });
        drain();
        return;
      }
      // Which job of the chunk did it is not known: run each again on its own.
      if (head) retry.unshift(...head.indices.map((index) => ({ indices: [index], alone: true })));
      dispatch();
    };

    const spawn = (): Slot => {
      const worker = new Worker(options.workerFile, { workerData: options.workerData, resourceLimits: { maxYoungGenerationSizeMb: YOUNG_GENERATION_MB } });
      const buffer = new SharedArrayBuffer(CLOCK_SLOTS * BigInt64Array.BYTES_PER_ELEMENT);
      const s: Slot = { worker, clock: new BigInt64Array(buffer), queue: [], ready: false, since: null, dead: false };
      worker.postMessage({ type: 'clock', buffer } satisfies ToWorker);
      worker.on('message', (m: FromWorker) => {
        if (s.dead) return;
        if (m.type === 'ready') {
          s.ready = true;
          if (s.queue.length > 0) s.since = Date.now();
          return;
        }
        if (m.type === 'fatal') {
          // The worker cannot start at all (a missing grammar, say): every job would fail the same way.
          finish(new Error(`a worker could not start: ${m.error}`));
          return;
        }
        s.queue.shift();
        s.since = s.queue.length > 0 ? Date.now() : null;
        for (const a of m.items) settle(a.index, a.ok ? { ok: true, result: a.result as R } : { ok: false, error: a.error });
        drain();
      });
      // Before it is ready a worker is still loading what every job needs: that failing fails them all.
      worker.on('error', (e) => (s.ready ? replace(s, `the worker stopped: ${e.message}`) : finish(new Error(`a worker could not start: ${e.message}`))));
      worker.on('exit', (code) => {
        if (s.dead || finished) return;
        if (s.ready) replace(s, `the worker exited with code ${code}`);
        else finish(new Error(`a worker could not start: it exited with code ${code}`));
      });
      return s;
    };

    const timer = setInterval(() => {
      if (options.timeoutMs <= 0) return;
      const now = Date.now();
      const why = `timed out after ${Math.round(options.timeoutMs / 1000)} s`;
      for (const s of [...slots]) {
        const head = s.queue[0];
        if (!head || s.since === null) continue;
        const running = Number(Atomics.load(s.clock, 0)) - 1;
        const started = Number(Atomics.load(s.clock, 1));
        if (running >= 0 && head.indices.includes(running)) {
          if (now - started > options.timeoutMs) replace(s, why, running);
        } else if (now - s.since > options.timeoutMs * head.indices.length) {
          // The chunk has not told which job it runs (a worker that never starts it): as a whole.
          replace(s, why);
        }
      }
    }, Math.min(1000, Math.max(50, options.timeoutMs / 4)));
    timer.unref();

    for (let i = 0; i < size; i++) slots.push(spawn());
    dispatch();
  });
}

/**
 * Worker side: `init` loads what every job needs (once per thread) and returns the job handler.
 * A handler that throws fails that job only.
 */
export function serveJobs<J, R>(init: () => Promise<(job: J) => R | Promise<R>>): void {
  const port = parentPort;
  if (!port) throw new Error('serveJobs must run in a worker thread');
  init().then(
    (handle) => {
      let clock: BigInt64Array | null = null;
      // A handler may be asynchronous (a write waits for its repository's lock): chunks are still answered one at a time, in order.
      let previous: Promise<void> = Promise.resolve();
      const answer = async (items: { index: number; job: unknown }[]): Promise<void> => {
        const answers: Answer[] = [];
        for (const { index, job } of items) {
          if (clock) {
            Atomics.store(clock, 1, BigInt(Date.now()));
            Atomics.store(clock, 0, BigInt(index + 1));
          }
          try {
            answers.push({ index, ok: true, result: await handle(job as J) });
          } catch (e) {
            answers.push({ index, ok: false, error: e instanceof Error ? e.message : String(e) });
          } finally {
            if (clock) Atomics.store(clock, 0, 0n);
          }
        }
        port.postMessage({ type: 'results', items: answers } satisfies FromWorker);
      };
      port.on('message', (m: ToWorker) => {
        if (m.type === 'clock') clock = new BigInt64Array(m.buffer);
        if (m.type === 'jobs') previous = previous.then(() => answer(m.items));
      });
      port.postMessage({ type: 'ready' } satisfies FromWorker);
    },
    (e: unknown) => port.postMessage({ type: 'fatal', error: e instanceof Error ? e.message : String(e) } satisfies FromWorker),
  );
}

/**
 * The compiled script of a worker next to this module (`dist/src/batch/NAME.js`). Under ts-node
 * (tests that import src/) the compiled copy in dist/ is used: `npm test` builds it first.
 */
export function workerScript(name: string): string {
  const beside = join(__dirname, `${name}.js`);
  if (existsSync(beside)) return beside;
  return join(__dirname, '..', '..', 'dist', 'src', 'batch', `${name}.js`);
}
