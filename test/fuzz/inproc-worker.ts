/**
 * A worker thread that runs the compiled CLI's `main` for the fuzzer, one command at a time,
 * capturing what it writes: the same code path as `node dist/src/cli/main.js`, without
 * starting a process (and loading the parsers) for every run.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { join } from 'node:path';

interface Job {
  id: number;
  args: string[];
}

// This file runs compiled, from dist/test/fuzz; the executor may name another build.
const cli = (workerData as { cli?: string } | null)?.cli ?? join(__dirname, '..', '..', 'src', 'cli', 'main.js');
const { main } = require(cli) as { main: (argv: string[]) => Promise<number> };

let out = '';
let err = '';
process.stdout.write = ((chunk: string | Uint8Array) => {
  out += typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
  return true;
}) as typeof process.stdout.write;
process.stderr.write = ((chunk: string | Uint8Array) => {
  err += typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
  return true;
}) as typeof process.stderr.write;

parentPort?.on('message', (job: Job) => {
  out = '';
  err = '';
  main(['node', cli, ...job.args]).then(
    (code) => parentPort?.postMessage({ id: job.id, code, stdout: out, stderr: err }),
    (e: Error) => parentPort?.postMessage({ id: job.id, code: null, stdout: out, stderr: `${err}\nuncaught: ${e.stack ?? e.message}` }),
  );
});
