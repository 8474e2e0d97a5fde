/**
 * `npm run bench [-- --repos 1000,10000] [--concurrency N] [--runs K] [--git] [--keep]`
 *
 * For each size: generates that many synthetic repositories (bench/generate.ts), measures the
 * floor (bench/floor.ts: the same discovery and worker pool, only reading the files and parsing
 * them) and `multistage-migrate batch --dry-run` with a JSON report and a patch, each as its own
 * process, then checks every setup got the status its shape must get and that `git apply
 * --check` accepts the patch. Prints repositories per second, peak RSS (workers included),
 * the ratio to the floor, and the start-up time of `--version` and of a single `--dry-run`.
 * Numbers only: the benchmark never fails on time.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { availableParallelism, cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { GeneratedSetup, generateRepositories, loadShapes } from './generate';

const ROOT = join(__dirname, '..', '..');
const CLI = join(ROOT, 'dist', 'src', 'cli', 'main.js');
const FLOOR = join(__dirname, 'floor.js');
const PROBE = join(__dirname, 'rss-probe.js');
const mib = (b: number) => `${(b / 1024 / 1024).toFixed(0)} MiB`;

interface Args {
  sizes: number[];
  concurrency: number;
  runs: number;
  git: boolean;
  keep: boolean;
}

function parseArgs(argv: string[]): Args {
  const value = (name: string): string | null => {
    const i = argv.indexOf(name);
    return i >= 0 ? argv[i + 1] : null;
  };
  return {
    sizes: (value('--repos') ?? '1000').split(',').map((s) => Number(s.replace(/_/g, ''))),
    concurrency: Number(value('--concurrency') ?? availableParallelism()),
    runs: Number(value('--runs') ?? '1'),
    git: argv.includes('--git'),
    keep: argv.includes('--keep'),
  };
}

interface Measured {
  seconds: number;
  /** CPU seconds of all the process's threads (less sensitive than wall time to a busy machine). */
  cpu: number;
  rss: number;
  stdout: string;
  status: number | null;
  /** RSS every 100 ms while it ran. */
  samples: number[];
}

/**
 * Runs `node -r rss-probe script args` and measures its wall time, CPU time and peak RSS, and
 * samples its RSS as it runs (Linux /proc) to show whether memory grows with the work done.
 */
function measure(script: string, args: string[], cwd: string): Promise<Measured> {
  const rssFile = join(cwd, `rss-${process.hrtime.bigint()}.txt`);
  const t0 = process.hrtime.bigint();
  const child = spawn(process.execPath, ['-r', PROBE, script, ...args], { cwd, env: { ...process.env, MM_BENCH_RSS_FILE: rssFile, NO_COLOR: '1' }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const samples: number[] = [];
  const timer = setInterval(() => {
    try {
      const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'));
      if (m) samples.push(Number(m[1]) * 1024);
    } catch {
      // not on Linux, or already gone
    }
  }, 100);
  return new Promise((resolve, reject) => {
    child.on('close', (status) => {
      clearInterval(timer);
      const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
      if (status !== 0 && status !== 2) return reject(new Error(`${script} ${args.join(' ')} exited ${status}: ${stderr}`));
      let probe = { rss: 0, cpu: 0 };
      try {
        probe = JSON.parse(readFileSync(rssFile, 'utf8')) as { rss: number; cpu: number };
        rmSync(rssFile);
      } catch {
        // no probe output: leave 0
      }
      resolve({ seconds, ...probe, stdout, status, samples });
    });
  });
}

/** RSS at a quarter, half, three quarters and the end of a run (the samples are evenly spaced in time). */
function rssCurve(samples: number[]): string {
  if (samples.length < 4) return 'too short to sample';
  return [0.25, 0.5, 0.75, 1].map((f) => mib(samples[Math.min(samples.length - 1, Math.round(f * samples.length) - 1)])).join(' → ');
}

/** Median wall time of `runs` invocations, in milliseconds. */
function startup(args: string[], runs = 11): number {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = process.hrtime.bigint();
    spawnSync(process.execPath, args, { stdio: 'ignore', env: { ...process.env, NO_COLOR: '1' } });
    times.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  return times.sort((a, b) => a - b)[Math.floor(times.length / 2)];
}

interface SizeResult {
  repositories: number;
  setups: number;
  generateSeconds: number;
  batchSeconds: number;
  floorSeconds: number;
  batchCpu: number;
  floorCpu: number;
  batchRss: number;
  floorRss: number;
  /** The batch's RSS at 25/50/75/100% of its run. */
  batchCurve: string;
  mismatches: string[];
  patchApplies: boolean;
  patchBytes: number;
  counts: Record<string, number>;
}

function verify(reportPath: string, expected: GeneratedSetup[]): { mismatches: string[]; counts: Record<string, number> } {
  const report = JSON.parse(readFileSync(reportPath, 'utf8')) as { setups: { repository: string; directory: string; status: string; error: string | null }[]; summary: { counts: Record<string, number> } };
  const got = new Map(report.setups.map((s) => [`${s.repository.replace(/^repos\//, '')}|${s.directory}`, s]));
  const mismatches: string[] = [];
  for (const e of expected) {
    const s = got.get(`${e.repository}|${e.directory}`);
    got.delete(`${e.repository}|${e.directory}`);
    const ok = s && (e.expect === 'nothing-to-do' ? s.status === 'already-multi-stage' || s.status === 'no-builder-pattern' : s.status === e.expect);
    if (!ok) mismatches.push(`${e.repository}/${e.directory} (${e.shape}): expected ${e.expect}, got ${s ? `${s.status}${s.error ? ` (${s.error})` : ''}` : 'nothing'}`);
  }
  for (const [k, s] of got) mismatches.push(`${k}: unexpected setup with status ${s.status}`);
  return { mismatches, counts: report.summary.counts };
}

async function runSize(n: number, args: Args): Promise<SizeResult> {
  const work = mkdtempSync(join(tmpdir(), `mm-bench-${n}-`));
  const repos = join(work, 'repos');
  try {
    const g0 = process.hrtime.bigint();
    const expected = generateRepositories(repos, n, loadShapes(join(ROOT, 'samples')), { git: args.git });
    const generateSeconds = Number(process.hrtime.bigint() - g0) / 1e9;
    const c = String(args.concurrency);
    let floor: Measured | null = null;
    let batch: Measured | null = null;
    for (let run = 0; run < args.runs; run++) {
      // Alternate, keep the best of each: both see the same warm page cache.
      const f = await measure(FLOOR, [repos, '--concurrency', c], work);
      const b = await measure(CLI, ['batch', repos, '--dry-run', '--concurrency', c, '--report', join(work, 'report.json'), '--patch', join(work, 'all.patch'), '--quiet', '--no-progress'], work);
      if (!floor || f.seconds < floor.seconds) floor = f;
      if (!batch || b.seconds < batch.seconds) batch = b;
    }
    if (!floor || !batch) throw new Error('no run');
    const { mismatches, counts } = verify(join(work, 'report.json'), expected);
    const apply = spawnSync('git', ['apply', '--check', join(work, 'all.patch')], { cwd: work, encoding: 'utf8' });
    return {
      repositories: n,
      setups: expected.length,
      generateSeconds,
      batchSeconds: batch.seconds,
      floorSeconds: floor.seconds,
      batchCpu: batch.cpu,
      floorCpu: floor.cpu,
      batchRss: batch.rss,
      floorRss: floor.rss,
      batchCurve: rssCurve(batch.samples),
      mismatches,
      patchApplies: apply.status === 0,
      patchBytes: statSync(join(work, 'all.patch')).size,
      counts,
    };
  } finally {
    if (args.keep) process.stderr.write(`kept ${work}\n`);
    else rmSync(work, { recursive: true, force: true });
  }
}


async function main(): Promise<number> {
  const args = parseArgs(process.argv.slice(2));
  const out = (s: string) => process.stdout.write(`${s}\n`);
  out(`multistage-migrate benchmark: ${args.concurrency} workers, ${cpus().length} CPUs (${cpus()[0]?.model ?? '?'}), node ${process.version}${args.git ? ', git repositories' : ''}`);
  const results: SizeResult[] = [];
  for (const n of args.sizes) {
    process.stderr.write(`generating ${n} repositories and running floor and batch…\n`);
    const r = await runSize(n, args);
    results.push(r);
    out('');
    out(`${r.repositories} repositories, ${r.setups} setups (generated in ${r.generateSeconds.toFixed(1)} s)`);
    out(`  batch --dry-run   ${r.batchSeconds.toFixed(2)} s   ${(r.repositories / r.batchSeconds).toFixed(0)} repositories/s   peak RSS ${mib(r.batchRss)}   (with a JSON report and a ${mib(r.patchBytes)} patch)`);
    out(`  batch RSS         ${r.batchCurve}   (at 25/50/75/100% of the run)`);
    out(`  floor             ${r.floorSeconds.toFixed(2)} s   ${(r.repositories / r.floorSeconds).toFixed(0)} repositories/s   peak RSS ${mib(r.floorRss)}   (read + parse Dockerfiles and scripts only)`);
    out(`  ratio to floor    ${(r.batchSeconds / r.floorSeconds).toFixed(2)}× wall time (target ≤ 2×), ${(r.batchCpu / r.floorCpu).toFixed(2)}× CPU time (${r.batchCpu.toFixed(1)} s / ${r.floorCpu.toFixed(1)} s, all threads)`);
    out(`  statuses          ${Object.entries(r.counts).filter(([, v]) => v > 0).map(([k, v]) => `${k} ${v}`).join(', ')}`);
    out(`  check             ${r.mismatches.length === 0 ? 'every setup has the status its shape must get' : `${r.mismatches.length} setups with the wrong status`}; git apply --check ${r.patchApplies ? 'accepts' : 'REJECTS'} the patch`);
    for (const m of r.mismatches.slice(0, 10)) out(`    ${m}`);
    if (r.repositories >= 10000) out(`  10,000 in        ${((r.batchSeconds * 10000) / r.repositories).toFixed(1)} s   (target < 30 s)`);
  }
  if (results.length > 1) {
    const [small, large] = [results[0], results[results.length - 1]];
    out('');
    out(`memory: ${large.repositories / small.repositories}× the repositories, ${(large.batchRss / small.batchRss).toFixed(2)}× the peak RSS (${mib(small.batchRss)} → ${mib(large.batchRss)})`);
  }
  out('');
  out(`start-up (median of 11): node -e 0 ${startup(['-e', '0']).toFixed(0)} ms, --version ${startup([CLI, '--version']).toFixed(0)} ms, --dry-run samples/go-create-cp ${startup([CLI, '--dry-run', join(ROOT, 'samples', 'go-create-cp', 'input')]).toFixed(0)} ms`);
  return results.some((r) => r.mismatches.length > 0 || !r.patchApplies) ? 1 : 0;
}

main().then(
  (code) => (process.exitCode = code),
  (e: Error) => {
    process.stderr.write(`${e.stack}\n`);
    process.exitCode = 2;
  },
);
