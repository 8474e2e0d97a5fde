/**
 * The words every report uses for a setup's outcome: the fixed status vocabulary (the JSON
 * report's ids) and a finding as reports carry it. Batch and single-repository runs share them.
 */

/** One status per setup, from this fixed vocabulary (the JSON report uses these ids). */
export type BatchStatus = 'migrated' | 'would-migrate' | 'already-multi-stage' | 'no-builder-pattern' | 'refused' | 'failed';

/** Every status in the order summaries list them. */
export const BATCH_STATUSES: readonly BatchStatus[] = ['migrated', 'would-migrate', 'already-multi-stage', 'no-builder-pattern', 'refused', 'failed'];

/** How a status reads in tables and progress lines. */
export const STATUS_LABEL: Record<BatchStatus, string> = {
  migrated: 'migrated',
  'would-migrate': 'would migrate',
  'already-multi-stage': 'already multi-stage',
  'no-builder-pattern': 'no builder pattern',
  refused: 'refused',
  failed: 'failed',
};

/** A finding as reports carry it: code, severity, message, place. */
export interface FindingRecord {
  code: string;
  severity: 'error' | 'warning' | 'info';
  message: string;
  file: string | null;
  line: number | null;
}
