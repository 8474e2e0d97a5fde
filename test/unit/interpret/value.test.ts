import assert from 'node:assert/strict';
import { EMPTY, REPO_ROOT_MARK, asLiteral, concat, display, isPositional, key, literal, resolve, sameValue, symbol, unresolvedPart } from '../../../src/interpret/value';

describe('interpret/value', () => {
  it('concat merges adjacent literals and keeps symbols', () => {
    const v = concat([literal('a'), literal('b'), symbol('env:X', 'env', '$X'), literal('c')]);
    assert.equal(v.parts.length, 3);
    assert.deepEqual(v.parts[0], { lit: 'ab' });
    assert.equal(asLiteral(v), null);
    assert.equal(display(v), 'ab$Xc');
    assert.deepEqual(literal(''), EMPTY);
    assert.equal(asLiteral(EMPTY), '');
  });

  it('resolve uses defaults of unset variables (and says so) and marks repository directories', () => {
    const v = concat([{ parts: [{ hostDir: 'sub' }], glob: false }, literal('/'), symbol('env:OUT', 'env', '${OUT:-dist}', literal('dist'))]);
    assert.deepEqual(resolve(v), { text: `${REPO_ROOT_MARK}/sub/dist`, assumed: ['${OUT:-dist}'] });
    assert.equal(display(v), '$PWD/sub/${OUT:-dist}');
  });

  it('resolve is null when a part is unknowable; unresolvedPart names it', () => {
    const v = concat([literal('x'), symbol('env:A', 'env', '${A:-$B}', symbol('env:B', 'env', '$B'))]);
    assert.equal(resolve(v), null);
    assert.equal(unresolvedPart(v)?.display, '$B');
  });

  it('values are equal when their parts are; symbols by identity', () => {
    assert.ok(sameValue(concat([literal('a'), literal('b')]), literal('ab')));
    assert.ok(sameValue(symbol('container:1', 'container', 'x'), symbol('container:1', 'container', 'y')));
    assert.ok(!sameValue(symbol('container:1', 'container', 'x'), symbol('container:2', 'container', 'x')));
    assert.notEqual(key(literal('a')), key(symbol('a', 'env', 'a')));
  });

  it('isPositional', () => {
    assert.equal(isPositional(concat([literal('a'), symbol('arg:1', 'positional', '$1')])), true);
    assert.equal(isPositional(symbol('env:X', 'env', '$X')), false);
  });
});
