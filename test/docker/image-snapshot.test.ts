import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pack, type Header } from 'tar-stream';
import { DockerCli, DockerCommandError } from '../../src/verify/docker-client';
import { compareSnapshots, describeDifference } from '../../src/verify/image-compare';
import { snapshotImage, type ImageSnapshot } from '../../src/verify/image-snapshot';

const BUSYBOX = '/bin/busybox';
const RUN_ID = `${process.pid}-${Date.now()}`;

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

type TarEntry = [header: Partial<Header> & { name: string }, content?: string];

/** A tar of a busybox root file system; `extra` adds entries after it. */
async function rootfs(extra: TarEntry[] = []): Promise<Buffer> {
  const tar = pack();
  tar.entry({ name: 'bin/', type: 'directory', mode: 0o755 });
  tar.entry({ name: 'bin/busybox', mode: 0o755 }, readFileSync(BUSYBOX));
  // A `busybox` link to itself would replace the binary and break /bin/sh.
  const applets = execFileSync(BUSYBOX, ['--list'], { encoding: 'utf8' })
    .split('\n')
    .filter((name) => name && name !== 'busybox');
  for (const applet of applets) tar.entry({ name: `bin/${applet}`, type: 'symlink', linkname: 'busybox' });
  for (const [header, content] of extra) tar.entry(header, content ?? '');
  tar.finalize();
  const chunks: Buffer[] = [];
  for await (const chunk of tar) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

interface Variant {
  serverContent: string;
  serverMode: string;
  pageOwner: string;
  greeting: string;
}

const REFERENCE: Variant = { serverContent: 'server v1\n', serverMode: '0755', pageOwner: '1000:1000', greeting: 'hello' };

function dockerfile(base: string, variant: Variant): string {
  return [
    `FROM ${base}`,
    'COPY server /usr/local/bin/server',
    'RUN mkdir -p /srv/www && echo hello > /srv/www/index.html && ln /srv/www/index.html /srv/www/hard.html' +
      ' && ln -s index.html /srv/www/default.html' +
      ` && chmod ${variant.serverMode} /usr/local/bin/server && chown ${variant.pageOwner} /srv/www/index.html` +
      ' && mkdir /data && echo kept > /data/seed',
    'VOLUME /data',
    `ENV GREETING=${variant.greeting}`,
    'CMD ["/usr/local/bin/server"]',
    '',
  ].join('\n');
}

describe('snapshotImage and compareSnapshots on a real engine', function () {
  this.timeout(600_000);
  const cli = new DockerCli();
  const base = `multistage-migrate-test/snapshot-base:${RUN_ID}`;
  const tags: string[] = [];
  let workDir: string;

  async function build(name: string, variant: Variant, builder: 'classic' | 'buildkit' = 'classic'): Promise<string> {
    const tag = `multistage-migrate-test/snapshot-${name}:${RUN_ID}`;
    tags.push(tag);
    const context = await mkdtemp(join(workDir, `${name}-`));
    await writeFile(join(context, 'Dockerfile'), dockerfile(base, variant));
    await writeFile(join(context, 'server'), variant.serverContent);
    const env = { DOCKER_BUILDKIT: builder === 'classic' ? '0' : '1' };
    await cli.run(['build', '--no-cache', '--network=none', '-t', tag, context], { env, check: true });
    return tag;
  }

  async function importImage(name: string, tar: Buffer): Promise<string> {
    const tag = `multistage-migrate-test/snapshot-${name}:${RUN_ID}`;
    tags.push(tag);
    await cli.run(['import', '-', tag], { input: tar, check: true });
    return tag;
  }

  async function leftovers(): Promise<string> {
    const containers = await cli.run(['ps', '--all', '--quiet', '--no-trunc'], { check: true });
    const volumes = await cli.run(['volume', 'ls', '--quiet'], { check: true });
    return `${containers.stdout}|${volumes.stdout}`;
  }

  let reference: ImageSnapshot;

  before(async () => {
    workDir = await mkdtemp(join(tmpdir(), 'multistage-migrate-snapshot-'));
    tags.push(base);
    await cli.run(['import', '-', base], { input: await rootfs(), check: true });
    const before = await leftovers();
    reference = await snapshotImage(cli, await build('reference', REFERENCE));
    assert.equal(await leftovers(), before, 'snapshotImage left a container or an anonymous volume behind');
  });

  after(async () => {
    if (tags.length > 0) await cli.run(['rmi', '--force', ...tags]);
    await rm(workDir, { recursive: true, force: true });
  });

  it('lists files with type, mode, owner, content hash, symlink target and hardlink group', () => {
    const byPath = new Map(reference.entries.map((entry) => [entry.path, entry]));
    assert.deepEqual(byPath.get('usr/local/bin/server'), {
      path: 'usr/local/bin/server',
      type: 'file',
      mode: '0755',
      uid: 0,
      gid: 0,
      size: REFERENCE.serverContent.length,
      linkTarget: null,
      sha256: sha256(REFERENCE.serverContent),
      device: null,
      hardlinkedWith: [],
      xattrs: {},
    });
    const page = byPath.get('srv/www/index.html')!;
    assert.deepEqual(
      [page.type, page.uid, page.gid, page.sha256, page.hardlinkedWith],
      ['file', 1000, 1000, sha256('hello\n'), ['srv/www/hard.html']],
    );
    const hard = byPath.get('srv/www/hard.html')!;
    assert.deepEqual(
      [hard.type, hard.uid, hard.sha256, hard.hardlinkedWith],
      ['file', 1000, sha256('hello\n'), ['srv/www/index.html']],
    );
    const link = byPath.get('srv/www/default.html')!;
    assert.deepEqual([link.type, link.linkTarget], ['symlink', 'index.html']);
    assert.equal(byPath.get('bin/sh')?.linkTarget, 'busybox');
    assert.equal(byPath.get('data/seed')?.sha256, sha256('kept\n'), 'content under a VOLUME comes from the image');
    const paths = reference.entries.map((entry) => entry.path);
    assert.deepEqual(paths, [...paths].sort(), 'entries are sorted by path');
  });

  it('leaves out what docker create adds, and reads the config', () => {
    const paths = new Set(reference.entries.map((entry) => entry.path));
    const added = ['.dockerenv', 'etc/hosts', 'etc/hostname', 'etc/resolv.conf', 'etc/mtab', 'etc'];
    for (const path of [...added, 'dev', 'dev/console', 'dev/pts', 'proc', 'sys']) {
      assert.ok(!paths.has(path), `${path} should be left out`);
    }
    assert.deepEqual(reference.engineDirs.map((entry) => entry.path), ['dev', 'dev/pts', 'dev/shm', 'etc', 'proc', 'sys']);
    assert.deepEqual(reference.config.Cmd, ['/usr/local/bin/server']);
    assert.ok(Array.isArray(reference.config.Env) && reference.config.Env.includes('GREETING=hello'));
    assert.deepEqual(reference.config.Volumes, { '/data': {} });
    assert.equal(reference.config.User, null, 'an empty User reads as null');
  });

  it('finds no difference between two builds of the same Dockerfile', async () => {
    const again = await snapshotImage(cli, await build('again', REFERENCE));
    assert.notEqual(again.imageId, reference.imageId, 'a --no-cache build should make a new image');
    assert.deepEqual(compareSnapshots(reference, again).map(describeDifference), []);
  });

  it('finds exactly the mode, owner, content and config changes between two builds', async () => {
    const changed = await snapshotImage(
      cli,
      await build('changed', { serverContent: 'server v2\n', serverMode: '0750', pageOwner: '1001:1000', greeting: 'bye' }),
    );
    const envOf = (snapshot: ImageSnapshot) => JSON.stringify(snapshot.config.Env);
    assert.deepEqual(compareSnapshots(reference, changed).map(describeDifference), [
      'srv/www/hard.html: uid 1000 != 1001',
      'srv/www/index.html: uid 1000 != 1001',
      'usr/local/bin/server: mode 0755 != 0750',
      `usr/local/bin/server: sha256 ${sha256('server v1\n')} != ${sha256('server v2\n')}`,
      `config Env: ${envOf(reference)} != ${envOf(changed)}`,
    ]);
    assert.match(envOf(changed), /GREETING=bye/);
  });

  it('finds no difference between a classic and a BuildKit build of the same Dockerfile', async () => {
    const buildkit = await snapshotImage(cli, await build('buildkit', REFERENCE, 'buildkit'));
    assert.deepEqual(compareSnapshots(reference, buildkit).map(describeDifference), []);
  });

  it("keeps the image's own engine directories and what it has under dev, and compares them", async () => {
    const own = await snapshotImage(
      cli,
      await importImage(
        'own-dirs',
        await rootfs([
          [{ name: 'etc/', type: 'directory', mode: 0o700, uid: 5, gid: 5 }],
          [{ name: 'etc/hosts', mode: 0o644 }, '10.0.0.1 db\n'],
          [{ name: 'proc/', type: 'directory', mode: 0o555 }],
          [{ name: 'dev/', type: 'directory', mode: 0o755 }],
          [{ name: 'dev/null', type: 'character-device', mode: 0o666, devmajor: 1, devminor: 3 }],
        ]),
      ),
    );
    const plain = await snapshotImage(cli, await importImage('plain', await rootfs()));
    const find = (path: string) => own.entries.find((entry) => entry.path === path);
    assert.deepEqual([find('etc')?.mode, find('etc')?.uid], ['0700', 5]);
    assert.equal(find('etc/hosts'), undefined, "docker create writes its own etc/hosts over the image's");
    assert.deepEqual([find('dev/null')?.type, find('dev/null')?.device], ['char-device', '1,3']);
    assert.deepEqual(compareSnapshots(own, plain).map(describeDifference), [
      'dev/null: only in legacy',
      'etc: mode 0700 != 0755',
      'etc: uid 5 != 0',
      'etc: gid 5 != 0',
      'proc: mode 0555 != 0755',
    ]);
  });

  it('rejects with the docker error for an image that does not exist', async () => {
    await assert.rejects(snapshotImage(cli, `multistage-migrate-test/absent:${RUN_ID}`), (err: unknown) => {
      assert.ok(err instanceof DockerCommandError);
      assert.match(err.message, /No such image/);
      return true;
    });
  });
});
