/**
 * ARGs across the merge (docker-semantics.md §4, case 16): only ARGs before the first FROM are
 * global; a name both files use differently is renamed on the builder side, whose stages keep
 * seeing the old name as an ARG (`ARG NAME=${BUILDER_NAME}`), or through ENV where the merged
 * build passes NAME for the runtime (ARG-8); the runtime build passes every needed --build-arg.
 */
import assert from 'node:assert/strict';
import type { RepoOutcome } from '../../../src/app/migrate';
import { codes, fileAfter, loadParser, migrate, stagesOf } from '../support/harness';

function setup(builderBuild: string, runtimeBuild: string, builder: string, runtime: string): RepoOutcome {
  const glue = ['#!/bin/sh', 'set -e', `docker build ${builderBuild} -f Dockerfile.build -t app-builder .`, 'docker create --name x app-builder', 'docker cp x:/go/bin/app ./app', 'docker rm x', `docker build ${runtimeBuild} -t app .`, ''].join('\n').replace(/ {2,}/g, ' ');
  return migrate({ 'build.sh': glue, 'Dockerfile.build': builder, Dockerfile: runtime });
}

/** Lines before the first FROM of the merged Dockerfile (comments and blanks dropped). */
function globals(dockerfile: string): string[] {
  const out: string[] = [];
  for (const line of dockerfile.split('\n')) {
    if (/^FROM\s/.test(line)) break;
    if (line.trim() && !line.startsWith('#')) out.push(line);
  }
  return out;
}

/** Every ARG used in a FROM line must be declared before the first FROM (ARG-1, ARG-5). */
function assertFromArgsAreGlobal(dockerfile: string): void {
  const declared = new Set(globals(dockerfile).map((l) => /^ARG\s+([A-Za-z_][A-Za-z0-9_]*)/.exec(l)?.[1]));
  for (const s of stagesOf(dockerfile)) {
    for (const m of s.from.matchAll(/\$\{?([A-Za-z_][A-Za-z0-9_]*)/g)) assert.ok(declared.has(m[1]), `${s.from}: ${m[1]} is not a global ARG`);
  }
}

const BUILDER = 'ARG VERSION=1.15\nFROM golang:${VERSION}\nARG VERSION\nRUN echo $VERSION && go build -o /go/bin/app .\n';
const RUNTIME = 'ARG VERSION=3.12\nFROM alpine:${VERSION}\nCOPY app /usr/local/bin/\n';

describe('plan/args', () => {
  before(loadParser);

  it('same global name, different defaults: the builder\'s is renamed, its stage gets ARG NAME=${BUILDER_NAME} (an ARG, never an ENV)', () => {
    const o = setup('', '', BUILDER, RUNTIME);
    assert.equal(o.status, 'migrate', codes(o.findings).join(', '));
    const df = fileAfter(o, 'Dockerfile') as string;
    assert.deepEqual([...globals(df)].sort(), ['ARG BUILDER_VERSION=1.15', 'ARG VERSION=3.12']);
    const [builder, runtime] = stagesOf(df);
    assert.equal(builder.from, 'FROM golang:${BUILDER_VERSION} AS app-builder');
    assert.deepEqual(builder.lines, ['ARG BUILDER_VERSION', 'ARG VERSION=${BUILDER_VERSION}', 'RUN echo $VERSION && go build -o /go/bin/app .']);
    assert.equal(runtime.from, 'FROM alpine:${VERSION}');
    assertFromArgsAreGlobal(df);
    assert.deepEqual(codes(o.findings), ['Dockerfile.build:1 ARG_RENAMED']);
    assert.equal(o.findings[0].severity, 'info');
  });

  it('different --build-arg values: renamed, and the runtime build passes the builder\'s value under the new name', () => {
    const o = setup('--build-arg VERSION=1.15', '--build-arg VERSION=3.12', BUILDER, RUNTIME);
    assert.equal(o.status, 'migrate', codes(o.findings).join(', '));
    const script = fileAfter(o, 'build.sh') as string;
    const build = script.split('\n').find((l) => l.startsWith('docker build')) as string;
    assert.match(build, /--build-arg VERSION=3\.12/);
    assert.match(build, /--build-arg BUILDER_VERSION=1\.15/);
    assert.match(build, /\s\.$/);
  });

  it('a builder-only --build-arg whose name the runtime declares stays an ARG: the new command passes it renamed', () => {
    const builder = 'FROM golang:1.22\nARG SNAP_VER\nRUN make build\n';
    const runtime = 'FROM alpine:3.19\nARG SNAP_VER=unreleased\nLABEL version=$SNAP_VER\nCOPY app /usr/local/bin/\n';
    const o = setup('--build-arg SNAP_VER="$SNAP_VER"', '', builder, runtime);
    assert.equal(o.status, 'migrate', codes(o.findings).join(', '));
    const df = fileAfter(o, 'Dockerfile') as string;
    assert.deepEqual(stagesOf(df)[0].lines, ['ARG BUILDER_SNAP_VER', 'ARG SNAP_VER=${BUILDER_SNAP_VER}', 'RUN make build']);
    assert.doesNotMatch(df, /^\s*ENV /m);
    const build = (fileAfter(o, 'build.sh') as string).split('\n').find((l) => l.startsWith('docker build')) as string;
    assert.match(build, /--build-arg BUILDER_SNAP_VER="\$SNAP_VER"/);
    assert.doesNotMatch(build, /--build-arg SNAP_VER/);
  });

  it('a name the runtime build passes with another value: only ENV can keep the builder\'s, refused for a credential or where a stage inherits the builder', () => {
    const env = setup('--build-arg VERSION=1.15', '--build-arg VERSION=3.12', BUILDER, RUNTIME);
    assert.deepEqual(stagesOf(fileAfter(env, 'Dockerfile') as string)[0].lines.slice(0, 2), ['ARG BUILDER_VERSION', 'ENV VERSION=${BUILDER_VERSION}']);
    const tokenBuilder = 'FROM node:20\nARG NPM_TOKEN\nRUN npm ci && npm run build && mkdir -p /go/bin && cp dist/app /go/bin/app\n';
    const secret = setup('--build-arg NPM_TOKEN="$CI_TOKEN"', '--build-arg NPM_TOKEN="$DEPLOY_TOKEN"', tokenBuilder, 'FROM alpine:3.19\nARG NPM_TOKEN\nCOPY app /usr/local/bin/\n');
    assert.equal(secret.status, 'refused');
    assert.ok(codes(secret.findings).includes('Dockerfile.build:2 BUILD_ARG_CONFLICT'), codes(secret.findings).join(', '));
    const glue = '#!/bin/sh\nset -e\ndocker build --build-arg VERSION=1.15 -f Dockerfile.build -t app-builder .\ndocker build --build-arg VERSION=3.12 -t app .\n';
    const inherits = migrate({ 'build.sh': glue, 'Dockerfile.build': 'FROM golang:1.22\nARG VERSION\nRUN go build -o /go/bin/app .\n', Dockerfile: 'FROM app-builder\nARG VERSION\nLABEL v=$VERSION\n' });
    assert.equal(inherits.status, 'refused', codes(inherits.findings).join(', '));
    assert.ok(codes(inherits.findings).includes('Dockerfile.build:2 BUILD_ARG_CONFLICT'), codes(inherits.findings).join(', '));
  });

  it('a --build-arg taken from the environment is passed on under the new name', () => {
    const o = setup('--build-arg VERSION', '--build-arg VERSION=3.12', BUILDER, RUNTIME);
    const build = (fileAfter(o, 'build.sh') as string).split('\n').find((l) => l.startsWith('docker build')) as string;
    assert.match(build, /--build-arg "BUILDER_VERSION=\$VERSION"/);
  });

  it('the same name passed with the same value to both builds is shared, not renamed', () => {
    const builder = 'FROM golang:1.22\nARG COMMIT\nRUN go build -ldflags "-X main.c=$COMMIT" -o /go/bin/app .\n';
    const runtime = 'FROM alpine:3.19\nARG COMMIT\nLABEL commit=$COMMIT\nCOPY app /usr/local/bin/\n';
    const o = setup('--build-arg COMMIT=abc', '--build-arg COMMIT=abc', builder, runtime);
    assert.equal(o.status, 'migrate', codes(o.findings).join(', '));
    assert.ok(!codes(o.findings).some((c) => c.endsWith('ARG_RENAMED')));
    const df = fileAfter(o, 'Dockerfile') as string;
    assert.doesNotMatch(df, /BUILDER_COMMIT/);
    const build = (fileAfter(o, 'build.sh') as string).split('\n').find((l) => l.startsWith('docker build')) as string;
    assert.equal(build.match(/--build-arg/g)?.length, 1);
  });

  it('a builder-only --build-arg is added to the runtime build line', () => {
    const builder = 'ARG GO_VERSION=1.21\nFROM golang:${GO_VERSION}\nRUN go build -o /go/bin/app .\n';
    const o = setup('--build-arg GO_VERSION=1.22', '', builder, 'FROM alpine:3.19\nCOPY app /usr/local/bin/\n');
    assert.equal(o.status, 'migrate', codes(o.findings).join(', '));
    const df = fileAfter(o, 'Dockerfile') as string;
    assert.deepEqual(globals(df), ['ARG GO_VERSION=1.21']);
    assertFromArgsAreGlobal(df);
    assert.equal(fileAfter(o, 'build.sh'), '#!/bin/sh\nset -e\ndocker build -t app --build-arg GO_VERSION=1.22 .\n');
  });

  it('builder globals move above the runtime\'s first FROM even when the runtime has none (ARG-5)', () => {
    const o = setup('', '', BUILDER, 'FROM alpine:3.19\nCOPY app /usr/local/bin/\n');
    const df = fileAfter(o, 'Dockerfile') as string;
    assert.deepEqual(globals(df), ['ARG VERSION=1.15']);
    assertFromArgsAreGlobal(df);
  });
});
