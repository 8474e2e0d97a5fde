/** After a rewrite, the YAML must read as before with exactly the intended changes. */
import assert from 'node:assert/strict';
import { sameStructure } from '../../../src/parse/yaml-structure';

describe('parse/yaml-structure: sameStructure', () => {
  const before = 'a:\n  - x\n  - y\nb: |\n  z\nc: 1\n';
  it('accepts exactly the intended changes', () => {
    assert.equal(sameStructure(before, 'a:\n  - y\nb: |\n  w\nc: 1\n', [{ kind: 'remove-item', at: before.indexOf('x') }, { kind: 'value', at: before.indexOf('|'), value: 'w\n' }]), null);
    assert.equal(sameStructure(before, 'a:\n  - x\n  - y\nb: |\n  z\n', [{ kind: 'remove-pair', at: before.indexOf('c:') }]), null);
    assert.equal(sameStructure(before, 'a:\n  - x\n  - y\nb: |\n  z\nc: skip\n', [{ kind: 'set-pair', at: before.indexOf('c:'), value: 'skip' }]), null);
  });
  it('catches anything else, and text that does not parse', () => {
    assert.match(sameStructure(before, 'a:\n  - x\nb: |\n  z\nc: 1\n', []) ?? '', /reads differently/);
    assert.match(sameStructure(before, 'a:\n  - x\n - y\n', []) ?? '', /does not parse/);
  });
});
