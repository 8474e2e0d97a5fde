/** `--format json`: one document per repository, stable field names for machines. */
import type { RepoOutcome } from '../app/migrate';
import { gitPatch } from '../diff/patch';

export function outcomeJson(outcome: RepoOutcome, extra: Record<string, unknown> = {}): Record<string, unknown> {
  const plan = outcome.plan;
  return {
    status: outcome.status,
    glue: outcome.glue,
    setup: plan?.setup ?? null,
    moves: plan?.moves ?? [],
    findings: outcome.findings.map((f) => ({ code: f.code, severity: f.severity, message: f.message, file: f.location?.file ?? null, line: f.location?.line ?? null })),
    files: (plan?.files ?? []).map((f) => ({ path: f.path, action: f.before === null ? 'create' : f.after === null ? 'delete' : 'rewrite' })),
    patch: plan ? gitPatch(plan.files) : null,
    ...extra,
  };
}
