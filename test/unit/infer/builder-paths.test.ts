/** What the builder Dockerfile tells about a path: file, directory, or unknown (never a guess). */
import assert from 'node:assert/strict';
import { builderPathKind, followedKind, stageChain } from '../../../src/infer/builder-paths';
import { parseDockerfile } from '../../../src/parse/dockerfile';

function kind(dockerfile: string, path: string, stage = -1): [string, string | null] {
  const m = parseDockerfile('Dockerfile.build', dockerfile);
  const s = m.stages[stage < 0 ? m.stages.length + stage : stage];
  const k = builderPathKind(m, s, path);
  return [k.kind, k.evidence];
}

describe('infer/builder-paths', () => {
  it('`-o PATH` makes a file; everything above it is a directory', () => {
    const df = 'FROM golang\nWORKDIR /src\nRUN go build -o /go/bin/app .\n';
    assert.deepEqual(kind(df, '/go/bin/app'), ['file', 'Dockerfile.build:3']);
    assert.deepEqual(kind(df, '/go/bin'), ['dir', 'Dockerfile.build:3']);
    assert.deepEqual(kind(df, '/go/bin/'), ['dir', 'Dockerfile.build:3']);
  });

  it('relative outputs are resolved against WORKDIR', () => {
    const df = 'FROM golang\nWORKDIR /src\nRUN go build -o bin/app ./cmd\n';
    assert.deepEqual(kind(df, '/src/bin/app'), ['file', 'Dockerfile.build:3']);
    assert.equal(kind(df, '/src')[0], 'dir');
  });

  it('--output=PATH and -oPATH forms', () => {
    assert.equal(kind('FROM x\nRUN cc --output=/out/tool main.c\n', '/out/tool')[0], 'file');
    assert.equal(kind('FROM x\nRUN cc -o/out/tool main.c\n', '/out/tool')[0], 'file');
  });

  it('mkdir and WORKDIR make directories; touch makes a file', () => {
    const df = 'FROM node\nWORKDIR /app\nRUN mkdir -p /app/dist/assets\nRUN touch /app/config.yml\n';
    assert.equal(kind(df, '/app')[0], 'dir');
    assert.deepEqual(kind(df, '/app/dist'), ['dir', 'Dockerfile.build:3']);
    assert.deepEqual(kind(df, '/app/config.yml'), ['file', 'Dockerfile.build:4']);
  });

  it('COPY into "dest/" or with several sources makes a directory', () => {
    assert.equal(kind('FROM x\nCOPY a b /opt/tools/\n', '/opt/tools')[0], 'dir');
    assert.equal(kind('FROM x\nCOPY a /opt/tools/\n', '/opt/tools')[0], 'dir');
    assert.equal(kind('FROM x\nCOPY a /opt/tool\n', '/opt/tool')[0], 'unknown');
  });

  it('no evidence → unknown', () => {
    assert.deepEqual(kind('FROM x\nRUN make install\n', '/usr/local/bin/app'), ['unknown', null]);
  });

  it('`ln -s TARGET NAME` makes a link (its target kept as written); `ln` without -s a file; into a directory NAME the link goes inside', () => {
    const df = 'FROM x\nRUN mkdir -p /opt/app/v1 && ln -s v1 /opt/app/current\nRUN ln -sf /opt/app/v1/tool /usr/bin/tool && ln /opt/app/v1/a /opt/app/b\nRUN ln -s /opt/app/v1 /opt/app/v1-dir/\n';
    const m = parseDockerfile('Dockerfile.build', df);
    assert.deepEqual(builderPathKind(m, m.stages[0], '/opt/app/current'), { kind: 'link', evidence: 'Dockerfile.build:2', link: 'v1' });
    assert.deepEqual(builderPathKind(m, m.stages[0], '/usr/bin/tool'), { kind: 'link', evidence: 'Dockerfile.build:3', link: '/opt/app/v1/tool' });
    assert.deepEqual(kind(df, '/opt/app/b'), ['file', 'Dockerfile.build:3']);
    assert.deepEqual(kind(df, '/opt/app/v1-dir/v1')[0], 'link');
    assert.equal(kind(df, '/opt/app/v1-dir')[0], 'dir');
    // mkdir made /opt/app/v1 a directory: `ln -s x /opt/app/v1` puts the link inside it, unless -n/-T.
    assert.equal(kind('FROM x\nRUN mkdir /d\nRUN ln -s x /d\n', '/d')[0], 'dir');
    assert.equal(kind('FROM x\nRUN mkdir /d\nRUN ln -sfn x /d\n', '/d')[0], 'link');
  });

  it('followedKind: what a chain of links leads to (docker cp -L, `A/.`); unknown where a target is not known', () => {
    const m = parseDockerfile('Dockerfile.build', 'FROM x\nRUN mkdir -p /opt/v2 && ln -s v2 /opt/latest && ln -s latest /opt/current && ln -s /nowhere /opt/lost\n');
    const of = (p: string) => builderPathKind(m, m.stages[0], p);
    assert.deepEqual([followedKind(of, '/opt/current').kind, followedKind(of, '/opt/current').path], ['dir', '/opt/v2']);
    assert.equal(followedKind(of, '/opt/lost').kind, 'unknown');
    assert.equal(followedKind(of, '/opt/v2').kind, 'dir');
  });

  it('follows the FROM chain inside the file', () => {
    const df = 'FROM golang AS deps\nRUN mkdir /out\nFROM deps AS build\nRUN go build -o /out/app .\nFROM alpine AS other\n';
    const m = parseDockerfile('Dockerfile.build', df);
    assert.deepEqual(stageChain(m, m.stages[1]).map((s) => s.name), ['deps', 'build']);
    assert.deepEqual(kind(df, '/out', 1), ['dir', 'Dockerfile.build:4']);
    assert.deepEqual(kind(df, '/out/app', 1), ['file', 'Dockerfile.build:4']);
    // An unrelated stage knows nothing about /out.
    assert.deepEqual(kind(df, '/out', 2), ['unknown', null]);
  });
});

describe('infer/builder-paths: regressions', () => {
  // Regression (was wrong): runEvidence splits the RUN text on [\s;&|()]+, so "&&" never survives as a token and the
  // mkdir operand scan (meant to stop at &&, ; or |) runs to the end of the line: every later
  // path, here the file /out/app that cp creates, is taken for a directory. In the planner,
  // `docker cp C:/out/app ./server` + `COPY server /usr/local/bin/` then becomes
  // `COPY --from=builder --chown=0:0 /out/app /usr/local/bin/` → /usr/local/bin/app, where the
  // legacy image has /usr/local/bin/server. Expected 'file' (or 'unknown'), actual 'dir'.
  it('mkdir operands stop at "&&"', () => {
    assert.notEqual(kind('FROM x\nRUN mkdir -p /out && cp /usr/bin/env /out/app\n', '/out/app')[0], 'dir');
    assert.notEqual(kind('FROM x\nRUN mkdir -p /out; cp /src/cfg /etc/app.conf\n', '/etc/app.conf')[0], 'dir');
  });
});
