/**
 * Running one CLI command for the fuzzer: in a process of its own (`cli`, exactly what a
 * user runs), or in a pool of worker threads that each keep the compiled CLI loaded
 * (`inproc`, the same `main`, many times faster). Both stop a run at its time limit.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { Worker } from 'node:worker_threads';

export interface RunResult {
  /** Null when the run was stopped at its time limit (or died). */
  code: number | null;
  stdout: string;
  stderr: string;
  timedOut: boolean;
  ms: number;
}

export interface Executor {
  run(args: string[], timeoutMs: number): Promise<RunResult>;
  close(): Promise<void>;
}

/** The project folder, from the compiled tests (dist/test/fuzz) or from ts-node (test/fuzz). */
export function projectRoot(): string {
  let dir = __dirname;
  while (!existsSync(join(dir, 'package.json')) || existsSync(join(dir, 'tsconfig.json')) === false) dir = dirname(dir);
  return dir;
}

/** The compiled CLI: the fuzzer always runs what users run (FUZZ_CLI: another build's main.js, to compare). */
const CLI = process.env.FUZZ_CLI ?? join(projectRoot(), 'dist', 'src', 'cli', 'main.js');
/** The environment a run gets: no colours, no DRY_RUN from a surrounding multi-gitter. */
function runEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1' };
  delete env.DRY_RUN;
  delete env.MULTISTAGE_MIGRATE_DEBUG;
  return env;
}

export function cliExecutor(): Executor {
  return {
    run: (args, timeoutMs) =>
      new Promise((resolve) => {
        const started = Date.now();
        const child = spawn(process.execPath, [CLI, ...args], { env: runEnv(), detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
        let stdout = '';
        let stderr = '';
        let timedOut = false;
        child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
        child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
        const timer = setTimeout(() => {
          timedOut = true;
          try {
            process.kill(-(child.pid as number), 'SIGKILL');
          } catch {
            child.kill('SIGKILL');
          }
        }, timeoutMs);
        child.on('close', (code) => {
          clearTimeout(timer);
          resolve({ code: timedOut ? null : code, stdout, stderr, timedOut, ms: Date.now() - started });
        });
      }),
    close: async () => undefined,
  };
}

/** One worker thread, replaced when a run overstays its time limit. */
class Slot {
  private worker: Worker | null = null;
  private nextId = 0;

  private ensure(): Worker {
    if (!this.worker) {
      this.worker = new Worker(join(projectRoot(), 'dist', 'test', 'fuzz', 'inproc-worker.js'), { env: runEnv(), stdout: true, stderr: true, workerData: { cli: CLI } });
      this.worker.unref();
    }
    return this.worker;
  }

  run(args: string[], timeoutMs: number): Promise<RunResult> {
    const worker = this.ensure();
    const id = this.nextId++;
    const started = Date.now();
    return new Promise((resolve) => {
      const done = (r: RunResult) => {
        clearTimeout(timer);
        worker.off('message', onMessage);
        worker.off('error', onError);
        resolve(r);
      };
      const onMessage = (m: { id: number; code: number | null; stdout: string; stderr: string }) => {
        if (m.id === id) done({ code: m.code, stdout: m.stdout, stderr: m.stderr, timedOut: false, ms: Date.now() - started });
      };
      const onError = (e: Error) => {
        this.worker = null;
        done({ code: null, stdout: '', stderr: `worker died: ${e.stack ?? e.message}`, timedOut: false, ms: Date.now() - started });
      };
      const timer = setTimeout(() => {
        void worker.terminate();
        this.worker = null;
        done({ code: null, stdout: '', stderr: '', timedOut: true, ms: Date.now() - started });
      }, timeoutMs);
      worker.on('message', onMessage);
      worker.on('error', onError);
      worker.postMessage({ id, args });
    });
  }

  async close(): Promise<void> {
    await this.worker?.terminate();
    this.worker = null;
  }
}

/** `jobs` worker threads; each run takes a free one. */
export function inprocExecutor(jobs: number): Executor {
  const free: Slot[] = Array.from({ length: jobs }, () => new Slot());
  const waiting: ((s: Slot) => void)[] = [];
  const take = (): Promise<Slot> => new Promise((resolve) => (free.length > 0 ? resolve(free.pop() as Slot) : waiting.push(resolve)));
  const give = (s: Slot) => {
    const next = waiting.shift();
    if (next) next(s);
    else free.push(s);
  };
  const all = [...free];
  return {
    run: async (args, timeoutMs) => {
      const slot = await take();
      try {
        return await slot.run(args, timeoutMs);
      } finally {
        give(slot);
      }
    },
    close: async () => {
      await Promise.all(all.map((s) => s.close()));
    },
  };
}
