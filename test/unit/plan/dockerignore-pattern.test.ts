/**
 * .dockerignore matching as moby's patternmatcher documents and tests it (cases restated from
 * its behaviour), plus the readings of older Docker versions where they differ.
 */
import assert from 'node:assert/strict';
import { DockerignoreRules } from '../../../src/plan/dockerignore';
import { compilePattern, goCleanPath, goMatchSyntaxError, matchesPath, mayMatchBelow } from '../../../src/plan/dockerignore-pattern';

/** Pattern, path, does one pattern (checked against the path and its parents) exclude it. */
const single: [string, string, boolean][] = [
  ['**', 'file', true],
  ['**', 'dir/file', true],
  ['**/', 'file', true],
  ['**/**', 'dir/file', true],
  ['dir/**', 'dir/file', true],
  ['dir/**', 'dir/dir2/file', true],
  ['**/dir', 'dir', true],
  ['**/dir', 'dir/file', true],
  ['**/dir2/*', 'dir/dir2/file', true],
  ['**/dir2/**', 'dir/dir2/dir3/file', true],
  ['**file', 'file', true],
  ['**file', 'dir/file', true],
  ['**file', 'dir/dir/file', true],
  ['**/file', 'dir/dir/file', true],
  ['**/file*', 'dir/dir/file.txt', true],
  ['**/file*txt', 'dir/dir/file.txt', true],
  ['**/**/*.txt', 'dir/dir/file.txt', true],
  ['**/**/*.txt2', 'dir/dir/file.txt', false],
  ['**/*.txt', 'file.txt', true],
  ['a**/*.txt', 'a/dir/dir/file.txt', true],
  ['a/*.txt', 'a/dir/file.txt', false],
  ['a/*.txt', 'a/file.txt', true],
  ['a/*.txt**', 'a/file.txt', true],
  ['a[b-d]e', 'ae', false],
  ['a[b-d]e', 'ace', true],
  ['a[b-d]e', 'aae', false],
  ['a[^b-d]e', 'aze', true],
  ['.*', '.foo', true],
  ['.*', 'foo', false],
  ['abc.def', 'abcdef', false],
  ['abc.def', 'abc.def', true],
  ['abc.def', 'abcZdef', false],
  ['abc?def', 'abcZdef', true],
  ['abc?def', 'abcdef', false],
  ['a\\\\', 'a\\', true],
  ['**/foo/bar', 'foo/bar', true],
  ['**/foo/bar', 'dir/dir2/foo/bar', true],
  ['abc/**', 'abc', false],
  ['abc/**', 'abc/def/ghi', true],
  ['**/.foo', '.foo', true],
  ['**/.foo', 'bar.foo', false],
  ['a(b)c/def', 'a(b)c/def', true],
  ['a(b)c/def', 'a(b)c/xyz', false],
  ['a.|)$(}+{bc', 'a.|)$(}+{bc', true],
  ['my+app', 'my+app', true],
  ['my+app', 'myyapp', false],
  ['dist/*.whl', 'dist/proxy.py-2.4.0rc3.dev36+g08acad9-py3-none-any.whl', true],
  ['a\\*b', 'a*b', true],
  ['a\\*b', 'ab', false],
  ['*', 'abc', true],
  ['a*', 'ab/c', true],
  ['a*/b', 'a/c/b', false],
  ['a*b*c*d*e*/f', 'axbxcxdxexxx/f', true],
  ['a*b*c*d*e*/f', 'axbxcxdxe/xxx/f', false],
  ['a*b?c*x', 'abxbbxdbxebxczzx', true],
  ['a*b?c*x', 'abxbbxdbxebxczzy', false],
  ['ab[^e-g]', 'abc', true],
  ['a?b', 'a☺b', true],
  ['a???b', 'a☺b', false],
  ['[a-ζ]*', 'α', true],
  ['*[a-ζ]', 'A', false],
  ['a?b', 'a/b', false],
  ['a*b', 'a/b', false],
  ['[\\]a]', ']', true],
  ['[x\\-]', '-', true],
  ['[x\\-]', 'z', false],
  ['a^b', 'a^b', true],
];

describe('plan/dockerignore-pattern: moby patternmatcher rules', () => {
  for (const [pattern, path, excluded] of single) {
    it(`${JSON.stringify(pattern)} ${excluded ? 'excludes' : 'keeps'} ${JSON.stringify(path)}`, () => {
      assert.equal(new DockerignoreRules(`${pattern}\n`).ignores(path), excluded);
    });
  }

  it('the shortcuts patternmatcher takes: exact, prefix and suffix patterns compare text', () => {
    assert.equal(compilePattern('abc.def').kind, 'exact');
    assert.equal(compilePattern('a.|)$(}+{bc').kind, 'exact');
    assert.equal(compilePattern('dir/**').kind, 'prefix');
    assert.equal(compilePattern('**/dir').kind, 'suffix');
    assert.equal(compilePattern('**').kind, 'suffix');
    assert.equal(compilePattern('**/**').kind, 'regexp');
    assert.equal(compilePattern('a[b-d]e').kind, 'regexp');
    // `**foo` is a suffix: it matches any path ending in foo, `barfoo` included.
    assert.equal(matchesPath(compilePattern('**foo'), 'x/barfoo'), true);
    assert.equal(matchesPath(compilePattern('foo**'), 'foobar/x'), true);
  });

  it("filepath.Match's syntax errors, which stop Docker", () => {
    for (const bad of ['[', '[^', '[^bc', 'a[', '[]a]', '[-]', '[x-]', '[-x]', '[a-b-c]', '\\', 'a\\']) assert.ok(goMatchSyntaxError(bad), bad);
    for (const ok of ['[\\]a]', '[\\-]', '[x\\-]', 'a[b-d]e', '*', 'a\\*b']) assert.equal(goMatchSyntaxError(ok), null, ok);
    const r = new DockerignoreRules('ok\na[\n!\n');
    assert.deepEqual(r.problems.map((p) => [p.line, p.kind]), [[2, 'invalid'], [3, 'invalid']]);
    assert.equal(r.ignores('ok'), true);
  });

  it('classes Go reads differently from filepath.Match are not guessed', () => {
    for (const odd of ['[*]', '[?]', '[[]', 'a\\d', '[\\w]', '[z-a]']) assert.ok(compilePattern(odd).problem, odd);
  });

  it('lines as ignorefile reads them: a # only in the first column, trimmed, cleaned, a leading / dropped', () => {
    const r = new DockerignoreRules('\uFEFFtest1\n/test2\n/a/file/here\n\n# comment\n #notcomment\n! /inverted/abs/path\nx/../y/\r\n./z//w/\n');
    assert.deepEqual(
      r.all.map((x) => `${x.negated ? '!' : ''}${x.pattern}`),
      ['test1', 'test2', 'a/file/here', '#notcomment', '!inverted/abs/path', 'y', 'z/w'],
    );
    assert.equal(goCleanPath('a/../../b'), '../b');
    assert.equal(goCleanPath('/../a'), '/a');
  });

  it('a line of 64 KiB or more stops Docker', () => {
    const r = new DockerignoreRules(`${'a'.repeat(70000)}\nb\n`);
    assert.deepEqual(r.problems.map((p) => p.line), [1]);
    assert.ok(r.problems[0].message.length < 200);
    assert.equal(r.ignores('b'), true);
  });

  it('"!" re-includes; the walk does not enter an excluded directory unless a "!" pattern starts with it', () => {
    const folder = new DockerignoreRules('docs\n!docs/README.md\n');
    assert.equal(folder.ignores('docs/README.md'), false);
    assert.equal(folder.ignores('docs/other.md'), true);
    // `*` excludes `a`; `!**/keep` does not start with `a/`, so the walk never sees a/keep (checked on Docker 20.10, both builders).
    const deep = new DockerignoreRules('*\n!**/keep\n');
    assert.equal(deep.ignores('keep'), false);
    assert.equal(deep.ignores('a/keep'), true);
    const nested = new DockerignoreRules('a\n!a/*/keep\n');
    assert.equal(nested.ignores('a/b/keep'), true);
    const all = new DockerignoreRules('**\n!util/docker/web\n');
    assert.equal(all.ignores('util/docker/web/foo'), false);
  });

  it('where Docker versions or builders disagree, the path is a doubt with the line', () => {
    const plus = new DockerignoreRules('x\nmy+app\n');
    assert.equal(plus.ignores('my+app'), true);
    assert.deepEqual(plus.doubts.map((d) => [d.path, d.line]), [['my+app', 2]]);
    assert.equal(plus.ignores('other'), false);
    assert.equal(plus.doubts.length, 1);
    // Docker before 23 could not build with `a(`: only the current reading counts.
    const paren = new DockerignoreRules('a(\n');
    assert.equal(paren.ignores('a('), true);
    assert.deepEqual(paren.doubts, []);
    // BuildKit's walk forgets a parent match of a pattern it skipped.
    const order = new DockerignoreRules('a/b\n!a\n');
    assert.equal(order.ignores('a/b/c'), false);
    assert.deepEqual(order.doubts.map((d) => d.path), ['a/b/c']);
  });

  it('mayMatchBelow: could anything below a directory match', () => {
    assert.equal(mayMatchBelow(compilePattern('dist/assets/*.css'), 'dist'), true);
    assert.equal(mayMatchBelow(compilePattern('**/*.map'), 'dist'), true);
    assert.equal(mayMatchBelow(compilePattern('*.map'), 'dist'), false);
    assert.equal(mayMatchBelow(compilePattern('docs'), 'dist'), false);
    assert.equal(mayMatchBelow(compilePattern('dist/**'), 'dist'), true);
    assert.equal(mayMatchBelow(compilePattern('**foo'), 'dist'), true);
    assert.equal(mayMatchBelow(compilePattern('di[s]t/x'), 'dist'), true);
  });
});
