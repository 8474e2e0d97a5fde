/** Running a CI job's scripts statically: sessions as the CI starts them, the job that runs the pipeline, file lines in steps and findings. */
import assert from 'node:assert/strict';
import { memoryRepo } from '../../../src/core/repo';
import { githubExpressions, interpretCi, interpretJenkinsfile } from '../../../src/interpret/ci';
import type { BuildStep, GlueStep } from '../../../src/interpret/events';
import type { GlueWorld } from '../../../src/interpret/shell';
import { display, literal, resolve } from '../../../src/interpret/value';
import { parseCiFile } from '../../../src/parse/ci-yaml';
import { ciFlavor } from '../../../src/parse/glue-kind';
import { parseJenkinsfile } from '../../../src/parse/jenkinsfile';
import { codes, loadParser, parseShell } from '../support/harness';

function world(files: Record<string, string> = {}): GlueWorld {
  const repo = memoryRepo(files);
  return { readText: (p) => repo.readText(p), listDir: (p) => repo.listDir(p), parseShell };
}

function run(path: string, text: string, files: Record<string, string> = {}) {
  const model = parseCiFile(path, text, ciFlavor(path) ?? 'gitlab');
  return interpretCi(model, world(files), '');
}

const steps = (s: readonly GlueStep[]) => s.map((x) => `${x.origin.file}:${x.origin.line} ${x.kind}`);
const builds = (s: readonly GlueStep[]) => s.filter((x): x is BuildStep => x.kind === 'build');

describe('interpret/ci', () => {
  before(loadParser);

  it('runs a GitLab job: before_script and script share a shell, after_script has its own', () => {
    const r = run('.gitlab-ci.yml', [
      'variables:', // 1
      '  NAME: app', // 2
      'build:', // 3
      '  before_script:', // 4
      '    - B=$NAME-builder', // 5
      '  script:', // 6
      '    - docker build -f Dockerfile.build -t $B .', // 7
      '    - |', // 8
      '      docker create --name x $B', // 9
      '      docker cp x:/go/bin/app ./app', // 10
      '    - docker build -t $NAME:$CI_COMMIT_SHA .', // 11
      '  after_script:', // 12
      '    - docker rmi $B', // 13
      '',
    ].join('\n'));
    assert.equal(r.job, 'build');
    assert.deepEqual(steps(r.steps), ['.gitlab-ci.yml:7 build', '.gitlab-ci.yml:9 container', '.gitlab-ci.yml:10 cp', '.gitlab-ci.yml:11 build', '.gitlab-ci.yml:13 image-cleanup']);
    const [builder, runtime] = builds(r.steps);
    assert.equal(resolve(builder.tags[0])?.text, 'app-builder');
    assert.equal(display(runtime.tags[0]), 'app:$CI_COMMIT_SHA');
    const cleanup = r.steps[4];
    assert.ok(cleanup.kind === 'image-cleanup');
    assert.equal(display(cleanup.images[0]), '$B', 'after_script does not see variables set by the script');
    // Each script's chain starts with its own id, as recipe lines do.
    assert.equal(r.steps[1].origin.chain[0], r.steps[2].origin.chain[0]);
    assert.ok(r.steps[1].origin.chain[0] < 0);
  });

  it('runs each GitHub step in a new shell, with the CI env and `${{ }}` expressions', () => {
    const r = run('.github/workflows/ci.yml', [
      'on: push', // 1
      'env:', // 2
      '  B: builder', // 3
      'jobs:', // 4
      '  image:', // 5
      '    runs-on: ubuntu-latest', // 6
      '    steps:', // 7
      '      - run: |', // 8
      '          docker build -f Dockerfile.build -t $B .', // 9
      '          OUT=bin', // 10
      '      - run: docker create --name x ${{ env.B }}', // 11
      '      - run: docker cp x:/go/bin/app "${{ github.workspace }}/${OUT:-app}"', // 12
      '      - run: docker build -t app:${{ github.sha }} .', // 13
      '',
    ].join('\n'));
    assert.deepEqual(steps(r.steps), ['.github/workflows/ci.yml:9 build', '.github/workflows/ci.yml:11 container', '.github/workflows/ci.yml:12 cp', '.github/workflows/ci.yml:13 build']);
    const cp = r.steps[2];
    assert.ok(cp.kind === 'cp');
    assert.equal(cp.dest, 'app', 'OUT of an earlier step is gone; the workspace is the repository');
    assert.equal(display(builds(r.steps)[1].tags[0]), 'app:${{ github.sha }}');
  });

  it('picks the job that runs the whole pipeline', () => {
    const r = run('.gitlab-ci.yml', [
      'test:', // 1
      '  script:', // 2
      '    - docker build -t test -f Dockerfile.test .', // 3
      'release:', // 4
      '  script:', // 5
      '    - docker build -f Dockerfile.build -t b .', // 6
      '    - docker create --name x b', // 7
      '    - docker cp x:/go/bin/app app', // 8
      '    - docker build -t app .', // 9
      '',
    ].join('\n'));
    assert.equal(r.job, 'release');
    assert.equal(r.steps.length, 4);
  });

  it('refuses when another job builds the builder Dockerfile the migration deletes', () => {
    const r = run('.gitlab-ci.yml', [
      'test:', // 1
      '  script:', // 2
      '    - docker build -f Dockerfile.build -t b .', // 3
      '    - docker run b make test', // 4
      'release:', // 5
      '  script:', // 6
      '    - docker build -f Dockerfile.build -t b .', // 7
      '    - docker create --name x b', // 8
      '    - docker cp x:/go/bin/app app', // 9
      '    - docker build -t app .', // 10
      '',
    ].join('\n'));
    assert.equal(r.job, 'release');
    assert.deepEqual(codes(r.findings), ['.gitlab-ci.yml:3 CI_GLUE_UNSUPPORTED']);
  });

  it('refuses docker steps behind a step condition, but not behind always()', () => {
    const text = (cond: string) =>
      ['on: push', 'jobs:', '  j:', '    runs-on: ubuntu-latest', '    steps:', '      - run: docker build -f Dockerfile.build -t b .', `        if: ${cond}`, '      - run: docker create --name x b', ''].join('\n');
    assert.deepEqual(codes(run('.github/workflows/a.yml', text("github.ref == 'refs/heads/main'")).findings), ['.github/workflows/a.yml:7 GLUE_CONDITIONAL_DOCKER']);
    assert.deepEqual(codes(run('.github/workflows/a.yml', text('always()')).findings), []);
  });

  it('reports findings at the file line of the command', () => {
    const r = run('.gitlab-ci.yml', ['build:', '  script:', '    - docker build -t app .', '    - |', '      echo start', '      read answer', ''].join('\n'));
    assert.deepEqual(codes(r.findings), ['.gitlab-ci.yml:6 GLUE_INTERACTIVE']);
  });

  it('refuses docker under another shell, and build actions', () => {
    const r = run('.github/workflows/a.yml', [
      'on: push', // 1
      'jobs:', // 2
      '  j:', // 3
      '    runs-on: ubuntu-latest', // 4
      '    steps:', // 5
      '      - run: docker build -t app .', // 6
      '        shell: pwsh', // 7
      '      - uses: docker/build-push-action@v6', // 8
      '',
    ].join('\n'));
    assert.deepEqual(codes(r.findings).sort(), ['.github/workflows/a.yml:6 CI_GLUE_UNSUPPORTED', '.github/workflows/a.yml:8 CI_GLUE_UNSUPPORTED']);
  });

  it('runs Travis env: assignments in the job shell, and a working directory from GitHub', () => {
    const t = run('.travis.yml', ['env:', '  - B=builder OUT="my dir"', 'script:', '  - docker build -f Dockerfile.build -t $B .', '  - docker create --name x $B', '  - docker cp x:/a "$OUT"', ''].join('\n'));
    assert.equal(resolve(builds(t.steps)[0].tags[0])?.text, 'builder');
    const cp = t.steps[2];
    assert.ok(cp.kind === 'cp');
    assert.equal(cp.dest, 'my dir');
    const g = run('.github/workflows/a.yml', ['on: push', 'jobs:', '  j:', '    runs-on: ubuntu-latest', '    defaults:', '      run:', '        working-directory: svc', '    steps:', '      - run: docker build -t app .', ''].join('\n'), { 'svc/Dockerfile': 'FROM scratch\n' });
    assert.equal(builds(g.steps)[0].context, 'svc');
  });

  it('reports a YAML syntax error as GLUE_PARSE_ERROR', () => {
    assert.deepEqual(codes(run('.gitlab-ci.yml', 'build:\n  script:\n    - a\n   - b\n').findings), ['.gitlab-ci.yml:4 GLUE_PARSE_ERROR']);
  });

  it('stands GitHub expressions in for same-length variables', () => {
    const value = 'docker build -t "app:${{ github.sha }}" ${{ env.CTX }}';
    const { text, exprs } = githubExpressions(value, new Map([['CTX', literal('.')]]));
    assert.equal(text.length, value.length);
    assert.equal(text, 'docker build -t "app:${_E0___________}" ${_E1________}');
    assert.deepEqual([...exprs.values()].map(display), ['${{ github.sha }}', '.']);
  });

  describe('Jenkinsfile', () => {
    // The steps and lines themselves: test/unit/parse/jenkinsfile.test.ts.
    const JENKINSFILE = [
      'pipeline {', // 1
      '  agent any', // 2
      "  environment { BUILDER = 'app-builder' }", // 3
      '  stages { stage("b") { steps {', // 4
      "    // sh 'docker build in a comment'", // 5
      '    sh "docker build -t test -f Dockerfile.test ."', // 6
      "    sh 'docker build -f Dockerfile.build -t $BUILDER .'", // 7
      "    sh \"\"\"", // 8
      '      echo extract', // 9
      '      docker create --name x ${BUILDER}', // 10
      '      docker cp x:/go/bin/app ./app', // 11
      "    \"\"\"", // 12
      "    sh(label: 'image', script: \"docker build -t app:${env.BUILD_NUMBER} .\")", // 13
      '    script { docker.build("other") }', // 14
      '  } } }', // 15
      '}',
    ].join('\n');

    it('refuses a builder pattern run by its own sh steps, once, at the builder build', () => {
      const findings = interpretJenkinsfile('Jenkinsfile', parseJenkinsfile(JENKINSFILE), world(), '');
      assert.deepEqual(codes(findings), ['Jenkinsfile:7 CI_GLUE_UNSUPPORTED']);
      assert.match(findings[0].message, /builds Dockerfile.build \(line 7\), copies \/go\/bin\/app out \(line 11\), builds Dockerfile \(line 13\)/);
    });

    it('says nothing about a Jenkinsfile that builds one image, or runs a script that does the rest', () => {
      const plain = ['node {', "  sh 'docker build -t app .'", "  sh 'docker push app'", '}'].join('\n');
      assert.deepEqual(interpretJenkinsfile('Jenkinsfile', parseJenkinsfile(plain), world(), ''), []);
      const script = ['node {', "  sh 'docker build -t test -f Dockerfile.test .'", "  sh './build.sh'", '}'].join('\n');
      const files = { 'build.sh': 'docker build -f Dockerfile.build -t b .\ndocker create --name x b\ndocker cp x:/a a\ndocker build -t app .\n' };
      assert.deepEqual(interpretJenkinsfile('Jenkinsfile', parseJenkinsfile(script), world(files), ''), []);
    });
  });
});
