/**
 * What every run of the CLI must do, whatever the repository holds (the README's Safety
 * promises): exit 0, 1 or 2; no stack trace and no internal error; a refusal names
 * `file:line: CODE` and quotes input at a readable length; `--dry-run` and `explain` change
 * nothing; `--yes` changes nothing when it refuses, never touches anything outside the
 * repository, leaves no temporary file, and every Dockerfile it writes passes Docker's parser;
 * a patch `--dry-run` prints is taken by `git apply`; each run ends within its time limit.
 * A violation is a failure with a `kind`: the same kind is what shrinking keeps.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { dockerfileErrors } from '../../src/parse/dockerfile-validate';
import { Executor, RunResult } from './executor';
import { RepoImage, changedPaths, picture, writeImage } from './repo-image';

/** Written beside the repository; it must never be read into the output. */
export const CANARY = 'CANARY-OUTSIDE-THE-REPOSITORY-7f3a';

export interface Failure {
  /** Stable enough to tell one kind of defect from another (what shrinking keeps). */
  kind: string;
  mode: string;
  detail: string;
}

export interface CaseOutcome {
  failures: Failure[];
  /** Exit codes per mode, for the statistics. */
  codes: Record<string, number | null>;
  ms: number;
}

const MODES: { name: string; args: (dir: string) => string[] }[] = [
  { name: 'dry-run', args: (d) => ['--dry-run', d] },
  { name: 'explain', args: (d) => ['explain', d] },
  { name: 'yes', args: (d) => ['--yes', d] },
];

const STACK = /^\s+at .+[:(]\d+:\d+\)?$/m;
const MAX_STDERR_LINE = 1200;

export async function checkCase(image: RepoImage, exec: Executor, timeoutMs: number): Promise<CaseOutcome> {
  const base = mkdtempSync(join(tmpdir(), 'mm-fuzz-'));
  const started = Date.now();
  const failures: Failure[] = [];
  const codes: Record<string, number | null> = {};
  try {
    const outside = join(base, 'outside');
    mkdirSync(outside);
    writeFileSync(join(outside, 'secret.txt'), `${CANARY}\n`);
    writeFileSync(join(outside, 'build.sh'), `#!/bin/sh\n# ${CANARY}\ndocker build -f Dockerfile.build -t x .\n`);
    writeFileSync(join(outside, 'Dockerfile.build'), `FROM golang:1.22\nRUN echo ${CANARY}\n`);
    const repo = join(base, 'repo');
    mkdirSync(repo);
    writeImage(image, repo, outside);
    for (const mode of MODES) {
      const before = picture(base);
      const r = await exec.run(mode.args(repo), timeoutMs);
      const after = picture(base);
      codes[mode.name] = r.code;
      failures.push(...judge(mode.name, r, changedPaths(before, after), repo));
      if (mode.name === 'dry-run' && r.code === 0 && r.stdout.startsWith('diff --git')) failures.push(...patchApplies(r.stdout, image, outside));
      if (failures.length > 0) break;
    }
  } finally {
    rmSync(base, { recursive: true, force: true });
  }
  return { failures, codes, ms: Date.now() - started };
}

function judge(mode: string, r: RunResult, changed: string[], repo: string): Failure[] {
  const out: Failure[] = [];
  const fail = (kind: string, detail: string) => out.push({ kind, mode, detail });
  const text = `${r.stdout}\n${r.stderr}`;
  if (r.timedOut) return [{ kind: 'timeout', mode, detail: `no answer within the time limit (${r.ms} ms)` }];
  if (r.code === null || ![0, 1, 2].includes(r.code)) fail(`exit-${r.code}`, r.stderr.slice(0, 2000));
  if (STACK.test(text)) fail('stack-trace', r.stderr.slice(0, 2000));
  const internal = /internal error:? (.*)$/m.exec(r.stderr);
  if (internal) fail(`internal-error:${normalize(internal[1])}`, r.stderr.slice(0, 2000));
  if (/INTERNAL_SELF_CHECK/.test(r.stderr)) fail(`self-check:${normalize(/INTERNAL_SELF_CHECK (.*)$/m.exec(r.stderr)?.[1] ?? '')}`, r.stderr.slice(0, 2000));
  if (text.includes(CANARY)) fail('outside-content-printed', 'text from the folder beside the repository was printed');
  const long = r.stderr.split('\n').find((l) => l.length > MAX_STDERR_LINE);
  if (long) fail('long-message', `${long.length} characters: ${long.slice(0, 200)}…`);
  // A folder the mutation turned into a setup of its own: asking which one is a clear answer, not a refusal of the input.
  const severalSetups = /^multistage-migrate: .* holds \d+ builder-pattern setups \(/m.test(r.stderr);
  if (r.code === 2 && !severalSetups && !/^\S.*:\d+: [A-Z][A-Z0-9_]+ /m.test(r.stderr)) fail('refusal-without-location', r.stderr.slice(0, 2000));
  const outsideChanged = changed.filter((p) => !p.startsWith('repo/') && p !== 'repo');
  if (outsideChanged.length > 0) fail('outside-touched', outsideChanged.join(', '));
  const inside = changed.filter((p) => p.startsWith('repo/'));
  if ((mode !== 'yes' || r.code !== 0) && inside.length > 0) fail(mode === 'yes' ? 'changed-on-refusal' : `changed-by-${mode}`, inside.slice(0, 10).join(', '));
  if (mode === 'yes' && r.code === 0) {
    const tmp = inside.filter((p) => /\.multistage-migrate-\d+\.tmp$/.test(p));
    if (tmp.length > 0) fail('temporary-file-left', tmp.join(', '));
    for (const p of inside) {
      const name = p.slice('repo/'.length);
      if (!/dockerfile/i.test(name.split('/').pop() ?? '') || name.endsWith('.dockerignore') || name.includes('.multistage-migrate-backup/')) continue;
      let textOf: string;
      try {
        textOf = readFileSync(join(repo, name), 'utf8');
      } catch {
        continue;
      }
      const errors = dockerfileErrors(textOf);
      if (!/^\s*FROM\s/im.test(textOf)) fail('written-dockerfile-without-from', name);
      else if (errors.length > 0) fail('written-dockerfile-invalid', `${name}:${errors[0].line}: ${errors[0].message}`);
    }
  }
  return out;
}

/** A message with its variable parts (paths, numbers, quoted input) blurred, to group failures. */
function normalize(message: string): string {
  return message
    .replace(/`[^`]*`/g, '`…`')
    .replace(/"[^"]*"/g, '"…"')
    .replace(/\d+/g, 'N')
    .replace(/\S*\/\S*/g, 'PATH')
    .slice(0, 60);
}

/** `git apply --check` of the printed patch on a fresh copy of the repository (outside any git work tree). */
function patchApplies(patch: string, image: RepoImage, outside: string): Failure[] {
  const dir = mkdtempSync(join(tmpdir(), 'mm-fuzz-apply-'));
  try {
    writeImage(image, dir, outside);
    writeFileSync(join(dir, '..', `${dir.split('/').pop()}.patch`), patch);
    execFileSync('git', ['apply', '--check', '--whitespace=nowarn', join(dir, '..', `${dir.split('/').pop()}.patch`)], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, GIT_CEILING_DIRECTORIES: tmpdir() } });
    return [];
  } catch (e) {
    const stderr = String((e as { stderr?: Buffer }).stderr ?? '');
    return [{ kind: 'patch-rejected', mode: 'dry-run', detail: stderr.slice(0, 1000) }];
  } finally {
    rmSync(join(dir, '..', `${dir.split('/').pop()}.patch`), { force: true });
    rmSync(dir, { recursive: true, force: true });
  }
}
