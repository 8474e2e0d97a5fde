/**
 * Runs one generated case on the engine through `verify` (verifyRepository: the legacy glue in
 * one copy, the migration applied to another, both runtime images compared) and names the
 * outcome. Only `equal` and `refused` are answers; the rest are failures:
 * - `different`: "Migrated" and the images differ (a silently wrong migration);
 * - `failed`: the migrated run did not build;
 * - `legacy-failed`: the generated legacy pipeline itself failed (a generator bug);
 * - `not-found`: the tool found no builder pattern in a generated one;
 * - `crash`: the tool threw.
 */
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { formatFinding } from '../../src/core/findings';
import { describeDifference } from '../../src/verify/image-compare';
import type { VerifyResult } from '../../src/verify/verify';
import { verifyRepository } from '../../src/cli/verify-repository';
import { generateCase, type FuzzCase } from './generate';
import type { Forced } from './picker';

export type Verdict = 'equal' | 'refused' | 'different' | 'failed' | 'legacy-failed' | 'not-found' | 'crash';

export const ANSWERS: readonly Verdict[] = ['equal', 'refused'];

export interface CaseResult {
  seed: number;
  forced: Forced;
  shape: string;
  verdict: Verdict;
  /** Refusals: the error codes with their places (`build.sh:5: CODE`). */
  codes: string[];
  /** What differs, or why a run failed. */
  detail: string;
  seconds: number;
}

/** Writes the case's repository into `dir` (created), modes included. */
export function writeRepository(c: FuzzCase, dir: string): void {
  for (const [path, file] of Object.entries(c.files)) {
    const to = join(dir, path);
    mkdirSync(dirname(to), { recursive: true });
    writeFileSync(to, file.text);
    chmodSync(to, file.mode);
  }
}

export async function runCase(c: FuzzCase, timeoutMs = 5 * 60_000): Promise<CaseResult> {
  const started = Date.now();
  const dir = mkdtempSync(join(tmpdir(), `mmfuzz-case-${c.seed}-`));
  const base = { seed: c.seed, forced: c.forced, shape: c.shape };
  try {
    writeRepository(c, join(dir, 'repo'));
    const result = await verifyRepository(join(dir, 'repo'), { timeoutMs });
    return { ...base, ...judge(result), seconds: (Date.now() - started) / 1000 };
  } catch (err) {
    return { ...base, verdict: 'crash', codes: [], detail: (err as Error).stack ?? String(err), seconds: (Date.now() - started) / 1000 };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function judge(result: VerifyResult): Pick<CaseResult, 'verdict' | 'codes' | 'detail'> {
  const errors = result.findings.filter((f) => f.severity === 'error');
  const codes = errors.map((f) => (f.location ? `${f.location.file}:${f.location.line}: ${f.code}` : f.code));
  if (result.status === 'equal') return { verdict: 'equal', codes: [], detail: `${result.comparedPaths} paths` };
  if (result.status === 'different') return { verdict: 'different', codes: [], detail: result.differences.map(describeDifference).join('\n') };
  const error = result.error ?? '';
  if (error === 'the migration is refused') return { verdict: 'refused', codes, detail: errors.map(formatFinding).join('\n') };
  if (error.startsWith('nothing to verify')) return { verdict: 'not-found', codes, detail: error };
  const legacyRan = result.runs.length > 1 || (result.runs[0]?.image ?? null) !== null;
  return { verdict: legacyRan ? 'failed' : 'legacy-failed', codes: [], detail: error };
}

/**
 * Makes a failing case smaller: forces each choice, one at a time, to its simplest option and
 * keeps the change when the case still fails the same way. Returns the smallest case found and
 * its result; at most `limit` extra runs.
 */
export async function shrinkCase(c: FuzzCase, failure: CaseResult, limit: number, log: (line: string) => void): Promise<{ case: FuzzCase; result: CaseResult }> {
  let best = { case: c, result: failure };
  let runs = 0;
  for (const choice of c.choices) {
    if (runs >= limit) break;
    const now = best.case.choices.find((x) => x.name === choice.name);
    if (!now || now.value === now.options[0]) continue;
    const trial = generateCase(c.seed, { ...best.case.forced, [choice.name]: now.options[0] });
    if (trial.shape === best.case.shape) continue;
    runs += 1;
    const result = await runCase(trial);
    log(`  shrink ${choice.name}=${String(now.options[0])}: ${result.verdict}`);
    if (result.verdict === failure.verdict) best = { case: trial, result };
  }
  return best;
}

/** Writes a failing case where it can be reproduced: the repository plus case.json. */
export function keepFailure(c: FuzzCase, result: CaseResult): string {
  const dir = mkdtempSync(join(tmpdir(), `mmfuzz-failure-${c.seed}-`));
  writeRepository(c, join(dir, 'repo'));
  writeFileSync(join(dir, 'case.json'), JSON.stringify({ seed: c.seed, forced: c.forced, shape: c.shape, verdict: result.verdict, detail: result.detail }, null, 2) + '\n');
  return dir;
}
