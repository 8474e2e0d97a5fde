import assert from 'node:assert/strict';
import { chmod, cp, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { planDirectory } from '../../src/cli/migrate-command';
import { DockerCli } from '../../src/verify/docker-client';
import { KEEP_REPOSITORY } from '../../src/verify/engine-state';
import { describeDifference } from '../../src/verify/image-compare';
import { verifyChanges, type VerifyResult } from '../../src/verify/verify';
import { verifyRepository } from '../../src/cli/verify-repository';
import { runCliAsync } from '../helpers/cli';

const BASE = 'busybox:1.36';
const RUN_ID = `${process.pid}-${Date.now()}`;
const BUILDER_TAG = `mm-verify-test-builder:${RUN_ID}`;
const RUNTIME_TAG = `mm-verify-test-app:${RUN_ID}`;

/**
 * A legacy builder-pattern repository: the builder makes /app/bin/tool owned 1000:1000; the glue
 * removes the previous runtime image, builds the builder, extracts the tool with create/cp/rm,
 * builds the runtime from a context holding it, and prunes (which verify must not let through).
 */
const FILES: Record<string, string> = {
  'Dockerfile.build': [
    `FROM ${BASE}`,
    `RUN mkdir -p /app/bin && printf '#!/bin/sh\\necho tool\\n' > /app/bin/tool && chmod 0755 /app/bin/tool && chown -R 1000:1000 /app`,
    'CMD ["/bin/sh"]',
    '',
  ].join('\n'),
  Dockerfile: [`FROM ${BASE}`, 'COPY tool /usr/local/bin/tool', 'CMD ["/usr/local/bin/tool"]', ''].join('\n'),
  'build.sh': [
    '#!/bin/sh',
    'set -e',
    `docker rmi ${RUNTIME_TAG} || true`,
    `docker build -f Dockerfile.build -t ${BUILDER_TAG} .`,
    `docker create --name mm-verify-test-extract-${RUN_ID} ${BUILDER_TAG}`,
    `docker cp mm-verify-test-extract-${RUN_ID}:/app/bin/tool ./tool`,
    `docker rm mm-verify-test-extract-${RUN_ID}`,
    `docker build -t ${RUNTIME_TAG} .`,
    'rm ./tool',
    'docker image prune -f',
    '',
  ].join('\n'),
};

describe('verify on a real engine', function () {
  this.timeout(600_000);
  const cli = new DockerCli();
  let workDir: string;
  let repo: string;
  let baseId: string;
  /** The user's image under the runtime tag before verify runs: the glue removes the tag, verify must give it back. */
  let userImage: string;
  /** An untagged image of the user's: the glue's prune must not reach it. */
  let danglingImage: string;
  let userContainer: string;

  async function imageId(ref: string): Promise<string | null> {
    const result = await cli.run(['image', 'inspect', '--format', '{{.Id}}', ref]);
    return result.code === 0 ? result.stdout.trim() : null;
  }

  async function buildUserImage(label: string, tag: string | null): Promise<string> {
    const context = await mkdtemp(join(workDir, 'user-image-'));
    await writeFile(join(context, 'Dockerfile'), `FROM ${BASE}\nLABEL mm-verify-test=${label}\n`);
    const iid = join(context, 'iid');
    await cli.run(['build', '--iidfile', iid, ...(tag ? ['-t', tag] : []), context], { env: { DOCKER_BUILDKIT: '0' }, check: true });
    return (await readFile(iid, 'utf8')).trim();
  }

  before(async function () {
    workDir = await mkdtemp(join(tmpdir(), 'mm-verify-test-'));
    repo = join(workDir, 'repo');
    await mkdir(repo);
    for (const [name, text] of Object.entries(FILES)) await writeFile(join(repo, name), text);
    await chmod(join(repo, 'build.sh'), 0o755);
    baseId = (await imageId(BASE))!;
    assert.ok(baseId, `${BASE} must exist (test/docker/base-images.sh)`);
    userImage = await buildUserImage(`user-${RUN_ID}`, RUNTIME_TAG);
    danglingImage = await buildUserImage(`dangling-${RUN_ID}`, null);
    userContainer = (await cli.run(['create', '--name', `mm-verify-test-user-${RUN_ID}`, BASE, 'true'], { check: true })).stdout.trim();
  });

  after(async function () {
    if (userContainer) await cli.run(['rm', '--force', userContainer]);
    await cli.run(['rmi', RUNTIME_TAG]);
    if (danglingImage) await cli.run(['rmi', danglingImage]);
    if (workDir) await rm(workDir, { recursive: true, force: true });
  });

  async function assertEngineAsFound(): Promise<void> {
    assert.equal(await imageId(BASE), baseId, `${BASE} still points at its image`);
    assert.equal(await imageId(RUNTIME_TAG), userImage, 'the runtime tag points back at the user image');
    assert.equal(await imageId(BUILDER_TAG), null, 'the builder tag the run made is gone');
    assert.equal(await imageId(danglingImage), danglingImage, 'the user’s untagged image survived the glue’s prune');
    const container = await cli.run(['container', 'inspect', '--format', '{{.Id}}', userContainer]);
    assert.equal(container.stdout.trim(), userContainer, 'the user container survived');
    const keep = await cli.run(['images', '--format', '{{.Repository}}:{{.Tag}}', KEEP_REPOSITORY]);
    assert.deepEqual(
      keep.stdout.split('\n').filter((tag) => tag.startsWith(`${KEEP_REPOSITORY}:${process.pid}-`)),
      [],
      'no protective tag of this process is left',
    );
  }

  function explain(result: VerifyResult): string {
    return `${result.status}: ${result.error ?? result.differences.map(describeDifference).join('\n')}`;
  }

  for (const buildkit of [false, true]) {
    it(`reports equal for the tool's migration (${buildkit ? 'BuildKit' : 'classic builder'})`, async function () {
      const result = await verifyRepository(repo, { buildkit });
      assert.equal(result.status, 'equal', explain(result));
      assert.ok(result.comparedPaths > 0);
      assert.equal(result.legacyImage?.tag, RUNTIME_TAG);
      assert.equal(result.migratedImage?.tag, RUNTIME_TAG);
      assert.notEqual(result.legacyImage?.id, result.migratedImage?.id, 'two builds, two images');
      assert.deepEqual(
        result.runs.map((run) => run.builds.map((build) => build.tags)),
        [[[BUILDER_TAG], [RUNTIME_TAG]], [[RUNTIME_TAG]]],
      );
      assert.equal(result.tempDir, null);
      await assertEngineAsFound();
    });
  }

  it('two verifies of repositories with the same tags at once: one waits for the other, both equal, the engine as found', async function () {
    const tags = async () => (await cli.run(['images', '--format', '{{.Repository}}:{{.Tag}} {{.ID}}'], { check: true })).stdout.split('\n').filter(Boolean).sort();
    const before = await tags();
    const twin = join(workDir, 'twin');
    await cp(repo, twin, { recursive: true });
    const outs = await Promise.all([repo, twin].map((dir) => runCliAsync(['verify', '--format', 'json', dir])));
    for (const out of outs) {
      assert.equal(out.status, 0, out.stderr);
      assert.equal((JSON.parse(out.stdout) as { status: string }).status, 'equal');
    }
    assert.equal(outs.filter((o) => /waiting for another verify \(pid \d+\) on this Docker engine/.test(o.stderr)).length, 1, outs.map((o) => o.stderr).join('\n---\n'));
    assert.deepEqual(await tags(), before, 'every tag as it was, and no protective tag left');
    await assertEngineAsFound();
  });

  it('stops a glue that runs past the time limit, and removes what its stopped build committed', async function () {
    const slow = join(workDir, 'slow');
    await mkdir(slow);
    // The LABEL step commits an image at once; the classic builder commits the RUN step after its client is gone.
    await writeFile(join(slow, 'Dockerfile'), `FROM ${BASE}\nLABEL mm-verify-test-slow=${RUN_ID}\nRUN sleep 4\n`);
    await writeFile(join(slow, 'build.sh'), `#!/bin/sh\nset -e\ndocker build -t mm-verify-test-slow:${RUN_ID} .\n`);
    const result = await verifyChanges(slow, { glue: 'build.sh', changes: [], findings: [] }, { timeoutMs: 2_000 });
    assert.equal(result.status, 'error');
    assert.match(result.error ?? '', /^legacy: \/bin\/sh \.\/build\.sh ran longer than 2 s and was stopped/);
    const left = await cli.run(['images', '--all', '--quiet', '--filter', `label=mm-verify-test-slow=${RUN_ID}`]);
    assert.equal(left.stdout.trim(), '', 'no image of the stopped build is left');
    await assertEngineAsFound();
  });

  it('reports the owner difference when the migrated Dockerfile drops --chown', async function () {
    const { outcome } = await planDirectory(repo, {});
    assert.equal(outcome.status, 'migrate');
    const plan = outcome.plan!;
    const changes = plan.files.map((change) =>
      change.path === 'Dockerfile' ? { ...change, after: change.after!.replace(/--chown=0:0 /, '') } : change,
    );
    assert.notDeepEqual(changes, plan.files, 'the migrated Dockerfile had a --chown to drop');
    const result = await verifyChanges(repo, { glue: plan.setup.glue, changes, findings: outcome.findings }, { keepTemp: true });
    try {
      assert.equal(result.status, 'different', explain(result));
      assert.deepEqual(result.differences.map(describeDifference), ['usr/local/bin/tool: uid 0 != 1000', 'usr/local/bin/tool: gid 0 != 1000']);
      assert.ok(result.tempDir, 'the temporary directory is kept and named');
    } finally {
      if (result.tempDir) await rm(result.tempDir, { recursive: true, force: true });
    }
    await assertEngineAsFound();
  });
});
