/** CI files → jobs, shell sessions and scripts with their place in the YAML; the structure check used after a rewrite. */
import assert from 'node:assert/strict';
import { CiFile, CiScriptUnit, parseCiFile } from '../../../src/parse/ci-yaml';
import { ciFlavor } from '../../../src/parse/glue-kind';

const parse = (path: string, text: string): CiFile => parseCiFile(path, text, ciFlavor(path) ?? 'gitlab');
const units = (f: CiFile, job: string) => (f.jobs.find((j) => j.name === job)?.sessions ?? []).map((s) => s.units.map((u) => `${u.line} ${u.phase}: ${u.value.trim()}`));
const slice = (f: CiFile, r: { start: number; end: number }) => f.text.slice(r.start, r.end);

describe('parse/ci-yaml', () => {
  it('knows CI files by their path', () => {
    assert.equal(ciFlavor('.gitlab-ci.yml'), 'gitlab');
    assert.equal(ciFlavor('svc/.travis.yml'), 'travis');
    assert.equal(ciFlavor('.github/workflows/build.yaml'), 'github');
    assert.equal(ciFlavor('.github/build.yml'), null);
    assert.equal(ciFlavor('ci.yml'), null);
  });

  describe('GitHub Actions', () => {
    const WORKFLOW = [
      'on: push', // 1
      'env:', // 2
      '  IMAGE: ghcr.io/x/app', // 3
      'defaults:', // 4
      '  run:', // 5
      '    working-directory: app', // 6
      'jobs:', // 7
      '  build:', // 8
      '    runs-on: ubuntu-latest', // 9
      '    env:', // 10
      '      TAG: ${{ github.sha }}', // 11
      '    steps:', // 12
      '      - uses: actions/checkout@v4', // 13
      '', // 14
      '      - name: Builder', // 15
      '        run: docker build -f Dockerfile.build -t b .', // 16
      '', // 17
      '      - name: Extract', // 18
      '        if: always()', // 19
      '        env:', // 20
      '          OUT: dist', // 21
      '        working-directory: .', // 22
      '        run: |', // 23
      '          docker create --name x b', // 24
      '          docker cp x:/out "$OUT"', // 25
      '      - uses: docker/build-push-action@v5', // 26
      '  win:', // 27
      '    runs-on: windows-latest', // 28
      '    steps:', // 29
      '      - run: docker build .', // 30
      '      - run: docker build .', // 31
      '        shell: bash', // 32
      '',
    ].join('\n');
    const f = parse('.github/workflows/ci.yml', WORKFLOW);

    it('makes each run: step a session of its own, in order', () => {
      assert.equal(f.error, null);
      assert.deepEqual(units(f, 'build'), [['16 run: docker build -f Dockerfile.build -t b .'], ['24 run: docker create --name x b\ndocker cp x:/out "$OUT"']]);
    });

    it('gives each session the workflow, job and step env, the working directory and the condition', () => {
      const [first, second] = f.jobs[0].sessions;
      assert.deepEqual(first.env.map((e) => (e.kind === 'shell' ? e.text : `${e.name}=${e.value}`)), ['IMAGE=ghcr.io/x/app', 'TAG=${{ github.sha }}']);
      assert.deepEqual(second.env.map((e) => (e.kind === 'shell' ? e.text : e.name)), ['IMAGE', 'TAG', 'OUT']);
      assert.equal(first.workdir, 'app');
      assert.equal(second.workdir, '.');
      assert.equal(first.condition, null);
      assert.deepEqual(second.condition, { line: 19, text: 'always()' });
      assert.equal(first.shell, 'sh');
    });

    it('takes the whole step as the entry to delete, and steps: as a list the workflow cannot lose', () => {
      const u = f.jobs[0].sessions[1].units[0];
      assert.ok(u.item?.deletable);
      assert.equal(slice(f, u.item), WORKFLOW.split('\n').slice(17, 25).join('\n') + '\n');
      assert.equal(u.list.key, 'steps');
      assert.equal(u.list.whenEmpty, 'refuse');
      assert.equal(u.list.items.length, 4);
    });

    it('notes build actions, and the PowerShell default of Windows runners', () => {
      assert.deepEqual(f.jobs[0].unsupported.map((x) => x.line), [26]);
      assert.deepEqual(f.jobs[1].sessions.map((s) => s.shell), ['pwsh', 'sh']);
    });
  });

  describe('GitLab CI', () => {
    const PIPELINE = [
      'variables:', // 1
      '  IMAGE: $CI_REGISTRY_IMAGE/app', // 2
      'default:', // 3
      '  before_script:', // 4
      '    - docker login -u x -p y', // 5
      '.build-template:', // 6
      '  script:', // 7
      '    - docker build -t $IMAGE .', // 8
      'stages: [build]', // 9
      'build:', // 10
      '  variables:', // 11
      '    RAW: {value: "$KEEP", expand: false}', // 12
      '  script:', // 13
      '    # the builder', // 14
      '    - docker build -f Dockerfile.build -t b .', // 15
      '    - >-', // 16
      '      docker create', // 17
      '      --name x b', // 18
      '  after_script: docker rm x', // 19
      'a:', // 20
      '  extends: .build-template', // 21
      'b:', // 22
      '  extends: .build-template', // 23
      '  inherit:', // 24
      '    default: false', // 25
      '',
    ].join('\n');
    const f = parse('.gitlab-ci.yml', PIPELINE);

    it('runs before_script and script in one shell and after_script in another; default: applies', () => {
      assert.deepEqual(f.jobs.map((j) => j.name), ['build', 'a', 'b']);
      assert.deepEqual(units(f, 'build'), [['5 before_script: docker login -u x -p y', '15 script: docker build -f Dockerfile.build -t b .', '17 script: docker create --name x b'], ['19 after_script: docker rm x']]);
    });

    it('takes script from the templates a job extends, and knows who else runs it', () => {
      assert.deepEqual(units(f, 'a'), [['5 before_script: docker login -u x -p y', '8 script: docker build -t $IMAGE .']]);
      assert.deepEqual(units(f, 'b'), [['8 script: docker build -t $IMAGE .']]);
      const shared = f.jobs[1].sessions[0].units[1];
      assert.deepEqual(shared.jobs, ['a', 'b']);
      assert.deepEqual(f.jobs[0].sessions[0].units[0].jobs, ['build', 'a']);
    });

    it('reads global and job variables, honouring expand: false', () => {
      assert.deepEqual(f.jobs[0].sessions[0].env, [
        { kind: 'expand', name: 'IMAGE', value: '$CI_REGISTRY_IMAGE/app', line: 2 },
        { kind: 'literal', name: 'RAW', value: '$KEEP', line: 12 },
      ]);
    });

    it('gives list entries their lines and the lists what an empty list means', () => {
      const [, build, create] = f.jobs[0].sessions[0].units;
      assert.equal(slice(f, build.item as CiScriptUnit['item'] & object), '    - docker build -f Dockerfile.build -t b .\n');
      assert.equal(slice(f, create.item as CiScriptUnit['item'] & object), '    - >-\n      docker create\n      --name x b\n');
      assert.equal(build.list.whenEmpty, 'refuse');
      const after = f.jobs[0].sessions[1].units[0];
      assert.equal(after.item, null);
      assert.equal(after.list.whenEmpty, 'delete');
      assert.equal(slice(f, after.list), '  after_script: docker rm x\n');
    });
  });

  describe('Travis CI', () => {
    it('runs every phase of a job in one shell, after the env: assignments', () => {
      const f = parse('.travis.yml', ['language: minimal', 'env:', '  global:', '    - B=builder', 'script:', '  - docker build -t $B .', 'install: docker pull x', 'after_failure: docker logs x', ''].join('\n'));
      assert.deepEqual(units(f, 'travis'), [['7 install: docker pull x', '6 script: docker build -t $B .']]);
      assert.deepEqual(f.jobs[0].sessions[0].env, [{ kind: 'shell', text: 'B=builder', line: 4 }]);
      assert.equal(f.jobs[0].sessions[0].units[0].list.whenEmpty, 'skip');
    });

    it('makes one job per env matrix entry, and the scripts shared between them', () => {
      const f = parse('.travis.yml', ['env:', '  - A=1', '  - A=2', 'script: docker build .', ''].join('\n'));
      assert.deepEqual(f.jobs.map((j) => j.name), ['env[0]', 'env[1]']);
      assert.deepEqual(f.jobs[0].sessions[0].units[0].jobs, ['env[0]', 'env[1]']);
    });

    it('reads jobs.include entries, each with the phases it does not override', () => {
      const f = parse('.travis.yml', ['script: make', 'jobs:', '  include:', '    - name: image', '      script: docker build .', '    - name: test', ''].join('\n'));
      assert.deepEqual(units(f, 'image'), [['5 script: docker build .']]);
      assert.deepEqual(units(f, 'test'), [['1 script: make']]);
    });
  });

  it('reports a YAML syntax error with its line, and no jobs', () => {
    const f = parse('.gitlab-ci.yml', 'build:\n  script:\n    - docker build .\n   - docker push x\n');
    assert.equal(f.jobs.length, 0);
    assert.ok(f.error);
    assert.equal(f.error.line, 4);
  });

  it('marks scripts reached through an anchor', () => {
    const f = parse('.gitlab-ci.yml', ['.steps: &steps', '  - docker build .', 'build:', '  script: *steps', ''].join('\n'));
    assert.equal(f.jobs[0].sessions[0].units[0].viaAlias, true);
  });
});
