/** Reading a repository from disk never goes outside it, and says why a file cannot be read. */
import { strict as assert } from 'node:assert';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MAX_TEXT_BYTES, openRepo } from '../../src/io/repo-fs';

describe('safety: reading the repository (io/repo-fs)', () => {
  let base: string;
  let repo: string;
  before(() => {
    base = mkdtempSync(join(tmpdir(), 'mm-repofs-'));
    repo = join(base, 'repo');
    mkdirSync(join(base, 'outside', 'workflows'), { recursive: true });
    writeFileSync(join(base, 'outside', 'workflows', 'ci.yml'), 'jobs: {}\n');
    writeFileSync(join(base, 'outside', 'build.sh'), 'docker build .\n');
    mkdirSync(join(repo, 'docker'), { recursive: true });
    writeFileSync(join(repo, 'docker', 'Dockerfile'), 'FROM alpine\n');
    symlinkSync('../outside', join(repo, '.github'));
    symlinkSync(join(base, 'outside', 'build.sh'), join(repo, 'build.sh'));
    symlinkSync('docker/Dockerfile', join(repo, 'Dockerfile'));
    symlinkSync('docker', join(repo, 'docker-link'));
    symlinkSync('b', join(repo, 'a'));
    symlinkSync('a', join(repo, 'b'));
    writeFileSync(join(repo, 'latin1.sh'), Buffer.from('#!/bin/sh\n# caf\xe9\n', 'latin1'));
    writeFileSync(join(repo, 'bin.sh'), Buffer.from([0x23, 0x21, 0x0a, 0x0a, 0x00, 0x01]));
    writeFileSync(join(repo, 'bom'), Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('FROM alpine\n')]));
    writeFileSync(join(repo, 'huge'), Buffer.alloc(MAX_TEXT_BYTES + 1, 0x61));
  });
  after(() => rmSync(base, { recursive: true, force: true }));

  it('lists and reads nothing through a link that leaves the repository', () => {
    const r = openRepo(repo, { git: false });
    assert.equal(r.typeOf('.github'), 'symlink');
    assert.equal(r.listDir('.github/workflows'), null);
    assert.equal(r.typeOf('.github/workflows/ci.yml'), null);
    assert.equal(r.readText('.github/workflows/ci.yml'), null);
    assert.equal(r.readText('build.sh'), null);
    assert.equal(r.problem?.('build.sh')?.kind, 'outside');
    assert.equal(r.problem?.('.github/workflows/ci.yml')?.via, '.github');
  });

  it('follows links that stay inside', () => {
    const r = openRepo(repo, { git: false });
    assert.equal(r.readText('Dockerfile'), 'FROM alpine\n');
    assert.equal(r.problem?.('Dockerfile'), null);
    assert.equal(r.readText('docker-link/Dockerfile'), 'FROM alpine\n');
  });

  it('never reads outside through `..` in a path, whatever the path names', () => {
    const r = openRepo(repo, { git: false });
    assert.equal(r.readText('docker/../../outside/build.sh'), null);
    assert.equal(r.readBytes('../outside/build.sh'), null);
    assert.equal(r.readText('docker/../docker/Dockerfile'), 'FROM alpine\n');
  });

  it('says why a file is not text: loop, encoding (with the line), binary, size; a BOM is read past', () => {
    const r = openRepo(repo, { git: false });
    assert.equal(r.problem?.('a')?.kind, 'loop');
    assert.deepEqual({ kind: r.problem?.('latin1.sh')?.kind, line: r.problem?.('latin1.sh')?.line }, { kind: 'encoding', line: 2 });
    assert.deepEqual({ kind: r.problem?.('bin.sh')?.kind, line: r.problem?.('bin.sh')?.line }, { kind: 'binary', line: 3 });
    assert.equal(r.problem?.('huge')?.kind, 'too-large');
    assert.equal(r.readText('bom'), 'FROM alpine\n');
    assert.equal(r.problem?.('bom'), null);
    assert.equal(r.problem?.('missing'), null);
  });
});
