/**
 * A runtime image that copies the repository (`COPY . /app`) holds the glue and Dockerfiles
 * themselves, and the migration rewrites those: in the image they must differ. Such
 * differences are recognised by content (legacy bytes = the file before, migrated bytes = the
 * file after, or gone when the file is deleted) and set apart; everything else is a real
 * difference.
 */
import { createHash } from 'node:crypto';
import type { FileChange } from '../core/file-change';
import type { ImageDifference } from './image-compare';
import type { ImageSnapshot } from './image-snapshot';

export interface SplitDifferences {
  real: ImageDifference[];
  /** Image paths holding a migrated file (as it was before, and as it is after). */
  migratedFiles: string[];
}

export function splitMigratedFiles(differences: ImageDifference[], legacy: ImageSnapshot, migrated: ImageSnapshot, changes: readonly FileChange[]): SplitDifferences {
  const hash = (text: string | null) => (text === null ? null : createHash('sha256').update(text).digest('hex'));
  const pairs = changes.map((c) => ({ before: hash(c.before), after: hash(c.after) }));
  const legacyEntries = new Map(legacy.entries.map((e) => [e.path, e]));
  const migratedEntries = new Map(migrated.entries.map((e) => [e.path, e]));
  const isMigratedFile = (path: string): boolean => {
    const l = legacyEntries.get(path);
    const m = migratedEntries.get(path);
    if ((l && l.type !== 'file') || (m && m.type !== 'file')) return false;
    return pairs.some((p) => (l ? l.sha256 === p.before : p.before === null) && (m ? m.sha256 === p.after : p.after === null));
  };
  const migratedFiles = new Set<string>();
  const real = differences.filter((d) => {
    if (d.kind === 'config') return true;
    if (d.kind === 'missing' && d.entriesBelow > 0) return true;
    if (d.kind === 'entry' && !['size', 'sha256'].includes(d.attribute)) return true;
    if (!isMigratedFile(d.path)) return true;
    migratedFiles.add(d.path);
    return false;
  });
  return { real, migratedFiles: [...migratedFiles].sort() };
}
