/** YAML scalars → their value and, per value character, the file offset it came from (every style, folding, escapes, CRLF). */
import assert from 'node:assert/strict';
import { Scalar, isScalar, isSeq, parseDocument, visit } from 'yaml';
import { MappedScalar, ScalarStyle, mapScalar, toFileOffset } from '../../../src/parse/yaml-scalar';

const STYLES: Record<string, ScalarStyle> = { PLAIN: 'plain', QUOTE_SINGLE: 'single', QUOTE_DOUBLE: 'double', BLOCK_LITERAL: 'literal', BLOCK_FOLDED: 'folded' };

/** The scalar value of key `key` in `text`, mapped, and the YAML library's own reading of it. */
function scalarAt(text: string, key = 'a'): { m: MappedScalar | null; want: string; node: Scalar } {
  const doc = parseDocument(text, { keepSourceTokens: true });
  assert.equal(doc.errors.length, 0, doc.errors.map((e) => e.message).join('\n'));
  let found: Scalar | null = null;
  visit(doc, {
    Pair(_k, p) {
      if (!isScalar(p.key) || p.key.value !== key) return;
      if (isScalar(p.value)) found = p.value;
      else if (isSeq(p.value) && isScalar(p.value.items[p.value.items.length - 1])) found = p.value.items[p.value.items.length - 1] as Scalar;
    },
  });
  const node = found as Scalar | null;
  if (!node) throw new Error(`no scalar under ${key}`);
  const r = node.range as [number, number, number];
  const m = mapScalar(text, STYLES[node.type as string], r[0], r[1], (node.srcToken as { indent?: number }).indent ?? 0);
  return { m, want: String(node.value), node };
}

/** Every value character that is not an escape or a folded break maps onto itself in the file. */
function assertSelfMapped(text: string, m: MappedScalar): void {
  for (let i = 0; i < m.value.length; i++) {
    const c = m.value[i];
    const at = m.starts[i];
    if (c === '\n' || c === ' ') continue;
    if (text[at] === '\\' || (text[at] === "'" && c === "'")) continue;
    assert.equal(text[at], c, `value[${i}] = ${JSON.stringify(c)} maps to ${JSON.stringify(text[at])} at ${at}`);
  }
  for (let i = 1; i < m.starts.length; i++) assert.ok(m.starts[i] >= m.starts[i - 1], 'offsets never go back');
}

describe('parse/yaml-scalar', () => {
  const cases: [string, string][] = [
    ['literal block', 'a: |\n  docker build .\n  docker cp x:/a b\n'],
    ['literal, strip', 'a: |-\n  x\n\n  y\n\n\n'],
    ['literal, keep', 'a: |+\n  x\n\n  y\n\n\nb: 1\n'],
    ['literal, indentation indicator', 'a: |2\n    x\n   y\n'],
    ['literal, leading empty line', 'a: |\n\n  x\n'],
    ['literal, header comment', 'a: |  # the script\n  x\n'],
    ['literal, anchor and tag', 'a: &s !!str |\n  x\n'],
    ['literal, no final line break', 'a: |\n  x'],
    ['literal, CRLF', 'a: |\r\n  x\r\n  y\r\n'],
    ['literal, less indented comment after', 'a: |\n  x\n# c\nb: 1\n'],
    ['folded', 'a: >\n  x\n  y\n\n  z\n   more\n  w\n'],
    ['folded, strip', 'a: >-\n  docker build\n  -t app .\n'],
    ['folded, keep', 'a: >+\n  x\n  y\n\n'],
    ['plain', 'a: docker build -t app . # comment\n'],
    ['plain, multi-line', 'a: plain\n  multi line\n\n  para\n'],
    ['plain, CRLF', 'a: plain\r\n  b\r\n'],
    ['single-quoted', "a: 'it''s\n  folded\n\n  para'\n"],
    ['single-quoted, trailing blanks', "a: 'x  \n  y'\n"],
    ['double-quoted, escapes', 'a: "one\\ttwo\\n\\x41\\u00e9 \\\\ \\"q\\" \\/"\n'],
    ['double-quoted, astral escape', 'a: "\\U0001F600!"\n'],
    ['double-quoted, folding and escaped break', 'a: "multi\n   line\n\n   para \\\n   joined"\n'],
    ['double-quoted, escaped break after a blank', 'a: "x \\\n  y"\n'],
    ['double-quoted, blanks next to the quotes', 'a: "  lead and trail  "\n'],
    ['double-quoted, CRLF', 'a: "x\r\n  y"\r\n'],
    ['in a list', 'a:\n  - x\n  - |\n    docker build .\n    docker cp x:/a b\n'],
  ];
  for (const [name, text] of cases) {
    it(`decodes exactly what the YAML parser reads: ${name}`, () => {
      const { m, want } = scalarAt(text);
      assert.ok(m, 'mapped');
      assert.equal(m.value, want);
      assertSelfMapped(text, m);
    });
  }

  it('maps each line of a `|` block to its file line, after the indentation', () => {
    const text = 'run: |\n    docker build .\n    docker cp x:/a b\n';
    const { m } = scalarAt(text, 'run');
    assert.ok(m);
    const second = m.value.indexOf('docker cp');
    assert.equal(toFileOffset(m, second), text.indexOf('docker cp'));
    // The line break of a line is the break in the file; the end is past the last one.
    assert.equal(toFileOffset(m, m.value.indexOf('\n')), text.indexOf('\n', text.indexOf('docker build')));
    assert.equal(toFileOffset(m, m.value.length), text.length);
  });

  it('maps a folded break to the end of the line it folds, an escape to its backslash', () => {
    const text = 'a: "x \\"y\\"\n  z"\n';
    const { m } = scalarAt(text);
    assert.ok(m);
    assert.equal(m.value, 'x "y" z');
    assert.equal(toFileOffset(m, 2), text.indexOf('\\"'));
    assert.equal(toFileOffset(m, 5), text.indexOf('\n'));
    assert.equal(toFileOffset(m, 6), text.indexOf('z'));
    assert.equal(toFileOffset(m, 7), text.indexOf('z') + 1);
  });

  it('gives null for text that is not a scalar of the style (a quote missing)', () => {
    assert.equal(mapScalar('a: "x', 'double', 3, 5), null);
    assert.equal(mapScalar("'x", 'single', 0, 2), null);
  });

  it('an empty block scalar has an empty value', () => {
    const { m, want } = scalarAt('a: |\nb: 1\n');
    assert.ok(m);
    assert.equal(m.value, want);
  });
});
