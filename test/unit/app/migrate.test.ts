/** One repository end to end: the outcome's status, its findings (code and place) and the files it changes. */
import assert from 'node:assert/strict';
import { codes, fileAfter, loadParser, migrate } from '../support/harness';

const BUILDER = 'FROM golang:1.22\nRUN go build -o /go/bin/app .\n';
const RUNTIME = 'FROM alpine:3.19\nCOPY app /usr/local/bin/\n';

/** A glue script: line 2 builds the builder, 3 creates, 4 copies, then `mid`, rm, the runtime build, then `post`. */
function glue(mid: string[] = [], post: string[] = []): string {
  return ['#!/bin/sh', 'docker build -f Dockerfile.build -t b .', 'docker create --name x b', 'docker cp x:/go/bin/app ./app', ...mid, 'docker rm x', 'docker build -t app .', ...post, ''].join('\n');
}

describe('app/migrate: migrateRepository', () => {
  before(loadParser);

  it('migrate: the runtime Dockerfile and the glue change, the builder Dockerfile goes', () => {
    const o = migrate({ 'build.sh': { text: glue(), mode: 0o755 }, 'Dockerfile.build': BUILDER, Dockerfile: RUNTIME, 'main.go': 'package main\n' });
    assert.equal(o.status, 'migrate');
    assert.equal(o.glue, 'build.sh');
    assert.deepEqual(
      o.plan?.files.map((f) => [f.path, f.before === null ? 'new' : f.after === null ? 'deleted' : 'changed', f.mode.toString(8)]),
      [
        ['Dockerfile', 'changed', '100644'],
        ['build.sh', 'changed', '100755'],
        ['Dockerfile.build', 'deleted', '100644'],
      ],
    );
    assert.deepEqual(o.plan?.setup, {
      glue: 'build.sh',
      builders: ['Dockerfile.build'],
      runtime: 'Dockerfile',
      context: '',
      stages: [{ name: 'b', dockerfile: 'Dockerfile.build' }],
      buildCommand: 'docker build -t app .',
    });
    const [move] = o.plan?.moves ?? [];
    assert.deepEqual(move.runtimeLine, { file: 'Dockerfile', line: 2 });
    // Evidence cites the glue line of the cp, the builder line that made the file and the runtime line.
    assert.ok(move.evidence.some((e) => e.startsWith('build.sh:4:')), move.evidence.join('\n'));
    assert.ok(move.evidence.some((e) => e.startsWith('Dockerfile.build:2')), move.evidence.join('\n'));
    assert.ok(move.evidence.some((e) => e.startsWith('Dockerfile:2:')), move.evidence.join('\n'));
  });

  it('--keep-legacy keeps the builder Dockerfile', () => {
    const o = migrate({ 'build.sh': glue(), 'Dockerfile.build': BUILDER, Dockerfile: RUNTIME }, { keepLegacy: true });
    assert.deepEqual(o.plan?.files.map((f) => f.path), ['Dockerfile', 'build.sh']);
  });

  it('nothing: glue that builds but never extracts', () => {
    const o = migrate({ 'build.sh': '#!/bin/sh\ndocker build -t app .\n', Dockerfile: RUNTIME });
    assert.deepEqual([o.status, o.plan, o.findings], ['nothing', null, []]);
  });

  it('nothing at all: no glue', () => {
    assert.equal(migrate({ Dockerfile: RUNTIME, 'README.md': 'docker build .\n' }).status, 'nothing');
  });

  it('already-multi-stage: a Dockerfile that already copies from its own stage', () => {
    const o = migrate({ 'build.sh': '#!/bin/sh\ndocker build -t app .\n', Dockerfile: 'FROM golang AS b\nRUN go build -o /app .\nFROM alpine\nCOPY --from=b /app /app\n' });
    assert.equal(o.status, 'already-multi-stage');
    assert.deepEqual(codes(o.findings), ['Dockerfile:1 ALREADY_MULTI_STAGE']);
  });

  it('refused: the builder Dockerfile is missing / has no FROM', () => {
    assert.deepEqual(codes(migrate({ 'build.sh': glue(), Dockerfile: RUNTIME }).findings), ['build.sh:2 DOCKERFILE_MISSING']);
    assert.deepEqual(codes(migrate({ 'build.sh': glue(), 'Dockerfile.build': '# empty\n', Dockerfile: RUNTIME }).findings), ['Dockerfile.build:1 DOCKERFILE_NO_FROM']);
  });

  it('export-only: artifacts copied out to the repository top with no image built from them → refused (no folder for --output)', () => {
    const o = migrate({ 'build.sh': '#!/bin/sh\ndocker build -f Dockerfile.build -t b .\ndocker create --name x b\ndocker cp x:/go/bin/app ./app\n', 'Dockerfile.build': BUILDER });
    assert.equal(o.status, 'refused');
    assert.deepEqual(codes(o.findings).filter((c) => !c.includes('ENV_DEFAULT')), ['build.sh:4 EXTRACTION_UNSUPPORTED']);
  });

  it('export-only: artifacts copied out to a folder become a FROM scratch AS export stage and docker build --output', () => {
    const o = migrate({ 'build.sh': '#!/bin/sh\ndocker build -f Dockerfile.build -t b .\nmkdir -p out\ndocker create --name x b\ndocker cp x:/go/bin/app out/app\ndocker rm x\n', 'Dockerfile.build': BUILDER });
    assert.equal(o.status, 'migrate', codes(o.findings).join(', '));
    assert.equal(o.plan?.setup.exportDir, 'out');
    assert.match(fileAfter(o, 'Dockerfile.build') as string, /FROM scratch AS export\nCOPY --from=b-files \/export\/ \//);
    assert.equal(fileAfter(o, 'build.sh'), '#!/bin/sh\nmkdir -p out\nDOCKER_BUILDKIT=1 docker build -f Dockerfile.build --target export --output type=local,dest=out .\n');
  });

  it('refused: docker cp from a container nobody created / of an image the glue does not build', () => {
    const unknown = migrate({ 'build.sh': '#!/bin/sh\ndocker build -f Dockerfile.build -t b .\ndocker cp x:/go/bin/app ./app\ndocker build -t app .\n', 'Dockerfile.build': BUILDER, Dockerfile: RUNTIME });
    assert.deepEqual(codes(unknown.findings), ['build.sh:3 UNKNOWN_CONTAINER']);
    const image = migrate({ 'build.sh': '#!/bin/sh\ndocker build -f Dockerfile.build -t b .\ndocker create --name x golang:1.22\ndocker cp x:/go/bin/app ./app\ndocker build -t app .\n', 'Dockerfile.build': BUILDER, Dockerfile: RUNTIME });
    assert.deepEqual(codes(image.findings), ['build.sh:4 UNKNOWN_IMAGE']);
  });

  it('refused: the builder image is used for something else (its tag no longer exists after the migration)', () => {
    const o = migrate({ 'build.sh': glue([], ['docker run --rm b go test ./...']), 'Dockerfile.build': BUILDER, Dockerfile: RUNTIME });
    assert.deepEqual(codes(o.findings), ['build.sh:7 BUILDER_IMAGE_USED']);
  });

  it('two runtime builds use the artifacts: one Dockerfile, a named final stage each, --target in each build', () => {
    const o = migrate({ 'build.sh': glue([], ['docker build -f Dockerfile.alt -t alt .']), 'Dockerfile.build': BUILDER, Dockerfile: RUNTIME, 'Dockerfile.alt': RUNTIME });
    assert.equal(o.status, 'migrate', codes(o.findings).join(', '));
    const text = fileAfter(o, 'Dockerfile') as string;
    assert.equal((text.match(/^FROM /gm) ?? []).length, 3);
    assert.match(text, /# Runtime image from Dockerfile\.alt\.\nFROM \S+ AS alt\n/);
    assert.equal(fileAfter(o, 'Dockerfile.alt'), null);
    const script = fileAfter(o, 'build.sh') as string;
    assert.match(script, /--target \S+ \.\n/);
    assert.match(script, /-f Dockerfile --target alt \./);
  });

  it('two runtime builds of one Dockerfile with different --target: refused, the line of each', () => {
    const o = migrate({ 'build.sh': glue([], ['docker build --target a -t alt .']), 'Dockerfile.build': BUILDER, Dockerfile: RUNTIME });
    assert.equal(o.status, 'refused');
    assert.ok(codes(o.findings).every((c) => c.endsWith('MULTIPLE_RUNTIME_BUILDS')), codes(o.findings).join(', '));
  });

  it('two glue files that each run the pattern are migrated together: neither is left building the deleted builder', () => {
    const files = { 'build.sh': glue(), 'release.sh': glue([], ['docker push app']), 'Dockerfile.build': BUILDER, Dockerfile: RUNTIME };
    const o = migrate(files);
    assert.equal(o.status, 'migrate', codes(o.findings).join(', '));
    assert.equal(fileAfter(o, 'build.sh'), '#!/bin/sh\ndocker build -t app .\n');
    assert.equal(fileAfter(o, 'release.sh'), '#!/bin/sh\ndocker build -t app .\ndocker push app\n');
    assert.equal(fileAfter(o, 'Dockerfile.build'), null);
    assert.deepEqual(o.plan?.setup.scripts, ['build.sh', 'release.sh']);
  });

  it('two glue files that would change one file differently → GLUE_AMBIGUOUS at each; --script alone is refused while the other still builds the builder', () => {
    const files = { 'build.sh': glue(), 'release.sh': glue([], []).replace('./app', './bin/app'), 'bin/README': 'binaries\n', 'Dockerfile.build': BUILDER, Dockerfile: 'FROM alpine:3.19\nCOPY app /usr/local/bin/\nCOPY bin/ /opt/\n' };
    const o = migrate(files);
    assert.equal(o.status, 'refused');
    assert.deepEqual(codes(o.findings), ['release.sh:1 GLUE_AMBIGUOUS']);
    const picked = migrate(files, { script: 'release.sh' });
    assert.equal(picked.status, 'refused');
    assert.deepEqual(codes(picked.findings.filter((f) => f.severity === 'error')), ['build.sh:2 GLUE_NOT_REWRITTEN']);
    const kept = migrate(files, { script: 'release.sh', keepLegacy: true });
    assert.equal(kept.status, 'migrate', codes(kept.findings).join(', '));
    assert.equal(kept.glue, 'release.sh');
  });

  it('a script that only extracts and one that builds the runtime from it are one pipeline, run in that order', () => {
    const o = migrate({
      'compile.sh': '#!/bin/sh\nmkdir -p out\ndocker build -f Dockerfile.build -t b .\ndocker create --name x b\ndocker cp x:/go/bin/app out/app\ndocker rm x\n',
      'package.sh': '#!/bin/sh\n# run compile.sh first\ndocker build -f Dockerfile.run -t app .\n',
      'Dockerfile.build': BUILDER,
      'Dockerfile.run': 'FROM alpine:3.19\nCOPY out/app /usr/local/bin/\n',
    });
    assert.equal(o.status, 'migrate', codes(o.findings).join(', '));
    assert.equal(o.glue, 'compile.sh');
    assert.deepEqual(o.plan?.setup.scripts, ['compile.sh', 'package.sh']);
    assert.equal(fileAfter(o, 'compile.sh'), '#!/bin/sh\n');
    assert.ok(!o.plan?.files.some((f) => f.path === 'package.sh'), 'package.sh needs no change');
    assert.match(fileAfter(o, 'Dockerfile.run') as string, /COPY --from=b --chown=0:0 \/go\/bin\/app \/usr\/local\/bin\//);
  });

  it('--script twice names the scripts in run order: one pipeline', () => {
    const files = {
      'a.sh': '#!/bin/sh\ndocker build -f Dockerfile.build -t b .\ndocker create --name x b\ndocker cp x:/go/bin/app ./app\ndocker rm x\n',
      'b.sh': '#!/bin/sh\ndocker build -t app .\n',
      'Dockerfile.build': BUILDER,
      Dockerfile: RUNTIME,
    };
    const o = migrate(files, { script: 'a.sh', moreScripts: ['b.sh'] });
    assert.equal(o.status, 'migrate', codes(o.findings).join(', '));
    assert.deepEqual(o.plan?.setup.scripts, ['a.sh', 'b.sh']);
    // The other way round nothing builds an image from the artifacts afterwards.
    assert.equal(migrate(files, { script: 'b.sh', moreScripts: ['a.sh'] }).status, 'refused');
  });

  it('a Makefile that runs the script is not a second setup', () => {
    const o = migrate({ 'build.sh': glue(), Makefile: '# The docker build steps live in build.sh.\nimage:\n\t./build.sh\n', 'Dockerfile.build': BUILDER, Dockerfile: RUNTIME });
    assert.equal(o.status, 'migrate', codes(o.findings).join(', '));
    assert.equal(o.glue, 'Makefile');
    assert.equal(fileAfter(o, 'build.sh'), '#!/bin/sh\ndocker build -t app .\n');
  });

  it('findings are sorted by file, line, code', () => {
    const o = migrate({ 'build.sh': glue(['ls app', 'cat app | wc -c', 'scp app host:/tmp/']), 'Dockerfile.build': 'FROM golang:1.22\nVOLUME /tmp\nRUN go build -o /go/bin/app .\n', Dockerfile: RUNTIME });
    const keys = o.findings.map((f) => [f.location?.file ?? '', f.location?.line ?? 0, f.code] as const);
    const sorted = [...keys].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] - b[1] || (a[2] < b[2] ? -1 : a[2] > b[2] ? 1 : 0)));
    assert.deepEqual(keys, sorted);
  });
});
