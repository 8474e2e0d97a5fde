/**
 * Artifacts a runtime context COPY reaches (`COPY . /app` with wheels/ extracted into it): the
 * legacy glue removed or replaced them before each build, nothing writes them after the
 * migration, so the merged context's .dockerignore leaves them out and a working copy builds
 * what a clean checkout builds.
 */
import assert from 'node:assert/strict';
import { DockerignoreRules } from '../../../src/plan/dockerignore';
import { Files, codes, loadParser, migrate } from '../support/harness';

const BUILDER = 'FROM python:3.12-slim\nWORKDIR /src\nCOPY . .\nRUN mkdir -p /wheels /opt/tool && pip wheel --wheel-dir /wheels .\n';

function plan(runtime: string, extra: Files = {}, extract = ['rm -rf wheels', 'docker cp x:/wheels ./wheels']) {
  const glue = ['#!/bin/sh', 'docker build -f Dockerfile.build -t b .', 'docker create --name x b', ...extract, 'docker rm x', 'docker build -t app .', ''].join('\n');
  const o = migrate({ 'build.sh': glue, 'Dockerfile.build': BUILDER, Dockerfile: runtime, 'setup.py': 'x', ...extra });
  assert.equal(o.status, 'migrate', codes(o.findings).join(', '));
  return o;
}

const ignoreOf = (o: ReturnType<typeof plan>) => o.plan?.files.find((f) => f.path === '.dockerignore')?.after ?? null;

describe('plan/dockerignore-merge: artifacts a context COPY reaches are ignored', () => {
  before(loadParser);

  it('`COPY . /app` over an extracted directory: a new .dockerignore leaves it out', () => {
    const text = ignoreOf(plan('FROM python:3.12-slim\nCOPY . /app\n'));
    assert.ok(text !== null);
    const rules = new DockerignoreRules(text);
    assert.ok(rules.ignores('wheels') && rules.ignores('wheels/old-0.1.whl'));
    assert.ok(!rules.ignores('setup.py') && !rules.ignores('build.sh'));
  });

  it('an existing .dockerignore keeps its lines and line ends; the rule comes after them', () => {
    const before = '# local\r\n*.pyc\r\n';
    const text = ignoreOf(plan('FROM python:3.12-slim\nCOPY . /app\n', { '.dockerignore': before })) as string;
    assert.ok(text.startsWith(before), text);
    assert.ok(!/[^\r]\n/.test(text), 'a bare \\n in a CRLF file');
    assert.match(text, /\r\n\/wheels\r\n$/);
  });

  it('nothing to add: an artifact copied directly (COPY --from now), a path the repository has', () => {
    assert.equal(ignoreOf(plan('FROM python:3.12-slim\nCOPY wheels /app/wheels\n')), null);
    const merged = plan('FROM python:3.12-slim\nCOPY . /app\n', { 'wheels/README': 'kept in git' }, ['docker cp x:/wheels/. ./wheels']);
    assert.equal(ignoreOf(merged), null);
  });
});
