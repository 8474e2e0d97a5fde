/** The batch's memoising view answers exactly as the disk view it wraps. */
import { strict as assert } from 'node:assert';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cachedView } from '../../src/batch/cached-view';
import { openRepo } from '../../src/io/repo-fs';
import { SAMPLES_DIR } from '../helpers/samples';

describe('batch/cached-view', () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'mm-view-'));
    cpSync(join(SAMPLES_DIR, 'go-create-cp', 'input'), dir, { recursive: true });
    mkdirSync(join(dir, '.git'));
    mkdirSync(join(dir, 'sub', 'deep'), { recursive: true });
    writeFileSync(join(dir, 'sub', 'deep', 'x.sh'), '#!/bin/sh\n');
    symlinkSync('sub', join(dir, 'link-dir'));
    symlinkSync('/etc/hostname', join(dir, 'link-out'));
    symlinkSync('missing', join(dir, 'link-broken'));
    symlinkSync('/tmp', join(dir, 'link-out-dir'));
    writeFileSync(join(dir, 'latin1.sh'), Buffer.from('#!/bin/sh\n# caf\xe9\n', 'latin1'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  const probes = (names: string[]) => ['', '.git', 'missing', 'sub/missing', 'link-out-dir/missing', 'link-out-dir/x/y', 'link-broken/x', 'sub/deep/x.sh', 'sub/deep', 'scripts', 'link-dir/deep', ...names, ...names.map((n) => `${n}/x`)];

  for (const primed of [false, true]) {
    it(`typeOf, listDir, readText, modeOf and problem agree with the disk view${primed ? ' (entries primed from readdir)' : ''}`, () => {
      const disk = openRepo(dir, { git: false });
      const view = cachedView(
        openRepo(dir, { git: false }),
        primed ? (p) => readdirSync(join(disk.root, ...p.split('/').filter(Boolean)), { withFileTypes: true }) : undefined,
      );
      const names = disk.listDir('') ?? [];
      // Ask in two orders: listing first (answers from the listing) and probing first.
      for (const order of [true, false]) {
        const paths = order ? ['', 'sub', ...probes(names)] : probes(names).reverse();
        for (const p of paths) {
          assert.deepEqual(view.listDir(p), disk.listDir(p), `listDir(${p})`);
          assert.equal(view.typeOf(p), disk.typeOf(p), `typeOf(${p})`);
          assert.equal(view.readText(p), disk.readText(p), `readText(${p})`);
          assert.equal(view.modeOf(p), disk.modeOf(p), `modeOf(${p})`);
          assert.deepEqual(view.problem?.(p), disk.problem?.(p), `problem(${p})`);
        }
      }
    });
  }

  it('hands out copies of listings: a caller sorting one in place changes nothing', () => {
    const view = cachedView(openRepo(dir, { git: false }));
    const first = view.listDir('') as string[];
    first.reverse();
    assert.notDeepEqual(view.listDir(''), first);
  });
});

describe('batch/cached-view: questions it does not memoise', () => {
  it('go to the view it wraps', () => {
    const inner = { typeOf: () => null, readText: () => null, listDir: () => null, modeOf: () => null, extra: (p: string) => `asked ${p}` };
    const view = cachedView(inner) as unknown as typeof inner;
    assert.equal(view.extra('x'), 'asked x');
  });
});
