import assert from 'node:assert/strict';
import { memoryRepo } from '../../../src/core/repo';

describe('core/repo: memoryRepo', () => {
  const repo = memoryRepo({
    'build.sh': { text: '#!/bin/sh\n', mode: 0o755 },
    'Dockerfile': 'FROM a\n',
    'web/src/app.js': 'x',
    'dist/': '',
  });

  it('files, implied parent directories, "dir/" keys and the root', () => {
    assert.equal(repo.typeOf('build.sh'), 'file');
    assert.equal(repo.typeOf('web'), 'dir');
    assert.equal(repo.typeOf('web/src'), 'dir');
    assert.equal(repo.typeOf('dist'), 'dir');
    assert.equal(repo.typeOf(''), 'dir');
    assert.equal(repo.typeOf('nope'), null);
  });

  it('readText: text of files only', () => {
    assert.equal(repo.readText('Dockerfile'), 'FROM a\n');
    assert.equal(repo.readText('web'), null);
    assert.equal(repo.readText('nope'), null);
  });

  it('listDir: sorted names of direct children; null for a file or nothing', () => {
    assert.deepEqual(repo.listDir(''), ['Dockerfile', 'build.sh', 'dist', 'web']);
    assert.deepEqual(repo.listDir('web'), ['src']);
    assert.deepEqual(repo.listDir('dist'), []);
    assert.equal(repo.listDir('build.sh'), null);
    assert.equal(repo.listDir('nope'), null);
  });

  it('modeOf', () => {
    assert.equal(repo.modeOf('build.sh'), 0o755);
    assert.equal(repo.modeOf('Dockerfile'), 0o644);
    assert.equal(repo.modeOf('nope'), null);
  });
});
