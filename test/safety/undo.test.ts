/** `multistage-migrate undo`: the compiled CLI puts a migration back, and says what to do where git holds everything. */
import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { runCli, sampleCopy } from '../helpers/cli';
import { snapshot } from '../helpers/tree-snapshot';

const BACKUP = '.multistage-migrate-backup';
const withoutBackup = (m: Map<string, string>) => new Map([...m].filter(([k]) => k !== BACKUP && !k.startsWith(`${BACKUP}/`)));

describe('safety: undo from the command line', function () {
  this.timeout(60000);
  const dirs: string[] = [];
  after(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

  it('outside git: --yes says where the backup is; undo puts every file back', () => {
    const d = sampleCopy('go-create-cp');
    dirs.push(d);
    const before = snapshot(d);
    const yes = runCli(['--yes', d]);
    assert.equal(yes.status, 0, yes.stderr);
    assert.match(yes.stderr, /Previous versions saved in .*\.multistage-migrate-backup\/.* \(undo: multistage-migrate undo /);
    const undo = runCli(['undo', d]);
    assert.equal(undo.status, 0, undo.stderr);
    assert.deepEqual(withoutBackup(snapshot(d)), before);
    const again = runCli(['undo', d]);
    assert.equal(again.status, 2);
    assert.doesNotMatch(again.stderr, /^\s+at /m);
    assert.match(again.stderr, /undone already/);
  });

  it('outside git, where nothing was migrated: says there is nothing to undo, without pointing at git', () => {
    const d = sampleCopy('go-create-cp');
    dirs.push(d);
    const before = snapshot(d);
    const undo = runCli(['undo', d]);
    assert.equal(undo.status, 2);
    assert.match(undo.stderr, /nothing to undo: no migration of .* kept a backup/);
    assert.doesNotMatch(undo.stderr, /git (checkout|restore)|git tracks/);
    assert.deepEqual(snapshot(d), before);
  });

  it('in git with everything committed: no backup, and undo points at git', () => {
    const d = sampleCopy('go-create-cp');
    dirs.push(d);
    const git = (...args: string[]) => execFileSync('git', ['-C', d, '-c', 'user.name=t', '-c', 'user.email=t@e', ...args], { stdio: 'ignore' });
    git('init', '-q');
    git('add', '-A');
    git('commit', '-qm', 'legacy');
    const yes = runCli(['--yes', d]);
    assert.equal(yes.status, 0, yes.stderr);
    assert.doesNotMatch(yes.stderr, /Previous versions saved/);
    assert.ok(!snapshot(d).has(BACKUP));
    const undo = runCli(['undo', d]);
    assert.equal(undo.status, 2);
    assert.match(undo.stderr, /git checkout -- \.|git restore/);
  });
});
