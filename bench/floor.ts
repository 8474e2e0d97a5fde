/**
 * `node dist/bench/floor.js ROOT --concurrency N`: the floor run — the same repository
 * discovery and worker pool as `batch`, with a job that only reads and parses (floor-worker).
 * Prints one JSON line of totals.
 */
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { discoverRepositories } from '../src/batch/discover-repos';
import { runPool } from '../src/batch/pool';
import type { RepoJob } from '../src/batch/types';
import type { FloorResult } from './floor-worker';

// The same V8 flags as the CLI (src/cli/main.ts), so both run tree-sitter's WebAssembly alike.
setFlagsFromString('--liftoff-only');

async function main(argv: string[]): Promise<void> {
  const roots = argv.filter((a, i) => !a.startsWith('--') && argv[i - 1] !== '--concurrency');
  const c = argv.indexOf('--concurrency');
  const concurrency = c >= 0 ? Number(argv[c + 1]) : 2;
  const started = process.hrtime.bigint();
  const { repos } = discoverRepositories(roots);
  const total: FloorResult & { repositories: number; failed: number } = { repositories: repos.length, failed: 0, dockerfiles: 0, scripts: 0, makefiles: 0, bytes: 0 };
  await runPool<RepoJob, FloorResult>(repos, { workerFile: join(__dirname, 'floor-worker.js'), workerData: null, concurrency, timeoutMs: 0 }, (_i, o) => {
    if (!o.ok) {
      total.failed++;
      return;
    }
    total.dockerfiles += o.result.dockerfiles;
    total.scripts += o.result.scripts;
    total.makefiles += o.result.makefiles;
    total.bytes += o.result.bytes;
  });
  process.stdout.write(`${JSON.stringify({ ...total, seconds: Number(process.hrtime.bigint() - started) / 1e9 })}\n`);
}

main(process.argv.slice(2)).then(
  () => process.exit(0),
  (e: Error) => {
    process.stderr.write(`${e.stack}\n`);
    process.exit(2);
  },
);
