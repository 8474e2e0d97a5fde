/**
 * Batch mode's plain data: the mode, one repository job (what a
 * worker is asked) and its result (what a worker answers, with the report pieces already
 * formatted so the main thread only writes them). The status vocabulary is report/statuses.ts.
 */

export { BATCH_STATUSES, STATUS_LABEL, type BatchStatus, type FindingRecord } from '../report/statuses';
import type { BatchStatus } from '../report/statuses';

/** Computed once from the flags: write nothing (default), apply, or test for work. */
export type BatchMode = 'dry-run' | 'write' | 'check';

/** What the worker is asked to do with one repository. */
export interface RepoJob {
  /** Absolute, symlink-free path of the repository root. */
  root: string;
  /** The repository's path relative to the base directory (the roots' parent), `/`-separated; prefixes patch paths. */
  display: string;
  /** Read the repository through git (a clean-checkout view) — false outside any work tree. */
  git: boolean;
}

/** Settings shared by every job of a run (sent to each worker once). */
export interface BatchSettings {
  mode: BatchMode;
  allowDirty: boolean;
  buildkit: boolean;
  keepLegacy: boolean;
  /** Which report pieces the workers format (only what a sink will write). */
  want: { json: boolean; markdown: boolean; patch: boolean };
  /** Names the backup folder of files git cannot give back (`--write`). */
  stamp: string;
  /** The per-repository time limit (ms, 0 or absent: none): a git command of the run gets no more. */
  timeoutMs?: number;
}

/** One setup's outcome, small enough to keep for the summary (no patch, no moves). */
export interface SetupSummary {
  /** Repository display path. */
  repository: string;
  /** Setup directory inside the repository ("" for the root). */
  directory: string;
  status: BatchStatus;
  /** Error codes behind a refusal (sorted, unique); empty otherwise. */
  codes: string[];
  /** The error behind `failed`, or null. */
  error: string | null;
  /** One line for people: what would change, or why not. */
  detail: string;
}

/** The worker's answer for one repository: one summary per setup plus formatted report pieces. */
export interface RepoResult {
  setups: SetupSummary[];
  /** One JSON document per setup (already serialised), when the JSON report is wanted. */
  json: string[];
  /** One markdown section per setup, when the markdown report is wanted. */
  markdown: string[];
  /** The repository's patch, paths prefixed with its display path ("" when nothing changes). */
  patch: string;
}

/** `repo/dir` as people read it: the repository path, then the setup directory if any. */
export function setupPath(s: { repository: string; directory: string }): string {
  if (!s.directory) return s.repository;
  return s.repository === '.' ? s.directory : `${s.repository}/${s.directory}`;
}
