/**
 * The interactive migration: what was inferred, the coloured diff, then a question per file
 * (Yeoman's conflicter: yes / no / all / diff / abort, No by default). Nothing is written
 * before the last answer; then the accepted files are written together.
 */
import type { RepoOutcome } from '../app/migrate';
import { gitPatch } from '../diff/patch';
import type { FileChange } from '../plan/types';
import { explainText } from '../report/explain';
import { Io, colorDiff, colorize } from './output';
import type { Prompter } from './prompts';

export type WizardResult = { kind: 'write'; changes: FileChange[] } | { kind: 'declined' } | { kind: 'aborted' };

export async function runWizard(io: Io, outcome: RepoOutcome, prompter: Prompter): Promise<WizardResult> {
  const plan = outcome.plan;
  if (!plan) return { kind: 'declined' };
  const c = colorize(io);
  io.out(`${c.bold('What was found')}\n${explainText(outcome)}\n`);
  io.out(`${c.bold('Proposed change')}\n${colorDiff(io, gitPatch(plan.files))}\n`);
  const accepted: FileChange[] = [];
  let all = false;
  for (const change of plan.files) {
    if (all) {
      accepted.push(change);
      continue;
    }
    const verb = change.before === null ? 'Create' : change.after === null ? 'Delete' : 'Rewrite';
    for (;;) {
      const answer = await prompter.fileChoice(`${verb} ${change.path}?`);
      if (answer === 'diff') {
        io.out(colorDiff(io, gitPatch([change])) + '\n');
        continue;
      }
      if (answer === 'abort') return { kind: 'aborted' };
      if (answer === 'yes' || answer === 'all') accepted.push(change);
      all = answer === 'all';
      break;
    }
  }
  if (accepted.length === 0) return { kind: 'declined' };
  if (accepted.length < plan.files.length) {
    const ok = await prompter.confirm(`Only ${accepted.length} of ${plan.files.length} files are selected; the migrated build needs all of them. Write the selected files anyway?`, false);
    if (!ok) return { kind: 'declined' };
  }
  return { kind: 'write', changes: accepted };
}
