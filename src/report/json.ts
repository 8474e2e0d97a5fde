/** `--format json`: one document per repository, stable field names for machines. */
import type { RepoOutcome } from '../app/migrate';
import { gitPatch } from '../diff/patch';
import { maskSecretValues } from '../plan/secrets';

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
