/** The bundled samples: `samples/<name>/input/`, `expected/` and `sample.json`. */
import { readFileSync, readdirSync, existsSync, lstatSync, readlinkSync } from 'node:fs';
import { join } from 'node:path';

export const SAMPLES_DIR = join(__dirname, '..', '..', 'samples');

export interface SampleSpec {
  description: string;
  covers?: string[];
  expect: 'migrate' | 'refuse' | 'nothing';
  /** For refusals: `file:line: CODE` of every error finding, sorted. */
  findings?: string[];
  /** Extra command-line flags the sample is migrated with (`--keep-legacy`, `--buildkit`). */
  args?: string[];
  /**
   * Files an earlier run of the legacy glue left in the working copy (path → content): the
   * engine proof plants them in a copy of input/ first, so it shows they do not reach the image.
   */
  stale?: Record<string, string>;
}

export interface Sample {
  name: string;
  dir: string;
  spec: SampleSpec;
}

/** The value of `--target-rule` in a sample's args, if it has one. */
export function targetRuleArg(args: readonly string[]): string | undefined {
  const at = args.indexOf('--target-rule');
  return at >= 0 ? args[at + 1] : undefined;
}

export function listSamples(): Sample[] {
  return readdirSync(SAMPLES_DIR)
    .filter((n) => existsSync(join(SAMPLES_DIR, n, 'sample.json')))
    .sort()
    .map((name) => ({ name, dir: join(SAMPLES_DIR, name), spec: JSON.parse(readFileSync(join(SAMPLES_DIR, name, 'sample.json'), 'utf8')) as SampleSpec }));
}

/** Every file below `dir` → its content (symlinks as `-> target`), for tree comparisons. */
export function readTree(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (rel: string): void => {
    for (const name of readdirSync(join(dir, rel)).sort()) {
      const p = rel ? `${rel}/${name}` : name;
      const st = lstatSync(join(dir, p));
      if (st.isSymbolicLink()) out.set(p, `-> ${readlinkSync(join(dir, p))}`);
      else if (st.isDirectory()) walk(p);
      else out.set(p, (st.mode & 0o111 ? '[executable]\n' : '') + readFileSync(join(dir, p), 'utf8'));
    }
  };
  if (existsSync(dir)) walk('');
  return out;
}
