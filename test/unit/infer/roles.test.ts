/** Roles follow the glue's tags and container handles, never file names. */
import assert from 'node:assert/strict';
import type { Roles } from '../../../src/infer/roles';
import { assignRoles, containerKeys, extractionDests, referencedImages } from '../../../src/infer/roles';
import { parseDockerfile } from '../../../src/parse/dockerfile';
import { codes, loadParser } from '../support/harness';
import { readGlue, script } from '../support/glue';

const GO = 'FROM golang:1.22\nRUN go build -o /out/app .\n';
const RT = 'FROM alpine:3.19\nCOPY app /usr/local/bin/\n';

function rolesOf(files: Record<string, string>): Roles {
  const r = readGlue(files).roles;
  if (r.ok !== true) throw new Error(`no roles: ${JSON.stringify(r)}`);
  return r.roles;
}

describe('infer/roles', () => {
  before(loadParser);

  it('the build whose container docker cp reads is the builder, the later build is the runtime — whatever the files are called', () => {
    // The plain `Dockerfile` is the builder here and `Dockerfile.run` the runtime.
    const glue = script('docker build -t b .', 'docker create --name x b', 'docker cp x:/out/app ./app', 'docker rm x', 'docker build -f Dockerfile.run -t app .');
    const roles = rolesOf({ 'build.sh': glue, Dockerfile: GO, 'Dockerfile.run': RT });
    assert.deepEqual(roles.builders.map((b) => b.dockerfile), ['Dockerfile']);
    assert.equal(roles.runtime.dockerfile, 'Dockerfile.run');
    assert.deepEqual(roles.extractions.map((e) => [e.build.dockerfile, e.step.origin.line]), [['Dockerfile', 5]]);
    assert.deepEqual(roles.extractionContainers.map((c) => c.origin.line), [4]);
    assert.ok(containerKeys(roles).size > 0);
    assert.equal(containerKeys({ ...roles, extractionContainers: [] }).size, 0);
  });

  it('a container made from a `docker tag` copy of the builder image still reads the builder', () => {
    const glue = script('docker build -f Dockerfile.build -t b:1 .', 'docker tag b:1 b:latest', 'id=$(docker create b:latest)', 'docker cp "$id":/out/app ./app', 'docker rm "$id"', 'docker build -t app .');
    const roles = rolesOf({ 'build.sh': glue, 'Dockerfile.build': GO, Dockerfile: RT });
    assert.deepEqual(roles.builders.map((b) => b.dockerfile), ['Dockerfile.build']);
    assert.deepEqual(extractionDests(roles.extractions[0].step), ['app']);
  });

  it('a build that feeds nothing to the runtime is unrelated and kept', () => {
    const glue = script('docker build -f Dockerfile.test -t t .', 'docker build -f Dockerfile.build -t b .', 'docker create --name x b', 'docker cp x:/out/app ./app', 'docker rm x', 'docker build -t app .');
    const roles = rolesOf({ 'build.sh': glue, 'Dockerfile.test': 'FROM alpine:3.19\nRUN true\n', 'Dockerfile.build': GO, Dockerfile: RT });
    assert.deepEqual(roles.unrelated.map((b) => b.dockerfile), ['Dockerfile.test']);
    assert.deepEqual(roles.builders.map((b) => b.dockerfile), ['Dockerfile.build']);
  });

  it('a runtime that names the builder tag (FROM or COPY --from) records the reference and its line', () => {
    const glue = script('docker build -f Dockerfile.build -t app-builder .', 'docker build -t app .');
    const roles = rolesOf({ 'build.sh': glue, 'Dockerfile.build': GO, Dockerfile: 'FROM alpine:3.19\nCOPY --from=app-builder /out/app /usr/local/bin/\n' });
    assert.deepEqual(roles.tagReferences.map((t) => [t.build.dockerfile, t.ref, t.line]), [['Dockerfile.build', 'app-builder', 2]]);
  });

  it('docker cp from a container no step made → UNKNOWN_CONTAINER at the cp line', () => {
    const r = readGlue({ 'build.sh': script('docker build -f Dockerfile.build -t b .', 'docker cp ghost:/out/app ./app', 'docker build -t app .'), 'Dockerfile.build': GO, Dockerfile: RT }).roles;
    assert.equal(r.ok, false);
    assert.ok(r.ok === false && codes(r.findings).includes('build.sh:4 UNKNOWN_CONTAINER'), JSON.stringify(r));
  });

  it('docker cp from a container of an image the glue does not build → UNKNOWN_IMAGE', () => {
    const r = readGlue({ 'build.sh': script('docker create --name x golang:1.22', 'docker cp x:/usr/local/go/bin/go ./app', 'docker build -t app .'), Dockerfile: RT }).roles;
    assert.ok(r.ok === false && codes(r.findings).includes('build.sh:4 UNKNOWN_IMAGE'), JSON.stringify(r));
  });

  it('extraction without any later build is export-only', () => {
    const r = readGlue({ 'build.sh': script('docker build -t b .', 'docker create --name x b', 'docker cp x:/out/app ./release/app', 'docker rm x'), Dockerfile: GO }).roles;
    assert.equal(r.ok, 'export-only');
    assert.ok(r.ok === 'export-only' && r.roles.extractions.length === 1 && r.roles.builders[0].dockerfile === 'Dockerfile');
  });

  it('a docker run with a writable bind mount is a build at run time; a read-only mount is not', () => {
    const rw = rolesOf({ 'build.sh': script('mkdir -p out', 'docker run --rm -v "$PWD/out:/out" golang:1.22 go build -o /out/app .', 'docker build -t app .'), Dockerfile: 'FROM alpine:3.19\nCOPY out/app /usr/local/bin/\n' });
    assert.deepEqual(rw.runs.map((r) => [r.image, r.build]), [['golang:1.22', null]]);
    const ro = readGlue({ 'build.sh': script('docker run --rm -v "$PWD/out:/out:ro" golang:1.22 ls /out', 'docker build -t app .'), Dockerfile: RT }).roles;
    assert.ok(ro.ok !== true || ro.roles.runs.length === 0, JSON.stringify(ro));
  });

  it('referencedImages: FROM bases and COPY --from values that are not the file\'s own stages', () => {
    const m = parseDockerfile('Dockerfile', 'FROM golang:1.22 AS build\nRUN true\nFROM build\nCOPY --from=build /a /a\nCOPY --from=tools:1 /b /b\nCOPY --from=0 /c /c\n');
    assert.deepEqual(referencedImages(m), [{ image: 'golang:1.22', line: 1 }, { image: 'tools:1', line: 5 }]);
    assert.deepEqual(referencedImages(null), []);
  });

  it('assignRoles with no build at all has nothing to do', () => {
    const r = assignRoles([], () => null);
    assert.equal(r.ok, false);
    assert.ok(r.ok === false && r.nothingToDo);
  });
});
