import assert from 'node:assert/strict';
import {
  baseName,
  dirName,
  endsWithSlash,
  endsWithSlashDot,
  hasGlob,
  isWithin,
  joinRelative,
  literalPrefix,
  matchPath,
  matchSegment,
  normalizeAbsolute,
  normalizeRelative,
  relativeWithin,
} from '../../../src/core/paths';

describe('core/paths', () => {
  describe('normalizeRelative', () => {
    it('drops ".", empty segments and leading/trailing slashes ("" is the root)', () => {
      assert.equal(normalizeRelative('./a//b/./c/'), 'a/b/c');
      assert.equal(normalizeRelative('.'), '');
      assert.equal(normalizeRelative(''), '');
      assert.equal(normalizeRelative('./'), '');
    });

    it('ignores a leading "/" the way COPY does for context paths (CO-15)', () => {
      assert.equal(normalizeRelative('/f1.txt'), 'f1.txt');
      assert.equal(normalizeRelative('//a/b'), 'a/b');
    });

    it('resolves ".." inside the path and against the base', () => {
      assert.equal(normalizeRelative('a/b/../c'), 'a/c');
      assert.equal(normalizeRelative('a/..'), '');
      assert.equal(normalizeRelative('../x', 'sub'), 'x');
      assert.equal(normalizeRelative('y', 'sub/dir'), 'sub/dir/y');
      assert.equal(normalizeRelative('.', 'sub/dir'), 'sub/dir');
    });

    it('returns null when the path climbs out of the root', () => {
      assert.equal(normalizeRelative('..'), null);
      assert.equal(normalizeRelative('../x'), null);
      assert.equal(normalizeRelative('a/../../x'), null);
      assert.equal(normalizeRelative('../../x', 'sub'), null);
      assert.equal(normalizeRelative('/../etc/passwd'), null);
    });
  });

  describe('normalizeAbsolute', () => {
    it('makes container paths absolute, relative ones from / (CP-13)', () => {
      assert.equal(normalizeAbsolute('app/bin/server'), '/app/bin/server');
      assert.equal(normalizeAbsolute('/app/dist/.'), '/app/dist');
      assert.equal(normalizeAbsolute('/app/dist/'), '/app/dist');
      assert.equal(normalizeAbsolute('/'), '/');
      assert.equal(normalizeAbsolute(''), '/');
    });

    it('clamps ".." at the root', () => {
      assert.equal(normalizeAbsolute('/../../etc'), '/etc');
      assert.equal(normalizeAbsolute('/a/b/../../c'), '/c');
    });
  });

  describe('small helpers', () => {
    it('joinRelative treats "" as the root', () => {
      assert.equal(joinRelative('', 'a'), 'a');
      assert.equal(joinRelative('a', ''), 'a');
      assert.equal(joinRelative('a', 'b/c'), 'a/b/c');
    });

    it('isWithin is segment-wise, the root contains everything', () => {
      assert.equal(isWithin('a/b', 'a'), true);
      assert.equal(isWithin('a', 'a'), true);
      assert.equal(isWithin('ab', 'a'), false);
      assert.equal(isWithin('a', 'a/b'), false);
      assert.equal(isWithin('x', ''), true);
    });

    it('relativeWithin', () => {
      assert.equal(relativeWithin('a/b/c', 'a'), 'b/c');
      assert.equal(relativeWithin('a', 'a'), '');
      assert.equal(relativeWithin('a/b', ''), 'a/b');
    });

    it('baseName and dirName ignore trailing slashes', () => {
      assert.equal(baseName('/app/dist/'), 'dist');
      assert.equal(baseName('server'), 'server');
      assert.equal(baseName('/'), '');
      assert.equal(dirName('/app/dist'), '/app');
      assert.equal(dirName('/x'), '/');
      assert.equal(dirName('x'), '');
      assert.equal(dirName('a/b/'), 'a');
    });

    it('endsWithSlash: "dir/" but not "/" alone', () => {
      assert.equal(endsWithSlash('/srv/www/'), true);
      assert.equal(endsWithSlash('/srv/www'), false);
      assert.equal(endsWithSlash('/'), false);
    });

    it('endsWithSlashDot: `A/.` and `.` mean "contents" (CP-10, CP-12), `A/` and `A/..` do not', () => {
      assert.equal(endsWithSlashDot('/app/dist/.'), true);
      assert.equal(endsWithSlashDot('.'), true);
      assert.equal(endsWithSlashDot('/app/dist/'), false);
      assert.equal(endsWithSlashDot('/app/dist/..'), false);
      assert.equal(endsWithSlashDot('/app/x.'), false);
    });

    it('hasGlob sees *, ?, [ and \\', () => {
      assert.equal(hasGlob('dist/*.html'), true);
      assert.equal(hasGlob('f?.txt'), true);
      assert.equal(hasGlob('f[12].txt'), true);
      assert.equal(hasGlob('a\\*b'), true);
      assert.equal(hasGlob('dist/index.html'), false);
    });
  });

  describe('matchSegment: Go filepath.Match (GL-1)', () => {
    it('"*" matches any run, including the empty one', () => {
      assert.equal(matchSegment('*', ''), true);
      assert.equal(matchSegment('*', 'anything'), true);
      assert.equal(matchSegment('*.txt', 'a.txt'), true);
      assert.equal(matchSegment('*.txt', '.txt'), true);
      assert.equal(matchSegment('*.txt', 'a.txt.bak'), false);
      assert.equal(matchSegment('a*b*c', 'aXXbYYc'), true);
      assert.equal(matchSegment('a*b*c', 'aXXcYYb'), false);
      assert.equal(matchSegment('**', 'x'), true);
    });

    it('"?" matches exactly one character', () => {
      assert.equal(matchSegment('f?.txt', 'f1.txt'), true);
      assert.equal(matchSegment('f?.txt', 'f.txt'), false);
      assert.equal(matchSegment('f?.txt', 'f12.txt'), false);
    });

    it('classes, ranges and negation with "!" or "^"', () => {
      assert.equal(matchSegment('f[12].txt', 'f1.txt'), true);
      assert.equal(matchSegment('f[12].txt', 'f3.txt'), false);
      assert.equal(matchSegment('f[!1].txt', 'f2.txt'), true);
      assert.equal(matchSegment('f[!1].txt', 'f1.txt'), false);
      assert.equal(matchSegment('f[^1].txt', 'f1.txt'), false);
      assert.equal(matchSegment('[a-c]x', 'bx'), true);
      assert.equal(matchSegment('[a-c]x', 'dx'), false);
      assert.equal(matchSegment('[!a-c]x', 'dx'), true);
      assert.equal(matchSegment('[!a-c]x', 'ax'), false);
      assert.equal(matchSegment('[a-cx-z]', 'y'), true);
      assert.equal(matchSegment('[a-cx-z]', 'm'), false);
      // A class consumes one character: it never matches the empty string.
      assert.equal(matchSegment('a[!b]', 'a'), false);
    });

    it('"\\" escapes the next character, also inside a class', () => {
      assert.equal(matchSegment('a\\*b', 'a*b'), true);
      assert.equal(matchSegment('a\\*b', 'aXb'), false);
      assert.equal(matchSegment('\\?', '?'), true);
      assert.equal(matchSegment('\\?', 'x'), false);
      assert.equal(matchSegment('[\\]]', ']'), true);
      assert.equal(matchSegment('[\\-]', '-'), true);
      assert.equal(matchSegment('[\\-]', 'a'), false);
    });

    it('an unterminated class matches nothing (Go: ErrBadPattern)', () => {
      assert.equal(matchSegment('[', '['), false);
      assert.equal(matchSegment('a[bc', 'ab'), false);
    });

    it('is case-sensitive', () => {
      assert.equal(matchSegment('*.TXT', 'a.txt'), false);
    });
  });

  describe('matchPath: segment by segment; "**" is not recursive in COPY (GL-4)', () => {
    it('matches only paths with as many segments as the pattern', () => {
      assert.equal(matchPath('dA/**/*.txt', 'dA/sub/y.txt'), true);
      assert.equal(matchPath('dA/**/*.txt', 'dA/x.txt'), false);
      assert.equal(matchPath('dA/**/*.txt', 'dA/a/b/y.txt'), false);
      assert.equal(matchPath('d*/*.txt', 'dB/z.txt'), true);
      assert.equal(matchPath('*', 'a/b'), false);
    });
  });

  describe('literalPrefix', () => {
    it('keeps the leading segments without glob syntax', () => {
      assert.equal(literalPrefix('dist/*.html'), 'dist');
      assert.equal(literalPrefix('dist/assets/*.css'), 'dist/assets');
      assert.equal(literalPrefix('*/x.txt'), '');
      assert.equal(literalPrefix('a/b[12]/c'), 'a');
      assert.equal(literalPrefix('a/b/c'), 'a/b/c');
      assert.equal(literalPrefix('a/x\\*y/z'), 'a');
    });
  });
});

describe('core/paths: regressions', () => {
  // Regression (was wrong): matchSegment lets "*" and "?" match "/" (its own JSDoc: "`*` and `?` never cross `/`";
  // Go filepath.Match("a*", "a/b") and Match("a?c", "a/c") are false). Expected false, actual true.
  it('"*" and "?" never match "/"', () => {
    assert.equal(matchSegment('a*', 'a/b'), false);
    assert.equal(matchSegment('a?c', 'a/c'), false);
  });
});
