/**
 * The command line's manners: help and version like git, one line for a mistyped flag, the most
 * relevant error first, and a closed pipe that ends quietly.
 */
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { closeSync, openSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { CLI, runCli, sampleCopy } from '../helpers/cli';

const VERSION = (JSON.parse(readFileSync(join(__dirname, '..', '..', 'package.json'), 'utf8')) as { version: string }).version;

/** Runs the CLI with stdout a pipe whose reader is already gone. */
function intoClosedPipe(args: string[]): { status: number | null; stderr: string } {
  const r = spawnSync('sh', ['-c', `"$0" "$@" | true`, process.execPath, CLI, ...args], { encoding: 'utf8' });
  return { status: r.status, stderr: r.stderr };
}

describe('cli: usage', function () {
  this.timeout(30000);
  let dir = '';
  before(() => (dir = sampleCopy('go-create-cp')));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('-v, -V and --version print the version', () => {
    for (const flag of ['-v', '-V', '--version']) {
      const r = runCli([flag]);
      assert.equal(r.status, 0);
      assert.equal(r.stdout, `${VERSION}\n`);
    }
  });

  it('help CMD prints what CMD --help prints, for every command', () => {
    for (const cmd of ['explain', 'verify', 'undo', 'batch']) {
      const a = runCli(['help', cmd]);
      const b = runCli([cmd, '--help']);
      assert.equal(a.status, 0, a.stderr);
      assert.match(a.stdout, new RegExp(`^Usage: multistage-migrate ${cmd} `));
      assert.equal(a.stdout, b.stdout);
    }
    assert.equal(runCli(['help']).stdout, runCli(['--help']).stdout);
  });

  it('an unknown flag is one line naming the nearest flag and --help, exit 2', () => {
    for (const [args, near] of [
      [['--dry-rn', dir], '--dry-run'],
      [['explain', '--frmat', 'json', dir], '--format'],
      [['batch', '--wrte', dir], '--write'],
    ] as const) {
      const r = runCli([...args]);
      assert.equal(r.status, 2);
      assert.equal(r.stderr.trimEnd().split('\n').length, 1, r.stderr);
      assert.ok(r.stderr.includes(near) && r.stderr.includes('--help'), r.stderr);
      assert.equal(r.stdout, '');
    }
  });

  it('a DIR that is not there is said before "not a terminal"', () => {
    const r = runCli([join(dir, 'nope')], process.cwd(), '');
    assert.equal(r.status, 2);
    assert.match(r.stderr, /nope is not a directory/);
    assert.doesNotMatch(r.stderr, /terminal/);
  });

  it('--script that is missing is a usage error naming the file; a Dockerfile is said not to be glue', () => {
    const missing = runCli(['--script', 'nope.sh', dir], process.cwd(), '');
    assert.equal(missing.status, 2);
    assert.match(missing.stderr, /--script nope\.sh: no such file/);
    assert.doesNotMatch(missing.stderr, /terminal/);
    for (const name of ['Dockerfile', 'Dockerfile.build']) {
      const r = runCli(['--dry-run', '--script', name, dir]);
      assert.equal(r.status, 2);
      assert.match(r.stderr, new RegExp(`--script ${name.replace('.', '\\.')} is a Dockerfile, not glue`));
    }
    assert.equal(runCli(['--dry-run', '--script', 'build.sh', dir]).status, 0);
  });

  it('a closed pipe ends quietly with exit 0 (--help, --dry-run, explain, batch)', () => {
    for (const args of [['--help'], ['--dry-run', dir], ['explain', dir], ['batch', dir]]) {
      const r = intoClosedPipe(args);
      assert.equal(r.status, 0, `${args.join(' ')}: ${r.stderr}`);
      assert.equal(r.stderr.includes('EPIPE') || r.stderr.includes('Error'), false, r.stderr);
    }
  });

  it('installs as the README says: the bin is the compiled CLI with a shebang; clone, tarball and npx are each explained', () => {
    const pkg = JSON.parse(readFileSync(join(__dirname, '..', '..', 'package.json'), 'utf8')) as { bin: Record<string, string>; files: string[] };
    const bin = join(__dirname, '..', '..', pkg.bin['multistage-migrate']);
    assert.equal(bin, CLI);
    assert.match(readFileSync(bin, 'utf8'), /^#!\/usr\/bin\/env node\n/);
    const readme = readFileSync(join(__dirname, '..', '..', 'README.md'), 'utf8');
    const install = readme.slice(readme.indexOf('## Install'), readme.indexOf('## Quick start'));
    for (const step of ['npm link', 'npm install -g .', 'npm pack', 'npx multistage-migrate@', 'tree-sitter-bash', '--ignore-scripts']) assert.ok(install.includes(step), `the install section does not say ${step}`);
  });

  it('every command and option of --help is in the README', () => {
    const readme = readFileSync(join(__dirname, '..', '..', 'README.md'), 'utf8');
    for (const args of [['--help'], ['batch', '--help'], ['verify', '--help']]) {
      const flags = runCli(args).stdout.match(/^\s+(?:-\w, )?(--[a-z-]+)/gm) ?? [];
      for (const f of flags.map((x) => x.trim().replace(/^-\w, /, ''))) if (f !== '--help' && f !== '--version') assert.ok(readme.includes(f), `${args.join(' ')}: ${f} is not in the README`);
    }
    for (const cmd of ['explain', 'verify', 'undo', 'batch']) assert.ok(readme.includes(`multistage-migrate ${cmd} `), cmd);
  });
});
