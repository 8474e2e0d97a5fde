/**
 * Never a silent miss: a builder pattern the tool sees but cannot follow is refused with
 * PIPELINE_NOT_FOLLOWED at the line that uses the builder, never "nothing to do".
 */
import assert from 'node:assert/strict';
import { codes, errorCodes, fileAfter, loadParser, migrate } from '../support/harness';

const BUILDER = 'FROM golang:1.22\nRUN go build -o /out/app .\nCMD ["tar", "-cf", "-", "-C", "/out", "app"]\n';
const RUNTIME = 'FROM alpine:3.19\nCOPY app /usr/local/bin/\n';

describe('app/unfollowed: builder patterns seen but not followed', () => {
  before(loadParser);

  it('only in a README: refused at the README line, with the reason', () => {
    const readme = '# App\n\nBuild the image:\n\n    docker build -t app-builder -f Dockerfile.build . && docker run app-builder | docker build -t app -f Dockerfile.run -\n';
    const o = migrate({ 'README.md': readme, 'Dockerfile.build': BUILDER, 'Dockerfile.run': RUNTIME });
    assert.equal(o.status, 'refused');
    assert.deepEqual(codes(o.findings), ['README.md:5 PIPELINE_NOT_FOLLOWED']);
    assert.match(o.findings[0].message, /only documented in README\.md/);
  });

  it('only in a Dockerfile comment', () => {
    const builder = `# Build with:\n#   docker build -t app-builder -f Dockerfile.build .\n#   docker run --rm app-builder > app.tar\n${BUILDER}`;
    const o = migrate({ 'Dockerfile.build': builder, 'Dockerfile.run': RUNTIME });
    assert.deepEqual(codes(o.findings), ['Dockerfile.build:3 PIPELINE_NOT_FOLLOWED']);
    assert.match(o.findings[0].message, /comment of Dockerfile\.build/);
  });

  it('a README that only builds is still nothing to do; a documented pipeline does not outweigh a multi-stage Dockerfile', () => {
    assert.equal(migrate({ 'README.md': '    docker build -t app .\n', Dockerfile: RUNTIME }).status, 'nothing');
    const o = migrate({ 'README.md': '    docker build -t b -f Dockerfile.build .\n    docker run b > app.tar\n', Dockerfile: 'FROM golang AS b\nRUN go build -o /app .\nFROM alpine\nCOPY --from=b /app /app\n' });
    assert.equal(o.status, 'already-multi-stage');
  });

  it('podman glue: found as glue, refused because it is not docker', () => {
    const o = migrate({ 'build.sh': '#!/bin/sh\npodman build -t app-builder -f Containerfile.build .\npodman run --rm app-builder > app.tar\npodman build -t app .\n', 'Containerfile.build': BUILDER, Containerfile: RUNTIME });
    assert.deepEqual(codes(o.findings), ['build.sh:3 PIPELINE_NOT_FOLLOWED']);
    assert.match(o.findings[0].message, /runs podman/);
  });

  it('an extraction in a pattern rule the default goal reaches (`bin/%`, `$*`, `$@`) is followed: exported, the recipe rewritten', () => {
    const makefile = ['all: bin/app', '', 'image:', '\tdocker build -t app-builder -f Dockerfile.build .', '', 'bin/%: image', '\tmkdir -p bin', '\tdocker cp $(shell docker create app-builder):/out/$* $@', ''].join('\n');
    const o = migrate({ Makefile: makefile, 'Dockerfile.build': BUILDER });
    assert.equal(o.status, 'migrate', codes(o.findings).join(', '));
    assert.equal(o.plan?.setup.exportDir, 'bin');
    assert.match(fileAfter(o, 'Makefile') ?? '', /^bin\/%: image\n\tmkdir -p bin\n\tDOCKER_BUILDKIT=1 docker build -f Dockerfile.build --target export --output type=local,dest=bin \.$/m);
  });

  it('one pattern-rule recipe line that builds a runtime image per target: refused at that line with that reason only', () => {
    const makefile = ['all: build', '', 'image:', '\tdocker build -t app-builder -f Dockerfile.build .', '', 'prepare: image', '\tdocker cp $(shell docker create app-builder):/out ./bin/arm', '', 'build: $(addprefix build-,a b)', 'build-%: prepare', '\tdocker build -t app-$* -f $*.Dockerfile bin/arm', ''].join('\n');
    const o = migrate({ Makefile: makefile, 'Dockerfile.build': BUILDER, 'a.Dockerfile': 'FROM alpine:3.19\nCOPY out/app /a\n', 'b.Dockerfile': 'FROM alpine:3.19\nCOPY out/app /b\n' });
    assert.equal(o.status, 'refused', codes(o.findings).join(', '));
    assert.deepEqual(errorCodes(o.findings), ['Makefile:11 MULTIPLE_RUNTIME_BUILDS']);
    assert.match(o.findings.find((f) => f.code === 'MULTIPLE_RUNTIME_BUILDS')?.message ?? '', /makes 2 runtime images/);
  });

  it('a runtime built by another make goal from the extracted file: followed as `make build deploy`, the prerequisite nothing makes any more dropped', () => {
    const makefile = ['build:', '\tdocker build -t app-builder -f Dockerfile.build .', '\tdocker run --rm app-builder tar -cf - -C /out app > app.tar', '', 'deploy: app.tar', '\ttar -xf app.tar', '\tdocker build -t app .', ''].join('\n');
    const o = migrate({ Makefile: makefile, 'Dockerfile.build': BUILDER, Dockerfile: RUNTIME });
    assert.equal(o.status, 'migrate', codes(o.findings).join(', '));
    assert.deepEqual(o.plan?.setup.makeGoals, ['build', 'deploy']);
    assert.equal(fileAfter(o, 'Makefile'), 'build:\n\ndeploy:\n\tdocker build -t app .\n');
    assert.match(fileAfter(o, 'Dockerfile') ?? '', /COPY --from=\S+ --chown=0:0 \/host\/app \/usr\/local\/bin\//);
  });

  it('--target-rule names the goal to follow; one the Makefile has no rule for is TARGET_RULE_UNKNOWN', () => {
    const makefile = ['all:', '\t@echo nothing', '', 'image:', '\tdocker build -t app-builder -f Dockerfile.build .', '\tdocker run --rm app-builder tar -cf - -C /out app > app.tar', '\ttar -xf app.tar', '\tdocker build -t app .', '', 'release:', '\t$(MAKE) image', ''].join('\n');
    const files = { Makefile: makefile, 'Dockerfile.build': BUILDER, Dockerfile: RUNTIME };
    const o = migrate(files, { targetRule: 'release' });
    assert.equal(o.status, 'migrate', codes(o.findings).join(', '));
    assert.equal(o.plan?.setup.goal, 'release');
    assert.deepEqual(o.plan?.setup.makeGoals, ['release']);
    const unknown = migrate(files, { targetRule: 'ship' });
    assert.equal(unknown.status, 'refused');
    assert.deepEqual(errorCodes(unknown.findings), ['Makefile:1 TARGET_RULE_UNKNOWN']);
  });

  it('a runtime context the glue assembles (mkdir deploy; cp … deploy; tar -x -C deploy): migrated from the repository, the build names the merged Dockerfile', () => {
    const glue = ['#!/bin/sh', 'docker build -t app-builder -f Dockerfile.build .', 'docker run --rm app-builder tar -cf - -C /out app > app.tar', 'rm -rf deploy', 'mkdir -p deploy', 'cp Dockerfile.run deploy/', 'tar -xf app.tar -C deploy', 'cd deploy && docker build -f Dockerfile.run -t app .', ''].join('\n');
    const o = migrate({ 'build.sh': glue, 'Dockerfile.build': BUILDER, 'Dockerfile.run': RUNTIME });
    assert.equal(o.status, 'migrate', codes(o.findings).join(', '));
    assert.equal(fileAfter(o, 'build.sh'), '#!/bin/sh\nrm -rf deploy\nmkdir -p deploy\ncd deploy && docker build -t app -f ../Dockerfile.run ..\n');
    assert.match(fileAfter(o, 'Dockerfile.run') ?? '', /COPY --from=\S+ --chown=0:0 \/host\/deploy\/app \/usr\/local\/bin\//);
    // The copied Dockerfile.run is not what the runtime COPYs: no by-design difference to warn of.
    assert.deepEqual(codes(o.findings).filter((c) => c.includes('MIGRATED_FILE_IN_IMAGE')), []);
  });

  it('an assembled context file the tool cannot trace refuses at the line that put it there', () => {
    const glue = ['#!/bin/sh', 'docker build -t app-builder -f Dockerfile.build .', 'docker run --rm app-builder tar -cf - -C /out app > app.tar', 'rm -rf deploy', 'mkdir -p deploy', 'cp Dockerfile.run deploy/', 'date > deploy/stamp', 'tar -xf app.tar -C deploy', 'cd deploy && docker build -f Dockerfile.run -t app .', ''].join('\n');
    const o = migrate({ 'build.sh': glue, 'Dockerfile.build': BUILDER, 'Dockerfile.run': RUNTIME });
    assert.equal(o.status, 'refused');
    assert.ok(errorCodes(o.findings).includes('build.sh:7 ASSEMBLED_CONTEXT_UNTRACED'), codes(o.findings).join(', '));
  });

  it('a runtime built by a second script from what the first extracted: both followed as one pipeline, the first script emptied of docker', () => {
    const first = '#!/bin/sh\ndocker build -t app-builder -f Dockerfile.build .\nmkdir -p out\ndocker run --rm -v "$PWD/out:/out" app-builder\n';
    const second = '#!/bin/sh\ndocker build -t app -f Dockerfile.run .\n';
    const builder = 'FROM golang:1.22\nRUN go build -o /app .\nCMD ["cp", "/app", "/out/app"]\n';
    const o = migrate({ 'compile.sh': first, 'package.sh': second, 'Dockerfile.build': builder, 'Dockerfile.run': 'FROM alpine\nCOPY out/app /usr/local/bin/\n' });
    assert.equal(o.status, 'migrate', codes(o.findings).join(', '));
    assert.doesNotMatch(fileAfter(o, 'compile.sh') ?? '', /docker/);
    assert.ok(!o.plan?.files.some((f) => f.path === 'package.sh'), 'package.sh already builds the merged Dockerfile as it is');
    assert.match(fileAfter(o, 'Dockerfile.run') ?? '', /RUN \["cp", "\/app", "\/out\/app"\][^]*COPY --from=app-builder-run --chown=0:0 \/out\/app /);
  });

  it('buildctl in a pipeline the tool refuses anyway: said at its line', () => {
    const glue = '#!/bin/sh\ndocker build -t b -f Dockerfile.build .\ndocker create --name x b\ndocker cp x:/out/app ./app\ndocker rm x\nbuildctl build --frontend dockerfile.v0 --local context=. --local dockerfile=.\n';
    const o = migrate({ 'build.sh': glue, 'Dockerfile.build': BUILDER, Dockerfile: RUNTIME });
    assert.equal(o.status, 'refused');
    assert.ok(codes(o.findings).includes('build.sh:6 PIPELINE_NOT_FOLLOWED'), codes(o.findings).join(', '));
  });
  it('another make goal still runs the builder image: refused (BUILDER_IMAGE_USED at that line)', () => {
    const makefile = 'all:\n\tdocker build -t b -f Dockerfile.build .\n\tdocker create --name x b\n\tdocker cp x:/out/app ./app\n\tdocker rm x\n\tdocker build -t app .\ntest:\n\tdocker run --rm b go test ./...\n';
    const o = migrate({ Makefile: makefile, 'Dockerfile.build': BUILDER, Dockerfile: RUNTIME });
    assert.equal(o.status, 'refused');
    assert.deepEqual(errorCodes(o.findings), ['Makefile:8 BUILDER_IMAGE_USED']);
  });

  describe('CI files this version does not follow: refused at the docker line, never nothing to do', () => {
    const steps = ['docker build -t app-builder -f Dockerfile.build .', 'docker run --rm app-builder > app.tar', 'docker build -t app .'];
    const repo = (path: string, text: string) => ({ [path]: text, 'Dockerfile.build': BUILDER, Dockerfile: RUNTIME });
    const cases: [string, string, string, number][] = [
      ['.woodpecker.yml', 'Woodpecker', `steps:\n  build:\n    image: docker\n    commands:\n${steps.map((c) => `      - ${c}`).join('\n')}\n`, 6],
      ['.woodpecker/build.yaml', 'Woodpecker', `steps:\n  - name: build\n    commands:\n${steps.map((c) => `      - ${c}`).join('\n')}\n`, 5],
      ['azure-pipelines.yml', 'Azure Pipelines', `pool:\n  vmImage: ubuntu-latest\nsteps:\n${steps.map((c) => `  - script: ${c}`).join('\n')}\n`, 5],
      ['appveyor.yml', 'AppVeyor', `image: Ubuntu\nbuild_script:\n${steps.map((c) => `  - sh: ${c}`).join('\n')}\n`, 4],
      ['.semaphore/semaphore.yml', 'Semaphore', `version: v1.0\nblocks:\n  - name: image\n    task:\n      jobs:\n        - name: build\n          commands:\n${steps.map((c) => `            - ${c}`).join('\n')}\n`, 9],
      ['wercker.yml', 'Wercker', `build:\n  steps:\n    - script:\n        name: image\n        code: |\n${steps.map((c) => `          ${c}`).join('\n')}\n`, 7],
      ['cloudbuild.yaml', 'Cloud Build', `steps:\n- name: gcr.io/cloud-builders/docker\n  args: ['build', '-t', 'app-builder', '-f', 'Dockerfile.build', '.']\n- name: gcr.io/cloud-builders/docker\n  entrypoint: bash\n  args: ['-c', 'docker run --rm app-builder > app.tar']\n- name: gcr.io/cloud-builders/docker\n  args:\n  - build\n  - -t\n  - app\n  - .\n`, 6],
    ];
    for (const [path, ci, text, line] of cases) {
      it(`${path} (${ci})`, () => {
        const o = migrate(repo(path, text));
        assert.equal(o.status, 'refused', codes(o.findings).join(', '));
        assert.deepEqual(codes(o.findings), [`${path}:${line} PIPELINE_NOT_FOLLOWED`]);
        assert.match(o.findings[0].message, new RegExp(`is a ${ci} file, which this version does not follow`));
      });
    }

    it('`bash -c "…"` in a CI file this version does not follow is read as shell', () => {
      const text = `steps:\n  - label: image\n    command: bash -o pipefail -c "docker build -t b -f Dockerfile.build . && docker run --rm b cat /out/app > app && docker build -t app ."\n`;
      const o = migrate(repo('.buildkite/pipeline.yml', text));
      assert.deepEqual(codes(o.findings), ['.buildkite/pipeline.yml:3 PIPELINE_NOT_FOLLOWED']);
    });

    it('one that only builds an image is nothing to do; one that builds a Dockerfile the migration deletes refuses it (GLUE_NOT_REWRITTEN)', () => {
      assert.equal(migrate(repo('.drone.yml', 'steps:\n  - name: image\n    commands:\n      - docker build -t app .\n')).status, 'nothing');
      const glue = '#!/bin/sh\ndocker build -t app-builder -f Dockerfile.build .\ndocker run --rm app-builder > app.tar\ndocker build -t app .\n';
      const o = migrate({ ...repo('cloudbuild.yaml', `steps:\n- name: gcr.io/cloud-builders/docker\n  args: ['build', '-f', 'Dockerfile.build', '.']\n`), 'build.sh': glue });
      assert.deepEqual(errorCodes(o.findings), ['cloudbuild.yaml:3 GLUE_NOT_REWRITTEN']);
      const plugin = 'steps:\n  - name: toolchain\n    image: plugins/docker\n    settings:\n      repo: example/app-builder\n      dockerfile: Dockerfile.build\n';
      assert.deepEqual(errorCodes(migrate({ ...repo('.drone.yml', plugin), 'build.sh': glue }).findings), ['.drone.yml:6 GLUE_NOT_REWRITTEN']);
    });
  });
});
