/**
 * Synthetic repositories for the benchmark, derived from the samples: every legacy shape
 * (`samples/<name>/input`), every migrated one (`samples/<name>/expected`) and two without a
 * builder pattern, under varied repository names and paths — most at the repository root,
 * some nested in a monorepo folder, some monorepos with two setups. Each repository gets its
 * own README so no two are byte-identical. A manifest says which status each setup must get.
 */
import { execFileSync } from 'node:child_process';
import { chmodSync, lstatSync, mkdirSync, readFileSync, readdirSync, readlinkSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export type Expectation = 'would-migrate' | 'refused' | 'nothing-to-do';

interface ShapeFile {
  path: string;
  content: Buffer | null;
  mode: number;
  link: string | null;
}

export interface Shape {
  name: string;
  expect: Expectation;
  /** Keeps its status when moved into a sub-directory of a larger repository. */
  nestable: boolean;
  files: ShapeFile[];
}

export interface GeneratedSetup {
  repository: string;
  directory: string;
  shape: string;
  expect: Expectation;
}

/** Shapes whose meaning depends on sitting at the repository root (paths that climb out of it). */
const ROOT_ONLY = new Set(['refuse-cp-outside-repo']);

export function loadShapes(samplesDir: string): Shape[] {
  const shapes: Shape[] = [];
  for (const name of readdirSync(samplesDir).sort()) {
    let spec: { expect?: string };
    try {
      spec = JSON.parse(readFileSync(join(samplesDir, name, 'sample.json'), 'utf8')) as { expect?: string };
    } catch {
      continue;
    }
    const expect: Expectation = spec.expect === 'migrate' ? 'would-migrate' : spec.expect === 'refuse' ? 'refused' : 'nothing-to-do';
    shapes.push({ name, expect, nestable: !ROOT_ONLY.has(name), files: readShape(join(samplesDir, name, 'input')) });
    try {
      shapes.push({ name: `${name}-migrated`, expect: 'nothing-to-do', nestable: true, files: readShape(join(samplesDir, name, 'expected')) });
    } catch {
      // no expected/ (a refusal sample)
    }
  }
  const text = (path: string, content: string, mode = 0o644): ShapeFile => ({ path, content: Buffer.from(content), mode, link: null });
  shapes.push({
    name: 'plain-dockerfile',
    expect: 'nothing-to-do',
    nestable: true,
    files: [
      text('Dockerfile', 'FROM alpine:3.19\nCOPY app.sh /usr/local/bin/app\nCMD ["app"]\n'),
      text('app.sh', '#!/bin/sh\necho hello\n', 0o755),
      text('build.sh', '#!/bin/sh\nset -e\ndocker build -t plain:latest .\n', 0o755),
    ],
  });
  shapes.push({ name: 'no-docker', expect: 'nothing-to-do', nestable: false, files: [text('main.go', 'package main\n\nfunc main() {}\n'), text('Makefile', 'all:\n\tgo build ./...\n')] });
  return shapes;
}

function readShape(dir: string): ShapeFile[] {
  const out: ShapeFile[] = [];
  const walk = (rel: string): void => {
    for (const name of readdirSync(join(dir, rel)).sort()) {
      const path = rel ? `${rel}/${name}` : name;
      const st = lstatSync(join(dir, path));
      if (st.isSymbolicLink()) out.push({ path, content: null, mode: 0, link: readlinkSync(join(dir, path)) });
      else if (st.isDirectory()) walk(path);
      else out.push({ path, content: readFileSync(join(dir, path)), mode: st.mode & 0o777, link: null });
    }
  };
  walk('');
  return out;
}

/** A small deterministic generator, so a given N always gives the same repositories. */
function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

const TEAMS = ['payments', 'search', 'platform', 'web', 'data', 'identity', 'billing', 'mobile-api', 'infra', 'ml'];

/**
 * Writes `count` repositories under `root` (which must be empty) and returns the setups each
 * must show. `git`: make every repository a git repository with one commit (slow; for
 * measuring the cost of git's clean-checkout listing).
 */
export function generateRepositories(root: string, count: number, shapes: readonly Shape[], options: { git?: boolean; seed?: number } = {}): GeneratedSetup[] {
  const rnd = random(options.seed ?? 42);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)];
  const nestable = shapes.filter((s) => s.nestable);
  const setups: GeneratedSetup[] = [];
  mkdirSync(root, { recursive: true });
  const width = String(count).length;
  for (let i = 0; i < count; i++) {
    const shape = shapes[i % shapes.length];
    const team = pick(TEAMS);
    const repo = `${team}-${String(i).padStart(width, '0')}-${shape.name}`;
    const dir = join(root, repo);
    const layout = rnd();
    const placed: { shape: Shape; at: string }[] = [];
    if (layout < 0.7 || !shape.nestable) placed.push({ shape, at: '' });
    else if (layout < 0.9) placed.push({ shape, at: `services/${shape.name}` });
    else {
      const other = pick(nestable);
      placed.push({ shape, at: `apps/${shape.name}-a` }, { shape: other, at: `apps/${other.name}-b` });
    }
    for (const p of placed) {
      writeShape(join(dir, ...p.at.split('/').filter(Boolean)), p.shape);
      setups.push({ repository: repo, directory: p.at, shape: p.shape.name, expect: p.shape.expect });
    }
    // Unique content per repository (names and paths are already unique).
    writeFileSync(join(dir, placed[0].at ? 'README.md' : 'BENCH-README.md'), `# ${repo}\n\nOwned by ${team}. Synthetic repository ${i} of ${count}.\n`);
    if (options.git) {
      const git = (...args: string[]) => execFileSync('git', ['-C', dir, ...args], { stdio: 'ignore' });
      git('init', '-q');
      git('add', '-A');
      git('-c', 'user.name=bench', '-c', 'user.email=bench@example.invalid', 'commit', '-qm', 'legacy');
    }
  }
  return setups;
}

function writeShape(dir: string, shape: Shape): void {
  const made = new Set<string>();
  for (const f of shape.files) {
    const target = join(dir, ...f.path.split('/'));
    const parent = join(target, '..');
    if (!made.has(parent)) {
      mkdirSync(parent, { recursive: true });
      made.add(parent);
    }
    if (f.link !== null) symlinkSync(f.link, target);
    else {
      writeFileSync(target, f.content as Buffer);
      if (f.mode & 0o111) chmodSync(target, f.mode);
    }
  }
}
