/** Planner findings: what the merged build cannot reproduce, and what it warns about. */
import assert from 'node:assert/strict';
import { codes, errorCodes, fileAfter, loadParser, migrate, stagesOf } from '../support/harness';

const RUNTIME = 'FROM alpine:3.19\nCOPY app /usr/local/bin/\n';

function run(builder: string, glueMid: string[] = ['docker create --name x b', 'docker cp x:/go/bin/app ./app', 'docker rm x'], runtime = RUNTIME, buildkit = false) {
  const glue = ['#!/bin/sh', 'docker build -f Dockerfile.build -t b .', ...glueMid, 'docker build -t app .', ''].join('\n');
  return migrate({ 'build.sh': glue, 'Dockerfile.build': builder, Dockerfile: runtime }, { buildkit });
}

describe('plan/migrate', () => {
  before(loadParser);

  it('BuildKit-only syntax (FE-1) → BUILDKIT_REQUIRED unless --buildkit', () => {
    const runtime = 'FROM alpine:3.19\nCOPY --chmod=755 app /usr/local/bin/\n';
    const o = run('FROM golang:1.22\nRUN go build -o /go/bin/app .\n', undefined, runtime);
    assert.deepEqual(errorCodes(o.findings), ['Dockerfile:2 BUILDKIT_REQUIRED']);
    const kit = run('FROM golang:1.22\nRUN go build -o /go/bin/app .\n', undefined, runtime, true);
    assert.equal(kit.status, 'migrate', codes(kit.findings).join(', '));
    assert.deepEqual(stagesOf(fileAfter(kit, 'Dockerfile') as string)[1].lines, ['COPY --from=b --chown=0:0 --chmod=755 /go/bin/app /usr/local/bin/']);
  });

  it('VOLUME (VO-1) and setcap (XA-1) in the builder are warnings, not refusals', () => {
    const o = run('FROM golang:1.22\nVOLUME /cache\nRUN go build -o /go/bin/app . && setcap cap_net_bind_service+ep /go/bin/app\n');
    assert.equal(o.status, 'migrate');
    assert.deepEqual(codes(o.findings), ['Dockerfile.build:2 BUILDER_VOLUME', 'Dockerfile.build:3 CAPABILITIES_IN_BUILDER']);
    assert.ok(o.findings.every((f) => f.severity === 'warning'));
  });

  it('docker run … cat > file → an export stage that cats the file as the host shell wrote it; root when the builder is not', () => {
    const o = run('FROM golang:1.22\nUSER nobody\nRUN go build -o /go/bin/app .\n', ['docker run --rm b cat /go/bin/app > app']);
    assert.equal(o.status, 'migrate', codes(o.findings).join(', '));
    const stages = stagesOf(fileAfter(o, 'Dockerfile') as string);
    const runtime = stages[stages.length - 1];
    const m = /^COPY --from=(\S+) --chown=0:0 (\S+) \/usr\/local\/bin\/$/.exec(runtime.lines[0]);
    assert.ok(m, runtime.lines[0]);
    const helper = stages.find((s) => s.from === `FROM b AS ${m[1]}`);
    assert.ok(helper, stages.map((s) => s.from).join('\n'));
    assert.equal(helper.lines[0], 'USER 0');
    assert.match(helper.lines[1], new RegExp(`cat /go/bin/app > ${m[2].replace(/\//g, '\\/')}$`));
  });

  it('docker run with an ENTRYPOINT in the builder → RUN_HAS_ENTRYPOINT; --entrypoint cat is fine', () => {
    const builder = 'FROM golang:1.22\nRUN go build -o /go/bin/app .\nENTRYPOINT ["/go/bin/app"]\n';
    assert.deepEqual(errorCodes(run(builder, ['docker run --rm b cat /go/bin/app > app']).findings), ['build.sh:3 RUN_HAS_ENTRYPOINT']);
    assert.equal(run(builder, ['docker run --rm --entrypoint cat b /go/bin/app > app']).status, 'migrate');
  });

  it('docker run -d with a command that may change files → RUN_COMMAND_NOT_IDLE; sleep is idle', () => {
    const builder = 'FROM golang:1.22\nRUN go build -o /go/bin/app .\n';
    assert.deepEqual(errorCodes(run(builder, ['docker run -d --name x b make', 'docker cp x:/go/bin/app ./app', 'docker rm -f x']).findings), ['build.sh:3 RUN_COMMAND_NOT_IDLE']);
    assert.equal(run(builder, ['docker run -d --name x b sleep 3600', 'docker cp x:/go/bin/app ./app', 'docker rm -f x']).status, 'migrate');
  });

  it('a kept glue command that reads an artifact → ARTIFACT_USED_BY_GLUE; one that only shows it goes with it', () => {
    const builder = 'FROM golang:1.22\nRUN go build -o /go/bin/app .\n';
    const reads = run(builder, ['docker create --name x b', 'docker cp x:/go/bin/app ./app', 'docker rm x', 'scp app host:/srv/']);
    assert.deepEqual(errorCodes(reads.findings), ['build.sh:6 ARTIFACT_USED_BY_GLUE']);
    const shows = run(builder, ['docker create --name x b', 'docker cp x:/go/bin/app ./app', 'docker rm x', 'ls -l app']);
    assert.equal(shows.status, 'migrate', codes(shows.findings).join(', '));
    assert.equal(fileAfter(shows, 'build.sh'), '#!/bin/sh\ndocker build -t app .\n');
  });

  it('the same build flag with different values in both builds → BUILD_FLAG_CONFLICT', () => {
    const glue = '#!/bin/sh\ndocker build --network=host -f Dockerfile.build -t b .\ndocker create --name x b\ndocker cp x:/go/bin/app ./app\ndocker build --network=none -t app .\n';
    const o = migrate({ 'build.sh': glue, 'Dockerfile.build': 'FROM golang:1.22\nRUN go build -o /go/bin/app .\n', Dockerfile: RUNTIME });
    assert.deepEqual(errorCodes(o.findings), ['build.sh:2 BUILD_FLAG_CONFLICT']);
  });

  describe('--platform of one build (a flag of the merged build would choose every stage\'s platform)', () => {
    const BUILDER = 'FROM golang:1.22 AS deps\nRUN go mod download\nFROM deps\nRUN go build -o /go/bin/app .\nFROM --platform=linux/arm64 alpine:3.19 AS tools\nFROM scratch\nCOPY --from=deps /go/bin/app /go/bin/app\n';
    const glue = (builderFlags: string, runtimeFlags: string) =>
      `#!/bin/sh\ndocker build ${builderFlags}-f Dockerfile.build -t b .\ndocker create --name x b\ndocker cp x:/go/bin/app ./app\ndocker rm x\ndocker build ${runtimeFlags}-t app .\n`;
    const plan = (builderFlags: string, runtimeFlags = '', builder = BUILDER) => migrate({ 'build.sh': glue(builderFlags, runtimeFlags), 'Dockerfile.build': builder, Dockerfile: RUNTIME });

    it('the builder\'s --platform goes onto its FROM lines that name an image without one, not onto the build command', () => {
      const o = plan('--platform linux/amd64 ');
      assert.equal(o.status, 'migrate', codes(o.findings).join(', '));
      // A stage reference inherits its base's platform; scratch has none; an own --platform stays.
      assert.deepEqual(stagesOf(fileAfter(o, 'Dockerfile') as string).map((s) => s.from), [
        'FROM --platform=linux/amd64 golang:1.22 AS deps',
        'FROM deps',
        'FROM --platform=linux/arm64 alpine:3.19 AS tools',
        'FROM scratch AS b',
        'FROM alpine:3.19',
      ]);
      assert.equal(fileAfter(o, 'build.sh'), '#!/bin/sh\ndocker build -t app .\n');
      assert.deepEqual(codes(o.findings), []);
    });

    it('the same --platform on both builds stays a flag of the build; a different one on the runtime is no conflict any more', () => {
      const same = plan('--platform linux/amd64 ', '--platform linux/amd64 ');
      assert.equal(same.status, 'migrate');
      assert.match(fileAfter(same, 'build.sh') as string, /docker build --platform linux\/amd64 -t app \./);
      assert.ok(!(fileAfter(same, 'Dockerfile') as string).includes('--platform=linux/amd64'));
      const other = plan('--platform linux/amd64 ', '--platform linux/arm64 ');
      assert.equal(other.status, 'migrate', codes(other.findings).join(', '));
      assert.match(fileAfter(other, 'Dockerfile') as string, /^FROM --platform=linux\/amd64 golang:1\.22 AS deps$/m);
    });

    it('refused where the FROM lines cannot carry it: a runtime-only --platform, a value from the environment, a builder reading TARGETARCH', () => {
      assert.deepEqual(errorCodes(plan('', '--platform linux/arm64 ').findings), ['build.sh:2 BUILD_FLAG_CONFLICT']);
      assert.deepEqual(errorCodes(plan('--platform "$PLATFORM" ').findings), ['build.sh:2 BUILD_FLAG_CONFLICT']);
      const reads = 'FROM golang:1.22\nARG TARGETARCH\nRUN GOARCH=$TARGETARCH go build -o /go/bin/app .\n';
      assert.deepEqual(errorCodes(plan('--platform linux/arm64 ', '', reads).findings), ['build.sh:2 BUILD_FLAG_CONFLICT']);
    });

    it('--pull, --no-cache and --network of the builder only now reach the runtime stages: a BUILD_FLAG_WIDENED note each', () => {
      const o = plan('--pull --no-cache --network=host ');
      assert.equal(o.status, 'migrate');
      assert.deepEqual(codes(o.findings), ['build.sh:2 BUILD_FLAG_WIDENED', 'build.sh:2 BUILD_FLAG_WIDENED', 'build.sh:2 BUILD_FLAG_WIDENED']);
      assert.ok(o.findings.every((f) => f.severity === 'info'));
      assert.deepEqual(codes(plan('--no-cache ', '--no-cache ').findings), []);
    });
  });

  describe('MIGRATED_FILE_IN_IMAGE: a COPY that puts a file the migration rewrites or deletes into the image', () => {
    const builder = 'FROM golang:1.22\nWORKDIR /app\nCOPY . .\nRUN go build -o /go/bin/app .\n';
    const warned = (o: ReturnType<typeof run>) => codes(o.findings).filter((c) => c.endsWith('MIGRATED_FILE_IN_IMAGE'));

    it('runtime COPY of the repository, plain, by a glob or through a build arg', () => {
      assert.deepEqual(warned(run(builder, undefined, 'FROM alpine:3.19\nCOPY app /usr/local/bin/\nCOPY . /src/\n')), ['Dockerfile:3 MIGRATED_FILE_IN_IMAGE']);
      assert.deepEqual(warned(run(builder, undefined, 'FROM alpine:3.19\nCOPY app /usr/local/bin/\nCOPY *.sh /usr/local/bin/\n')), ['Dockerfile:3 MIGRATED_FILE_IN_IMAGE']);
      assert.deepEqual(warned(run(builder, undefined, 'FROM alpine:3.19\nARG SRC=.\nCOPY app /usr/local/bin/\nCOPY ${SRC} /src\n')), ['Dockerfile:4 MIGRATED_FILE_IN_IMAGE']);
      assert.deepEqual(warned(run(builder, undefined, 'FROM alpine:3.19\nCOPY app /usr/local/bin/\nCOPY *.go /src/\n')), []);
    });

    it('an artifact directory the builder filled from its context (`COPY . .` in /app, then docker cp C:/app): at the runtime line', () => {
      const o = run(builder, ['docker create --name x b', 'docker cp x:/app ./app', 'docker rm x'], 'FROM alpine:3.19\nCOPY app /srv/app\n');
      assert.equal(o.status, 'migrate', codes(o.findings).join(', '));
      assert.deepEqual(warned(o), ['Dockerfile:2 MIGRATED_FILE_IN_IMAGE']);
      // A build output below it holds none of them.
      const dist = run('FROM golang:1.22\nWORKDIR /app\nCOPY . .\nRUN go build -o /app/dist/app .\n', ['docker create --name x b', 'docker cp x:/app/dist ./dist', 'docker rm x'], 'FROM alpine:3.19\nCOPY dist /srv/\n');
      assert.deepEqual(warned(dist), []);
    });
  });

  it('a runtime COPY source from a build arg whose value is unknown → COPY_SOURCE_UNRESOLVED', () => {
    const runtime = 'FROM alpine:3.19\nARG BIN\nCOPY ${BIN} /usr/local/bin/\n';
    const glue = '#!/bin/sh\ndocker build -f Dockerfile.build -t b .\ndocker create --name x b\ndocker cp x:/go/bin/app ./app\ndocker build --build-arg BIN -t app .\n';
    const o = migrate({ 'build.sh': glue, 'Dockerfile.build': 'FROM golang:1.22\nRUN go build -o /go/bin/app .\n', Dockerfile: runtime });
    assert.ok(errorCodes(o.findings).includes('Dockerfile:3 COPY_SOURCE_UNRESOLVED'), codes(o.findings).join(', '));
  });

  it('a runtime COPY source from a known build arg is followed', () => {
    const runtime = 'FROM alpine:3.19\nARG BIN=app\nCOPY ${BIN} /usr/local/bin/\n';
    const o = run('FROM golang:1.22\nRUN go build -o /go/bin/app .\n', undefined, runtime);
    assert.equal(o.status, 'migrate', codes(o.findings).join(', '));
    assert.deepEqual(stagesOf(fileAfter(o, 'Dockerfile') as string)[1].lines, ['ARG BIN=app', 'COPY --from=b --chown=0:0 /go/bin/app /usr/local/bin/']);
  });
});

describe('plan/migrate: checks on the files merged', () => {
  before(loadParser);

  it('IG-2: a per-Dockerfile ignore file next to a merged Dockerfile → DOCKERIGNORE_CONTEXT_CHANGED at that build', () => {
    const glue = ['#!/bin/sh', 'docker build -f Dockerfile.build -t b .', 'docker create --name x b', 'docker cp x:/go/bin/app ./app', 'docker rm x', 'docker build -t app .', ''].join('\n');
    const files = { 'build.sh': glue, 'Dockerfile.build': 'FROM golang:1.22\nRUN go build -o /go/bin/app .\n', Dockerfile: RUNTIME };
    assert.ok(!codes(migrate(files).findings).some((c) => c.endsWith('DOCKERIGNORE_CONTEXT_CHANGED')));
    const o = migrate({ ...files, 'Dockerfile.build.dockerignore': '*.md\n' });
    assert.ok(codes(o.findings).includes('build.sh:2 DOCKERIGNORE_CONTEXT_CHANGED'), codes(o.findings).join(', '));
  });

  it('PD-6: builder and runtime with different escape characters that cannot be converted exactly → ESCAPE_MISMATCH at the directive', () => {
    const o = run('# escape=`\nFROM golang:1.22\nRUN echo C:\\dir && go build `\n    -o /go/bin/app .\n');
    assert.equal(o.status, 'refused');
    assert.deepEqual(errorCodes(o.findings), ['Dockerfile.build:1 ESCAPE_MISMATCH']);
  });
});
