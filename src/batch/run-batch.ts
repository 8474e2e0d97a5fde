/**
 * The batch run on the main thread: find the repositories, send them to the worker pool, and
 * stream each result — in repository order, whatever the concurrency — to stdout, the report and
 * the patch file, counting statuses for the summary.
 */
import { setupMarkdown } from '../report/markdown';
import { nextStepLines } from '../report/next-steps';
import { SkippedLink, discoverRepositories } from './discover-repos';
import { runPool, workerScript } from './pool';
import type { Progress } from './progress';
import { Sink } from './sinks';
import { Tally } from './summary';
import { BatchSettings, RepoJob, RepoResult, STATUS_LABEL, SetupSummary, setupPath } from './types';

export interface BatchRun {
  roots: string[];
  settings: BatchSettings;
  concurrency: number;
  /** Per repository; 0 for none. */
  timeoutMs: number;
  /** Which setups get a line on stdout. */
  lines: 'all' | 'actionable' | 'none';
  /** Opened once the base directory (and the links not followed) is known, before any repository is read. */
  sinks: (base: string, skippedLinks: SkippedLink[]) => Sink[];
  /** Built once the number of repositories is known. */
  progress: (total: number) => Progress;
  /** Overrides the compiled worker (tests, the benchmark's floor). */
  workerFile?: string;
}

export interface BatchResult {
  tally: Tally;
  seconds: number;
  base: string;
  /** Links among the roots' entries that were never followed. */
  skippedLinks: SkippedLink[];
}

export async function runBatch(run: BatchRun): Promise<BatchResult> {
  const started = process.hrtime.bigint();
  const { base, repos, skippedLinks } = discoverRepositories(run.roots);
  const sinks = run.sinks(base, skippedLinks);
  const tally = new Tally();
  const progress = run.progress(repos.length);
  try {
    await runPool<RepoJob, RepoResult>(
      repos,
      {
        workerFile: run.workerFile ?? workerScript('worker'),
        workerData: run.settings,
        concurrency: run.concurrency,
        timeoutMs: run.timeoutMs,
        // A repository written and then run again after a crash would report "already multi-stage".
        chunk: run.settings.mode === 'write' ? 1 : undefined,
        onProgress: (n) => progress.update(n),
      },
      (index, outcome) => {
        const result = outcome.ok ? outcome.result : failedRepository(repos[index], outcome.error, run.settings);
        tally.addRepository(result.setups);
        for (const s of result.setups) {
          if (run.lines === 'all' || (run.lines === 'actionable' && s.status !== 'already-multi-stage' && s.status !== 'no-builder-pattern')) progress.line(resultLine(s));
        }
        for (const sink of sinks) sink.add(result);
      },
    );
  } catch (e) {
    progress.finish();
    for (const sink of sinks) sink.abort();
    throw e;
  }
  progress.finish();
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  for (const sink of sinks) sink.close(tally, seconds);
  return { tally, seconds, base, skippedLinks };
}

/** `would migrate        clones/api  build.sh → one multi-stage Dockerfile` */
export function resultLine(s: SetupSummary): string {
  // A refusal says what to do next, one line per code.
  const advice = s.status === 'refused' ? nextStepLines(s.codes, { indent: '    ', summary: true }).slice(1).map((l) => `${l}\n`).join('') : '';
  return `${STATUS_LABEL[s.status].padEnd(20)} ${setupPath(s)}${s.detail ? `  ${s.detail}` : ''}\n${advice}`;
}

/** A repository whose worker crashed or timed out: one failed setup at its root. */
function failedRepository(job: RepoJob, error: string, settings: BatchSettings): RepoResult {
  const setup: SetupSummary = { repository: job.display, directory: '', status: 'failed', codes: [], error, detail: error };
  return {
    setups: [setup],
    json: settings.want.json
      ? [JSON.stringify({ repository: job.display, directory: '', status: 'failed', codes: [], error, glue: null, setup: null, moves: [], findings: [], files: [], patch: null })]
      : [],
    markdown: settings.want.markdown ? [setupMarkdown({ where: job.display, status: 'failed', outcome: null, findings: [], error, patch: '' })] : [],
    patch: '',
  };
}
