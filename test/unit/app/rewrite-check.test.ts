/** The migrated glue never still builds a builder Dockerfile the migration merges (and deletes). */
import assert from 'node:assert/strict';
import { codes, fileAfter, loadParser, migrate } from '../support/harness';

const BUILDER = 'FROM golang:1.22\nRUN go build -o /out/app .\n';
const RUNTIME = 'FROM alpine:3.19\nCOPY app /usr/local/bin/\n';

describe('app/rewrite-check', () => {
  before(loadParser);

  it('docker commands through a wrapper function: the builder calls go, the wrapper and the runtime call stay', () => {
    const glue = '#!/bin/sh\nd() {\n  docker "$@"\n}\nd build -f Dockerfile.build -t b .\nd create --name x b\nd cp x:/out/app ./app\nd rm x\nd build -t app .\n';
    const o = migrate({ 'build.sh': glue, 'Dockerfile.build': BUILDER, Dockerfile: RUNTIME });
    assert.equal(o.status, 'migrate', codes(o.findings).join(', '));
    assert.equal(fileAfter(o, 'build.sh'), '#!/bin/sh\nd() {\n  docker "$@"\n}\nd build -t app .\n');
  });

  it('a wrapper named docker is docker: its call sites are rewritten, and the migration goes ahead', () => {
    const glue = '#!/bin/sh\ndocker() {\n  command docker "$@"\n}\ndocker build -f Dockerfile.build -t b .\ndocker create --name x b\ndocker cp x:/out/app ./app\ndocker rm x\ndocker build -t app .\n';
    const o = migrate({ 'build.sh': glue, 'Dockerfile.build': BUILDER, Dockerfile: RUNTIME });
    assert.equal(o.status, 'migrate', codes(o.findings).join(', '));
  });
});
