import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, lstatSync, mkdirSync, mkdtempSync, readFileSync, readlinkSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { copyWorkingTree } from '../../../src/verify/verify';

describe('verify/copyWorkingTree', () => {
  let dir: string;
  let source: string;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'mm-copy-test-'));
    source = join(dir, 'repo');
    mkdirSync(join(source, 'bin'), { recursive: true });
    writeFileSync(join(source, 'build.sh'), '#!/bin/sh\n');
    chmodSync(join(source, 'build.sh'), 0o4755);
    writeFileSync(join(source, 'bin', 'tool'), 'tool\n');
    chmodSync(join(source, 'bin'), 0o750);
    symlinkSync('bin/tool', join(source, 'tool-link'));
    symlinkSync('nowhere', join(source, 'dangling'));
    writeFileSync(join(source, 'artifact'), 'left over from a build\n');
    writeFileSync(join(source, '.gitignore'), '/artifact\n');
  });

  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  function mode(path: string): number {
    return statSync(path).mode & 0o7777;
  }

  it('copies everything but .git outside git, with modes and symlinks as they are', () => {
    mkdirSync(join(source, '.git'));
    mkdirSync(join(source, 'empty'));
    const dest = join(dir, 'copy');
    copyWorkingTree(source, dest);
    assert.equal(mode(join(dest, 'build.sh')), 0o4755);
    assert.equal(mode(join(dest, 'bin')), 0o750);
    assert.equal(readFileSync(join(dest, 'bin', 'tool'), 'utf8'), 'tool\n');
    assert.equal(readlinkSync(join(dest, 'tool-link')), 'bin/tool');
    assert.ok(lstatSync(join(dest, 'dangling')).isSymbolicLink());
    assert.ok(existsSync(join(dest, 'artifact')));
    assert.ok(existsSync(join(dest, 'empty')));
    assert.ok(!existsSync(join(dest, '.git')));
  });

  it('copies what a clean checkout holds in a git work tree: tracked and untracked files, not ignored ones', () => {
    const git = (...args: string[]) => execFileSync('git', ['-C', source, ...args], { stdio: 'ignore' });
    git('init', '-q');
    git('add', 'build.sh', 'bin/tool', '.gitignore');
    writeFileSync(join(source, 'untracked.txt'), 'new\n');
    writeFileSync(join(source, 'deleted.txt'), 'x\n');
    git('add', 'deleted.txt');
    rmSync(join(source, 'deleted.txt'));
    const dest = join(dir, 'copy');
    copyWorkingTree(source, dest);
    assert.ok(existsSync(join(dest, 'untracked.txt')));
    assert.ok(!existsSync(join(dest, 'artifact')), 'ignored');
    assert.ok(!existsSync(join(dest, 'deleted.txt')), 'deleted from the work tree');
    assert.ok(!existsSync(join(dest, '.git')));
    assert.equal(mode(join(dest, 'build.sh')), 0o4755);
    assert.equal(readlinkSync(join(dest, 'tool-link')), 'bin/tool');
  });
});
