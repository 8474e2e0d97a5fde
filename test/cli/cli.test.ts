/** The command line without a terminal: modes, exit codes, output formats. */
import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readTree } from '../helpers/samples';
import { runCli, sampleCopy } from '../helpers/cli';

const git = (dir: string, ...args: string[]) => execFileSync('git', ['-C', dir, ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });

function gitRepo(dir: string): void {
  git(dir, 'init', '-q');
  git(dir, '-c', 'user.name=t', '-c', 'user.email=t@e', 'add', '-A');
  git(dir, '-c', 'user.name=t', '-c', 'user.email=t@e', 'commit', '-qm', 'legacy');
}

describe('command line', function () {
  this.timeout(30000);
  const dirs: string[] = [];
  const copy = (name: string) => {
    const d = sampleCopy(name);
    dirs.push(d);
    return d;
  };
  after(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

  it('--dry-run prints a patch that git apply accepts and that gives what --yes writes', () => {
    const a = copy('go-create-cp');
    const b = copy('go-create-cp');
    gitRepo(a);
    const dry = runCli(['--dry-run', a]);
    assert.equal(dry.status, 0, dry.stderr);
    assert.match(dry.stdout, /^diff --git a\/Dockerfile b\/Dockerfile$/m);
    assert.match(dry.stdout, /^deleted file mode 100644$/m);
    assert.deepEqual(readTree(a).get('Dockerfile.build') !== undefined, true, '--dry-run wrote something');
    writeFileSync(join(a, '..', `${a.split('/').pop()}.patch`), dry.stdout);
    execFileSync('git', ['-C', a, 'apply', '--whitespace=nowarn', join(a, '..', `${a.split('/').pop()}.patch`)]);
    const yes = runCli(['--yes', b]);
    assert.equal(yes.status, 0, yes.stderr);
    const ta = readTree(a);
    const tb = readTree(b);
    ta.delete('.git');
    for (const k of [...ta.keys()]) if (k.startsWith('.git/')) ta.delete(k);
    for (const k of [...tb.keys()]) if (k.startsWith('.multistage-migrate-backup/')) tb.delete(k);
    assert.deepEqual([...ta.entries()], [...tb.entries()]);
  });

  it('--check exits 1 when there is work and 0 once migrated (a fixed point)', () => {
    const d = copy('go-create-cp');
    const check = runCli(['--check', d]);
    assert.equal(check.status, 1);
    assert.match(check.stdout, /would migrate/);
    assert.equal(runCli(['--yes', d]).status, 0);
    const again = runCli(['--check', d]);
    assert.equal(again.status, 0, again.stdout + again.stderr);
    assert.equal(runCli(['--dry-run', d]).stdout, '');
  });

  it('refuses without a terminal unless told what to do, and writes nothing', () => {
    const d = copy('go-create-cp');
    const r = runCli([d], process.cwd(), '');
    assert.equal(r.status, 2);
    assert.match(r.stderr, /not a terminal.*--dry-run.*--yes.*--check/);
    assert.ok(existsSync(join(d, 'Dockerfile.build')));
  });

  it('a refusal prints file:line: CODE, exits 2 and leaves every file alone', () => {
    const d = copy('refuse-cp-file-trailing-slash');
    const before = readTree(d);
    const r = runCli(['--yes', d]);
    assert.equal(r.status, 2);
    assert.match(r.stderr, /^build\.sh:5: LEGACY_CP_FAILS /m);
    assert.doesNotMatch(r.stderr, /at .*\.js:\d+/, 'a stack trace leaked');
    assert.deepEqual(readTree(d), before);
  });

  it('--format json gives the status, the moves with evidence and the patch', () => {
    const d = copy('go-create-cp');
    const r = runCli(['--dry-run', '--format', 'json', d]);
    assert.equal(r.status, 0);
    const doc = JSON.parse(r.stdout) as { status: string; moves: { builderPath: string; evidence: string[] }[]; files: { path: string; action: string }[]; patch: string };
    assert.equal(doc.status, 'would-migrate');
    assert.equal(doc.moves[0].builderPath, '/go/bin/myapp');
    assert.ok(doc.moves[0].evidence.some((e) => e.startsWith('build.sh:11:')));
    assert.deepEqual(doc.files.map((f) => `${f.action} ${f.path}`).sort(), ['delete Dockerfile.build', 'rewrite Dockerfile', 'rewrite build.sh']);
    assert.match(doc.patch, /^diff --git/);
  });

  it('--script given twice names the glue in run order: one pipeline, setup.scripts in that order', () => {
    const d = copy('go-compile-then-package');
    const r = runCli(['--dry-run', '--format', 'json', '--script', './compile.sh', '--script', 'package.sh', d]);
    assert.equal(r.status, 0, r.stderr);
    const doc = JSON.parse(r.stdout) as { setup: { glue: string; scripts: string[] } };
    assert.deepEqual([doc.setup.glue, doc.setup.scripts], ['compile.sh', ['compile.sh', 'package.sh']]);
    const explain = runCli(['explain', '--script', 'compile.sh', '--script', 'package.sh', d]);
    assert.match(explain.stdout, /^Glue: compile\.sh, then package\.sh \(run in this order\)$/m);
  });

  it('explain cites the glue and Dockerfile lines behind each move', () => {
    const r = runCli(['explain', copy('go-create-cp')]);
    assert.equal(r.status, 0);
    assert.match(r.stdout, /build\.sh:11: docker cp …:\/go\/bin\/myapp → myapp/);
    assert.match(r.stdout, /Dockerfile\.build:9: \/go\/bin\/myapp is a file/);
    assert.match(r.stdout, /Dockerfile:5: the runtime copies myapp/);
  });

  it('says there is nothing to do (exit 0) where no builder pattern is', () => {
    const d = mkdtempSync(join(tmpdir(), 'mm-empty-'));
    dirs.push(d);
    writeFileSync(join(d, 'Dockerfile'), 'FROM alpine\nCOPY . /app\n');
    writeFileSync(join(d, 'build.sh'), '#!/bin/sh\ndocker build -t app .\n');
    const r = runCli(['--dry-run', d]);
    assert.equal(r.status, 0);
    assert.equal(r.stdout, '');
    assert.match(r.stderr, /Nothing to do/);
  });

  it('rejects contradictory modes and unknown formats with exit 2', () => {
    const d = copy('go-create-cp');
    assert.equal(runCli(['--dry-run', '--yes', d]).status, 2);
    const bad = runCli(['--dry-run', '--format', 'xml', d]);
    assert.equal(bad.status, 2);
    assert.match(bad.stderr, /--format must be text, json or markdown/);
    assert.equal(runCli(['--dry-run', join(d, 'missing')]).status, 2);
  });

  it('--keep-legacy keeps the builder Dockerfile', () => {
    const d = copy('go-create-cp');
    assert.equal(runCli(['--yes', '--keep-legacy', d]).status, 0);
    assert.ok(existsSync(join(d, 'Dockerfile.build')));
    assert.match(readFileSync(join(d, 'Dockerfile'), 'utf8'), /AS myapp-builder/);
  });
});
