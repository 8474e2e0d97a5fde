/**
 * CI files rewritten through the whole planner: only the changed command lines change, entries
 * whose every command goes are deleted (a GitHub step, a `- …` item, the key of an emptied
 * list), inserted text is written for the scalar's style, and every other byte stays.
 */
import assert from 'node:assert/strict';
import type { Finding } from '../../../src/core/findings';
import { parseCiFile } from '../../../src/parse/ci-yaml';
import { rewriteCiFile } from '../../../src/render/ci-yaml';
import { codes, errorCodes, fileAfter, loadParser, migrate } from '../support/harness';

const BUILDER = 'FROM golang:1.22\nRUN go build -o /go/bin/app .\n';
const RUNTIME = 'FROM alpine:3.19\nCOPY app /usr/local/bin/\n';

function rewrite(path: string, text: string, opts: { buildkit?: boolean; files?: Record<string, string> } = {}): string {
  const o = migrate({ [path]: text, 'Dockerfile.build': BUILDER, Dockerfile: RUNTIME, ...opts.files }, { buildkit: opts.buildkit });
  assert.equal(o.status, 'migrate', codes(o.findings).join(', '));
  return fileAfter(o, path) as string;
}

function refusal(path: string, text: string): string[] {
  const o = migrate({ [path]: text, 'Dockerfile.build': BUILDER, Dockerfile: RUNTIME });
  assert.equal(o.status, 'refused');
  return errorCodes(o.findings);
}

const lines = (...l: string[]) => l.join('\n') + '\n';

describe('render/ci-yaml', () => {
  before(loadParser);

  it('GitHub: deletes the builder and extraction steps with one of their blank lines; the rest stays byte for byte', () => {
    const head = lines('name: image  # keep me', 'on: [push]', 'jobs:', '  image:', '    runs-on: ubuntu-latest', '    steps:', '      - uses: actions/checkout@v4', '');
    const tail = lines('      - name: Runtime', '        run: |', '          docker build -t app .   # runtime', '', '      - run: docker push app');
    const input =
      head +
      lines('      - name: Builder', '        run: docker build -f Dockerfile.build -t b .', '') +
      lines('      - name: Extract', '        env:', '          C: x', '        run: |', '          docker create --name $C b', '          docker cp $C:/go/bin/app ./app', '          docker rm $C', '') +
      tail;
    assert.equal(rewrite('.github/workflows/image.yml', input), head + tail);
  });

  it('GitHub: a step left with only shell options, cd and its own variables goes; one whose outputs are read stays, refused', () => {
    const head = lines('on: push', 'jobs:', '  j:', '    runs-on: ubuntu-latest', '    steps:', '      - run: docker build -f Dockerfile.build -t b .');
    const extract = (id: string) => lines(`      - id: ${id}`, '        run: |', '          set -euo pipefail', '          cd .', '          C=x', '          docker create --name $C b', '          docker cp $C:/go/bin/app ./app', '          echo "done"');
    const tail = lines('      - run: docker build -t app .');
    assert.equal(rewrite('.github/workflows/a.yml', head + extract('extract') + tail), lines('on: push', 'jobs:', '  j:', '    runs-on: ubuntu-latest', '    steps:') + tail);
    const reads = head + extract('extract') + lines('      - run: docker build -t app --label x=${{ steps.extract.outputs.v }} .');
    const o = migrate({ '.github/workflows/a.yml': reads, 'Dockerfile.build': BUILDER, Dockerfile: RUNTIME });
    assert.deepEqual(errorCodes(o.findings), ['.github/workflows/a.yml:9 CI_GLUE_UNSUPPORTED']);
  });

  it('GitHub: in one `run: |` block, removes the lines and the paragraphs that described them; inserts into the runtime build', () => {
    const input = lines(
      'on: push',
      'jobs:',
      '  image:',
      '    runs-on: ubuntu-latest',
      '    steps:',
      '      - run: |',
      '          set -e',
      '',
      '          # compile in the builder',
      '          docker build -f Dockerfile.build -t b .',
      '          id=$(docker create b)',
      '          docker cp "$id":/go/bin/app ./app',
      '          docker rm "$id"',
      '',
      '          docker build \\',
      '            -t app:${{ github.sha }} .',
    );
    const want = lines('on: push', 'jobs:', '  image:', '    runs-on: ubuntu-latest', '    steps:', '      - run: |', '          set -e', '', '          DOCKER_BUILDKIT=1 docker build \\', '            -t app:${{ github.sha }} .');
    assert.equal(rewrite('.github/workflows/image.yml', input, { buildkit: true }), want);
  });

  it('GitLab: deletes list items (with the comment that opened them), and a before_script left empty', () => {
    const input = lines(
      'variables:',
      '  B: builder',
      'build:',
      '  before_script:',
      '    - docker build -f Dockerfile.build -t $B .',
      '  script:',
      '    # extract the binary',
      '    - docker create --name x $B',
      '    - >-',
      '      docker cp x:/go/bin/app',
      '      ./app',
      '    - docker rm x; echo "removed"',
      '    - docker build -t app .',
      '    - docker push app',
      '  after_script:',
      '    - docker rmi $B || true',
      '  tags: [docker]',
    );
    assert.equal(rewrite('.gitlab-ci.yml', input), lines('variables:', '  B: builder', 'build:', '  script:', '    - docker build -t app .', '    - docker push app', '  tags: [docker]'));
  });

  it('Travis: an install phase left empty becomes `install: skip` (else Travis runs its default)', () => {
    const input = lines('language: go', 'install:', '  - docker build -f Dockerfile.build -t b .', '  - docker create --name x b', '  - docker cp x:/go/bin/app ./app', 'script: docker build -t app .');
    assert.equal(rewrite('.travis.yml', input), lines('language: go', 'install: skip', 'script: docker build -t app .'));
  });

  it('writes inserted text the way the scalar style needs it (quotes doubled or escaped)', () => {
    const files = { 'Dockerfile.build': 'FROM golang:1.22\nARG V\nRUN go build -ldflags "$V" -o /go/bin/app .\n' };
    const head = lines('on: push', 'jobs:', '  j:', '    runs-on: ubuntu-latest', '    steps:', '      - run: docker build -f Dockerfile.build --build-arg "V=1 \'2\'" -t b .', '      - run: docker create --name x b && docker cp x:/go/bin/app ./app && docker rm x');
    const out = (runtime: string) => rewrite('.github/workflows/a.yml', head + lines(runtime), { buildkit: true, files });
    assert.equal(out('      - run: "docker build -t app ."'), lines('on: push', 'jobs:', '  j:', '    runs-on: ubuntu-latest', '    steps:', '      - run: "DOCKER_BUILDKIT=1 docker build -t app --build-arg \\"V=1 \'2\'\\" ."'));
    assert.equal(out("      - run: 'docker build -t app . # it''s'"), lines('on: push', 'jobs:', '  j:', '    runs-on: ubuntu-latest', '    steps:', "      - run: 'DOCKER_BUILDKIT=1 docker build -t app --build-arg \"V=1 ''2''\" . # it''s'"));
  });

  it('rewrites a multi-line plain scalar in place, and keeps CRLF line ends', () => {
    const plain = lines('build:', '  script:', '    - docker build -f Dockerfile.build -t b . &&', '      docker create --name x b &&', '      docker cp x:/go/bin/app ./app', '    - docker build', '      -t app .');
    assert.equal(rewrite('.gitlab-ci.yml', plain, { buildkit: true }), lines('build:', '  script:', '    - DOCKER_BUILDKIT=1 docker build', '      -t app .'));
    const crlf = 'script:\r\n  - docker build -f Dockerfile.build -t b .\r\n  - docker create --name x b\r\n  - docker cp x:/go/bin/app ./app\r\n  - docker build -t app .\r\n';
    assert.equal(rewrite('.travis.yml', crlf), 'script:\r\n  - docker build -t app .\r\n');
  });

  it('refuses to rewrite scripts shared with other jobs or through anchors, once per list', () => {
    const shared = lines('.t:', '  script:', '    - docker build -f Dockerfile.build -t b .', '    - docker create --name x b', '    - docker cp x:/go/bin/app ./app', '    - docker build -t app .', 'a:', '  extends: .t', 'b:', '  extends: .t');
    assert.deepEqual(refusal('.gitlab-ci.yml', shared), ['.gitlab-ci.yml:3 CI_GLUE_UNSUPPORTED']);
    const anchored = lines('.x: &x', '  - docker create --name x b', '  - docker cp x:/go/bin/app ./app', 'build:', '  script:', '    - docker build -f Dockerfile.build -t b .', '    - *x', '    - docker build -t app .');
    assert.deepEqual(refusal('.gitlab-ci.yml', anchored), ['.gitlab-ci.yml:2 CI_GLUE_UNSUPPORTED']);
  });

  it('refuses entries that do not have their lines to themselves (flow lists)', () => {
    const flow = lines('build:', '  script: [docker build -f Dockerfile.build -t b ., docker create --name x b, docker cp x:/go/bin/app ./app, docker build -t app .]');
    assert.deepEqual(refusal('.gitlab-ci.yml', flow), ['.gitlab-ci.yml:2 CI_GLUE_UNSUPPORTED']);
  });

  it('reports a statement mixing removed and kept commands at its file line, once', () => {
    const mixed = lines('build:', '  script:', '    - docker build -f Dockerfile.build -t b .', '    - docker create --name x b', '    - |', '      echo hi', '      docker cp x:/go/bin/app ./app || touch failed', '    - docker build -t app .');
    assert.deepEqual(refusal('.gitlab-ci.yml', mixed), ['.gitlab-ci.yml:7 GLUE_MIXED_STATEMENT']);
  });

  it('refuses a rewrite whose text would not read back as the intended YAML, naming the script', () => {
    const text = lines('build:', '  script:', '    - docker build -t app .', '    - docker push app');
    const file = parseCiFile('.gitlab-ci.yml', text, 'gitlab');
    const unit = file.jobs[0].sessions[0].units[0];
    const at = text.indexOf('docker build');
    const findings: Finding[] = [];
    // Inserting `: ` into a plain scalar makes it a mapping.
    const out = rewriteCiFile(file, [{ unit, remove: false, edits: [{ start: at, end: at, text: 'X=a: b ' }], expected: 'X=a: b docker build -t app .' }], findings);
    assert.equal(out, text);
    assert.deepEqual(codes(findings), ['.gitlab-ci.yml:3 CI_REWRITE_UNSAFE']);
  });

  it('refuses a Jenkinsfile that runs the builder pattern, at the builder build', () => {
    const jenkinsfile = lines('pipeline {', '  agent any', '  stages {', "    stage('image') {", '      steps {', "        sh 'docker build -f Dockerfile.build -t b .'", '        sh """', '          docker create --name x b', '          docker cp x:/go/bin/app ./app', '        """', '      }', '    }', '  }', '}');
    assert.deepEqual(refusal('Jenkinsfile', jenkinsfile), ['Jenkinsfile:6 CI_GLUE_UNSUPPORTED']);
  });
});
