/** `--format json`: one document per repository, stable field names for machines. */
import type { RepoOutcome } from '../app/migrate';
import { gitPatch } from '../diff/patch';
import { maskSecretValues } from '../plan/secrets';
import type { BatchStatus } from './statuses';

/** The batch report's status ids (src/batch/types.ts), so one parser reads both documents. */
export function reportStatus(outcome: RepoOutcome, applied: boolean): BatchStatus {
  switch (outcome.status) {
    case 'migrate':
      return applied ? 'migrated' : 'would-migrate';
    case 'nothing':
      return 'no-builder-pattern';
    default:
      return outcome.status;
  }
}

/**
 * The single-repository document in the batch report's setup shape: tool, version, repository,
 * directory, status (batch ids), codes, error, then the outcome's fields.
 */
export function singleRepoJson(outcome: RepoOutcome, version: string, mode: string, applied: boolean, extra: Record<string, unknown> = {}): Record<string, unknown> {
  const codes = [...new Set(outcome.findings.filter((f) => f.severity === 'error').map((f) => f.code))].sort();
  return { tool: 'multistage-migrate', version, mode, repository: '.', directory: '', ...outcomeJson(outcome), status: reportStatus(outcome, applied), codes: outcome.status === 'refused' ? codes : [], error: null, ...extra };
}

export function outcomeJson(outcome: RepoOutcome, extra: Record<string, unknown> = {}): Record<string, unknown> {
  const plan = outcome.plan;
  return {
    status: outcome.status,
    glue: outcome.glue,
    // Printed, so without a credential value the glue spells out (the patch keeps the glue's own words).
    setup: plan ? { ...plan.setup, buildCommand: maskSecretValues(plan.setup.buildCommand) } : null,
    moves: plan?.moves ?? [],
    findings: outcome.findings.map((f) => ({ code: f.code, severity: f.severity, message: f.message, file: f.location?.file ?? null, line: f.location?.line ?? null })),
    files: (plan?.files ?? []).map((f) => ({ path: f.path, action: f.before === null ? 'create' : f.after === null ? 'delete' : 'rewrite' })),
    patch: plan ? gitPatch(plan.files) : null,
    ...extra,
  };
}
