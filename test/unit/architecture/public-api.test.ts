/** package.json `main` names a module that exists and plans a repository as the CLI does. */
import assert from 'node:assert/strict';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..', '..');

describe('architecture: the public API', () => {
  it('package.json main is the compiled src/index.ts, and it plans a sample into a patch', async () => {
    const main = require(join(ROOT, 'package.json')).main as string;
    assert.equal(main, 'dist/src/index.js');
    const api = require(join(ROOT, main));
    const outcome = await api.planRepository(join(ROOT, 'samples', 'go-create-cp', 'input'));
    assert.equal(outcome.status, 'migrate');
    const patch: string = api.gitPatch(outcome.plan.files);
    assert.match(patch, /^\+FROM .* AS /m);
    assert.match(patch, /COPY --from=/);
    assert.equal(typeof api.verifyRepository, 'function');
    assert.ok('DOCKERFILE_INVALID' in api.FINDING_CATALOGUE);
  });
});
