/** Glue found by what it runs: the engine by any name, and the Makefile goal that runs the pipeline. */
import assert from 'node:assert/strict';
import { codes, fileAfter, loadParser, migrate } from '../support/harness';

const BUILDER = 'FROM golang:1.22\nRUN go build -o /out/app .\nCMD ["tar", "-cf", "-", "-C", "/out", "app"]\n';
const RUNTIME = 'FROM alpine:3.19\nCOPY app /usr/local/bin/\n';

describe('app: glue by any name and Makefile goals', () => {
  before(loadParser);

  it('$(DOCKER) build with DOCKER ?= docker is glue, and migrates', () => {
    const makefile = 'DOCKER ?= docker\nall:\n\t$(DOCKER) build -t b -f Dockerfile.build .\n\t$(DOCKER) create --name x b\n\t$(DOCKER) cp x:/out/app ./app\n\t$(DOCKER) rm x\n\t$(DOCKER) build -t app .\n';
    const o = migrate({ Makefile: makefile, 'Dockerfile.build': BUILDER, Dockerfile: RUNTIME });
    assert.equal(o.status, 'migrate', codes(o.findings).join(', '));
    assert.equal(fileAfter(o, 'Makefile'), 'DOCKER ?= docker\nall:\n\t$(DOCKER) build -t app .\n');
  });

  it('a goal whose extraction is a stream is a whole pipeline (not passed over for the default goal)', () => {
    const makefile = 'all: test\ntest:\n\tgo test ./...\nimage:\n\tdocker build -t b -f Dockerfile.build .\n\tdocker run --rm b > app.tar\n\tdocker build -t app .\n';
    const o = migrate({ Makefile: makefile, 'Dockerfile.build': BUILDER, Dockerfile: 'FROM alpine\nADD app.tar /usr/local/bin/\n' });
    assert.notEqual(o.status, 'nothing');
    assert.equal(o.plan?.setup.goal ?? 'image', 'image');
  });

});
