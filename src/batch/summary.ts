/**
 * Counts per status (and per refusal code) as results stream in, and the end-of-run table.
 */
import { BATCH_STATUSES, BatchMode, BatchStatus, STATUS_LABEL, SetupSummary } from './types';

export class Tally {
  readonly counts: Record<BatchStatus, number> = { migrated: 0, 'would-migrate': 0, 'already-multi-stage': 0, 'no-builder-pattern': 0, refused: 0, failed: 0 };
  readonly codes: Record<string, number> = {};
  repositories = 0;

  addRepository(setups: readonly SetupSummary[]): void {
    this.repositories++;
    for (const s of setups) {
      this.counts[s.status]++;
      for (const c of s.codes) this.codes[c] = (this.codes[c] ?? 0) + 1;
    }
  }

  get setups(): number {
    return BATCH_STATUSES.reduce((n, s) => n + this.counts[s], 0);
  }

  /** Some setup was refused or failed: exit code 2. */
  get troubled(): boolean {
    return this.counts.refused + this.counts.failed > 0;
  }

  toJSON(): Record<string, unknown> {
    return { repositories: this.repositories, setups: this.setups, counts: this.counts, refusalCodes: this.codes };
  }
}

export const MODE_LABEL: Record<BatchMode, string> = { 'dry-run': 'dry run', write: 'write', check: 'check' };

/** The table printed at the end of a run. */
export function summaryTable(t: Tally, mode: BatchMode, seconds: number): string {
  const rows = BATCH_STATUSES.filter((s) => t.counts[s] > 0 || s === 'refused' || s === 'failed' || s === (mode === 'write' ? 'migrated' : 'would-migrate'));
  const width = Math.max(...rows.map((s) => STATUS_LABEL[s].length), 'setups'.length);
  const num = Math.max(String(t.setups).length, 5);
  const lines = [
    '',
    `multistage-migrate batch (${MODE_LABEL[mode]}): ${t.repositories} ${t.repositories === 1 ? 'repository' : 'repositories'}, ${t.setups} ${t.setups === 1 ? 'setup' : 'setups'} in ${seconds.toFixed(1)} s`,
    '',
    `  ${'status'.padEnd(width)}  ${'setups'.padStart(num)}`,
    ...rows.map((s) => `  ${STATUS_LABEL[s].padEnd(width)}  ${String(t.counts[s]).padStart(num)}`),
    `  ${'total'.padEnd(width)}  ${String(t.setups).padStart(num)}`,
  ];
  const codes = Object.entries(t.codes).sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
  if (codes.length > 0) lines.push('', `  refused because: ${codes.map(([c, n]) => `${c} ${n}`).join(', ')}`);
  return lines.join('\n') + '\n';
}
