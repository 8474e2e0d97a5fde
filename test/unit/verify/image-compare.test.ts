import assert from 'node:assert/strict';
import { compareSnapshots, describeDifference } from '../../../src/verify/image-compare';
import type { FileEntry, ImageConfig, ImageSnapshot } from '../../../src/verify/image-snapshot';

const NO_CONFIG: ImageConfig = {
  Cmd: null,
  Entrypoint: null,
  Env: null,
  WorkingDir: null,
  User: null,
  ExposedPorts: null,
  Labels: null,
  Volumes: null,
  StopSignal: null,
  Healthcheck: null,
  OnBuild: null,
  Shell: null,
};

function entry(path: string, type: FileEntry['type'], fields: Partial<FileEntry> = {}): FileEntry {
  return {
    path,
    type,
    mode: type === 'dir' ? '0755' : '0644',
    uid: 0,
    gid: 0,
    size: 0,
    linkTarget: null,
    sha256: null,
    device: null,
    hardlinkedWith: [],
    xattrs: {},
    ...fields,
  };
}

const HELLO = 'a'.repeat(64);
const BYE = 'b'.repeat(64);

function file(path: string, fields: Partial<FileEntry> = {}): FileEntry {
  return entry(path, 'file', { size: 6, sha256: HELLO, ...fields });
}

function snapshot(entries: FileEntry[], config: Partial<ImageConfig> = {}, engineDirs: FileEntry[] = []): ImageSnapshot {
  return { imageRef: 'test', imageId: 'sha256:0', entries, engineDirs, config: { ...NO_CONFIG, ...config } };
}

function describeAll(legacy: ImageSnapshot, migrated: ImageSnapshot): string[] {
  return compareSnapshots(legacy, migrated).map(describeDifference);
}

describe('compareSnapshots', () => {
  it('finds nothing between equal snapshots, whatever order the entries come in', () => {
    const entries = [entry('srv', 'dir'), file('srv/index.html'), entry('srv/link', 'symlink', { linkTarget: 'index.html' })];
    const config = { Env: ['PATH=/bin'], Labels: { a: '1', b: '2' } };
    const reordered = { Env: ['PATH=/bin'], Labels: { b: '2', a: '1' } };
    assert.deepEqual(compareSnapshots(snapshot(entries, config), snapshot([...entries].reverse(), reordered)), []);
  });

  it('reports mode, owner and content differences with both values, legacy first', () => {
    const legacy = snapshot([file('usr/local/bin/server', { mode: '0755' })]);
    const migrated = snapshot([file('usr/local/bin/server', { mode: '4750', uid: 1000, gid: 33, size: 7, sha256: BYE })]);
    assert.deepEqual(describeAll(legacy, migrated), [
      'usr/local/bin/server: mode 0755 != 4750',
      'usr/local/bin/server: uid 0 != 1000',
      'usr/local/bin/server: gid 0 != 33',
      'usr/local/bin/server: size 6 != 7',
      `usr/local/bin/server: sha256 ${HELLO} != ${BYE}`,
    ]);
  });

  it('keeps the raw values in the difference, for callers that do not print', () => {
    const [difference] = compareSnapshots(snapshot([file('x', { uid: 1 })]), snapshot([file('x', { uid: 2 })]));
    assert.deepEqual(difference, { kind: 'entry', path: 'x', attribute: 'uid', legacy: 1, migrated: 2 });
  });

  it('reports a path only one image has, and sums up what lies below a missing directory', () => {
    const legacy = snapshot([
      entry('srv', 'dir'),
      entry('srv/www', 'dir'),
      file('srv/www-old'),
      entry('srv/www/assets', 'dir'),
      file('srv/www/assets/app.css'),
      file('srv/www/index.html'),
    ]);
    const migrated = snapshot([entry('srv', 'dir'), file('srv/extra'), entry('srv/empty', 'dir')]);
    assert.deepEqual(describeAll(legacy, migrated), [
      'srv/empty: only in migrated',
      'srv/extra: only in migrated',
      'srv/www: only in legacy (with 3 entries below)',
      'srv/www-old: only in legacy',
    ]);
  });

  it('says "entry" for a single entry below a missing directory', () => {
    const legacy = snapshot([entry('opt', 'dir'), file('opt/tool')]);
    assert.deepEqual(describeAll(legacy, snapshot([])), ['opt: only in legacy (with 1 entry below)']);
  });

  it('reports a type change without comparing attributes that belong to one type', () => {
    const legacy = snapshot([file('etc/app', { mode: '0640' })]);
    const migrated = snapshot([entry('etc/app', 'dir')]);
    assert.deepEqual(describeAll(legacy, migrated), ['etc/app: type file != dir', 'etc/app: mode 0640 != 0755']);
  });

  it('quotes symlink targets that hold spaces, and compares devices and xattrs', () => {
    const legacy = snapshot([
      entry('dev/x', 'char-device', { device: '1,3' }),
      entry('link', 'symlink', { linkTarget: 'my target' }),
      file('ping', { xattrs: { 'security.capability': '\u0001\u0000' } }),
    ]);
    const migrated = snapshot([
      entry('dev/x', 'char-device', { device: '1,5' }),
      entry('link', 'symlink', { linkTarget: '/abs/target' }),
      file('ping'),
    ]);
    assert.deepEqual(describeAll(legacy, migrated), [
      'dev/x: device 1,3 != 1,5',
      'link: symlink target "my target" != /abs/target',
      'ping: xattrs {"security.capability":"\\u0001\\u0000"} != {}',
    ]);
  });

  it('reports a broken hardlink group on each of its members, contents being equal', () => {
    const legacy = snapshot([file('a', { hardlinkedWith: ['b'] }), file('b', { hardlinkedWith: ['a'] })]);
    const migrated = snapshot([file('a'), file('b')]);
    assert.deepEqual(describeAll(legacy, migrated), ['a: hardlinked with ["b"] != []', 'b: hardlinked with ["a"] != []']);
  });

  it('finds nothing when the same group is hardlinked in both', () => {
    const group = [
      file('a', { hardlinkedWith: ['b', 'c'] }),
      file('b', { hardlinkedWith: ['a', 'c'] }),
      file('c', { hardlinkedWith: ['a', 'b'] }),
    ];
    assert.deepEqual(compareSnapshots(snapshot(group), snapshot(group)), []);
  });

  it("compares an image's own engine directory with the engine's default the other image got", () => {
    const legacy = snapshot([entry('proc', 'dir', { mode: '0555' })]);
    const migrated = snapshot([], {}, [entry('proc', 'dir')]);
    assert.deepEqual(describeAll(legacy, migrated), ['proc: mode 0555 != 0755']);
  });

  it('ignores engine directories that both images got from the engine', () => {
    const defaults = [entry('dev', 'dir'), entry('proc', 'dir')];
    assert.deepEqual(compareSnapshots(snapshot([], {}, defaults), snapshot([], {}, [])), []);
  });

  it('reports config differences after file differences, sorted by key, as canonical JSON', () => {
    const legacy = snapshot([file('z')], { Env: ['PATH=/bin', 'A=1'], Cmd: ['/server'], Labels: { b: '2', a: '1' } });
    const migrated = snapshot([file('z', { uid: 5 })], { Env: ['PATH=/bin', 'A=2'], Cmd: ['/server'], User: '1000' });
    assert.deepEqual(describeAll(legacy, migrated), [
      'z: uid 0 != 5',
      'config Env: ["PATH=/bin","A=1"] != ["PATH=/bin","A=2"]',
      'config Labels: {"a":"1","b":"2"} != null',
      'config User: null != "1000"',
    ]);
  });

  it('keeps a stable order: paths in code unit order, not locale order', () => {
    const names = ['b', 'B', 'a-b', 'a/b', 'a', '_x'];
    const legacy = snapshot(names.map((name) => file(name)));
    assert.deepEqual(
      compareSnapshots(legacy, snapshot([])).map((difference) => (difference.kind === 'missing' ? difference.path : '')),
      ['B', '_x', 'a', 'a-b', 'a/b', 'b'],
    );
  });
});
