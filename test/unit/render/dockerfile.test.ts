/**
 * The merged Dockerfile's text: the runtime file with only the migrated lines regenerated, the
 * builder stages (named, references updated) inserted before it, and untouched text carried
 * over as exact slices (comments, continuations, JSON, CRLF, a missing final newline).
 */
import assert from 'node:assert/strict';
import { codes, fileAfter, loadParser, migrate, stagesOf } from '../support/harness';

const GLUE = '#!/bin/sh\ndocker build -f Dockerfile.build -t builder .\ndocker create --name x builder\ndocker cp x:/go/bin/app ./app\ndocker rm x\ndocker build -t app .\n';

function merged(builder: string, runtime: string, opts: { buildkit?: boolean } = {}) {
  const o = migrate({ 'build.sh': GLUE, 'Dockerfile.build': builder, Dockerfile: runtime }, opts);
  assert.equal(o.status, 'migrate', codes(o.findings).join(', '));
  return { o, text: fileAfter(o, 'Dockerfile') as string };
}

describe('render/dockerfile', () => {
  before(loadParser);

  it('carries the runtime text over byte for byte around the rewritten line (CRLF, continuation, JSON, no final newline)', () => {
    const runtime = '# escape=\\\r\n# Runtime image\r\nARG BASE=alpine:3.19\r\nFROM ${BASE}\r\nRUN echo hi \\\r\n  there   # not a comment\r\n\r\nCOPY [ "app", "/usr/local/bin/" ]\r\nCMD ["app",  "--flag"]';
    const { text } = merged('FROM golang:1.22\nRUN go build -o /go/bin/app .\n', runtime);
    // The runtime part, from its FROM on.
    const tail = text.slice(text.indexOf('FROM ${BASE}'));
    assert.equal(tail, 'FROM ${BASE}\r\nRUN echo hi \\\r\n  there   # not a comment\r\n\r\nCOPY --from=builder --chown=0:0 ["app", "/usr/local/bin/"]\r\nCMD ["app",  "--flag"]'.replace('["app", "/usr/local/bin/"]', '["/go/bin/app", "/usr/local/bin/"]'));
    // Directives stay on line 1, global ARGs above every FROM; every line ends in CRLF.
    assert.ok(text.startsWith('# escape=\\\r\n# Runtime image\r\nARG BASE=alpine:3.19\r\n'), text);
    assert.ok(!/[^\r]\n/.test(text), 'a bare LF in a CRLF file');
    assert.ok(text.indexOf('FROM golang:1.22 AS builder') < text.indexOf('FROM ${BASE}'));
  });

  it('keeps a final newline when the runtime file has one, and separates blocks by one blank line', () => {
    const { text } = merged('FROM golang:1.22\nRUN go build -o /go/bin/app .\n', 'FROM alpine:3.19\nCOPY app /usr/local/bin/\n');
    assert.ok(text.endsWith('COPY --from=builder --chown=0:0 /go/bin/app /usr/local/bin/\n'));
    assert.ok(!text.endsWith('\n\n'));
    assert.doesNotMatch(text, /\n\n\n/);
  });

  it('drops the builder\'s `# syntax=` directive (PD-1) with a warning; --buildkit puts it on line 1', () => {
    const builder = '# syntax=docker/dockerfile:1.2\nFROM golang:1.22\nRUN --mount=type=cache,target=/root/.cache go build -o /go/bin/app .\n';
    const classic = migrate({ 'build.sh': GLUE, 'Dockerfile.build': builder, Dockerfile: 'FROM alpine:3.19\nCOPY app /usr/local/bin/\n' });
    // RUN --mount needs BuildKit (FE-1): refused without --buildkit.
    assert.equal(classic.status, 'refused');
    assert.ok(codes(classic.findings).includes('Dockerfile.build:3 BUILDKIT_REQUIRED'), codes(classic.findings).join(', '));
    const { o, text } = merged(builder, 'FROM alpine:3.19\nCOPY app /usr/local/bin/\n', { buildkit: true });
    assert.ok(text.startsWith('# syntax=docker/dockerfile:1.2\n'), text);
    assert.equal(text.match(/# syntax=/g)?.length, 1);
    assert.ok(!codes(o.findings).some((c) => c.endsWith('BUILDKIT_REQUIRED')));
    const noMount = merged('# syntax=docker/dockerfile:1.2\nFROM golang:1.22\nRUN go build -o /go/bin/app .\n', 'FROM alpine:3.19\nCOPY app /usr/local/bin/\n');
    assert.doesNotMatch(noMount.text, /syntax/);
    assert.deepEqual(codes(noMount.o.findings), ['Dockerfile.build:1 SYNTAX_DIRECTIVE_DROPPED']);
  });

  it('a multi-stage builder: all stages up to the image stage; clashing names renamed with their references', () => {
    const builder = 'FROM golang:1.22 AS build\nRUN go mod download\nFROM build AS compile\nCOPY --from=build /go/pkg /go/pkg\nRUN go build -o /go/bin/app .\nFROM alpine AS test\nRUN go test\n';
    const runtime = 'FROM alpine:3.19 AS build\nRUN echo runtime\nFROM build\nCOPY app /usr/local/bin/\n';
    const glue = GLUE.replace('-t builder .', '--target compile -t builder .');
    const o = migrate({ 'build.sh': glue, 'Dockerfile.build': builder, Dockerfile: runtime });
    assert.equal(o.status, 'migrate', codes(o.findings).join(', '));
    const stages = stagesOf(fileAfter(o, 'Dockerfile') as string);
    const renamed = /AS (\S+)$/.exec(stages[0].from)?.[1] as string;
    assert.notEqual(renamed, 'build');
    assert.deepEqual(stages.map((s) => s.from), [`FROM golang:1.22 AS ${renamed}`, `FROM ${renamed} AS compile`, 'FROM alpine:3.19 AS build', 'FROM build']);
    assert.deepEqual(stages[1].lines, [`COPY --from=${renamed} /go/pkg /go/pkg`, 'RUN go build -o /go/bin/app .']);
    assert.deepEqual(stages[3].lines, ['COPY --from=compile --chown=0:0 /go/bin/app /usr/local/bin/']);
    assert.ok(codes(o.findings).includes('Dockerfile.build:1 STAGE_RENAMED'));
  });

  it('builder stage names written with capitals (`AS Build`) come out lower-case, with every reference', () => {
    const builder = 'FROM golang:1.22 AS Deps\nRUN go mod download\nFROM Deps AS Compile\nCOPY --from=DEPS /go/pkg /go/pkg\nRUN go build -o /go/bin/app .\n';
    const o = migrate({ 'build.sh': GLUE, 'Dockerfile.build': builder, Dockerfile: 'FROM alpine:3.19\nCOPY app /usr/local/bin/\n' });
    assert.equal(o.status, 'migrate', codes(o.findings).join(', '));
    const stages = stagesOf(fileAfter(o, 'Dockerfile') as string);
    assert.deepEqual(stages.map((s) => s.from), ['FROM golang:1.22 AS deps', 'FROM deps AS compile', 'FROM alpine:3.19']);
    assert.deepEqual(stages[1].lines, ['COPY --from=deps /go/pkg /go/pkg', 'RUN go build -o /go/bin/app .']);
    assert.deepEqual(stages[2].lines, ['COPY --from=compile --chown=0:0 /go/bin/app /usr/local/bin/']);
    // Docker already knew them by these names: nothing was renamed.
    assert.ok(!codes(o.findings).some((c) => c.endsWith('STAGE_RENAMED')));
  });

  it('numeric --from indices in the runtime file move by the number of stages inserted before them (ST-8)', () => {
    const runtime = 'FROM alpine:3.19 AS certs\nRUN apk add ca-certificates\nFROM scratch\nCOPY --from=0 /etc/ssl /etc/ssl\nCOPY app /app\n';
    const { text } = merged('FROM golang:1.22 AS deps\nRUN true\nFROM deps\nRUN go build -o /go/bin/app .\n', runtime);
    const stages = stagesOf(text);
    assert.equal(stages[2].from, 'FROM alpine:3.19 AS certs');
    // Two builder stages come first: the runtime's stage 0 is now stage 2.
    assert.deepEqual(stages[3].lines, ['COPY --from=2 /etc/ssl /etc/ssl', 'COPY --from=builder --chown=0:0 /go/bin/app /app']);
  });

  it('a builder with the backtick escape is rewritten for the runtime\'s "\\" when that is exact; refused otherwise', () => {
    const ok = merged('# escape=`\nFROM golang:1.22\nRUN go build `\n    -o /go/bin/app .\n', 'FROM alpine:3.19\nCOPY app /usr/local/bin/\n');
    assert.ok(ok.text.includes('RUN go build \\\n    -o /go/bin/app .\n'), ok.text);
    assert.doesNotMatch(ok.text, /escape|`/);
    const clash = migrate({ 'build.sh': GLUE, 'Dockerfile.build': '# escape=`\nFROM golang:1.22\nRUN echo C:\\dir && go build `\n    -o /go/bin/app .\n', Dockerfile: 'FROM alpine:3.19\nCOPY app /usr/local/bin/\n' });
    assert.equal(clash.status, 'refused');
    assert.deepEqual(codes(clash.findings.filter((f) => f.severity === 'error')), ['Dockerfile.build:1 ESCAPE_MISMATCH']);
  });
});
