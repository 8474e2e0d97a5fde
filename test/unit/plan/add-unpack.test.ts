/**
 * ADD by content: what the glue proves about a stream's bytes, and the shell function that
 * decides as Docker's ADD does (run here on real files: tar, gzip, bzip2, xz, zstd, a fake).
 */
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync, chmodSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { addLikeDocker, tarCreateContent, throughCommand } from '../../../src/plan/add-unpack';

const has = (tool: string) => spawnSync('sh', ['-c', `command -v ${tool}`]).status === 0;

describe('plan/add-unpack', () => {
  it('tar -c to stdout is a tar, compressed as its flags say; -f FILE or other compressors are unknown', () => {
    assert.deepEqual(tarCreateContent(['-cz', '-C', '/out', '.']), { kind: 'tar', compression: 'gzip' });
    assert.deepEqual(tarCreateContent(['-cf', '-', 'dist']), { kind: 'tar', compression: 'none' });
    assert.deepEqual(tarCreateContent(['cjf', '-', 'dist']), { kind: 'tar', compression: 'bzip2' });
    assert.deepEqual(tarCreateContent(['--create', '--xz', '--file=-', 'x']), { kind: 'tar', compression: 'xz' });
    assert.deepEqual(tarCreateContent(['-cf', '/tmp/x.tar', 'dist']), { kind: 'unknown' });
    assert.deepEqual(tarCreateContent(['-c', '--zstd', 'dist']), { kind: 'unknown' });
  });

  it('one compressor on a tar stream is known; two, or a decompressor of another format, are not', () => {
    const tar = { kind: 'tar', compression: 'none' } as const;
    assert.deepEqual(throughCommand(tar, 'gzip', []), { kind: 'tar', compression: 'gzip' });
    assert.deepEqual(throughCommand(tar, 'xz', ['-9']), { kind: 'tar', compression: 'xz' });
    assert.deepEqual(throughCommand(throughCommand(tar, 'gzip', []), 'gzip', []), { kind: 'unknown' });
    assert.deepEqual(throughCommand(throughCommand(tar, 'gzip', []), 'gzip', ['-d']), tar);
    assert.deepEqual(throughCommand(throughCommand(tar, 'gzip', []), 'bzip2', ['-d']), { kind: 'unknown' });
    assert.deepEqual(throughCommand(tar, 'cat', []), tar);
  });

  it('a known archive is unpacked directly; anything else through the function, defined once', () => {
    const commands: string[] = [];
    assert.equal(addLikeDocker(commands, '/host/a.tgz', 'a.tgz', { kind: 'tar', compression: 'gzip' }, (s) => s), '/add/1/');
    assert.deepEqual(commands.slice(1), ['mkdir -p /add/1', 'gzip -dc /host/a.tgz | tar -x --numeric-owner -C /add/1', "tar_link_owners 'gzip -dc' /host/a.tgz /add/1"]);
    assert.ok(commands[0].startsWith('tar_link_owners() {'));
    assert.equal(addLikeDocker(commands, '/host/out.tar', 'out.tar', { kind: 'unknown' }, (s) => s), '/add/2/out.tar');
    assert.equal(addLikeDocker(commands, '/host/b', 'b', { kind: 'unknown' }, (s) => s), '/add/3/b');
    assert.equal(commands.filter((c) => c.startsWith('add_like_docker() {')).length, 1);
    assert.equal(commands.filter((c) => c.startsWith('tar_link_owners() {')).length, 1);
  });

  describe('the function, on real files', function () {
    this.timeout(20000);
    let dir = '';
    let script = '';
    before(function () {
      if (!has('tar') || !has('gzip') || !has('awk') || !has('od')) this.skip();
      dir = mkdtempSync(join(tmpdir(), 'mm-add-'));
      mkdirSync(join(dir, 'src/sub'), { recursive: true });
      mkdirSync(join(dir, 'bin'));
      writeFileSync(join(dir, 'src/sub/a.txt'), 'hello\n');
      // `id` says root and chown does nothing, so the function runs without privileges here.
      writeFileSync(join(dir, 'bin/id'), '#!/bin/sh\necho 0\n');
      writeFileSync(join(dir, 'bin/chown'), '#!/bin/sh\nexit 0\n');
      chmodSync(join(dir, 'bin/id'), 0o755);
      chmodSync(join(dir, 'bin/chown'), 0o755);
      const sh = (c: string) => execFileSync('sh', ['-c', c], { cwd: dir });
      sh('tar -cf bundle -C src . && tar -cf - -C src . | gzip > g.bin && echo notatar > fake.tar.gz && : > empty.tar && head -c 10240 /dev/zero > zeros.tar && echo plain | gzip > plain.gz');
      spawnSync('sh', ['-c', 'tar --format=v7 -cf v7.bin -C src ./sub/a.txt'], { cwd: dir });
      if (has('bzip2')) sh('tar -cf - -C src . | bzip2 > b.bin');
      if (has('xz')) sh('tar -cf - -C src . | xz > x.bin');
      if (has('zstd')) sh('tar -cf - -C src . | zstd -q > z.bin');
      const commands: string[] = [];
      addLikeDocker(commands, 'x', 'x', { kind: 'unknown' }, (s) => s);
      script = commands.filter((c) => /^\w+\(\) \{/.test(c)).map((c) => c.replace(/ \\\n\s*/g, ' ')).join('\n');
    });
    after(() => {
      if (dir) rmSync(dir, { recursive: true, force: true });
    });
    const add = (file: string) => spawnSync('sh', ['-c', `${script}\nadd_like_docker "$1" out "$2"`, 'sh', file, file], { cwd: dir, env: { ...process.env, PATH: `${join(dir, 'bin')}:${process.env.PATH}` }, encoding: 'utf8' });

    for (const [file, tool] of [['bundle', 'tar'], ['v7.bin', 'tar, V7 format'], ['g.bin', 'gzip'], ['b.bin', 'bzip2'], ['x.bin', 'xz']]) {
      it(`${file} (${tool}) is unpacked: out/${file} is a directory of its entries`, function () {
        if (!existsSync(join(dir, file))) this.skip();
        const r = add(file);
        assert.equal(r.status, 0, r.stderr);
        assert.equal(readFileSync(join(dir, 'out', file, 'sub/a.txt'), 'utf8'), 'hello\n');
      });
    }
    for (const file of ['fake.tar.gz', 'empty.tar', 'zeros.tar', 'plain.gz']) {
      it(`${file} is not an archive: copied as it is`, () => {
        const r = add(file);
        assert.equal(r.status, 0, r.stderr);
        assert.ok(statSync(join(dir, 'out', file)).isFile());
        assert.deepEqual(readFileSync(join(dir, 'out', file)), readFileSync(join(dir, file)));
      });
    }
    it('zstd stops the build: whether ADD unpacks it depends on the engine', function () {
      if (!existsSync(join(dir, 'z.bin'))) this.skip();
      const r = add('z.bin');
      assert.notEqual(r.status, 0);
      assert.match(r.stderr, /zstd/);
    });
    describe('links in an archive unpacked by busybox tar, which leaves them owned by root', () => {
      // A `tar` that says it is busybox's, and a `chown` that records what it is asked.
      const busybox = () => {
        const real = execFileSync('sh', ['-c', 'command -v tar'], { encoding: 'utf8' }).trim();
        writeFileSync(join(dir, 'bin/tar'), `#!/bin/sh\n[ "$1" = --version ] && { echo 'tar (busybox) 1.36.1'; exit 0; }\nexec ${real} "$@"\n`);
        writeFileSync(join(dir, 'bin/chown'), '#!/bin/sh\necho "$*" >> chown.log\n');
        chmodSync(join(dir, 'bin/tar'), 0o755);
        rmSync(join(dir, 'chown.log'), { force: true });
      };
      const shell = (command: string) => execFileSync('sh', ['-c', command], { cwd: dir });
      afterEach(() => {
        rmSync(join(dir, 'bin/tar'), { force: true });
        writeFileSync(join(dir, 'bin/chown'), '#!/bin/sh\nexit 0\n');
      });

      it('each link gets the owner its header names, with chown -h', () => {
        mkdirSync(join(dir, 'links/d'), { recursive: true });
        writeFileSync(join(dir, 'links/a.txt'), 'a\n');
        shell('cd links && ln -sf a.txt latest.txt && ln -sf ../a.txt d/up && ln -sf a.txt "with space"');
        shell('tar --format=ustar --owner=1000 --group=2000 --numeric-owner -cf links.tar -C links .');
        busybox();
        const r = add('links.tar');
        assert.equal(r.status, 0, r.stderr);
        const calls = readFileSync(join(dir, 'chown.log'), 'utf8').trim().split('\n').sort();
        assert.deepEqual(calls, ['-h 1000:2000 out/links.tar/./d/up', '-h 1000:2000 out/links.tar/./latest.txt', '-h 1000:2000 out/links.tar/./with space']);
      });

      it('a link named by a GNU long-name header stops the build instead of guessing its owner', () => {
        const long = 'l'.repeat(120);
        mkdirSync(join(dir, 'longlink'), { recursive: true });
        shell(`ln -sf target longlink/${long} && tar --format=gnu -cf long.tar -C longlink .`);
        busybox();
        const r = add('long.tar');
        assert.notEqual(r.status, 0);
        assert.match(r.stderr, /the owner of the symbolic link .* is not reproduced/);
      });

      it('an archive without links asks nothing of chown', () => {
        busybox();
        const r = add('bundle');
        assert.equal(r.status, 0, r.stderr);
        assert.equal(existsSync(join(dir, 'chown.log')), false);
      });
    });

    it('a directory is copied whole, as ADD of a directory is a COPY', () => {
      const r = add('src');
      assert.equal(r.status, 0, r.stderr);
      assert.equal(readFileSync(join(dir, 'out/src/sub/a.txt'), 'utf8'), 'hello\n');
    });
  });
});
