/** `explain`: every inference with the lines it rests on, for humans. */
import { formatFinding } from '../core/findings';
import type { RepoOutcome } from '../app/migrate';
import { maskSecretValues } from '../plan/secrets';
import { nextStepLines } from './next-steps';

export function explainText(outcome: RepoOutcome): string {
  const out: string[] = [];
  const plan = outcome.plan;
  if (!plan) {
    out.push(outcome.status === 'refused' ? `Refused${outcome.glue ? ` (${outcome.glue})` : ''}:` : statusLine(outcome));
    for (const f of outcome.findings) out.push(`  ${formatFinding(f)}`);
    out.push(...nextStepLines(outcome.findings.filter((f) => f.severity === 'error').map((f) => f.code)));
    return out.join('\n') + '\n';
  }
  const s = plan.setup;
  out.push(`Glue: ${s.scripts ? `${s.scripts.join(', then ')} (run in this order)` : s.glue}${s.goal ? ` (${/\.ya?ml$/.test(s.glue) ? 'job' : 'goal'} ${s.goal})` : ''}`);
  out.push(`Builder Dockerfile${s.builders.length > 1 ? 's' : ''}: ${s.builders.join(', ')}`);
  out.push(`Runtime Dockerfile: ${s.runtime} (receives the merged Dockerfile)`);
  out.push(`Build context: ${s.context || '.'}`);
  out.push('Stages added:');
  for (const st of s.stages) out.push(`  ${st.name}  (from ${st.dockerfile})`);
  out.push('Artifact moves:');
  for (const m of plan.moves) {
    out.push(`  ${m.builderStage}:${m.builderPath} -> ${m.destination}  [${m.form}]`);
    for (const e of m.evidence) out.push(`      ${e}`);
  }
  out.push(`New build command: ${maskSecretValues(s.buildCommand)}`);
  out.push('Files:');
  for (const f of plan.files) out.push(`  ${f.before === null ? 'create' : f.after === null ? 'delete' : 'rewrite'} ${f.path}`);
  if (plan.findings.length > 0) {
    out.push('Notes:');
    for (const f of plan.findings) out.push(`  ${formatFinding(f)}`);
    out.push(...nextStepLines(plan.findings.filter((f) => f.severity !== 'info').map((f) => f.code)));
  }
  return out.join('\n') + '\n';
}

export function statusLine(outcome: RepoOutcome): string {
  switch (outcome.status) {
    case 'nothing':
      return 'Nothing to do: no builder-pattern setup was found.';
    case 'already-multi-stage':
      return 'Nothing to do: already multi-stage.';
    case 'refused':
      return 'Refused: nothing was written.';
    case 'migrate':
      return `Would migrate ${outcome.plan?.setup.runtime ?? ''}.`;
  }
}
