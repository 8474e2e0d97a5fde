/** Names of the stages the merge adds: lower case (ST-2), valid (ST-3), unique (ST-5), never an image a later FROM uses (ST-4/ST-6). */
import assert from 'node:assert/strict';
import type { BuildStep } from '../../../src/interpret/events';
import { literal, symbol } from '../../../src/interpret/value';
import { StageNamer, builderStageName, sanitize } from '../../../src/plan/stage-names';
import { codes, fileAfter, loadParser, migrate, stagesOf } from '../support/harness';

function build(fields: Partial<BuildStep>): BuildStep {
  return { tags: [], dockerfile: 'Dockerfile', context: '', ...fields } as BuildStep;
}

describe('plan/stage-names', () => {
  it('sanitize: lower case, letters first, only [a-z0-9_.-] (ST-2, ST-3)', () => {
    assert.equal(sanitize('MyApp-Builder'), 'myapp-builder');
    assert.equal(sanitize('1st stage'), 'st-stage');
    assert.equal(sanitize('org/app:1'), 'org-app-1');
    assert.equal(sanitize('___'), 'build');
    assert.equal(sanitize('a.b_c-d'), 'a.b_c-d');
    for (const n of ['Builder', '5', 'org/stage', 'stage:1', '-x']) assert.match(sanitize(n), /^[a-z][a-z0-9_.-]*$/);
  });

  it('claim: unique names with -2, -3…; reserved names and "scratch" are never handed out (ST-4)', () => {
    const namer = new StageNamer(['Runtime', 'node']);
    assert.equal(namer.claim('builder'), 'builder');
    assert.equal(namer.claim('builder'), 'builder-2');
    assert.equal(namer.claim('Builder'), 'builder-3');
    assert.equal(namer.claim('runtime'), 'runtime-2');
    assert.equal(namer.claim('node'), 'node-2');
    assert.equal(namer.claim('scratch'), 'scratch-2');
    assert.equal(namer.isTaken('BUILDER'), true);
    assert.equal(namer.isTaken('other'), false);
  });

  it('builderStageName: the tag\'s repository name, else the Dockerfile name', () => {
    assert.equal(builderStageName(build({ tags: [literal('registry.example.com/org/myapp-builder:1.2')] }), 1), 'myapp-builder');
    assert.equal(builderStageName(build({ tags: [symbol('env:IMG', 'env', '${IMG:-app}', literal('app'))] }), 1), 'app');
    assert.equal(builderStageName(build({ tags: [symbol('env:IMG', 'env', '$IMG')] }), 1), 'build');
    assert.equal(builderStageName(build({ dockerfile: 'docker/Dockerfile.frontend', context: 'web' }), 2), 'web-frontend');
    assert.equal(builderStageName(build({ dockerfile: 'api/build.Dockerfile', context: 'api' }), 2), 'api-build');
  });

  describe('through the planner', () => {
    before(loadParser);

    function repo(builderTag: string, runtime: string) {
      const glue = `#!/bin/sh\ndocker build -f Dockerfile.build -t ${builderTag} .\ndocker create --name x ${builderTag}\ndocker cp x:/out/app ./app\ndocker rm x\ndocker build -t app .\n`;
      return migrate({ 'build.sh': glue, 'Dockerfile.build': 'FROM golang:1.22\nRUN go build -o /out/app .\n', Dockerfile: runtime });
    }

    it('a builder tag that a later untagged FROM uses as an image is not a stage name (ST-4/ST-6)', () => {
      // Tag alpine:build → wanted name "alpine"; the runtime's `FROM alpine` means the image alpine:latest.
      const o = repo('alpine:build', 'FROM alpine\nCOPY app /usr/local/bin/\n');
      assert.equal(o.status, 'migrate', codes(o.findings).join(', '));
      const [builder, runtime] = stagesOf(fileAfter(o, 'Dockerfile') as string);
      const name = /AS (\S+)$/.exec(builder.from)?.[1];
      assert.ok(name && name !== 'alpine', builder.from);
      assert.equal(runtime.from, 'FROM alpine');
      assert.deepEqual(runtime.lines, [`COPY --from=${name} --chown=0:0 /out/app /usr/local/bin/`]);
    });

    it('the runtime extends the builder image (case 17): the stage takes the tag\'s name, a tagged reference loses its tag', () => {
      const glue = '#!/bin/sh\ndocker build -f Dockerfile.build -t myapp-builder .\ndocker build -t app .\n';
      const o = migrate({ 'build.sh': glue, 'Dockerfile.build': 'FROM golang:1.22\nRUN go build -o /out/app .\n', Dockerfile: 'FROM myapp-builder:latest\nCMD ["/out/app"]\n' });
      assert.equal(o.status, 'migrate', codes(o.findings).join(', '));
      assert.deepEqual(stagesOf(fileAfter(o, 'Dockerfile') as string).map((s) => s.from), ['FROM golang:1.22 AS myapp-builder', 'FROM myapp-builder']);
      assert.equal(fileAfter(o, 'build.sh'), '#!/bin/sh\ndocker build -t app .\n');
    });

    it('COPY --from=<builder tag> (tagged or not) names the stage', () => {
      const glue = '#!/bin/sh\ndocker build -f Dockerfile.build -t myapp-builder .\ndocker build -t app .\n';
      const o = migrate({ 'build.sh': glue, 'Dockerfile.build': 'FROM golang:1.22\nRUN go build -o /out/app .\n', Dockerfile: 'FROM alpine:3.19\nCOPY --from=myapp-builder:latest /out/app /usr/local/bin/\nCOPY --from=myapp-builder /out/app /bin/app\n' });
      assert.deepEqual(stagesOf(fileAfter(o, 'Dockerfile') as string)[1].lines, ['COPY --from=myapp-builder /out/app /usr/local/bin/', 'COPY --from=myapp-builder /out/app /bin/app']);
    });

    it('a runtime stage name already in use is not reused', () => {
      const o = repo('builder', 'FROM alpine:3.19 AS builder\nRUN true\nFROM alpine:3.19\nCOPY app /usr/local/bin/\n');
      assert.equal(o.status, 'migrate', codes(o.findings).join(', '));
      const names = stagesOf(fileAfter(o, 'Dockerfile') as string).map((s) => /\sAS\s+(\S+)$/i.exec(s.from)?.[1]).filter(Boolean);
      assert.equal(new Set(names).size, names.length, names.join(', '));
      assert.ok(names.includes('builder'));
    });
  });
});
