/**
 * The bad-input corpus: every `test/bad-inputs/<case>/` is a small repository (plus its
 * `expect.json`) that the compiled CLI must answer clearly: `--dry-run` and `--yes` exit with the
 * expected code (2 unless the case says otherwise), print each expected `file:line: CODE`, never
 * a stack trace, never anything from outside the repository, and change no file, inside the
 * repository or beside it.
 *
 * expect.json: `description`; `modes` (default `["dry-run", "yes"]`; also `undo` and
 * `batch-write`, for the other commands that write); `findings` (`file:line: CODE`, each must be
 * printed); `exit` (a number, or one per mode: `{ "dry-run": 0, "yes": 2 }`); `stderr` (patterns
 * that must match, or one list per mode); `symlinks` (path → target, `{outside}` for the absolute
 * path of the folder beside the repository); `outside` (more files of that folder: path → text);
 * `generate` (files too large to keep in git: head, a repeated line up to `bytes`, tail); `after`
 * (for cases that migrate: `{ path: { startsWithBytes: hex } }`).
 */
import { strict as assert } from 'node:assert';
import { execFile } from 'node:child_process';
import { chmodSync, cpSync, lstatSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { CLI } from '../helpers/cli';
import { snapshot } from '../helpers/tree-snapshot';

const CASES_DIR = __dirname;
/** Written beside every repository; it must never show up in the output. */
const CANARY = 'CANARY-OUTSIDE-THE-REPOSITORY-5d41402a';

type Mode = 'dry-run' | 'yes' | 'undo' | 'batch-write';

/** The command line of each mode, for the repository `repo`. */
const ARGS: Record<Mode, (repo: string) => string[]> = {
  'dry-run': (repo) => ['--dry-run', repo],
  yes: (repo) => ['--yes', repo],
  undo: (repo) => ['undo', repo],
  'batch-write': (repo) => ['batch', '--write', '--no-progress', repo],
};

interface Expect {
  description: string;
  modes?: Mode[];
  findings: string[];
  exit?: number | Partial<Record<Mode, number>>;
  stderr?: string[] | Partial<Record<Mode, string[]>>;
  symlinks?: Record<string, string>;
  outside?: Record<string, string>;
  generate?: Record<string, { head: string; repeat: string; bytes: number; tail: string; mode?: string }>;
  after?: Record<string, { startsWithBytes: string }>;
}

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

interface CaseResult {
  expect: Expect;
  runs: Partial<Record<Mode, { run: Run; before: Map<string, string>; after: Map<string, string>; repo: string }>>;
}

export function listCases(): string[] {
  return readdirSync(CASES_DIR)
    .filter((n) => lstatSync(join(CASES_DIR, n)).isDirectory())
    .sort();
}

/** A fresh copy of the case: `<tmp>/repo` (the repository) and `<tmp>/outside` (a folder beside it holding the canary). */
export function materialize(name: string): { base: string; repo: string; expect: Expect } {
  const expect = JSON.parse(readFileSync(join(CASES_DIR, name, 'expect.json'), 'utf8')) as Expect;
  const base = mkdtempSync(join(tmpdir(), `mm-bad-${name}-`));
  const repo = join(base, 'repo');
  const outside = join(base, 'outside');
  mkdirSync(outside);
  writeFileSync(join(outside, 'Dockerfile.build'), `FROM golang:1.22\nRUN echo ${CANARY}\nRUN go build -o /out/app .\n`);
  writeFileSync(join(outside, 'build.sh'), `#!/bin/sh\n# ${CANARY}\ndocker build -f Dockerfile.build -t app-builder .\ndocker create --name app-x app-builder\ndocker cp app-x:/out/app ./app\ndocker build -t app .\n`, { mode: 0o755 });
  writeFileSync(join(outside, 'secret.txt'), `${CANARY}\n`);
  for (const [path, text] of Object.entries(expect.outside ?? {})) writeFileSync(join(outside, path), text);
  cpSync(join(CASES_DIR, name), repo, { recursive: true, verbatimSymlinks: true, filter: (src) => !src.endsWith('/expect.json') });
  for (const [path, target] of Object.entries(expect.symlinks ?? {})) {
    mkdirSync(dirname(join(repo, path)), { recursive: true });
    symlinkSync(target.replace('{outside}', outside), join(repo, path));
  }
  for (const [path, g] of Object.entries(expect.generate ?? {})) {
    const body = g.repeat.repeat(Math.ceil(g.bytes / g.repeat.length));
    writeFileSync(join(repo, path), g.head + body + g.tail);
    if (g.mode) chmodSync(join(repo, path), parseInt(g.mode, 8));
  }
  return { base, repo, expect };
}

function runCli(args: string[]): Promise<Run> {
  return new Promise((resolve) => {
    execFile(process.execPath, [CLI, ...args], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' }, maxBuffer: 64 * 1024 * 1024 }, (err, stdout, stderr) => {
      resolve({ code: err ? ((err as { code?: number }).code ?? null) : 0, stdout, stderr });
    });
  });
}

async function runCase(name: string): Promise<CaseResult> {
  const result: CaseResult = { expect: JSON.parse(readFileSync(join(CASES_DIR, name, 'expect.json'), 'utf8')) as Expect, runs: {} };
  for (const mode of modesOf(result.expect)) {
    const { base, repo } = materialize(name);
    try {
      const before = snapshot(base);
      const run = await runCli(ARGS[mode](repo));
      result.runs[mode] = { run, before, after: snapshot(base), repo };
    } finally {
      rmSync(base, { recursive: true, force: true });
    }
  }
  return result;
}

async function pool<T, R>(items: T[], limit: number, fn: (t: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) {
        const i = next++;
        out[i] = await fn(items[i]);
      }
    }),
  );
  return out;
}

function modesOf(e: Expect): Mode[] {
  return e.modes ?? ['dry-run', 'yes'];
}

function expectedExit(e: Expect, mode: Mode): number {
  if (typeof e.exit === 'number') return e.exit;
  return e.exit?.[mode] ?? 2;
}

describe('bad inputs: a clear answer, exit code, no stack trace, no file changed', function () {
  const names = listCases();
  // Every case runs two CLI processes in the hook below: its time grows with the corpus and with how busy the machine is.
  this.timeout(Math.max(120000, names.length * 5000));
  const results = new Map<string, CaseResult>();
  before(async () => {
    const all = await pool(names, 6, runCase);
    names.forEach((n, i) => results.set(n, all[i]));
  });

  for (const name of names) {
    it(name, () => {
      const r = results.get(name) as CaseResult;
      const e = r.expect;
      for (const mode of modesOf(e)) {
        const { run, before, after, repo } = r.runs[mode] as NonNullable<CaseResult['runs'][Mode]>;
        const out = `${run.stdout}\n${run.stderr}`;
        const where = `${mode} of ${name}:\n${run.stderr}\n${run.stdout}`;
        assert.equal(run.code, expectedExit(e, mode), `exit code of ${where}`);
        for (const f of e.findings) assert.ok(run.stderr.split('\n').some((l) => l.startsWith(`${f} `)), `\`${f}\` missing from ${where}`);
        // batch prints a repository's refusal on stdout: the patterns are looked for in both.
        for (const pattern of (Array.isArray(e.stderr) ? e.stderr : e.stderr?.[mode]) ?? []) assert.match(mode === 'batch-write' ? out : run.stderr, new RegExp(pattern), where);
        assert.doesNotMatch(out, /^\s+at .+:\d+:\d+\)?$/m, `a stack trace leaked: ${where}`);
        assert.doesNotMatch(out, /internal error|TypeError|RangeError|ReferenceError/, `a crash: ${where}`);
        assert.ok(!out.includes(CANARY), `${where}\nprinted text from outside the repository`);
        const changed = run.code === 0 && mode === 'yes' && e.after;
        if (!changed) {
          assert.deepEqual([...after.entries()], [...before.entries()], `${mode} changed files of ${name}`);
        } else {
          const outside = (m: Map<string, string>) => [...m.entries()].filter(([k]) => k.startsWith('outside'));
          assert.deepEqual(outside(after), outside(before), 'a file outside the repository changed');
          for (const [path, want] of Object.entries(e.after ?? {})) {
            const entry = after.get(`repo/${path}`) ?? '';
            const bytes = Buffer.from(entry.split(' ')[2] ?? '', 'base64');
            assert.equal(bytes.subarray(0, want.startsWithBytes.length / 2).toString('hex'), want.startsWithBytes, `${path} after --yes in ${repo}`);
          }
        }
      }
    });
  }
});
