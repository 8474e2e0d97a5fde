/**
 * Builds with contexts of their own merged into one: the merged .dockerignore must let each
 * build's directory send exactly what its own context and .dockerignore sent (IG-6: the last
 * matching rule wins), checked here file by file with Docker's matcher.
 */
import assert from 'node:assert/strict';
import { memoryRepo } from '../../../src/core/repo';
import { DockerignoreRules } from '../../../src/plan/dockerignore';
import { ContextBuild, ignoreArtifacts, mergeDockerignore } from '../../../src/plan/dockerignore-merge';
import { codes } from '../support/harness';

const FILES = {
  '.dockerignore': 'web\n*.log\n',
  Dockerfile: 'FROM nginx\n',
  'dist/index.html': '<p>\n',
  'debug.log': 'x\n',
  'web/.dockerignore': 'node_modules\n*.md\n!KEEP.md\n',
  'web/package.json': '{}\n',
  'web/src/main.js': 'x\n',
  'web/README.md': 'x\n',
  'web/KEEP.md': 'x\n',
  'web/node_modules/a/index.js': 'x\n',
  'web/build.log': 'x\n',
};

const build = (context: string, line: number, reads: string[] = []): ContextBuild => ({ context, at: { file: 'build.sh', line }, reads });

describe('plan/dockerignore-merge', () => {
  it('a rebased build keeps, under its directory, exactly what its own context sent; the root build keeps what it sent (IG-6)', () => {
    const repo = memoryRepo(FILES);
    const r = mergeDockerignore(repo, '', [build('', 9, ['dist']), build('web', 3, ['.'])]);
    assert.deepEqual(r.findings, []);
    assert.ok(r.text);
    const merged = new DockerignoreRules(r.text);
    const rootRules = new DockerignoreRules(FILES['.dockerignore']);
    const webRules = new DockerignoreRules(FILES['web/.dockerignore']);
    for (const f of Object.keys(FILES)) {
      if (f.startsWith('web/')) assert.equal(merged.ignores(f), webRules.ignores(f.slice(4)), f);
      else assert.equal(merged.ignores(f), rootRules.ignores(f), f);
    }
  });

  it('nothing rebased, or no rules anywhere that could change what a directory sends: no new file', () => {
    assert.deepEqual(mergeDockerignore(memoryRepo(FILES), '', [build('', 9)]), { text: null, findings: [] });
    assert.deepEqual(mergeDockerignore(memoryRepo({ 'web/a.js': 'x\n' }), '', [build('', 9), build('web', 3)]), { text: null, findings: [] });
  });

  it('a root build that copies a directory its .dockerignore kept out, now a rebased context → DOCKERIGNORE_CONTEXT_CHANGED at that build', () => {
    const r = mergeDockerignore(memoryRepo(FILES), '', [build('', 9, ['']), build('web', 3, [''])]);
    assert.deepEqual(codes(r.findings), ['build.sh:9 DOCKERIGNORE_CONTEXT_CHANGED']);
  });

  it('ignoreArtifacts: artifacts a context COPY reaches and the checkout lacks are ignored, outermost only; present paths are not', () => {
    const repo = memoryRepo({ 'app/main.py': 'x\n', Dockerfile: 'FROM python\n' });
    const text = ignoreArtifacts(repo, '', '*.pyc\n', ['wheels', 'wheels/a.whl', 'app/main.py'], ['']);
    assert.ok(text);
    const rules = new DockerignoreRules(text);
    assert.equal(rules.ignores('wheels'), true);
    assert.equal(rules.ignores('app/main.py'), false);
    assert.equal(rules.ignores('x.pyc'), true, 'the rules already there stay');
    assert.equal(ignoreArtifacts(repo, '', null, ['wheels'], ['app']), null, 'no context COPY reaches wheels');
  });
});
