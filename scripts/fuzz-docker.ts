/**
 * `npm run fuzz:docker -- --runs N [--seed S] [--force JSON] [--no-shrink] [--jsonl FILE]`
 *
 * Differential testing on the engine: N generated legacy builder-pattern repositories (seeds
 * S, S+1, …; S defaults to a fresh one, printed), each run for real and migrated, the two
 * images compared by `verify`. Prints one line per case (seed, verdict, seconds, shape) and the
 * totals. A case that is not equal or refused is shrunk (each choice forced to its simplest
 * while it still fails) and written to a temporary folder with the command that replays it.
 * Exit code 1 when any case failed.
 */
import { appendFileSync } from 'node:fs';
import { generateCase } from './fuzz-docker/generate';
import type { Forced } from './fuzz-docker/picker';
import { ANSWERS, keepFailure, runCase, shrinkCase, type CaseResult, type Verdict } from './fuzz-docker/run-case';

interface Args {
  runs: number;
  seed: number;
  forced: Forced;
  shrink: boolean;
  jsonl: string | null;
}

function parseArgs(argv: string[]): Args {
  const args: Args = { runs: 10, seed: Math.floor(Math.random() * 1e9), forced: {}, shrink: true, jsonl: null };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = () => argv[++i] ?? usage(2, `${a} needs a value`);
    if (a === '--runs') args.runs = Number(value());
    else if (a === '--seed') args.seed = Number(value());
    else if (a === '--force') args.forced = JSON.parse(value()) as Forced;
    else if (a === '--no-shrink') args.shrink = false;
    else if (a === '--jsonl') args.jsonl = value();
    else if (a === '-h' || a === '--help') usage(0);
    else usage(2, `unknown argument ${a}`);
  }
  if (!Number.isInteger(args.runs) || args.runs < 1) usage(2, '--runs must be a positive integer');
  if (!Number.isInteger(args.seed) || args.seed < 0) usage(2, '--seed must be a non-negative integer');
  return args;
}

function usage(code: number, why?: string): never {
  if (why) process.stderr.write(`fuzz:docker: ${why}\n`);
  process.stderr.write('usage: npm run fuzz:docker -- --runs N [--seed S] [--force JSON] [--no-shrink] [--jsonl FILE]\n');
  process.exit(code);
}

function line(r: CaseResult): string {
  const what = r.verdict === 'refused' ? `refused(${[...new Set(r.codes.map((c) => c.split(' ').pop()))].join(',')})` : ANSWERS.includes(r.verdict) ? r.verdict : r.verdict.toUpperCase();
  return `seed ${r.seed}  ${what.padEnd(12)} ${r.seconds.toFixed(1).padStart(5)}s  ${r.shape}`;
}

/** The first line and the last ones: a failed run's reason, then the end of its output. */
function excerpt(detail: string): string[] {
  const lines = detail.split('\n');
  return lines.length <= 16 ? lines : [lines[0], '…', ...lines.slice(-14)];
}

async function main(): Promise<number> {
  const args = parseArgs(process.argv.slice(2));
  const say = (s: string) => process.stdout.write(`${s}\n`);
  say(`fuzz:docker: ${args.runs} case(s) from seed ${args.seed}`);
  const counts = new Map<Verdict, number>();
  const failures: string[] = [];
  let seconds = 0;
  for (let i = 0; i < args.runs; i++) {
    const c = generateCase(args.seed + i, args.forced);
    const result = await runCase(c);
    seconds += result.seconds;
    counts.set(result.verdict, (counts.get(result.verdict) ?? 0) + 1);
    say(line(result));
    if (args.jsonl) appendFileSync(args.jsonl, JSON.stringify(result) + '\n');
    if (ANSWERS.includes(result.verdict)) continue;
    say(`  ${excerpt(result.detail).join('\n  ')}`);
    const small = args.shrink ? await shrinkCase(c, result, 8, say) : { case: c, result };
    const dir = keepFailure(small.case, small.result);
    const force = Object.keys(small.case.forced).length ? ` --force '${JSON.stringify(small.case.forced)}'` : '';
    say(`  kept in ${dir}/repo (${small.case.shape})`);
    say(`  replay: npm run fuzz:docker -- --runs 1 --seed ${c.seed}${force}`);
    failures.push(`seed ${c.seed}: ${result.verdict} — ${dir}`);
  }
  const totals = [...counts].map(([v, n]) => `${v} ${n}`).join(', ');
  say(`\n${args.runs} case(s): ${totals}; ${(seconds / args.runs).toFixed(1)} s per case`);
  for (const f of failures) say(`FAILED ${f}`);
  return failures.length ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (err: Error) => {
    process.stderr.write(`fuzz:docker: ${err.stack ?? err.message}\n`);
    process.exit(2);
  },
);
