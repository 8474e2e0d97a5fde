/**
 * A folder a run mounts that the repository does not hold: who else fills it. A hit means the
 * legacy run read something an empty `mkdir` would not give the migrated build step.
 */
import assert from 'node:assert/strict';
import { memoryRepo } from '../../../src/core/repo';
import { mountFiller, mountFillerOf } from '../../../src/plan/mount-fillers';
import { codes, errorCodes, loadParser, migrate } from '../support/harness';

const GLUE = new Set(['build.sh']);

describe('plan/mount-fillers: who fills a mounted folder the repository lacks', () => {
  before(loadParser);

  it('a `git clone URL` in another script fills the folder named after the URL; `git clone URL DIR` fills DIR', () => {
    const repo = memoryRepo({ 'build.sh': 'docker run -v "$PWD/lib:/src" b\n', 'get.sh': '#!/bin/sh\ngit clone https://h.invalid/lib.git\ngit clone --depth 1 https://h.invalid/x.git vendor/x\n' });
    assert.deepEqual(mountFiller(repo, 'lib', [''], GLUE), { file: 'get.sh', line: 2, how: '`git clone https://h.invalid/lib.git`' });
    assert.equal(mountFiller(repo, 'vendor/x', [''], GLUE)?.line, 3);
    assert.equal(mountFiller(repo, 'vendor', [''], GLUE), null, 'vendor/x is inside vendor, not all of it');
  });

  it('writers count where they write (the last cp operand, tar -C, mkdir), not where they read', () => {
    const repo = memoryRepo({ 'prep.sh': '#!/bin/sh\ncp out/a /tmp/a\ntar -xf in.tar -C sub/in\n', 'Makefile': 'in2:\n\tmkdir -p in2\n' });
    assert.equal(mountFiller(repo, 'out', [''], GLUE), null);
    assert.deepEqual(mountFiller(repo, 'sub/in', [''], GLUE)?.line, 3);
    assert.equal(mountFiller(repo, 'in2', [''], GLUE)?.file, 'Makefile');
  });

  it('a build tool\'s output folder next to its project file: Gradle build/, Maven target/', () => {
    assert.equal(mountFiller(memoryRepo({ 'build.gradle.kts': 'plugins {}\n' }), 'build/libs', [''], GLUE)?.file, 'build.gradle.kts');
    assert.equal(mountFiller(memoryRepo({ 'pom.xml': '<project/>\n' }), 'target', [''], GLUE)?.file, 'pom.xml');
    assert.equal(mountFiller(memoryRepo({ 'go.mod': 'module x\n' }), 'build/libs', [''], GLUE), null);
  });

  it('the glue\'s own files, comments and words with run-time parts are not read as fillers', () => {
    const repo = memoryRepo({ 'build.sh': 'mkdir -p lib\n', 'other.sh': '#!/bin/sh\n# git clone https://h.invalid/lib.git\nmkdir -p "$DIR"/lib\n' });
    assert.equal(mountFillerOf(repo, [{ path: 'build.sh' }])('lib'), null);
  });

  it('the whole planner: a -v folder another script clones is refused at the run, one nothing fills becomes an empty folder', () => {
    const files = (extra: Record<string, string>) => ({
      'build.sh': '#!/bin/sh\ndocker build -t b -f Dockerfile.build .\ndocker run --rm -v "$PWD/src:/work/src" -v "$PWD/out:/work/out" b\ndocker build -t app .\n',
      'Dockerfile.build': 'FROM alpine:3.19\nCMD ["sh", "-c", "cp -r /work/src/. /work/out/"]\n',
      Dockerfile: 'FROM alpine:3.19\nCOPY out/ /srv/\n',
      ...extra,
    });
    const cloned = migrate(files({ 'fetch.sh': '#!/bin/sh\ngit clone https://h.invalid/src.git\n' }));
    assert.equal(cloned.status, 'refused');
    assert.deepEqual(errorCodes(cloned.findings), ['build.sh:3 RUN_MOUNT_MISSING']);
    assert.match(cloned.findings.find((f) => f.code === 'RUN_MOUNT_MISSING')?.message ?? '', /fetch\.sh:2/);
    const empty = migrate(files({}));
    assert.equal(empty.status, 'migrate', codes(empty.findings).join(', '));
  });
});
