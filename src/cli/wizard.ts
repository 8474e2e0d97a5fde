/**
 * The interactive migration: what was inferred and the coloured diff (through a pager when it
 * is longer than the screen), then one question for the whole migration — its files go
 * together: a glue rewritten without its Dockerfile no longer builds what the Dockerfile copies.
 * Per-file answers (Yeoman's conflicter: yes / no / all / diff / abort) only with `--per-file`,
 * after a warning. Nothing is written before the last answer.
 */
import type { RepoOutcome } from '../app/migrate';
import { gitPatch } from '../diff/patch';
import type { FileChange } from '../core/file-change';
import { explainText } from '../report/explain';
import { Io, colorDiff, colorize } from './output';
import { showPaged } from './pager';
import { PromptInterrupted, type Prompter } from './prompts';

export type WizardResult = { kind: 'write'; changes: FileChange[] } | { kind: 'declined' } | { kind: 'aborted' } | { kind: 'interrupted' };

export async function runWizard(io: Io, outcome: RepoOutcome, prompter: Prompter, options: { perFile?: boolean } = {}): Promise<WizardResult> {
  const plan = outcome.plan;
  if (!plan) return { kind: 'declined' };
  const c = colorize(io);
  const show = (text: string) => showPaged({ rows: io.rows, out: io.out }, text);
  show(`${c.bold('What was found')}\n${explainText(outcome)}\n${c.bold('Proposed change')}\n${colorDiff(io, gitPatch(plan.files))}\n`);
  try {
    return options.perFile ? await perFile(io, plan.files, prompter) : await wholeMigration(plan.files, prompter, () => show(colorDiff(io, gitPatch(plan.files)) + '\n'));
  } catch (e) {
    if (e instanceof PromptInterrupted) return { kind: 'interrupted' };
    throw e;
  }
}

async function wholeMigration(files: FileChange[], prompter: Prompter, showDiff: () => void): Promise<WizardResult> {
  const question = `Apply ${files.length === 1 ? 'this file' : `these ${files.length} files`}? [y/N/d/q]`;
  for (;;) {
    const answer = await prompter.applyChoice(question);
    if (answer === 'diff') {
      showDiff();
      continue;
    }
    if (answer === 'yes') return { kind: 'write', changes: files };
    return answer === 'quit' ? { kind: 'aborted' } : { kind: 'declined' };
  }
}

async function perFile(io: Io, files: FileChange[], prompter: Prompter): Promise<WizardResult> {
  io.err(`${colorize(io).yellow('Warning: --per-file lets you write only some files of this migration; until the rest is applied the build fails or builds another image, and --check reports the repository as half-migrated.')}\n`);
  const accepted: FileChange[] = [];
  let all = false;
  for (const change of files) {
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
  if (accepted.length < files.length) {
    const ok = await prompter.confirm(`Only ${accepted.length} of ${files.length} files are selected; the migrated build needs all of them. Write the selected files anyway?`, false);
    if (!ok) return { kind: 'declined' };
  }
  return { kind: 'write', changes: accepted };
}
