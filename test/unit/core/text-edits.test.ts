import assert from 'node:assert/strict';
import { applyEdits, withEol } from '../../../src/core/text-edits';

describe('core/text-edits', () => {
  it('applies edits given in any order and carries the rest byte for byte', () => {
    const text = 'FROM a\r\nCOPY x /y\r\n# keep\r\n';
    const out = applyEdits(text, [
      { start: 13, end: 14, text: 'z' },
      { start: 5, end: 6, text: 'b AS c' },
    ]);
    assert.equal(out, 'FROM b AS c\r\nCOPY z /y\r\n# keep\r\n');
  });

  it('inserts (empty ranges), deletions and touching edits', () => {
    assert.equal(applyEdits('abcdef', [{ start: 3, end: 3, text: '-' }]), 'abc-def');
    assert.equal(applyEdits('abcdef', [{ start: 0, end: 2, text: '' }, { start: 2, end: 4, text: 'X' }]), 'Xef');
    assert.equal(applyEdits('abc', []), 'abc');
    assert.equal(applyEdits('abc', [{ start: 3, end: 3, text: '!' }]), 'abc!');
  });

  it('keeps the given order of two inserts at the same offset', () => {
    assert.equal(applyEdits('ab', [{ start: 1, end: 1, text: '1' }, { start: 1, end: 1, text: '2' }]), 'a12b');
  });

  it('throws on overlapping edits (a planning bug)', () => {
    assert.throws(() => applyEdits('abcdef', [{ start: 0, end: 3, text: 'x' }, { start: 2, end: 4, text: 'y' }]), /overlapping/);
    assert.throws(() => applyEdits('abcdef', [{ start: 1, end: 5, text: '' }, { start: 2, end: 3, text: 'y' }]), /overlapping/);
  });

  it('withEol converts generated "\\n" text to the file\'s line ends', () => {
    assert.equal(withEol('a\nb\n', '\r\n'), 'a\r\nb\r\n');
    assert.equal(withEol('a\r\nb\n', '\r\n'), 'a\r\nb\r\n');
    assert.equal(withEol('a\r\nb\r\n', '\n'), 'a\nb\n');
  });
});
