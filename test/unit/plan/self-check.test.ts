/** The self-check on finished plans: each kind of broken output is an INTERNAL_SELF_CHECK at its line; a sound plan passes. */
import assert from 'node:assert/strict';
import { memoryRepo } from '../../../src/core/repo';
import { parseDockerfile } from '../../../src/parse/dockerfile';
import type { GlueFile } from '../../../src/render/glue';
import { SelfCheckInput, selfCheck, unrewrittenGlue } from '../../../src/plan/self-check';
import type { FileChange, MigrationPlan } from '../../../src/plan/types';
import { loadParser, migrate, parseShell } from '../support/harness';

const RUNTIME = 'FROM alpine:3.19\nCOPY app /usr/local/bin/\n';
const BUILDER = 'FROM golang:1.22\nRUN go build -o /out/app .\n';
const GOOD = 'FROM golang:1.22 AS app-builder\nRUN go build -o /out/app .\n\nFROM alpine:3.19\nCOPY --from=app-builder --chown=0:0 /out/app /usr/local/bin/\n';
const GLUE_BEFORE = '#!/bin/sh\ndocker build -f Dockerfile.build -t app-builder .\ndocker create --name x app-builder\ndocker cp x:/out/app ./app\ndocker rm x\ndocker build -t app .\n';

function input(merged: string, opts: { glueAfter?: string; glueBefore?: string; stages?: number; generated?: string[]; extra?: Record<string, string> } = {}): SelfCheckInput {
  const glueBefore = opts.glueBefore ?? GLUE_BEFORE;
  const files: FileChange[] = [
    { path: 'Dockerfile', before: RUNTIME, after: merged, mode: 0o100644 },
    { path: 'Dockerfile.build', before: BUILDER, after: null, mode: 0o100644 },
    { path: 'build.sh', before: glueBefore, after: opts.glueAfter ?? '#!/bin/sh\ndocker build -t app .\n', mode: 0o100755 },
  ];
  const plan: MigrationPlan = {
    setup: { glue: 'build.sh', builders: ['Dockerfile.build'], runtime: 'Dockerfile', context: '', stages: [{ name: 'app-builder', dockerfile: 'Dockerfile.build' }], buildCommand: 'docker build -t app .' },
    moves: [],
    files,
    findings: [],
  };
  const glue: GlueFile[] = [{ kind: 'shell', path: 'build.sh', script: parseShell(glueBefore) }];
  return {
    plan,
    repo: memoryRepo({ Dockerfile: RUNTIME, 'Dockerfile.build': BUILDER, 'build.sh': glueBefore, ...(opts.extra ?? {}) }),
    inputs: [parseDockerfile('Dockerfile', RUNTIME), parseDockerfile('Dockerfile.build', BUILDER)],
    dockerfile: { path: 'Dockerfile', stages: opts.stages ?? 2 },
    generated: opts.generated ?? [],
    glue,
  };
}

const where = (fs: ReturnType<typeof selfCheck>) => fs.map((f) => `${f.code} ${f.location?.file}:${f.location?.line}`);

describe('plan/self-check', () => {
  before(loadParser);

  it('a sound plan passes', () => {
    assert.deepEqual(selfCheck(input(GOOD)), []);
  });

  it('a Dockerfile Docker would reject (an unterminated heredoc) is an internal error at its line', () => {
    const broken = 'FROM golang:1.22 AS app-builder\nRUN cat <<EOF\n\nFROM alpine:3.19\nCOPY --from=app-builder /out/app /usr/local/bin/\n';
    assert.deepEqual(where(selfCheck(input(broken))), ['INTERNAL_SELF_CHECK Dockerfile:2']);
  });

  it('a stage swallowed by a continuation: fewer stages than planned', () => {
    const swallowed = 'FROM golang:1.22 AS app-builder\nRUN go build -o /out/app . \\\n\nFROM alpine:3.19\n';
    const found = selfCheck(input(swallowed));
    assert.ok(found.some((f) => /1 stages where the plan made 2/.test(f.message)), found.map((f) => f.message).join('\n'));
  });

  it('COPY --from a later stage, or a name nothing defines', () => {
    const later = 'FROM alpine:3.19\nCOPY --from=app-builder /out/app /usr/local/bin/\n\nFROM golang:1.22 AS app-builder\n';
    assert.ok(where(selfCheck(input(later))).includes('INTERNAL_SELF_CHECK Dockerfile:2'));
    const nowhere = GOOD.replace('--from=app-builder', '--from=app-buildr');
    assert.deepEqual(where(selfCheck(input(nowhere))), ['INTERNAL_SELF_CHECK Dockerfile:5']);
    // An image the input named itself is the user's own reference.
    const image = `${GOOD}COPY --from=nginx:alpine /etc/nginx /etc/nginx\n`;
    const withImage = input(image);
    withImage.inputs = [parseDockerfile('Dockerfile', `${RUNTIME}COPY --from=nginx:alpine /etc/nginx /etc/nginx\n`), withImage.inputs[1]];
    assert.deepEqual(selfCheck(withImage), []);
  });

  it('rewritten glue that still builds the deleted builder Dockerfile', () => {
    const found = selfCheck(input(GOOD, { glueAfter: '#!/bin/sh\n# Dockerfile.build is gone\necho "no more Dockerfile.build"\ndocker build -f ./Dockerfile.build -t b .\ndocker build -t app .\n' }));
    assert.deepEqual(where(found), ['INTERNAL_SELF_CHECK build.sh:4']);
  });

  it('another script of the repository that the migration does not rewrite: GLUE_NOT_REWRITTEN for the whole migration', () => {
    const i = input(GOOD, { extra: { 'scripts/release.sh': '#!/bin/sh\ndocker build -f ../Dockerfile.build -t b ..\n' } });
    assert.deepEqual(selfCheck(i), [], 'judged once for the whole migration, not per glue file');
    assert.deepEqual(where(unrewrittenGlue(i.plan, i.repo)), ['GLUE_NOT_REWRITTEN scripts/release.sh:2']);
    // A sibling script migrated with it is part of the migration.
    assert.deepEqual(unrewrittenGlue({ ...i.plan, setup: { ...i.plan.setup, scripts: ['build.sh', 'scripts/release.sh'] } }, i.repo), []);
  });

  it('a call of a shell function whose definition was removed', () => {
    const before = '#!/bin/sh\nextract() { docker cp "$1" "$2"; }\ndocker build -f Dockerfile.build -t app-builder .\nextract x:/out/app ./app\ndocker build -t app .\n';
    const found = selfCheck(input(GOOD, { glueBefore: before, glueAfter: '#!/bin/sh\nextract x:/out/app ./app\ndocker build -t app .\n' }));
    assert.deepEqual(where(found), ['INTERNAL_SELF_CHECK build.sh:2']);
    assert.deepEqual(selfCheck(input(GOOD, { glueBefore: before, glueAfter: '#!/bin/sh\nextract() { :; }\nextract x:/out/app ./app\ndocker build -t app .\n' })), []);
  });

  it('a made-up stage that runs where there is no shell, or reads its folder before making it', () => {
    const scratch = 'FROM golang:1.22 AS app-builder\nRUN go build -o /out/app .\n\nFROM scratch AS ctx\nCOPY --from=app-builder /out/app /app\nRUN chmod 755 /app\n\nFROM alpine:3.19\nCOPY --from=ctx /app /usr/local/bin/\n';
    assert.deepEqual(where(selfCheck(input(scratch, { stages: 3, generated: ['ctx'] }))), ['INTERNAL_SELF_CHECK Dockerfile:6']);
    const unmade = 'FROM golang:1.22 AS app-builder\nRUN go build -o /out/app .\n\nFROM app-builder AS x\nRUN cp -a /out/app /export/app\n\nFROM alpine:3.19\nCOPY --from=x /export/app /usr/local/bin/\n';
    assert.deepEqual(where(selfCheck(input(unmade, { stages: 3, generated: ['x'] }))), ['INTERNAL_SELF_CHECK Dockerfile:5']);
    assert.deepEqual(selfCheck(input(unmade.replace('RUN cp', 'RUN mkdir -p /export && cp'), { stages: 3, generated: ['x'] })), []);
    const missing = 'FROM golang:1.22 AS app-builder\nRUN go build -o /out/app .\n\nFROM scratch AS ctx\nCOPY conf /conf\n\nFROM alpine:3.19\nCOPY --from=ctx /conf /etc/\n';
    assert.deepEqual(where(selfCheck(input(missing, { stages: 3, generated: ['ctx'] }))), ['INTERNAL_SELF_CHECK Dockerfile:5']);
  });

  it('a made-up stage FROM another made-up stage starts with the folders that one made (a run stage, then its ADD stage)', () => {
    const chained = 'FROM golang:1.22 AS app-builder\nRUN go build -o /out/app .\n\nFROM app-builder AS run\nRUN mkdir -p /host/build\nRUN cp /out/app /host/build/\n\nFROM run AS add\nRUN mkdir -p /export && cp -a /host/build /export/build\n\nFROM alpine:3.19\nCOPY --from=add /export/build/app /usr/local/bin/\n';
    assert.deepEqual(selfCheck(input(chained, { stages: 4, generated: ['run', 'add'] })), []);
    // Only what the parent made counts: without its mkdir, the child still reads /host unmade.
    const unmade = chained.replace('RUN mkdir -p /host/build\n', '');
    assert.deepEqual(where(selfCheck(input(unmade, { stages: 4, generated: ['run', 'add'] }))), ['INTERNAL_SELF_CHECK Dockerfile:5', 'INTERNAL_SELF_CHECK Dockerfile:8']);
  });

  it('runs on every plan: a migration whose check fails is refused, never migrated', () => {
    const o = migrate({
      'build.sh': { text: '#!/bin/sh\nset -e\nextract() { cid=$(docker create "$1"); docker cp "$cid:$2" "$3"; docker rm "$cid"; }\ndocker build -f Dockerfile.build -t app-builder .\nextract app-builder /out/app ./app\ndocker build -t app .\n', mode: 0o755 },
      'Dockerfile.build': BUILDER,
      Dockerfile: RUNTIME,
    });
    if (o.status === 'migrate') {
      // The glue rewrite handles functions now: then the call must be gone with the definition.
      const after = o.plan?.files.find((f) => f.path === 'build.sh')?.after ?? '';
      assert.ok(!/^\s*extract /m.test(after) || /extract\(\)/.test(after), after);
    } else {
      assert.ok(o.findings.some((f) => f.severity === 'error'));
    }
  });
});
