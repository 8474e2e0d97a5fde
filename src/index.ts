/**
 * The library's public API (package.json `main`): plan a repository's migration, show it as a
 * patch, prove it on the local Docker engine. The command line is built on the same calls.
 */
import type { RepoOutcome } from './app/migrate';
import { planDirectory, type MigrateFlags } from './cli/migrate-command';

export { FINDING_CATALOGUE, type Finding, type FindingCode, type Severity, type SourceLocation } from './core/findings';
export type { FileChange } from './core/file-change';
export type { RepoOutcome, RepoStatus } from './app/migrate';
export type { MigrationPlan } from './plan/types';
export { gitPatch } from './diff/patch';
export { verifyRepository } from './cli/verify-repository';
export type { VerifyOptions, VerifyResult } from './verify/verify';

/** The options of planRepository: the migrate command's flags that decide the plan. */
export type PlanOptions = Pick<MigrateFlags, 'builder' | 'runtime' | 'script' | 'targetRule' | 'keepLegacy' | 'buildkit'>;

/**
 * Plans the migration of the repository at `dir` (read from disk, nothing written): status,
 * findings and, when it migrates, the plan with its file changes. Throws when `dir` is not a
 * directory.
 */
export async function planRepository(dir: string, options: PlanOptions = {}): Promise<RepoOutcome> {
  return (await planDirectory(dir, options)).outcome;
}
