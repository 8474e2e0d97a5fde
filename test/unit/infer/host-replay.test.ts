/** Which glue steps a replay stage must repeat, and which repository files they read. */
import assert from 'node:assert/strict';
import { planHostReplay } from '../../../src/infer/host-replay';
import { codes, loadParser } from '../support/harness';
import { readGlue, script } from '../support/glue';

const GO = 'FROM golang:1.22\nRUN go build -o /out/app .\n';

/** The glue lines between the container and the runtime build; the runtime copies `copy`. */
function replayOf(middle: string[], extra: Record<string, string> = {}, copy = 'out') {
  const glue = script('docker build -f Dockerfile.build -t b .', 'docker create --name x b', ...middle, 'docker rm x', 'docker build -t app .');
  const read = readGlue({ 'build.sh': glue, 'Dockerfile.build': GO, Dockerfile: `FROM alpine:3.19\nCOPY ${copy} /usr/local/bin/\n`, ...extra });
  if (read.roles.ok !== true) throw new Error(JSON.stringify(read.roles));
  const replay = planHostReplay(read.steps, read.roles.roles, read.repo);
  return { replay, lines: replay?.steps.map((s) => s.origin.line) ?? [] };
}

describe('infer/host-replay', () => {
  before(loadParser);

  it('plain docker cp, nothing done to the files afterwards: no replay (the copies are placed directly)', () => {
    assert.equal(replayOf(['docker cp x:/out/app ./app'], {}, 'app').replay, null);
  });

  it('a host step on what docker cp wrote is replayed, with the extraction and the mkdir it needed', () => {
    const { replay, lines } = replayOf(['mkdir -p out', 'docker cp x:/out/app out/app', 'chmod 0500 out/app', 'mv out/app out/server']);
    assert.ok(replay);
    assert.deepEqual(lines, [5, 6, 7, 8]);
    assert.ok(replay.derived.includes('out/app') && replay.derived.includes('out/server'), replay.derived.join(','));
    assert.deepEqual(replay.findings, []);
  });

  it('a host step on unrelated repository files is not part of the replay', () => {
    const { replay, lines } = replayOf(['mkdir -p out', 'docker cp x:/out/app out/app', 'chmod 0500 out/app', 'chmod 0644 README.md'], { 'README.md': 'x\n' });
    assert.ok(replay);
    assert.ok(!lines.includes(8), lines.join(','));
  });

  it('a repository file a replayed cp reads is an input the stage copies from the context', () => {
    const { replay } = replayOf(['mkdir -p out', 'docker cp x:/out/app out/app', 'chmod 0500 out/app', 'cp config.yml out/config.yml'], { 'config.yml': 'a: 1\n' });
    assert.ok(replay);
    assert.deepEqual(replay.inputs, ['config.yml']);
  });

  it('a tar stream is always replayed, and the directory it unpacks into is derived', () => {
    const { replay } = replayOf(['mkdir out', 'docker cp x:/out - | tar -x -C out']);
    assert.ok(replay);
    assert.ok(replay.derived.includes('out'), replay.derived.join(','));
  });

  it('docker cp C:/out/app - | tar -x: the archive holds only `app`, so only that is derived, and nothing is opaque', () => {
    const { replay } = replayOf(['docker cp x:/out/app - | tar -xf -'], { 'README.md': 'x\n' }, 'app');
    assert.ok(replay);
    assert.deepEqual(replay.derived, ['app']);
    assert.deepEqual(replay.opaque, []);
    const into = replayOf(['mkdir -p dist', 'docker cp x:/out/app - | tar -x -C dist'], {}, 'dist/app').replay;
    assert.deepEqual(into?.derived, ['dist', 'dist/app']);
  });

  it('a stream whose entries the glue does not name (`/out/.`, tar options that pick entries) leaves its directory opaque', () => {
    for (const line of ['docker cp x:/out/. - | tar -x -C dist', 'docker cp x:/out/app - | tar -x -C dist --strip-components=1', 'docker cp x:/out/app - | tar -x -C dist app/bin']) {
      const { replay } = replayOf(['mkdir -p dist', line], {}, 'dist/app');
      assert.ok(replay, line);
      assert.deepEqual(replay.opaque, ['dist'], line);
    }
  });

  it('a host step under a condition, or one that is not a file command → HOST_STEP_UNSUPPORTED at its line', () => {
    const cond = replayOf(['mkdir -p out', 'docker cp x:/out/app out/app', 'if [ -n "$CI" ]; then chmod 0500 out/app; fi']).replay;
    assert.ok(cond);
    assert.deepEqual(codes(cond.findings), ['build.sh:7 HOST_STEP_UNSUPPORTED']);
    const sed = replayOf(['mkdir -p out', 'docker cp x:/out/app out/app', 'sed -i s/a/b/ out/app']).replay;
    assert.ok(sed);
    assert.deepEqual(codes(sed.findings), ['build.sh:7 HOST_STEP_UNSUPPORTED']);
  });

  it('moving a repository file the replay reads → HOST_STEP_UNSUPPORTED (the migrated context would still hold it)', () => {
    const { replay } = replayOf(['mkdir -p out', 'docker cp x:/out/app out/app', 'chmod 0500 out/app', 'mv config.yml out/config.yml'], { 'config.yml': 'a: 1\n' });
    assert.ok(replay);
    assert.deepEqual(codes(replay.findings), ['build.sh:8 HOST_STEP_UNSUPPORTED']);
  });
});
