/**
 * A repository whose `.git/index` is a FIFO blocks `git ls-files` forever. Git runs with its own
 * time limit in its own process group: a single run fails with the reason, a batch reports that
 * repository failed after its time limit (per repository, not per chunk) and always exits.
 */
import { strict as assert } from 'node:assert';
import { execFileSync, spawn } from 'node:child_process';
import { chmodSync, cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GitTimeoutError, runGit, setGitTimeout } from '../../src/io/git';
import { CLI, CliResult } from '../helpers/cli';
import { SAMPLES_DIR } from '../helpers/samples';

/** The CLI, killed (and the test failed) if it has not exited after `limitMs`. */
function boundedCli(args: string[], env: Record<string, string>, limitMs: number): Promise<CliResult & { ms: number }> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const child = spawn(process.execPath, [CLI, ...args], { env: { ...process.env, NO_COLOR: '1', ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const guard = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${args.join(' ')} did not exit within ${limitMs} ms:\n${stderr}`));
    }, limitMs);
    child.on('close', (status) => {
      clearTimeout(guard);
      resolve({ status, stdout, stderr, ms: Date.now() - started });
    });
  });
}

function gitRepo(dir: string, fifoIndex: boolean): void {
  cpSync(join(SAMPLES_DIR, 'go-create-cp', 'input'), dir, { recursive: true });
  const git = (...args: string[]) => execFileSync('git', ['-C', dir, '-c', 'user.name=t', '-c', 'user.email=t@e', ...args], { stdio: 'ignore' });
  git('init', '-q');
  git('add', '-A');
  git('commit', '-qm', 'legacy');
  if (fifoIndex) {
    rmSync(join(dir, '.git', 'index'));
    execFileSync('mkfifo', [join(dir, '.git', 'index')]);
  }
}

describe('safety: git has a time limit; a batch always exits', function () {
  this.timeout(120000);
  let base: string;
  before(() => {
    base = mkdtempSync(join(tmpdir(), 'mm-git-timeout-'));
  });
  after(() => rmSync(base, { recursive: true, force: true }));

  it('a single --dry-run fails with the reason instead of hanging', async () => {
    const repo = join(base, 'one');
    gitRepo(repo, true);
    const r = await boundedCli(['--dry-run', repo], { MULTISTAGE_MIGRATE_GIT_TIMEOUT_MS: '1500' }, 30000);
    assert.equal(r.status, 2, r.stderr);
    assert.match(r.stderr, /git ls-files in .* did not finish within 1\.5 s/);
    assert.doesNotMatch(r.stderr, /internal error|^\s+at /m);
  });

  it('batch --timeout: the repository fails after its own limit, the others are done, and the run exits', async () => {
    const clones = join(base, 'clones');
    mkdirSync(clones);
    // Enough repositories that they travel several to a chunk.
    for (let i = 0; i < 24; i++) gitRepo(join(clones, `r${String(i).padStart(2, '0')}`), i === 5);
    const r = await boundedCli(['batch', '--timeout', '3', '--concurrency', '1', '--no-progress', '--verbose', clones], {}, 90000);
    assert.equal(r.status, 2, r.stderr);
    assert.match(r.stdout, /failed\s+clones\/r05\s+(git ls-files .* did not finish within 3 s|timed out after 3 s)/);
    assert.equal(r.stdout.match(/^would migrate/gm)?.length, 23, r.stdout);
    // A per-chunk limit (or a git without one) would have held the run far longer.
    assert.ok(r.ms < 40000, `the batch took ${r.ms} ms`);
  });

  it('past the limit, git and everything it started are killed (its process group)', () => {
    const bin = join(base, 'bin');
    mkdirSync(bin, { recursive: true });
    // A git that starts a helper and waits for it, as git does with hooks and fsmonitor.
    writeFileSync(join(bin, 'git'), '#!/bin/sh\nsleep 987.25 &\nwait\n');
    chmodSync(join(bin, 'git'), 0o755);
    const path = process.env.PATH;
    process.env.PATH = `${bin}:${path}`;
    setGitTimeout(800);
    try {
      const started = Date.now();
      assert.throws(() => runGit(base, ['ls-files']), (e: unknown) => e instanceof GitTimeoutError && /git ls-files .* did not finish within 0\.8 s/.test(e.message));
      assert.ok(Date.now() - started < 5000);
    } finally {
      process.env.PATH = path;
      setGitTimeout(0);
    }
    const left = (() => {
      try {
        return execFileSync('pgrep', ['-f', 'sleep 987.25'], { encoding: 'utf8' });
      } catch {
        return '';
      }
    })();
    assert.equal(left, '', 'the helper git started is still running');
  });
});
