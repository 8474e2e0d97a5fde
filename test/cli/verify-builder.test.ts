/**
 * `verify` builds as the user's engine builds unless told: DOCKER_BUILDKIT when set, else
 * BuildKit from Docker 23 on; `--classic` and `--buildkit` choose. (The builds themselves are
 * proven by npm run test:docker.)
 */
import { strict as assert } from 'node:assert';
import { defaultBuilder } from '../../src/verify/default-builder';
import { runCli } from '../helpers/cli';

describe('cli: verify picks the builder the engine uses by default', () => {
  it('DOCKER_BUILDKIT decides when set; else Docker 23 and later mean BuildKit', () => {
    assert.equal(defaultBuilder({ DOCKER_BUILDKIT: '1' }, '20.10.24'), 'buildkit');
    assert.equal(defaultBuilder({ DOCKER_BUILDKIT: '0' }, '27.1.0'), 'classic');
    assert.equal(defaultBuilder({}, '20.10.24+dfsg1'), 'classic');
    assert.equal(defaultBuilder({}, '23.0.1'), 'buildkit');
    assert.equal(defaultBuilder({}, null), 'classic');
  });

  it('--classic with --buildkit is a usage error; --classic is in verify --help', () => {
    const r = runCli(['verify', '--classic', '--buildkit', '.']);
    assert.equal(r.status, 2);
    assert.match(r.stderr, /choose one of --classic and --buildkit/);
    assert.match(runCli(['verify', '--help']).stdout, /--classic/);
  });
});
