import { strict as assert } from 'node:assert';
import { createHash } from 'node:crypto';
import { compareSnapshots } from '../../../src/verify/image-compare';
import type { FileEntry, ImageSnapshot } from '../../../src/verify/image-snapshot';
import { splitMigratedFiles } from '../../../src/verify/migrated-files';

const sha = (s: string) => createHash('sha256').update(s).digest('hex');

function file(path: string, content: string, mode = '0644'): FileEntry {
  return { path, type: 'file', mode, uid: 0, gid: 0, size: content.length, linkTarget: null, sha256: sha(content), device: null, hardlinkedWith: [], xattrs: {} };
}

function image(entries: FileEntry[]): ImageSnapshot {
  return { imageRef: 'x', imageId: 'sha256:x', entries, engineDirs: [], config: {} as ImageSnapshot['config'] };
}

describe('splitMigratedFiles', () => {
  const changes = [
    { path: 'build.sh', before: 'old glue\n', after: 'new glue\n', mode: 0o100755 },
    { path: 'Dockerfile.build', before: 'FROM golang\n', after: null, mode: 0o100644 },
  ];

  it('sets apart rewritten and deleted repository files that the image copied in', () => {
    const legacy = image([file('src/build.sh', 'old glue\n'), file('src/Dockerfile.build', 'FROM golang\n'), file('src/app', 'v1')]);
    const migrated = image([file('src/build.sh', 'new glue\n'), file('src/app', 'v1')]);
    const split = splitMigratedFiles(compareSnapshots(legacy, migrated), legacy, migrated, changes);
    assert.deepEqual(split.real, []);
    assert.deepEqual(split.migratedFiles, ['src/Dockerfile.build', 'src/build.sh']);
  });

  it('keeps every other difference, even at the same path', () => {
    const legacy = image([file('src/build.sh', 'old glue\n'), file('usr/bin/app', 'v1', '0755')]);
    const migrated = image([file('src/build.sh', 'something else\n'), file('usr/bin/app', 'v1', '0750')]);
    const split = splitMigratedFiles(compareSnapshots(legacy, migrated), legacy, migrated, changes);
    assert.deepEqual(split.real.map((d) => (d.kind === 'entry' ? `${d.path} ${d.attribute}` : d.kind)).sort(), ['src/build.sh sha256', 'src/build.sh size', 'usr/bin/app mode']);
    assert.deepEqual(split.migratedFiles, []);
  });

  it('does not excuse a mode change of a migrated file', () => {
    const legacy = image([file('src/build.sh', 'old glue\n', '0755')]);
    const migrated = image([file('src/build.sh', 'new glue\n', '0644')]);
    const split = splitMigratedFiles(compareSnapshots(legacy, migrated), legacy, migrated, changes);
    assert.ok(split.real.some((d) => d.kind === 'entry' && d.attribute === 'mode'));
  });
});
