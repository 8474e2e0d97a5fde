import { strict as assert } from 'node:assert';
import { deletedPrerequisites } from '../../../src/plan/dockerfile-checks';
import { parseMakefile } from '../../../src/parse/makefile';
import type { GlueFile } from '../../../src/render/glue';

const MAKEFILE = ['image: Dockerfile.build', '\tdocker build -f Dockerfile.build -t b .', '', 'lint: Dockerfile.build Dockerfile', '\thadolint Dockerfile.build', ''].join('\n');
const glue = (text: string): GlueFile => ({ kind: 'make', path: 'Makefile', model: parseMakefile('Makefile', text), recipes: new Map() });
const at = (text: string, written: Map<string, string>) =>
  deletedPrerequisites([glue(text)], ['Dockerfile.build'], written).map((f) => `${f.location?.file}:${f.location?.line} ${f.code}`);

describe('plan: make prerequisites the migration deletes', () => {
  it('judges the Makefile as written: a rule the rewrite left naming the deleted file is refused at its line', () => {
    const rewritten = MAKEFILE.replace('image: Dockerfile.build', 'image:');
    assert.deepEqual(at(MAKEFILE, new Map([['Makefile', rewritten]])), ['Makefile:4 GLUE_NAMES_DELETED_FILE']);
  });

  it('an unrewritten Makefile is judged as it is; one that no longer names the file passes', () => {
    assert.deepEqual(at(MAKEFILE, new Map()), ['Makefile:1 GLUE_NAMES_DELETED_FILE', 'Makefile:4 GLUE_NAMES_DELETED_FILE']);
    assert.deepEqual(at(MAKEFILE, new Map([['Makefile', 'image:\n\tdocker build -t app .\n']])), []);
  });
});
