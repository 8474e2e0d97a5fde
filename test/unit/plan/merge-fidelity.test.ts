/** The merged Dockerfile keeps the input's own text and structure: open continuations closed, untouched words byte for byte. */
import assert from 'node:assert/strict';
import { parseDockerfile } from '../../../src/parse/dockerfile';
import { dockerfileErrors } from '../../../src/parse/dockerfile-validate';
import { loadParser, migrate } from '../support/harness';

const GLUE = { text: '#!/bin/sh\nset -e\ndocker build -f Dockerfile.build -t app-builder .\ndocker create --name x app-builder\ndocker cp x:/out/app ./app\ndocker rm x\ndocker build -t app .\n', mode: 0o755 };

function merged(builder: string, runtime: string): string {
  const o = migrate({ 'build.sh': GLUE, 'Dockerfile.build': builder, Dockerfile: runtime, 'main.go': 'package main\n' });
  assert.equal(o.status, 'migrate', o.findings.map((f) => `${f.code} ${f.message}`).join('\n'));
  return o.plan?.files.find((f) => f.path === 'Dockerfile')?.after ?? '';
}

describe('plan: merge fidelity', () => {
  before(loadParser);

  it("a builder whose last line ends in a continuation does not swallow the runtime's FROM", () => {
    for (const tail of ['RUN go build -o /out/app . \\\n', 'RUN go build -o /out/app . \\\n# built\n', 'RUN go build -o /out/app . \\']) {
      const text = merged(`FROM golang:1.22\n${tail}`, 'FROM alpine:3.19\nCOPY app /usr/local/bin/\n');
      const model = parseDockerfile('Dockerfile', text);
      assert.equal(model.stages.length, 2, text);
      assert.equal(model.stages[1].base, 'alpine:3.19');
      assert.deepEqual(dockerfileErrors(text), []);
    }
  });

  it('tabs between words stay: a split COPY keeps its context part as written', () => {
    const text = merged('FROM golang:1.22\nRUN go build -o /out/app .\n', 'FROM\talpine:3.19\nWORKDIR\t/srv\nCOPY\t.\t/srv/\nCMD\t["/srv/app"]\n');
    assert.ok(text.includes('FROM\talpine:3.19\nWORKDIR\t/srv\nCOPY\t.\t/srv/\nCOPY --from='), text);
    assert.ok(text.includes('CMD\t["/srv/app"]\n'), text);
  });
});
