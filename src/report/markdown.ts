/**
 * `--format markdown`: a summary fit for a pull-request comment or an issue — what moved from
 * which line, the diff in a fenced block, the findings. One section per setup; batch reports
 * put a summary table above the sections.
 */
import type { RepoOutcome } from '../app/migrate';
import type { Finding } from '../core/findings';
import { BATCH_STATUSES, BatchStatus, FindingRecord, STATUS_LABEL } from './statuses';
import { gitPatch } from '../diff/patch';
import { maskSecretValues } from '../plan/secrets';
import { nextStep } from './next-steps';

export interface MarkdownSection {
  /** Where the setup is (`clones/api/services/web`); "" for the repository the command ran in. */
  where: string;
  status: BatchStatus;
  /** Null when the setup failed before it could be planned. */
  outcome: RepoOutcome | null;
  /** The outcome's findings plus any the run added (uncommitted changes…). */
  findings: FindingRecord[];
  /** The error behind `failed`. */
  error: string | null;
  /** The setup's unified diff (repository-relative paths); "" when nothing changes. */
  patch: string;
  /** Heading level of the section title (default 3). */
  heading?: number;
  /** Fold the diff into a `<details>` block (default: open when short). */
  foldDiff?: boolean;
}

/** A finding as reports carry it. */
export function findingRecord(f: Finding): FindingRecord {
  return { code: f.code, severity: f.severity, message: f.message, file: f.location?.file ?? null, line: f.location?.line ?? null };
}

/**
 * The single-repository command's `--format markdown`: the setup's section, titled for a
 * pull-request comment, with how to apply the change when there is one.
 */
export function singleRepoMarkdown(outcome: RepoOutcome, mode: string): string {
  const status: BatchStatus =
    outcome.status === 'migrate' ? (mode === 'apply' ? 'migrated' : 'would-migrate') : outcome.status === 'nothing' ? 'no-builder-pattern' : outcome.status;
  const patch = outcome.plan ? gitPatch(outcome.plan.files) : '';
  const body = setupMarkdown({ where: '', status, outcome, findings: outcome.findings.map(findingRecord), error: null, patch, heading: 3 });
  const hint =
    status === 'would-migrate'
      ? 'Apply it with `npx multistage-migrate --yes` (or `git apply` the diff), then prove it with `multistage-migrate verify`.\n'
      : '';
  // A blank line after the section's closing </details>, or GitHub swallows the hint into it.
  return `${body.replace(/^### /, '### multistage-migrate: ')}${hint ? `\n${hint}` : ''}`;
}

/** One setup: title, setup table, artifact moves, files, diff, findings. */
export function setupMarkdown(s: MarkdownSection): string {
  const out: string[] = [];
  const h = '#'.repeat(Math.min(6, Math.max(1, s.heading ?? 3)));
  const where = s.where ? ` in ${code(s.where)}` : '';
  const plan = s.outcome?.plan ?? null;
  switch (s.status) {
    case 'would-migrate':
    case 'migrated':
      out.push(`${h} ${s.status === 'migrated' ? 'Migrated' : 'Would migrate'}${where}: builder pattern → one multi-stage ${code(plan?.setup.runtime ?? 'Dockerfile')}`);
      break;
    case 'refused':
      out.push(`${h} Refused${where}: the migration cannot be made exact, so nothing is written`);
      break;
    case 'failed':
      out.push(`${h} Failed${where}`);
      break;
    case 'already-multi-stage':
      out.push(`${h} Nothing to do${where}: already multi-stage`);
      break;
    case 'no-builder-pattern':
      out.push(`${h} Nothing to do${where}: no builder pattern found`);
      break;
  }
  out.push('');
  if (s.error) out.push(`Error: ${text(s.error)}`, '');
  if (plan) {
    const st = plan.setup;
    out.push('| | |', '|---|---|');
    out.push(`| glue | ${(st.scripts ?? [st.glue]).map(code).join(', then ')} |`);
    const deleted = (p: string) => plan.files.some((f) => f.path === p && f.after === null);
    out.push(`| builder${st.builders.length > 1 ? 's' : ''} | ${st.builders.map((b) => `${code(b)} (${deleted(b) ? 'deleted' : 'kept'})`).join(', ')} |`);
    out.push(`| runtime | ${code(st.runtime)} receives the merged Dockerfile |`);
    out.push(`| stages added | ${st.stages.map((x) => `${code(x.name)} from ${code(x.dockerfile)}`).join(', ')} |`);
    out.push(`| build context | ${code(st.context || '.')} |`);
    out.push(`| new build command | ${code(maskSecretValues(st.buildCommand))} |`);
    out.push('');
    if (plan.moves.length > 0) {
      out.push('**Artifact moves** (each legacy line the inference relied on):', '');
      out.push('| artifact | now copied to | legacy lines |', '|---|---|---|');
      for (const m of plan.moves) {
        const evidence = m.evidence.map(evidenceCell).join('<br>');
        out.push(`| ${code(`${m.builderStage}:${m.builderPath}`)} | ${code(m.destination)} (${m.form}, was ${code(`${m.hostPath}`)} at ${code(`${m.runtimeLine.file}:${m.runtimeLine.line}`)}) | ${evidence} |`);
      }
      out.push('');
    }
    out.push('**Files**', '');
    for (const f of [...plan.files].sort((a, b) => (a.path < b.path ? -1 : 1))) {
      out.push(`- ${f.before === null ? 'create' : f.after === null ? 'delete' : 'rewrite'} ${code(f.path)}`);
    }
    out.push('');
  }
  // Findings before the diff: a reviewer reads why before what.
  if (s.findings.length > 0) {
    out.push('**Findings**', '');
    for (const f of s.findings) {
      const step = nextStep(f.code);
      out.push(`- ${f.file ? `${code(`${f.file}:${f.line ?? 1}`)} ` : ''}**${f.code}** (${f.severity}): ${text(f.message)}${step ? `. *What to do:* ${text(step)}` : ''}`);
    }
    out.push('');
  }
  if (s.patch) {
    const fence = fenceFor(s.patch);
    const fold = s.foldDiff ?? s.patch.split('\n').length > 80;
    out.push(fold ? '<details><summary>Diff</summary>' : '<details open><summary>Diff</summary>', '');
    // GitHub renders markdown after </details> only past a blank line.
    out.push(`${fence}diff`, s.patch.replace(/\n$/, ''), fence, '', '</details>', '');
  }
  return out.join('\n');
}

/** The top of a batch report: mode, counts per status, refusal codes. */
export function batchSummaryMarkdown(data: {
  mode: string;
  repositories: number;
  counts: Record<BatchStatus, number>;
  codes: Record<string, number>;
  seconds: number;
}): string {
  const setups = BATCH_STATUSES.reduce((n, s) => n + data.counts[s], 0);
  const out = [
    `## multistage-migrate batch (${data.mode})`,
    '',
    `${data.repositories} ${data.repositories === 1 ? 'repository' : 'repositories'}, ${setups} ${setups === 1 ? 'setup' : 'setups'}, ${data.seconds.toFixed(1)} s.`,
    '',
    '| status | setups |',
    '|---|---:|',
    ...BATCH_STATUSES.filter((s) => data.counts[s] > 0).map((s) => `| ${STATUS_LABEL[s]} | ${data.counts[s]} |`),
    '',
  ];
  const codes = Object.entries(data.codes).sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
  if (codes.length > 0) {
    out.push('| refused because | setups |', '|---|---:|', ...codes.map(([c, n]) => `| ${c} | ${n} |`), '');
  }
  return out.join('\n');
}

/** One row of the batch report's table of setups with nothing to do. */
export function quietRowMarkdown(where: string, status: BatchStatus, detail: string): string {
  return `| ${code(where)} | ${STATUS_LABEL[status]} | ${text(detail)} |`;
}

export const QUIET_TABLE_HEAD = '| setup | status | |\n|---|---|---|';

/** `build.sh:11: docker cp …` → `` `build.sh:11` docker cp … `` */
function evidenceCell(e: string): string {
  const m = /^([^:\s]+:\d+):\s*(.*)$/.exec(e);
  return m ? `${code(m[1])} ${text(m[2])}` : text(e);
}

/** Inline code that survives backticks and table pipes. */
export function code(s: string): string {
  const runs = s.match(/`+/g) ?? [];
  const ticks = '`'.repeat(Math.max(0, ...runs.map((r) => r.length)) + 1);
  const body = s.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
  return ticks.length > 1 || body.startsWith('`') || body.endsWith('`') ? `${ticks} ${body} ${ticks}` : `${ticks}${body}${ticks}`;
}

/** Plain text in a table or list: no HTML, no table breaks. */
function text(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}

/** A fence longer than any backtick run in the content. */
function fenceFor(content: string): string {
  const runs = content.match(/`{3,}/g) ?? [];
  return '`'.repeat(Math.max(3, ...runs.map((r) => r.length + 1)));
}
