/**
 * The rewritten glue inside shell functions and around the lines that are not part of the
 * extraction: statement by statement, calls going with what they called, guards on artifacts
 * going with the extraction, and refusals where the rewrite cannot be exact.
 */
import assert from 'node:assert/strict';
import { codes, errorCodes, fileAfter, loadParser, migrate } from '../support/harness';

const BUILDER = 'FROM golang:1.22\nRUN go build -o /go/bin/app .\n';
const RUNTIME = 'FROM alpine:3.19\nCOPY app /usr/local/bin/\n';
const lines = (...l: string[]) => [...l, ''].join('\n');

function rewrite(script: string, files: Record<string, string> = {}): string {
  const o = migrate({ 'build.sh': script, 'Dockerfile.build': BUILDER, Dockerfile: RUNTIME, ...files });
  assert.equal(o.status, 'migrate', codes(o.findings).join(', '));
  return fileAfter(o, 'build.sh') as string;
}

function refusal(script: string, files: Record<string, string> = {}): string[] {
  const o = migrate({ 'build.sh': script, 'Dockerfile.build': BUILDER, Dockerfile: RUNTIME, ...files });
  assert.equal(o.status, 'refused');
  return errorCodes(o.findings);
}

describe('render/glue: functions', () => {
  before(loadParser);

  it('a function whose every step goes is removed with its calls; its parameters are each call\'s', () => {
    const script = lines('#!/bin/sh', 'extract() {', '  cid=$(docker create "$1")', '  docker cp "$cid:$2" "$3"', '  docker rm "$cid"', '}', 'docker build -f Dockerfile.build -t app-builder .', 'extract app-builder /go/bin/app ./app', 'docker build -t app .');
    assert.equal(rewrite(script), lines('#!/bin/sh', 'docker build -t app .'));
  });

  it('the same function called twice with other arguments: both calls go', () => {
    const script = lines('#!/bin/sh', 'extract() {', '  local cid', '  cid=$(docker create "$1")', '  docker cp "$cid:$2" "$3" || { echo "copy failed" >&2; return 1; }', '  docker rm "$cid" >/dev/null', '}', 'docker build -f Dockerfile.build -t b .', 'extract b /go/bin/app ./app', 'extract b /go/bin/cli ./cli', 'docker build -t app .');
    const out = rewrite(script, { Dockerfile: 'FROM alpine:3.19\nCOPY app cli /usr/local/bin/\n', 'Dockerfile.build': 'FROM golang:1.22\nRUN go build -o /go/bin/app . && go build -o /go/bin/cli ./cli\n' });
    assert.equal(out, lines('#!/bin/sh', 'docker build -t app .'));
  });

  it('main() holding the pipeline in functions: the calls that went are removed, the runtime build and main stay', () => {
    const script = lines(
      '#!/bin/sh',
      'build_builder() {',
      '  docker build -f Dockerfile.build -t b .',
      '}',
      'extract() {',
      '  docker create --name x b',
      '  docker cp x:/go/bin/app ./app',
      '  docker rm x',
      '}',
      'build_runtime() {',
      '  docker build -t app .',
      '  rm -f ./app',
      '}',
      'main() {',
      '  echo "building"',
      '  build_builder',
      '  extract',
      '  build_runtime',
      '}',
      'main "$@"',
    );
    assert.equal(rewrite(script), lines('#!/bin/sh', 'build_runtime() {', '  docker build -t app .', '}', 'main() {', '  echo "building"', '  build_runtime', '}', 'main "$@"'));
  });

  it('main() building the builder itself and calling a function for the runtime: main keeps the call', () => {
    const script = lines('#!/bin/sh', 'build_runtime() {', '  docker build -t app .', '}', 'main() {', '  docker build -f Dockerfile.build -t b .', '  docker create --name x b', '  docker cp x:/go/bin/app ./app', '  docker rm x', '  build_runtime', '}', 'main "$@"');
    assert.equal(rewrite(script), lines('#!/bin/sh', 'build_runtime() {', '  docker build -t app .', '}', 'main() {', '  build_runtime', '}', 'main "$@"'));
  });

  it('a function that also changes directory or sets a variable keeps its call and those lines', () => {
    const script = lines('#!/bin/sh', 'prepare() {', '  cd "$(dirname "$0")"', '  VERSION=1.0', '  docker build -f Dockerfile.build -t b .', '}', 'prepare', 'id=$(docker create b)', 'docker cp "$id:/go/bin/app" ./app', 'docker rm "$id"', 'docker build -t app:$VERSION .');
    assert.equal(rewrite(script), lines('#!/bin/sh', 'prepare() {', '  cd "$(dirname "$0")"', '  VERSION=1.0', '}', 'prepare', 'docker build -t app:$VERSION .'));
  });

  it('a wrapper called for the builder and for the runtime: the builder\'s call goes, the wrapper stays', () => {
    const script = lines('#!/bin/sh', 'dbuild() {', '  echo "building $*"', '  docker build "$@"', '}', 'dbuild -f Dockerfile.build -t b .', 'id=$(docker create b)', 'docker cp "$id:/go/bin/app" ./app', 'docker rm "$id"', 'dbuild -t app .');
    assert.equal(rewrite(script), lines('#!/bin/sh', 'dbuild() {', '  echo "building $*"', '  docker build "$@"', '}', 'dbuild -t app .'));
  });

  it('a wrapper whose context the migration must change → GLUE_CALL_ARGUMENT (the call would have to change)', () => {
    const script = lines('#!/bin/sh', 'dbuild() {', '  docker build "$@"', '}', 'dbuild -f Dockerfile.build -t b .', 'id=$(docker create b)', 'docker cp "$id:/go/bin/app" ./deploy/app', 'docker rm "$id"', 'dbuild -t app deploy');
    assert.deepEqual(refusal(script, { 'deploy/Dockerfile': RUNTIME, Dockerfile: '' }), ['build.sh:3 GLUE_CALL_ARGUMENT']);
  });

  it('a wrapper that also builds an unrelated image cannot be changed for the runtime only → GLUE_MIXED_STATEMENT', () => {
    const script = lines('#!/bin/sh', 'dbuild() {', '  docker build -t "$1" -f "$2" "$3"', '}', 'docker build --network=host -f Dockerfile.build -t b .', 'id=$(docker create b)', 'docker cp "$id:/go/bin/app" ./app', 'docker rm "$id"', 'dbuild app Dockerfile .', 'dbuild tests test/Dockerfile test');
    assert.deepEqual(refusal(script, { 'Dockerfile.build': 'FROM golang:1.22\nRUN go build -o /go/bin/app .\n', 'test/Dockerfile': 'FROM alpine:3.19\n' }), ['build.sh:3 GLUE_MIXED_STATEMENT']);
  });

  it('a script the glue runs: its lines are rewritten, and the call goes when nothing of it stays', () => {
    const o = migrate({
      'build.sh': lines('#!/bin/sh', 'set -e', './scripts/builder.sh', 'docker build -t app .'),
      'scripts/builder.sh': lines('#!/bin/sh', 'set -e', 'docker build -f Dockerfile.build -t b .', 'docker create --name x b', 'docker cp x:/go/bin/app ./app', 'docker rm x'),
      'Dockerfile.build': BUILDER,
      Dockerfile: RUNTIME,
    });
    assert.equal(o.status, 'migrate', codes(o.findings).join(', '));
    assert.equal(fileAfter(o, 'build.sh'), lines('#!/bin/sh', 'set -e', 'docker build -t app .'));
    assert.equal(fileAfter(o, 'scripts/builder.sh'), lines('#!/bin/sh', 'set -e'));
  });

  it('a sourced script that also sets variables keeps its `.` line', () => {
    const o = migrate({
      'build.sh': lines('#!/bin/sh', '. ./lib.sh', 'docker build -t app:$VERSION .'),
      'lib.sh': lines('VERSION=2', 'docker build -f Dockerfile.build -t b .', 'docker create --name x b', 'docker cp x:/go/bin/app ./app', 'docker rm x'),
      'Dockerfile.build': BUILDER,
      Dockerfile: RUNTIME,
    });
    assert.equal(o.status, 'migrate', codes(o.findings).join(', '));
    assert.equal(o.plan?.files.find((f) => f.path === 'build.sh'), undefined, 'build.sh stays as it was');
    assert.equal(fileAfter(o, 'lib.sh'), lines('VERSION=2'));
  });

  it('an `if` whose condition goes while its body does more than report → GLUE_MIXED_STATEMENT', () => {
    const script = lines('#!/bin/sh', 'if docker build -f Dockerfile.build -t b .; then', '  BUILT=yes', 'fi', 'docker create --name x b', 'docker cp x:/go/bin/app ./app', 'docker rm x', 'docker build -t app .');
    assert.deepEqual(refusal(script), ['build.sh:2 GLUE_MIXED_STATEMENT']);
  });

  it('a builder build inside a function called under a condition → GLUE_CONDITIONAL_DOCKER at the build', () => {
    const script = lines('#!/bin/sh', 'b() {', '  docker build -f Dockerfile.build -t b .', '}', 'if [ -z "$SKIP" ]; then', '  b', 'fi', 'docker create --name x b', 'docker cp x:/go/bin/app ./app', 'docker rm x', 'docker build -t app .');
    assert.deepEqual(refusal(script), ['build.sh:3 GLUE_CONDITIONAL_DOCKER']);
  });
});

describe('render/glue: lines that are not part of the extraction', () => {
  before(loadParser);
  const extract = ['docker build -f Dockerfile.build -t b .', 'docker create --name x b', 'docker cp x:/go/bin/app ./app', 'docker rm x'];

  it('guards that test an artifact go with the extraction', () => {
    const script = lines('#!/bin/sh', 'set -e', ...extract, 'if [ ! -f ./app ]; then', '  echo "no binary" >&2', '  exit 1', 'fi', 'test -f app || exit 1', '[ -x app ] && echo "app is executable"', 'docker build -t app .');
    assert.equal(rewrite(script), lines('#!/bin/sh', 'set -e', 'docker build -t app .'));
  });

  it('a test of another file stays', () => {
    const script = lines('#!/bin/sh', 'set -e', ...extract, 'test -f config.yml || exit 1', 'docker build -t app .');
    assert.equal(rewrite(script, { 'config.yml': 'a: 1\n' }), lines('#!/bin/sh', 'set -e', 'test -f config.yml || exit 1', 'docker build -t app .'));
  });

  it('running the artifact on the host → ARTIFACT_USED_BY_GLUE', () => {
    assert.deepEqual(refusal(lines('#!/bin/sh', ...extract, './app --version', 'docker build -t app .')), ['build.sh:6 ARTIFACT_USED_BY_GLUE']);
  });

  it('a test of a directory a tar stream filled, and `ls` of it, go with it; so does `rm -r` of it afterwards', () => {
    const script = lines('#!/bin/sh', 'set -e', 'docker build -f Dockerfile.build -t b .', 'mkdir -p out', 'docker run --rm b tar -C /go/bin -cf - app | tar -xf - -C out', 'ls out/', 'if [ ! -d ./out ]; then exit 1; fi', 'docker build -t app .', 'rm -r ./out');
    assert.equal(rewrite(script, { Dockerfile: 'FROM alpine:3.19\nCOPY out/app /usr/local/bin/app\n' }), lines('#!/bin/sh', 'set -e', 'docker build -t app .'));
  });

  it('a test run of the runtime image under an `if` stays as it was; `docker rmi` of the builder goes', () => {
    const script = lines('#!/bin/sh', 'set -e', ...extract, 'docker build -t app .', 'if [ "${RUN_TESTS:-no}" = yes ]; then', '  docker run --rm app --selftest', 'fi', 'docker rmi b || true', 'rm -r ./app');
    assert.equal(rewrite(script), lines('#!/bin/sh', 'set -e', 'docker build -t app .', 'if [ "${RUN_TESTS:-no}" = yes ]; then', '  docker run --rm app --selftest', 'fi'));
  });

  it('a test run of the builder image under an `if` → BUILDER_IMAGE_USED (it is no longer built)', () => {
    const script = lines('#!/bin/sh', 'set -e', extract[0], 'if [ "${RUN_TESTS:-no}" = yes ]; then', '  docker run --rm b go test ./...', 'fi', ...extract.slice(1), 'docker build -t app .');
    assert.deepEqual(refusal(script), ['build.sh:5 BUILDER_IMAGE_USED']);
  });
});
