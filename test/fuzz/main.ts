/**
 * `npm run fuzz -- --runs N --seed S [--case I] [--jobs J] [--exec inproc|cli] [--timeout SEC] [--out DIR]`:
 * the mutation fuzzer over samples/*\/input (see fuzz.ts and oracle.ts). Prints a line per
 * failure with its seed and reproducer, the counts, and exits 1 when anything failed.
 */
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { Executor, cliExecutor, inprocExecutor } from './executor';
import { fuzz } from './fuzz';

function option(args: string[], name: string): string | undefined {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : undefined;
}

async function run(): Promise<number> {
  const args = process.argv.slice(2);
  const runs = Number(option(args, 'runs') ?? 300);
  const seed = Number(option(args, 'seed') ?? Math.floor(Math.random() * 2 ** 31));
  const only = option(args, 'case');
  const jobs = Number(option(args, 'jobs') ?? Math.max(1, cpus().length));
  const kind = option(args, 'exec') ?? 'inproc';
  const timeoutMs = Number(option(args, 'timeout') ?? 30) * 1000;
  const outDir = option(args, 'out') ?? join(tmpdir(), 'multistage-migrate-fuzz');
  const exec: Executor = kind === 'cli' ? cliExecutor() : inprocExecutor(jobs);
  process.stderr.write(`fuzzing: ${only !== undefined ? `case ${only}` : `${runs} cases`}, seed ${seed}, ${jobs} at a time (${kind})\n`);
  let last = 0;
  const report = await fuzz(exec, {
    runs,
    seed,
    ...(only !== undefined ? { only: Number(only) } : {}),
    timeoutMs,
    outDir,
    parallel: jobs,
    progress: (done, total, failures) => {
      if (Date.now() - last > 5000 || done === total) {
        last = Date.now();
        process.stderr.write(`  ${done}/${total}, ${failures} failing\n`);
      }
    },
  });
  await exec.close();
  const kinds = new Map<string, number>();
  for (const f of report.failures) {
    kinds.set(f.failure.kind, (kinds.get(f.failure.kind) ?? 0) + 1);
    process.stdout.write(`FAIL case ${f.index} (${f.sample}, --seed ${report.seed} --case ${f.index}): ${f.failure.kind} in ${f.failure.mode}\n  ${f.failure.detail.split('\n').slice(0, 4).join('\n  ')}\n  reproducer: ${f.reproducer ?? '(none)'}\n`);
  }
  process.stdout.write(`${report.runs} cases, seed ${report.seed}, ${(report.ms / 1000).toFixed(1)} s: ${report.failures.length} failing${kinds.size > 0 ? ` (${[...kinds].map(([k, n]) => `${k}: ${n}`).join(', ')})` : ''}\n`);
  process.stdout.write(`--yes outcomes: ${Object.entries(report.outcomes).sort().map(([k, n]) => `${k.replace('yes:', 'exit ')} ${n}`).join(', ')}\n`);
  return report.failures.length > 0 ? 1 : 0;
}

run().then(
  (code) => process.exit(code),
  (e: Error) => {
    process.stderr.write(`fuzz: ${e.stack ?? e.message}\n`);
    process.exit(2);
  },
);
