/** Re-rooting a patch under a repository's path gives what gitPatch(changes, prefix) gives. */
import { strict as assert } from 'node:assert';
import { prefixPatch } from '../../src/batch/patch-prefix';
import { gitPatch } from '../../src/diff/patch';
import type { FileChange } from '../../src/core/file-change';

describe('batch/patch-prefix', () => {
  const changes: FileChange[] = [
    { path: 'Dockerfile', before: 'FROM a\n--- a/x\n+++ b/y\ndiff --git a/q b/q\n', after: 'FROM b\n--- a/x\n+++ b/y\ndiff --git a/q b/q\n', mode: 0o100644 },
    { path: 'docker/Dockerfile.build', before: 'FROM x\n', after: null, mode: 0o100644 },
    { path: 'dir with space/build.sh', before: null, after: '#!/bin/sh\n-- a/z\n', mode: 0o100755 },
    { path: 'b/a b/c', before: '1\n2\n', after: '1\n3\n', mode: 0o100644 },
    { path: 'tab\tdir/ünï/Dockerfile', before: 'x\n', after: 'y\n', mode: 0o100644 },
  ];

  it('only file headers change, hunk lines that look like headers stay', () => {
    for (const prefix of ['clones/api', 'x', 'a b/c', 'clones/t\tab', 'clönes/"q"']) {
      assert.equal(prefixPatch(gitPatch(changes), prefix), gitPatch(changes, prefix), prefix);
    }
  });

  it('no prefix, no patch: unchanged', () => {
    assert.equal(prefixPatch(gitPatch(changes), ''), gitPatch(changes));
    assert.equal(prefixPatch('', 'x'), '');
  });
});
