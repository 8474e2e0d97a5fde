/**
 * `npm run corpus -- DIR [--json FILE|-] [--concurrency N]`
 *
 * The dry run over a folder of fetched repositories (each sub-directory one repository, as
 * `batch` finds them), told per repository: migrated, refused (with the codes and the lines),
 * nothing (a silent miss: no builder pattern found), already multi-stage, or crash. Then the
 * totals, per repository and per setup. `--json` writes the same as one document.
 *
 * A repository's verdict is its worst setup's, in this order: crash, nothing, refused,
 * migrated, already multi-stage — so a miss is never hidden behind a setup that migrates.
 * Exit code 1 when any repository crashed or found nothing; 0 otherwise (refusals are answers).
 */
import { writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { basename, resolve } from 'node:path';
import { runBatch } from '../src/batch/run-batch';
import type { Sink } from '../src/batch/sinks';
import type { BatchStatus, FindingRecord, RepoResult } from '../src/batch/types';

export type Verdict = 'crash' | 'nothing' | 'refused' | 'migrated' | 'already';

/** Worst first. */
export const VERDICTS: readonly Verdict[] = ['crash', 'nothing', 'refused', 'migrated', 'already'];

const OF_STATUS: Record<BatchStatus, Verdict> = {
  failed: 'crash',
  'no-builder-pattern': 'nothing',
  refused: 'refused',
  'would-migrate': 'migrated',
  migrated: 'migrated',
  'already-multi-stage': 'already',
};

export interface CorpusSetup {
  directory: string;
  verdict: Verdict;
  /** Error codes behind a refusal, each with its first `file:line`. */
  refusals: { code: string; at: string | null }[];
  /** What would change, the error of a crash, or the status in words. */
  detail: string;
}

export interface CorpusRepository {
  repository: string;
  verdict: Verdict;
  setups: CorpusSetup[];
}

export interface CorpusReport {
  tool: 'multistage-migrate corpus';
  root: string;
  repositories: CorpusRepository[];
  totals: { repositories: Record<Verdict, number>; setups: Record<Verdict, number>; refusalCodes: Record<string, number> };
}

/** One repository's result, as the corpus tells it. */
export function corpusRepository(result: RepoResult, root: string): CorpusRepository {
  const setups = result.setups.map((s, i) => {
    const doc = result.json[i] ? (JSON.parse(result.json[i]) as { findings?: FindingRecord[] }) : {};
    const errors = (doc.findings ?? []).filter((f) => f.severity === 'error');
    const refusals = s.codes.map((code) => {
      const f = errors.find((e) => e.code === code);
      return { code, at: f?.file ? `${f.file}${f.line ? `:${f.line}` : ''}` : null };
    });
    return { directory: s.directory, verdict: OF_STATUS[s.status], refusals, detail: s.detail };
  });
  const verdict = VERDICTS.find((v) => setups.some((s) => s.verdict === v)) ?? 'nothing';
  // Batch names repositories from the root's parent (`corpus/001-x`): the root's own name says nothing here.
  const display = result.setups[0]?.repository ?? '?';
  const name = basename(resolve(root));
  return { repository: display.startsWith(`${name}/`) ? display.slice(name.length + 1) : display, verdict, setups };
}

export function totals(repos: readonly CorpusRepository[]): CorpusReport['totals'] {
  const zero = () => Object.fromEntries(VERDICTS.map((v) => [v, 0])) as Record<Verdict, number>;
  const t = { repositories: zero(), setups: zero(), refusalCodes: {} as Record<string, number> };
  for (const r of repos) {
    t.repositories[r.verdict]++;
    for (const s of r.setups) {
      t.setups[s.verdict]++;
      for (const c of s.refusals) t.refusalCodes[c.code] = (t.refusalCodes[c.code] ?? 0) + 1;
    }
  }
  return t;
}

/** The text report: a line per repository, a line per setup when it has several, the totals. */
export function corpusText(report: CorpusReport): string {
  const width = Math.max(10, ...report.repositories.map((r) => r.repository.length));
  const lines: string[] = [];
  const said = (s: CorpusSetup) => (s.verdict === 'refused' ? s.refusals.map((c) => (c.at ? `${c.at} ${c.code}` : c.code)).join(', ') : s.detail);
  for (const r of report.repositories) {
    if (r.setups.length === 1) {
      const s = r.setups[0];
      lines.push(`${r.repository.padEnd(width)}  ${r.verdict.padEnd(8)}  ${s.directory ? `${s.directory}: ` : ''}${said(s)}`);
      continue;
    }
    lines.push(`${r.repository.padEnd(width)}  ${r.verdict.padEnd(8)}  ${r.setups.length} setups`);
    for (const s of r.setups) lines.push(`${''.padEnd(width)}    ${s.verdict.padEnd(8)}  ${s.directory || '.'}: ${said(s)}`);
  }
  const t = report.totals;
  const count = (c: Record<Verdict, number>) => VERDICTS.map((v) => `${v} ${c[v]}`).join(', ');
  lines.push('');
  lines.push(`repositories: ${report.repositories.length} (${count(t.repositories)})`);
  lines.push(`setups:       ${Object.values(t.setups).reduce((a, b) => a + b, 0)} (${count(t.setups)})`);
  const codes = Object.entries(t.refusalCodes).sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
  if (codes.length > 0) lines.push(`refused because: ${codes.map(([c, n]) => `${c} ${n}`).join(', ')}`);
  return `${lines.join('\n')}\n`;
}

interface Args {
  root: string;
  json: string | null;
  concurrency: number;
}

function parseArgs(argv: string[]): Args {
  const args: Args = { root: '', json: null, concurrency: Math.max(1, availableParallelism()) };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--json') args.json = argv[++i] ?? '-';
    else if (a === '--concurrency') args.concurrency = Math.max(1, Number(argv[++i]) || 1);
    else if (a === '-h' || a === '--help') usage(0);
    else if (a.startsWith('-')) usage(2, `unknown option ${a}`);
    else if (args.root) usage(2, 'one DIR only');
    else args.root = a;
  }
  if (!args.root) usage(2, 'DIR is missing');
  return args;
}

function usage(code: number, why?: string): never {
  if (why) process.stderr.write(`corpus: ${why}\n`);
  process.stderr.write('usage: npm run corpus -- DIR [--json FILE|-] [--concurrency N]\n');
  process.exit(code);
}

async function main(): Promise<number> {
  const args = parseArgs(process.argv.slice(2));
  const results: RepoResult[] = [];
  const collect: Sink = { add: (r) => results.push(r), close: () => undefined, abort: () => undefined };
  await runBatch({
    roots: [args.root],
    settings: { mode: 'dry-run', allowDirty: false, buildkit: false, keepLegacy: false, want: { json: true, markdown: false, patch: false }, stamp: 'corpus' },
    concurrency: args.concurrency,
    timeoutMs: 120_000,
    lines: 'none',
    sinks: () => [collect],
    progress: () => ({ update: () => undefined, line: () => undefined, finish: () => undefined }),
  });
  const repositories = results.map((r) => corpusRepository(r, args.root));
  const report: CorpusReport = { tool: 'multistage-migrate corpus', root: args.root, repositories, totals: totals(repositories) };
  if (args.json === '-') process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
  else {
    process.stdout.write(corpusText(report));
    if (args.json) writeFileSync(args.json, `${JSON.stringify(report, null, 2)}\n`);
  }
  return report.totals.repositories.crash + report.totals.repositories.nothing > 0 ? 1 : 0;
}

if (require.main === module) {
  main().then(
    (code) => process.exit(code),
    (e: Error) => {
      process.stderr.write(`corpus: ${e.message}\n`);
      process.exit(2);
    },
  );
}
