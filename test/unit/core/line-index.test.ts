import assert from 'node:assert/strict';
import { LineIndex } from '../../../src/core/line-index';

describe('core/line-index', () => {
  it('counts lines; a final newline does not open a new line', () => {
    assert.equal(new LineIndex('a\nbb\n').count, 2);
    assert.equal(new LineIndex('a\nbb').count, 2);
    assert.equal(new LineIndex('a\n\n').count, 2);
    assert.equal(new LineIndex('').count, 1);
    assert.equal(new LineIndex('\n').count, 1);
  });

  it('gives line starts, content ends and terminator ends for LF text', () => {
    const text = 'FROM a\nRUN x\n';
    const l = new LineIndex(text);
    assert.equal(l.lineStart(1), 0);
    assert.equal(l.lineStart(2), 7);
    assert.equal(text.slice(l.lineStart(2), l.lineEnd(2)), 'RUN x');
    assert.equal(l.lineEndWithTerminator(1), 7);
    assert.equal(l.lineEndWithTerminator(2), text.length);
  });

  it('keeps "\\r" of CRLF out of the line content but in its terminator', () => {
    const text = 'FROM a\r\nRUN x\r\nCMD y';
    const l = new LineIndex(text);
    assert.equal(text.slice(l.lineStart(1), l.lineEnd(1)), 'FROM a');
    assert.equal(text.slice(l.lineStart(2), l.lineEnd(2)), 'RUN x');
    assert.equal(text.slice(l.lineStart(2), l.lineEndWithTerminator(2)), 'RUN x\r\n');
    assert.equal(text.slice(l.lineStart(3), l.lineEnd(3)), 'CMD y');
    assert.equal(l.lineEndWithTerminator(3), text.length);
  });

  it('an empty line has an empty content range', () => {
    const text = 'a\r\n\r\nb';
    const l = new LineIndex(text);
    assert.equal(l.lineStart(2), 3);
    assert.equal(l.lineEnd(2), 3);
  });

  it('maps (line, character) to offsets and back, clamping at the end', () => {
    const text = 'ab\ncde\nf';
    const l = new LineIndex(text);
    assert.equal(l.offset(2, 1), 4);
    assert.equal(text[l.offset(2, 1)], 'd');
    assert.equal(l.offset(3, 99), text.length);
    assert.equal(l.lineOf(0), 1);
    assert.equal(l.lineOf(2), 1); // the "\n" belongs to line 1
    assert.equal(l.lineOf(3), 2);
    assert.equal(l.lineOf(text.length - 1), 3);
    for (let off = 0; off < text.length; off++) {
      const line = l.lineOf(off);
      assert.ok(l.lineStart(line) <= off && off < l.lineEndWithTerminator(line), `offset ${off}`);
    }
  });
});
