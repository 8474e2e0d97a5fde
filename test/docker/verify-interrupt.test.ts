/**
 * `verify` interrupted: SIGINT while the legacy glue's builder is running a RUN step, and while
 * the migrated build is running, must leave nothing behind: no image (intermediate ones
 * included), no container, no tag, no protective keep tag, no temporary folder. Every image and
 * container the test's builds make carries the label mm-sigint-test=<run id> (set right after
 * FROM), so the check does not depend on what else the engine holds.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { chmod, mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DockerCli } from '../../src/verify/docker-client';
import { KEEP_REPOSITORY } from '../../src/verify/engine-state';
import { CLI } from '../helpers/cli';

const BASE = 'alpine:3.19';
const RUN_ID = `${process.pid}-${Date.now()}`;
const LABEL = `mm-sigint-test=${RUN_ID}`;

const FILES: Record<string, string> = {
  'Dockerfile.build': [`FROM ${BASE}`, `LABEL ${LABEL}`, 'RUN mkdir -p /out && echo tool > /out/tool && chmod 755 /out/tool && sleep 8', ''].join('\n'),
  Dockerfile: [`FROM ${BASE}`, `LABEL ${LABEL}`, 'COPY tool /usr/local/bin/tool', 'RUN sleep 8', 'CMD ["/usr/local/bin/tool"]', ''].join('\n'),
  'build.sh': [
    '#!/bin/sh',
    'set -e',
    `docker build -f Dockerfile.build -t mm-sigint-builder:${RUN_ID} .`,
    `docker create --name mm-sigint-extract-${RUN_ID} mm-sigint-builder:${RUN_ID}`,
    `docker cp mm-sigint-extract-${RUN_ID}:/out/tool ./tool`,
    `docker rm mm-sigint-extract-${RUN_ID}`,
    `docker build -t mm-sigint-app:${RUN_ID} .`,
    'rm ./tool',
    '',
  ].join('\n'),
};

describe('verify interrupted by SIGINT cleans up', function () {
  this.timeout(600_000);
  const cli = new DockerCli();
  let work: string;

  before(async () => {
    assert.equal((await cli.run(['image', 'inspect', BASE])).code, 0, `${BASE} must exist (test/docker/base-images.sh)`);
    work = await mkdtemp(join(tmpdir(), 'mm-sigint-test-'));
  });
  after(async () => {
    // Should there be leftovers after a failure, do not leave them to the next run.
    const ids = (await cli.run(['ps', '-aq', '--filter', `label=${LABEL}`])).stdout.split('\n').filter(Boolean);
    if (ids.length > 0) await cli.run(['rm', '-f', ...ids]);
    const images = (await cli.run(['images', '-aq', '--filter', `label=${LABEL}`])).stdout.split('\n').filter(Boolean);
    if (images.length > 0) await cli.run(['rmi', '-f', ...new Set(images)]);
    if (work) await rm(work, { recursive: true, force: true });
  });

  async function lines(args: string[]): Promise<string[]> {
    return (await cli.run(args)).stdout.split('\n').filter(Boolean);
  }

  async function waitFor(what: string, test: () => Promise<boolean>, timeoutMs: number): Promise<void> {
    const end = Date.now() + timeoutMs;
    while (Date.now() < end) {
      if (await test()) return;
      await new Promise((r) => setTimeout(r, 200));
    }
    throw new Error(`timed out waiting for ${what}`);
  }

  for (const moment of ['legacy', 'migrated'] as const) {
    it(`SIGINT while the ${moment} glue builds: no image, container, tag or folder is left`, async () => {
      const repo = join(work, `repo-${moment}`);
      const temp = join(work, `tmp-${moment}`);
      await mkdir(repo);
      await mkdir(temp);
      for (const [name, text] of Object.entries(FILES)) await writeFile(join(repo, name), text);
      await chmod(join(repo, 'build.sh'), 0o755);
      const child = spawn(process.execPath, [CLI, 'verify', repo], { env: { ...process.env, TMPDIR: temp, DOCKER_BUILDKIT: '0', NO_COLOR: '1' }, stdio: ['ignore', 'pipe', 'pipe'] });
      let output = '';
      child.stdout.on('data', (d) => (output += d));
      child.stderr.on('data', (d) => (output += d));
      const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
      // A RUN step of this side is running: a labelled container is up (and, for the migrated side, its log exists).
      await waitFor(`a running build step of the ${moment} side`, async () => {
        if (moment === 'migrated') {
          const verifyDir = (await readdir(temp)).find((n) => n.startsWith('multistage-migrate-verify-'));
          if (!verifyDir || !existsSync(join(temp, verifyDir, 'migrated.log'))) return false;
        }
        return (await lines(['ps', '-q', '--filter', `label=${LABEL}`, '--filter', 'status=running'])).length > 0;
      }, 240_000);
      child.kill('SIGINT');
      let deadline: NodeJS.Timeout | undefined;
      const end = await Promise.race([exited, new Promise<null>((r) => (deadline = setTimeout(() => r(null), 180_000)))]);
      // Cleared, or mocha would wait out the 3 minutes after the last test before exiting.
      clearTimeout(deadline);
      assert.ok(end, `verify did not stop within 3 minutes of SIGINT:\n${output}`);
      assert.ok(end.signal === 'SIGINT' || end.code === 130 || end.code === 2, `verify ended with ${JSON.stringify(end)}:\n${output}`);

      assert.deepEqual(await lines(['ps', '-aq', '--filter', `label=${LABEL}`]), [], `containers left:\n${output}`);
      assert.deepEqual(await lines(['ps', '-aq', '--filter', `name=${RUN_ID}`]), [], `named containers left:\n${output}`);
      assert.deepEqual(await lines(['images', '-aq', '--filter', `label=${LABEL}`]), [], `images left (intermediate ones included):\n${output}`);
      const tags = await lines(['images', '--format', '{{.Repository}}:{{.Tag}}']);
      assert.deepEqual(tags.filter((t) => t.includes(RUN_ID)), [], 'tags left');
      assert.deepEqual(tags.filter((t) => t.startsWith(`${KEEP_REPOSITORY}:${child.pid}-`)), [], 'protective keep tags left');
      assert.deepEqual(await readdir(temp), [], 'temporary folders left');
      assert.ok(existsSync(join(repo, 'Dockerfile.build')), 'verify changed the repository');
    });
  }
});
