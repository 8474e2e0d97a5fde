/** .dockerignore rules (IG-6), and the question the migration asks: can they hide part of an artifact? */
import assert from 'node:assert/strict';
import { DockerignoreRules } from '../../../src/plan/dockerignore';

describe('plan/dockerignore', () => {
  it('no file or only comments and blanks: nothing is ignored', () => {
    assert.equal(new DockerignoreRules(null).empty, true);
    assert.equal(new DockerignoreRules('# comment\n\n   \n').empty, true);
    assert.equal(new DockerignoreRules(null).ignores('x'), false);
  });

  it('"*.log" is top level only; "**/*.log" is any depth', () => {
    const top = new DockerignoreRules('*.log\n');
    assert.equal(top.ignores('a.log'), true);
    assert.equal(top.ignores('sub/a.log'), false);
    const deep = new DockerignoreRules('**/*.log\n');
    assert.equal(deep.ignores('a.log'), true);
    assert.equal(deep.ignores('sub/deeper/a.log'), true);
    assert.equal(deep.ignores('a.txt'), false);
  });

  it('"!" re-includes; the last matching line wins', () => {
    const r = new DockerignoreRules('*.log\n!keep.log\n');
    assert.equal(r.ignores('drop.log'), true);
    assert.equal(r.ignores('keep.log'), false);
    const late = new DockerignoreRules('!keep.log\n*.log\n');
    assert.equal(late.ignores('keep.log'), true);
  });

  it('a leading "/" or "./", surrounding spaces and comments are ignored', () => {
    const r = new DockerignoreRules('  /a.txt  \n./b.txt\n# c.txt\n');
    assert.equal(r.ignores('a.txt'), true);
    assert.equal(r.ignores('b.txt'), true);
    assert.equal(r.ignores('c.txt'), false);
  });

  it('"sub/" excludes the subtree; "!sub/s.txt" brings one file back', () => {
    const r = new DockerignoreRules('sub/\n!sub/s.txt\n');
    assert.equal(r.ignores('sub'), true);
    assert.equal(r.ignores('sub/x/y.txt'), true);
    assert.equal(r.ignores('sub/s.txt'), false);
  });

  it('the root itself is never ignored', () => {
    assert.equal(new DockerignoreRules('*\n').ignores(''), false);
  });

  it('hides(): a rule that can match below an artifact directory hides part of it', () => {
    assert.equal(new DockerignoreRules('dist/assets/*.css\n').hides('dist', true), true);
    assert.equal(new DockerignoreRules('dist/**/*.map\n').hides('dist', true), true);
    assert.equal(new DockerignoreRules('**/*.map\n').hides('dist', true), true);
    assert.equal(new DockerignoreRules('*.map\n').hides('dist', true), false);
    assert.equal(new DockerignoreRules('docs/\n').hides('dist', true), false);
    // A file artifact is only hidden by a rule that matches it.
    assert.equal(new DockerignoreRules('dist/*\n').hides('server', false), false);
    assert.equal(new DockerignoreRules('serv*\n').hides('server', false), true);
  });

  it('ruleHiding() names the rule and its line', () => {
    const r = new DockerignoreRules('# build output\n.git\ndist/assets/*.css\n');
    assert.deepEqual(r.ruleHiding('dist', true), { pattern: 'dist/assets/*.css', line: 3, negated: false });
    assert.equal(r.ruleHiding('server', false), null);
    const direct = new DockerignoreRules('node_modules\nserver\n');
    assert.deepEqual(direct.ruleHiding('server', false), { pattern: 'server', line: 2, negated: false });
  });

  it('touches(): could any exclusion reach at or below a directory', () => {
    const r = new DockerignoreRules('dist/*.map\n');
    assert.equal(r.touches('dist'), true);
    assert.equal(r.touches('src'), false);
    assert.equal(new DockerignoreRules('!dist/x\n').touches('dist'), false);
  });
});
