/** Export-only glue in a Makefile: the export build takes the place of the copy, in another recipe than the builder build. */
import assert from 'node:assert/strict';
import { codes, fileAfter, loadParser, migrate } from '../support/harness';


describe('app: export-only make glue', () => {
  before(loadParser);

  it('export-only from a make goal: the export build takes the place of the copy', () => {
    const makefile = 'IMG = b\nall:\n\tdocker build -t $(IMG) .\n\tmkdir -p out\n\tdocker cp $(shell docker create $(IMG)):/out/app out/app\n';
    const o = migrate({ Makefile: makefile, Dockerfile: 'FROM alpine\nRUN mkdir /out && echo hi > /out/app\n' });
    assert.equal(o.status, 'migrate', codes(o.findings).join(', '));
    assert.equal(fileAfter(o, 'Makefile'), 'IMG = b\nall:\n\tmkdir -p out\n\tDOCKER_BUILDKIT=1 docker build --target export --output type=local,dest=out .\n');
  });


  it('the builder built by a target of its own (`copy: build`): the export build goes to the copy', () => {
    const makefile = 'IMG ?= b\nall: copy\nbuild:\n\tdocker build -t $(IMG) .\n\ncopy: build\n\t@rm -rf out/arm\n\t@mkdir -p out\n\tdocker cp $(shell docker create $(IMG)):/out out/arm\n';
    const o = migrate({ Makefile: makefile, Dockerfile: 'FROM alpine\nRUN mkdir /out && echo hi > /out/app\n' });
    assert.equal(o.status, 'migrate', codes(o.findings).join(', '));
    assert.equal(fileAfter(o, 'Makefile'), 'IMG ?= b\nall: copy\nbuild:\n\ncopy: build\n\t@rm -rf out/arm\n\t@mkdir -p out\n\tDOCKER_BUILDKIT=1 docker build --target export --output type=local,dest=out .\n');
  });
});
