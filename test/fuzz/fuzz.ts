/**
 * The mutation fuzzer: case `i` of a run seeded `S` takes a sample's input (chosen from the
 * case's own seed), applies one to three mutations, and checks every CLI mode against the
 * oracle. A failing case is shrunk (fewer mutations, then fewer lines and files, while the
 * same kind of failure remains) and written out as a repository to reproduce it.
 */
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Executor, projectRoot } from './executor';
import { Mutation, applyMutation, caseSeed, chooseMutations, rng } from './mutations';
import { Failure, checkCase } from './oracle';
import { RepoImage, cloneImage, readImage, writeImage } from './repo-image';

export const SAMPLES_DIR = join(projectRoot(), 'samples');

export interface FuzzOptions {
  runs: number;
  seed: number;
  /** Run only this case index (a replay). */
  only?: number;
  timeoutMs: number;
  /** Where reproducers go; null: keep none. */
  outDir: string | null;
  /** How many cases run at once. */
  parallel: number;
  progress?: (done: number, total: number, failures: number) => void;
}

export interface CaseReport {
  index: number;
  seed: number;
  sample: string;
  mutations: Mutation[];
  failure: Failure;
  /** The reproducer's folder, when one was written. */
  reproducer: string | null;
}

export interface FuzzReport {
  runs: number;
  seed: number;
  failures: CaseReport[];
  /** Cases per exit code of `--yes` (0 migrated or nothing to do, 2 refused…). */
  outcomes: Record<string, number>;
  ms: number;
}

let samples: { name: string; image: RepoImage }[] | null = null;

function loadSamples(): { name: string; image: RepoImage }[] {
  samples ??= readdirSync(SAMPLES_DIR)
    .sort()
    .map((name) => ({ name, image: readImage(join(SAMPLES_DIR, name, 'input')) }));
  return samples;
}

/** The sample and mutations of case `index`: a pure function of the seeds. */
export function makeCase(seed: number, index: number): { seed: number; sample: string; mutations: Mutation[]; image: RepoImage } {
  const s = caseSeed(seed, index);
  const all = loadSamples();
  const sample = all[Math.floor(rng(s)() * all.length)];
  const image = cloneImage(sample.image);
  const mutations = chooseMutations(image, s ^ 0x5bd1e995);
  return { seed: s, sample: sample.name, mutations, image };
}

export async function fuzz(exec: Executor, o: FuzzOptions): Promise<FuzzReport> {
  const started = Date.now();
  const indices = o.only !== undefined ? [o.only] : Array.from({ length: o.runs }, (_, i) => i);
  const failures: CaseReport[] = [];
  const outcomes: Record<string, number> = {};
  let next = 0;
  let done = 0;
  const worker = async (): Promise<void> => {
    while (next < indices.length) {
      const index = indices[next++];
      const c = makeCase(o.seed, index);
      const result = await checkCase(c.image, exec, o.timeoutMs);
      const key = `yes:${result.codes.yes ?? 'none'}`;
      outcomes[key] = (outcomes[key] ?? 0) + 1;
      if (result.failures.length > 0) {
        const failure = result.failures[0];
        const small = await shrink(c.sample, c.mutations, failure.kind, exec, o.timeoutMs);
        const reproducer = o.outDir ? writeReproducer(o, index, c.sample, small.mutations, failure, small.image) : null;
        failures.push({ index, seed: c.seed, sample: c.sample, mutations: small.mutations, failure, reproducer });
      }
      done++;
      o.progress?.(done, indices.length, failures.length);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, o.parallel) }, worker));
  failures.sort((a, b) => a.index - b.index);
  return { runs: indices.length, seed: o.seed, failures, outcomes, ms: Date.now() - started };
}

/** Fewer mutations, then fewer files and lines, as long as the failure keeps its kind. */
async function shrink(sample: string, mutations: Mutation[], kind: string, exec: Executor, timeoutMs: number): Promise<{ mutations: Mutation[]; image: RepoImage }> {
  const base = loadSamples().find((s) => s.name === sample)?.image as RepoImage;
  const build = (ms: Mutation[]) => {
    const image = cloneImage(base);
    for (const m of ms) applyMutation(image, m);
    return image;
  };
  let budget = 150;
  const stillFails = async (image: RepoImage): Promise<boolean> => {
    if (budget-- <= 0) return false;
    const r = await checkCase(image, exec, timeoutMs);
    return r.failures.some((f) => f.kind === kind);
  };
  let kept = mutations;
  for (let i = kept.length - 1; i >= 0 && kept.length > 1; i--) {
    const fewer = kept.filter((_, k) => k !== i);
    if (await stillFails(build(fewer))) kept = fewer;
  }
  let image = build(kept);
  // Whole files, then halves and single lines of the rest.
  for (const path of [...image.keys()].sort((a, b) => b.length - a.length)) {
    const smaller = cloneImage(image);
    for (const p of [...smaller.keys()]) if (p === path || p.startsWith(`${path}/`)) smaller.delete(p);
    if (smaller.size < image.size && (await stillFails(smaller))) image = smaller;
  }
  for (const [path, e] of [...image.entries()]) {
    if (e.kind !== 'file') continue;
    let lines = e.data.toString('latin1').split('\n');
    for (let chunk = Math.max(1, Math.floor(lines.length / 2)); chunk >= 1 && budget > 0; chunk = Math.floor(chunk / 2)) {
      for (let at = 0; at < lines.length && budget > 0; ) {
        const fewer = [...lines.slice(0, at), ...lines.slice(at + chunk)];
        const smaller = cloneImage(image);
        smaller.set(path, { ...e, data: Buffer.from(fewer.join('\n'), 'latin1') });
        if (fewer.length < lines.length && (await stillFails(smaller))) {
          lines = fewer;
          image = smaller;
        } else at += chunk;
      }
    }
  }
  return { mutations: kept, image };
}

function writeReproducer(o: FuzzOptions, index: number, sample: string, mutations: Mutation[], failure: Failure, image: RepoImage): string {
  const dir = join(o.outDir as string, `seed-${o.seed}-case-${index}`);
  mkdirSync(join(dir, 'repo'), { recursive: true });
  mkdirSync(join(dir, 'outside'), { recursive: true });
  writeImage(image, join(dir, 'repo'), join(dir, 'outside'));
  writeFileSync(
    join(dir, 'case.json'),
    `${JSON.stringify({ replay: `npm run fuzz -- --seed ${o.seed} --case ${index}`, sample, mutations, failure }, null, 2)}\n`,
  );
  return dir;
}
