/**
 * Run from any folder of a repository: the setup is found as `batch` finds it (git's work
 * tree, then the setups below DIR, or the one holding it), paths are shown from DIR, and a
 * monorepo root's --check and --dry-run take every nested setup.
 */
import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../helpers/cli';
import { SAMPLES_DIR } from '../helpers/samples';

function gitRepo(files: Record<string, string>, samples: Record<string, string>): string {
  const root = realpathSync(mkdtempSync(join(tmpdir(), 'mm-any-folder-')));
  for (const [dir, sample] of Object.entries(samples)) cpSync(join(SAMPLES_DIR, sample, 'input'), join(root, dir), { recursive: true });
  for (const [p, text] of Object.entries(files)) {
    mkdirSync(join(root, p, '..'), { recursive: true });
    writeFileSync(join(root, p), text);
  }
  execFileSync('git', ['init', '-q', root]);
  execFileSync('git', ['-C', root, 'add', '-A']);
  execFileSync('git', ['-C', root, '-c', 'user.email=t@t', '-c', 'user.name=t', 'commit', '-qm', 'init']);
  return root;
}

describe('cli: run from any folder of a repository', () => {
  let root: string;
  beforeEach(() => {
    root = gitRepo({ 'svc/api/src/.keep': '', 'docs/README.md': 'docs\n' }, { 'svc/api': 'go-create-cp', 'svc/web': 'go-create-cp' });
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('from a sub-folder of a setup: the setup above it, paths relative to the folder', () => {
    const r = runCli(['--check'], join(root, 'svc/api/src'));
    assert.equal(r.status, 1, r.stderr);
    assert.equal(r.stdout, '../Dockerfile: would migrate (../build.sh → one multi-stage build)\n');
  });

  it('from a sub-folder: --dry-run keeps the repository paths when the change reaches above it, and says so', () => {
    const r = runCli(['--dry-run'], join(root, 'svc/api/src'));
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /^diff --git a\/svc\/api\/Dockerfile b\/svc\/api\/Dockerfile$/m);
    assert.match(r.stderr, /paths are relative to the repository root/);
    execFileSync('git', ['-C', root, 'apply', '--check', '-'], { input: r.stdout });
  });

  it('from a sub-folder: --yes writes the setup that holds it', () => {
    const r = runCli(['--yes'], join(root, 'svc/api/src'));
    assert.equal(r.status, 0, r.stderr);
    assert.match(readFileSync(join(root, 'svc/api/Dockerfile'), 'utf8'), /COPY --from=myapp-builder/);
    assert.doesNotMatch(readFileSync(join(root, 'svc/web/Dockerfile'), 'utf8'), /COPY --from/);
  });

  it('at the monorepo root: --check finds every nested setup, --dry-run prints each patch, --yes asks for one', () => {
    const check = runCli(['--check'], root);
    assert.equal(check.status, 1, check.stderr);
    assert.equal(check.stdout, 'svc/api/Dockerfile: would migrate (svc/api/build.sh → one multi-stage build)\nsvc/web/Dockerfile: would migrate (svc/web/build.sh → one multi-stage build)\n');
    const dry = runCli(['--dry-run'], root);
    assert.equal(dry.status, 0, dry.stderr);
    execFileSync('git', ['-C', root, 'apply', '--check', '-'], { input: dry.stdout });
    const yes = runCli(['--yes'], root);
    assert.equal(yes.status, 2);
    assert.match(yes.stderr, /holds 2 builder-pattern setups \(svc\/api, svc\/web\)/);
  });

  it('a refused nested setup makes the root --check exit 2, with its findings relative to DIR', () => {
    writeFileSync(join(root, 'svc/web/build.sh'), '#!/bin/sh\ndocker build -f Dockerfile.build -t b .\ndocker create --name x b\ndocker cp x:/go/bin/myapp "$1"\n');
    const r = runCli(['--check'], root);
    assert.equal(r.status, 2);
    assert.match(r.stderr, /^svc\/web\/build\.sh:4: GLUE_POSITIONAL_PARAMETER/m);
    mkdirSync(join(root, 'svc/web/src'));
    const below = runCli(['--check'], join(root, 'svc/web/src'));
    assert.equal(below.status, 2);
    assert.match(below.stderr, /^\.\.\/build\.sh:4: GLUE_POSITIONAL_PARAMETER/m);
  });

  it('from a folder that holds no setup and is in none: nothing to do', () => {
    const r = runCli(['--check'], join(root, 'docs'));
    assert.equal(r.status, 0, r.stderr);
  });
});
