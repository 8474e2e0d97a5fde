/**
 * Values the caller can change (`APP=${APP:-greeter}`): the migrated files keep them symbolic
 * where Docker expands them (an ARG in a COPY source), or the migration is refused with
 * GLUE_DEFAULT_FROZEN; writing the default in would build another image once APP is set.
 */
import assert from 'node:assert/strict';
import { codes, errorCodes, fileAfter, loadParser, migrate, stagesOf } from '../support/harness';

const BUILDER = 'FROM golang:1.22\nARG APP\nWORKDIR /src\nCOPY . .\nRUN go build -o /out/${APP} ./cmd/${APP}\n';
const RUNTIME = 'FROM alpine:3.19\nARG BIN\nCOPY ${BIN} /usr/local/bin/\nENTRYPOINT ["/usr/local/bin/app"]\n';

function plan(lines: { assign?: string; cp?: string; runtime?: string; builder?: string; buildArg?: string } = {}) {
  const glue = [
    '#!/bin/sh',
    lines.assign ?? 'APP=${APP:-greeter}',
    `docker build ${lines.builder ?? '--build-arg APP="$APP" -f Dockerfile.build'} -t app-builder .`,
    'docker create --name app-x app-builder',
    lines.cp ?? 'docker cp app-x:/out/$APP ./$APP',
    'docker rm app-x',
    `docker build ${lines.buildArg ?? '--build-arg BIN="$APP"'} -t app .`,
    '',
  ].join('\n');
  return migrate({ 'build.sh': glue, 'Dockerfile.build': BUILDER, Dockerfile: lines.runtime ?? RUNTIME, 'cmd/greeter/main.go': 'package main\n' });
}

describe('plan/caller-values: defaults the caller can change', () => {
  before(loadParser);

  it('`docker cp C:/out/$APP ./$APP` read by `COPY ${BIN}` with BIN=$APP → COPY --from=… /out/${BIN}, whatever APP is', () => {
    const o = plan();
    assert.equal(o.status, 'migrate', codes(o.findings).join(', '));
    const stages = stagesOf(fileAfter(o, 'Dockerfile') as string);
    assert.deepEqual(stages[stages.length - 1].lines, ['ARG BIN', 'COPY --from=app-builder --chown=0:0 /out/${BIN} /usr/local/bin/', 'ENTRYPOINT ["/usr/local/bin/app"]']);
    assert.match(fileAfter(o, 'build.sh') as string, /--build-arg BIN="\$APP"/);
    assert.match(fileAfter(o, 'build.sh') as string, /--build-arg APP="\$APP"/);
  });

  it('refused where the default would be written in: a literal COPY source, a host path that is not the arg\'s value, a cp into another name', () => {
    assert.deepEqual(errorCodes(plan({ runtime: 'FROM alpine:3.19\nCOPY greeter /usr/local/bin/\n' }).findings), ['build.sh:5 GLUE_DEFAULT_FROZEN']);
    assert.deepEqual(errorCodes(plan({ cp: 'docker cp app-x:/out/$APP ./greeter' }).findings), ['build.sh:5 GLUE_DEFAULT_FROZEN']);
    assert.deepEqual(errorCodes(plan({ cp: 'docker cp app-x:/out/greeter ./greeter' }).findings), ['Dockerfile:3 GLUE_DEFAULT_FROZEN']);
  });

  it('ADD of such an artifact is not kept symbolic (ADD may unpack it): refused', () => {
    assert.deepEqual(errorCodes(plan({ runtime: 'FROM alpine:3.19\nARG BIN\nADD ${BIN} /usr/local/bin/tool\n' }).findings), ['build.sh:5 GLUE_DEFAULT_FROZEN']);
  });

  it('a builder Dockerfile chosen by a default → refused at the build line (the merged file would hold that builder)', () => {
    const o = plan({ assign: 'APP=${APP:-greeter}\nDF=${DF:-Dockerfile.build}', builder: '--build-arg APP="$APP" -f "$DF"', cp: 'docker cp app-x:/out/$APP ./$APP' });
    assert.deepEqual(errorCodes(o.findings), ['build.sh:4 GLUE_DEFAULT_FROZEN']);
  });

  it('no default, nothing frozen: literal values migrate as before', () => {
    const o = plan({ assign: 'APP=greeter' });
    assert.equal(o.status, 'migrate', codes(o.findings).join(', '));
    assert.ok(!codes(o.findings).some((c) => c.endsWith('GLUE_DEFAULT_FROZEN')));
  });
});
