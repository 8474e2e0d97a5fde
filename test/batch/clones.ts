/** Folders of clones for batch tests, made of sample repositories. */
import { cpSync, existsSync, mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SAMPLES_DIR } from '../helpers/samples';

export interface CloneSpec {
  /** Sample name. */
  sample: string;
  /** `input` (legacy) or `expected` (migrated). */
  kind?: 'input' | 'expected';
  /** Repository folder name (default: the sample name). */
  as?: string;
  /** Sub-directory of the repository to put the sample in (a monorepo setup). */
  at?: string;
}

/** `<tmp>/clones/<as>/<at>/…` for each spec; returns the clones folder. */
export function makeClones(specs: CloneSpec[]): string {
  const parent = mkdtempSync(join(tmpdir(), 'mm-batch-'));
  const clones = join(parent, 'clones');
  mkdirSync(clones);
  for (const s of specs) {
    const dest = join(clones, s.as ?? s.sample, ...(s.at ? s.at.split('/') : []));
    mkdirSync(dest, { recursive: true });
    cpSync(join(SAMPLES_DIR, s.sample, s.kind ?? 'input'), dest, { recursive: true, verbatimSymlinks: true });
  }
  return clones;
}

/** Samples that have a migrated `expected/` repository. */
export function hasExpected(sample: string): boolean {
  return existsSync(join(SAMPLES_DIR, sample, 'expected'));
}
