/** Writing a repository: inside it only, all or nothing, stale files refused, backups that undo restores. */
import { strict as assert } from 'node:assert';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ApplyFailedError, BACKUP_DIR, StaleFileError, UnsafePathError, applyChanges } from '../../src/io/apply';
import { startsWithBom, withByteOrderMarks } from '../../src/io/bom';
import { UndoError, undoLatest } from '../../src/io/undo';
import type { FileChange } from '../../src/core/file-change';
import { snapshot } from '../helpers/tree-snapshot';

describe('safety: applyChanges', () => {
  let base: string;
  let repo: string;
  let outside: string;
  beforeEach(() => {
    base = mkdtempSync(join(tmpdir(), 'mm-apply-'));
    repo = join(base, 'repo');
    outside = join(base, 'outside');
    mkdirSync(repo);
    mkdirSync(outside);
    writeFileSync(join(outside, 'Dockerfile'), 'FROM outside\n');
    writeFileSync(join(repo, 'Dockerfile'), 'FROM alpine\n');
    writeFileSync(join(repo, 'build.sh'), '#!/bin/sh\ndocker build .\n', { mode: 0o755 });
    writeFileSync(join(repo, 'Dockerfile.build'), 'FROM golang\n');
  });
  afterEach(() => rmSync(base, { recursive: true, force: true }));

  const migration = (): FileChange[] => [
    { path: 'Dockerfile', before: 'FROM alpine\n', after: 'FROM golang AS b\nFROM alpine\n', mode: 0o100644 },
    { path: 'build.sh', before: '#!/bin/sh\ndocker build .\n', after: '#!/bin/sh\ndocker build -t x .\n', mode: 0o100755 },
    { path: 'Dockerfile.build', before: 'FROM golang\n', after: null, mode: 0o100644 },
    { path: 'docker/.dockerignore', before: null, after: 'node_modules\n', mode: 0o100644 },
  ];
  const untracked = () => false;

  it('writes every change, keeps modes, backs up what git cannot give back, and leaves no temporary file', () => {
    const r = applyChanges(repo, migration(), untracked, 'stamp');
    assert.deepEqual(r.written.sort(), ['Dockerfile', 'build.sh', 'docker/.dockerignore']);
    assert.deepEqual(r.deleted, ['Dockerfile.build']);
    assert.equal(r.backup, join(repo, BACKUP_DIR, 'stamp'));
    assert.equal(readFileSync(join(repo, 'Dockerfile'), 'utf8'), 'FROM golang AS b\nFROM alpine\n');
    assert.ok(!existsSync(join(repo, 'Dockerfile.build')));
    assert.equal(readFileSync(join(r.backup as string, 'Dockerfile.build'), 'utf8'), 'FROM golang\n');
    const tree = [...snapshot(repo).keys()];
    assert.ok(!tree.some((p) => /multistage-migrate-\d+\.tmp|journal\.json/.test(p)), tree.join('\n'));
    assert.match(snapshot(repo).get('build.sh') as string, /^file 755 /);
  });

  it('without anything to back up, leaves no backup folder', () => {
    applyChanges(repo, migration(), () => true, 'stamp');
    assert.ok(!existsSync(join(repo, BACKUP_DIR)));
  });

  it('refuses a file that changed since the plan, writing nothing', () => {
    writeFileSync(join(repo, 'build.sh'), '#!/bin/sh\necho edited\n');
    const before = snapshot(base);
    assert.throws(() => applyChanges(repo, migration(), untracked, 'stamp'), StaleFileError);
    assert.deepEqual(snapshot(base), before);
  });

  it('refuses a new file that appeared since the plan', () => {
    mkdirSync(join(repo, 'docker'));
    writeFileSync(join(repo, 'docker/.dockerignore'), '*\n');
    assert.throws(() => applyChanges(repo, migration(), untracked, 'stamp'), StaleFileError);
  });

  it('refuses to write through a directory link that leaves the repository', () => {
    symlinkSync('../outside', join(repo, 'docker'));
    const before = snapshot(base);
    assert.throws(() => applyChanges(repo, migration(), untracked, 'stamp'), UnsafePathError);
    assert.deepEqual(snapshot(base), before);
  });

  it('refuses to rewrite a file that is a link out of the repository, or a link that loops', () => {
    rmSync(join(repo, 'Dockerfile'));
    symlinkSync(join(outside, 'Dockerfile'), join(repo, 'Dockerfile'));
    const before = snapshot(base);
    const change: FileChange = { path: 'Dockerfile', before: 'FROM outside\n', after: 'FROM x\n', mode: 0o100644 };
    assert.throws(() => applyChanges(repo, [change], untracked, 'stamp'), UnsafePathError);
    rmSync(join(repo, 'Dockerfile'));
    symlinkSync('Dockerfile', join(repo, 'Dockerfile'));
    assert.throws(() => applyChanges(repo, [change], untracked, 'stamp'), UnsafePathError);
    rmSync(join(repo, 'Dockerfile'));
    symlinkSync(join(outside, 'Dockerfile'), join(repo, 'Dockerfile'));
    assert.deepEqual(snapshot(base), before);
  });

  it('refuses paths that leave the repository as written, and a backup folder that is a link', () => {
    for (const path of ['../outside/Dockerfile', '/etc/passwd', 'a/../../x', `${BACKUP_DIR}/x`]) {
      assert.throws(() => applyChanges(repo, [{ path, before: null, after: 'x', mode: 0o100644 }], untracked, 'stamp'), UnsafePathError, path);
    }
    symlinkSync('../outside', join(repo, BACKUP_DIR));
    const before = snapshot(base);
    assert.throws(() => applyChanges(repo, migration(), untracked, 'stamp'), UnsafePathError);
    assert.deepEqual(snapshot(base), before);
  });

  it('rewrites the file a link inside the repository points to, keeping the link; deleting a link keeps its target', () => {
    mkdirSync(join(repo, 'docker'));
    renameSync(join(repo, 'Dockerfile'), join(repo, 'docker', 'Dockerfile'));
    symlinkSync('docker/Dockerfile', join(repo, 'Dockerfile'));
    symlinkSync('docker/Dockerfile', join(repo, 'Dockerfile.old'));
    applyChanges(repo, [
      { path: 'Dockerfile', before: 'FROM alpine\n', after: 'FROM new\n', mode: 0o100644 },
      { path: 'Dockerfile.old', before: 'FROM alpine\n', after: null, mode: 0o100644 },
    ], untracked, 'stamp');
    assert.equal(snapshot(repo).get('Dockerfile'), 'link docker/Dockerfile');
    assert.equal(readFileSync(join(repo, 'docker', 'Dockerfile'), 'utf8'), 'FROM new\n');
    assert.ok(!snapshot(repo).has('Dockerfile.old'));
    assert.equal(snapshot(repo).get(`${BACKUP_DIR}/stamp/Dockerfile.old`), 'link docker/Dockerfile');
  });

  it('a rename that fails half-way puts back every file already changed', () => {
    const before = snapshot(repo);
    let n = 0;
    const rename = (from: string, to: string) => {
      if (++n === 2) throw Object.assign(new Error('injected'), { code: 'EIO' });
      renameSync(from, to);
    };
    assert.throws(() => applyChanges(repo, migration(), () => true, 'stamp', { rename }), (e: unknown) => e instanceof ApplyFailedError && e.restored && /every file was put back/.test(e.message));
    assert.deepEqual(snapshot(repo), before);
  });

  it('keeps a byte order mark when the plan was made on the text after it (through withByteOrderMarks)', () => {
    writeFileSync(join(repo, 'Dockerfile'), '\uFEFFFROM alpine\n');
    // Applied as planned on the text after the mark, the file looks changed: nothing is written.
    assert.throws(() => applyChanges(repo, [migration()[0]], untracked, 'stamp'), StaleFileError);
    const hasBom = (p: string) => startsWithBom(readFileSync(join(repo, p)));
    applyChanges(repo, withByteOrderMarks([migration()[0]], hasBom), untracked, 'stamp');
    assert.equal(readFileSync(join(repo, 'Dockerfile')).subarray(0, 3).toString('hex'), 'efbbbf');
    assert.equal(readFileSync(join(repo, 'Dockerfile'), 'utf8'), '\uFEFFFROM golang AS b\nFROM alpine\n');
  });

  it('removes temporary files a dead process left beside the files it writes', () => {
    writeFileSync(join(repo, 'Dockerfile.multistage-migrate-999999999.tmp'), 'FROM half');
    applyChanges(repo, migration(), untracked, 'stamp');
    assert.ok(!existsSync(join(repo, 'Dockerfile.multistage-migrate-999999999.tmp')));
  });

  it('undo puts back the latest backup all-or-nothing, and refuses when a file changed since', () => {
    const before = snapshot(repo);
    applyChanges(repo, migration(), untracked, 'stamp-1');
    const r = undoLatest(repo);
    assert.deepEqual(r.removed, ['docker/.dockerignore']);
    const after = snapshot(repo);
    for (const k of [...after.keys()]) if (k.startsWith(BACKUP_DIR)) after.delete(k);
    after.delete('docker');
    assert.deepEqual(after, before);
    assert.throws(() => undoLatest(repo), UndoError);
    applyChanges(repo, migration(), untracked, 'stamp-2');
    writeFileSync(join(repo, 'build.sh'), 'edited after the migration\n');
    const edited = snapshot(repo);
    assert.throws(() => undoLatest(repo), /build\.sh changed since the migration/);
    assert.deepEqual(snapshot(repo), edited);
  });
});
