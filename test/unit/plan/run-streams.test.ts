/**
 * Builds at `docker run` time whose output is captured (`docker run IMG > out.tar`), and ADD
 * of artifacts: the command becomes a RUN whose stdout is the file, and ADD is done by content.
 */
import assert from 'node:assert/strict';
import { codes, errorCodes, fileAfter, loadParser, migrate, stagesOf } from '../support/harness';

function run(builder: string, mid: string[], runtime: string, buildkit = false) {
  const glue = ['#!/bin/sh', 'docker build -f Dockerfile.build -t b .', ...mid, 'docker build -t app .', ''].join('\n');
  return migrate({ 'build.sh': glue, 'Dockerfile.build': builder, Dockerfile: runtime, 'src/main.c': 'int main(){}\n' }, { buildkit });
}

const ADD_TAR = 'FROM alpine:3.19\nADD out.tar /app/\n';

describe('plan: runs whose output is captured, and ADD by content', () => {
  before(loadParser);

  it('docker run IMG > out.tar with no command: the image CMD is a RUN whose stdout is the file, then ADD unpacks it', () => {
    const o = run('FROM gcc:13\nWORKDIR /src\nCOPY . .\nCMD (make >&2) && tar -cf - -C out .\n', ['docker run --rm b > out.tar'], ADD_TAR);
    assert.equal(o.status, 'migrate', codes(o.findings).join(', '));
    const stages = stagesOf(fileAfter(o, 'Dockerfile') as string);
    const runStage = stages.find((s) => s.from === 'FROM b AS b-run');
    assert.deepEqual(runStage?.lines, ["RUN /bin/sh -c '(make >&2) && tar -cf - -C out .' > /tmp/b-run.stdout"]);
    const host = stages.find((s) => s.from === 'FROM b AS b-host');
    assert.equal(host?.lines[0], 'COPY --from=b-run /tmp/b-run.stdout /stages/b-run/tmp/b-run.stdout');
    assert.match(host?.lines[1] ?? '', /cat \/stages\/b-run\/tmp\/b-run\.stdout > \/host\/out\.tar .*add_like_docker \/host\/out\.tar \/add\/1 out\.tar$/);
    assert.deepEqual(stages[stages.length - 1].lines, ['COPY --from=b-host /add/1/out.tar /app/']);
  });

  it('an exec-form ENTRYPOINT with the run\'s words, environment and user become the build step', () => {
    const o = run('FROM gcc:13\nENTRYPOINT ["make"]\n', ['docker run --rm -e V=2 -u 1000 b dist > out.tar'], ADD_TAR);
    assert.equal(o.status, 'migrate', codes(o.findings).join(', '));
    const runStage = stagesOf(fileAfter(o, 'Dockerfile') as string).find((s) => s.from === 'FROM b AS b-run');
    assert.deepEqual(runStage?.lines, ['ENV V=2', 'USER 1000', 'RUN make dist > /tmp/b-run.stdout']);
  });

  it('a host cache mount only speeds the build: a plain RUN, or a cache mount with --buildkit', () => {
    const mid = ['docker run -v "$HOME/.m2":/root/.m2 b > out.tar'];
    const builder = 'FROM maven:3.9-eclipse-temurin-17\nCMD ["sh", "-c", "mvn -q package && tar -cf - -C target app.jar"]\n';
    const plain = run(builder, mid, ADD_TAR);
    assert.equal(plain.status, 'migrate', codes(plain.findings).join(', '));
    assert.ok(codes(plain.findings).includes('build.sh:3 RUN_CACHE_DROPPED'));
    const kit = run(builder, mid, ADD_TAR, true);
    const runStage = stagesOf(fileAfter(kit, 'Dockerfile') as string).find((s) => s.from === 'FROM b AS b-run');
    assert.match(runStage?.lines[0] ?? '', /^RUN --mount=type=cache,target=\/root\/\.m2 sh -c /);
    // Anything else from outside the repository is a warning: the build step does not see it.
    assert.ok(codes(run(builder, ['docker run -v /etc/ssl:/etc/ssl b > out.tar'], ADD_TAR).findings).includes('build.sh:3 RUN_INPUTS_CHANGED'));
  });

  it('refusals: no CMD anywhere, and a run that also writes into the repository through a mount', () => {
    assert.deepEqual(errorCodes(run('FROM gcc:13\nRUN true\n', ['docker run --rm b > out.tar'], ADD_TAR).findings), ['build.sh:3 RUN_COMMAND_UNKNOWN']);
    assert.deepEqual(errorCodes(run('FROM gcc:13\nCMD make\n', ['docker run --rm -v "$PWD/src:/src" b > out.tar'], ADD_TAR).findings), ['build.sh:3 EXTRACTION_UNSUPPORTED']);
  });

  it('a plain `docker run IMG tar -c` stays in the replay stage; its archive is unpacked without guessing', () => {
    const o = run('FROM gcc:13\nRUN mkdir /out\n', ['docker run --rm b tar -cz -C /out . > out.tgz'], 'FROM alpine:3.19\nADD out.tgz /app/\n');
    assert.equal(o.status, 'migrate', codes(o.findings).join(', '));
    const text = fileAfter(o, 'Dockerfile') as string;
    assert.doesNotMatch(text, /b-run|add_like_docker/);
    assert.match(text, /gzip -dc \/host\/out\.tgz \| tar -x --numeric-owner -C \/add\/1/);
  });

  it('ADD of a copied-out file decides by content whatever its name; a pattern or --chown is refused', () => {
    const cp = (src: string, dest: string) => ['docker create --name x b', `docker cp x:${src} ${dest}`, 'docker rm x'];
    const bundle = run('FROM gcc:13\nRUN mkdir /out\n', cp('/out/app.bundle', './bundle'), 'FROM alpine:3.19\nADD bundle /usr/local/bin/\n');
    assert.equal(bundle.status, 'migrate', codes(bundle.findings).join(', '));
    const stages = stagesOf(fileAfter(bundle, 'Dockerfile') as string);
    assert.deepEqual(stages[stages.length - 1].lines, ['COPY --from=b-add /add/1/bundle /usr/local/bin/']);
    assert.match(stages.find((s) => s.from === 'FROM b AS b-add')?.lines.join('\n') ?? '', /cp -a \/out\/app\.bundle \/export\/bundle .*add_like_docker \/export\/bundle \/add\/1 bundle/);
    const named = run('FROM gcc:13\nRUN mkdir /pkg\n', cp('/pkg/release.tar.gz', '.'), 'FROM alpine:3.19\nADD release.tar.gz /opt/tool/\n');
    assert.equal(named.status, 'migrate', codes(named.findings).join(', '));
    const chown = run('FROM gcc:13\nRUN mkdir /pkg\n', cp('/pkg/release.tar.gz', '.'), 'FROM alpine:3.19\nADD --chown=1:1 release.tar.gz /opt/tool/\n');
    assert.deepEqual(errorCodes(chown.findings), ['Dockerfile:2 ADD_TARBALL_ARTIFACT']);
    const glob = run('FROM gcc:13\nRUN mkdir -p /out/pkg\n', cp('/out/pkg', './pkg'), 'FROM alpine:3.19\nADD pkg/*.tar /opt/\n');
    assert.deepEqual(errorCodes(glob.findings), ['Dockerfile:2 ADD_TARBALL_ARTIFACT']);
    // A directory is not unpacked (AD-6): still a plain copy.
    const dir = run('FROM gcc:13\nRUN mkdir -p /out/pkg\n', cp('/out/pkg', './pkg'), 'FROM alpine:3.19\nADD pkg /opt/pkg/\n');
    assert.deepEqual(stagesOf(fileAfter(dir, 'Dockerfile') as string).pop()?.lines, ['COPY --from=b --chown=0:0 /out/pkg /opt/pkg/']);
  });
});

describe('plan: export-only glue (no runtime image)', () => {
  before(loadParser);
  const builder = 'FROM gcc:13\nWORKDIR /w\nCOPY . .\nENTRYPOINT ["make"]\nCMD ["release"]\n';
  const exportOf = (glue: string[], files: Record<string, string> = {}) =>
    migrate({ 'build.sh': ['#!/bin/sh', 'docker build -f Dockerfile.build -t b .', ...glue, ''].join('\n'), 'Dockerfile.build': builder, ...files });

  it('a bind-mount run that writes into the repository: a build step, then --output to that folder', () => {
    const o = exportOf(['mkdir -p out', 'docker run --rm -v "$PWD/out:/w/out" b']);
    assert.equal(o.status, 'migrate', codes(o.findings).join(', '));
    const stages = stagesOf(fileAfter(o, 'Dockerfile.build') as string);
    assert.deepEqual(stages.find((s) => s.from === 'FROM b AS b-run')?.lines, ['RUN mkdir -p /w/out', 'RUN ["make", "release"]']);
    assert.deepEqual(stages[stages.length - 1], { from: 'FROM scratch AS export', lines: ['COPY --from=b-run /w/out /'] });
    assert.equal(fileAfter(o, 'build.sh'), '#!/bin/sh\nmkdir -p out\nDOCKER_BUILDKIT=1 docker build -f Dockerfile.build --target export --output type=local,dest=out .\n');
  });

  it('two output folders, the whole repository, or a --mount source nobody provides are refused', () => {
    assert.deepEqual(errorCodes(exportOf(['docker run --rm -v "$PWD/a:/w/a" -v "$PWD/b:/w/b" b']).findings), ['build.sh:3 EXTRACTION_UNSUPPORTED']);
    assert.deepEqual(errorCodes(exportOf(['docker run --rm -v "$PWD:/w" b']).findings), ['build.sh:3 EXTRACTION_UNSUPPORTED']);
    const missing = exportOf(['mkdir out', 'docker run --rm --mount type=bind,src="$PWD/out",dst=/w/out --mount type=bind,src="$PWD/libs",dst=/in,readonly b']);
    assert.deepEqual(errorCodes(missing.findings), ['build.sh:4 RUN_MOUNT_MISSING']);
  });

  it('docker cp of one directory to a new top-level folder exports to that folder', () => {
    const o = exportOf(['rm -rf ./site', 'C=$(docker create b)', 'docker cp $C:/w/dist ./site', 'docker rm $C']);
    assert.equal(o.status, 'migrate', codes(o.findings).join(', '));
    assert.ok(codes(o.findings).includes('build.sh:5 EXPORT_DIRECTORY_ASSUMED'));
    assert.match(fileAfter(o, 'Dockerfile.build') as string, /cp -a \/w\/dist\/\. \/export\n/);
    assert.match(fileAfter(o, 'build.sh') as string, /rm -rf \.\/site\nDOCKER_BUILDKIT=1 docker build -f Dockerfile\.build --target export --output type=local,dest=site \.\n$/);
  });
});
