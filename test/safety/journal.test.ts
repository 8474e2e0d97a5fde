/**
 * A journal or a backup found in a repository is untrusted input: only what this tool writes is
 * finished or undone, every path is checked as a fresh write checks it, and a refused one leaves
 * every file — inside the repository and in the folder beside it — as it was.
 */
import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import { lstatSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BACKUP_DIR, sha256 } from '../../src/io/apply';
import { JOURNAL, finishInterrupted, journalText } from '../../src/io/journal';
import { UndoError, undoLatest } from '../../src/io/undo';
import { snapshot } from '../helpers/tree-snapshot';

const DEAD_PID = 999999;

describe('safety: journals and backups the tool did not write', () => {
  let base: string;
  let repo: string;
  let outside: string;
  beforeEach(() => {
    base = mkdtempSync(join(tmpdir(), 'mm-journal-'));
    repo = join(base, 'repo');
    outside = join(base, 'outside');
    mkdirSync(repo);
    mkdirSync(outside);
    writeFileSync(join(outside, '.profile'), 'export PATH=/usr/bin\n');
    writeFileSync(join(repo, 'Dockerfile'), 'FROM alpine\n');
  });
  afterEach(() => rmSync(base, { recursive: true, force: true }));

  type Op = { target: string; tmp: string | null; beforeSha256: string | null; afterSha256: string | null };
  const journal = (body: unknown, folder = '2000') => {
    mkdirSync(join(repo, BACKUP_DIR, folder), { recursive: true });
    writeFileSync(join(repo, BACKUP_DIR, folder, JOURNAL), typeof body === 'string' ? body : JSON.stringify(body));
  };
  const rewrite = (target: string, next: string, pid = DEAD_PID): Op => {
    const tmp = `${target}.multistage-migrate-${pid}.tmp`;
    writeFileSync(join(repo, tmp), next);
    return { target, tmp, beforeSha256: sha256(readFileSync(join(repo, target))), afterSha256: sha256(next) };
  };
  /** finishInterrupted refuses the journal, naming why, and nothing anywhere changes. */
  const refused = (why: RegExp) => {
    const before = snapshot(base);
    const r = finishInterrupted(repo);
    assert.equal(r.finished.length, 0);
    assert.match(r.refused.join('\n'), why);
    assert.deepEqual(snapshot(base), before);
  };

  it('finishes a journal exactly as this tool writes it (a dead pid, real paths, temporary files holding the new content)', () => {
    const tmp = join(repo, `Dockerfile.multistage-migrate-${DEAD_PID}.tmp`);
    writeFileSync(tmp, 'FROM new\n');
    const text = journalText(repo, [{ target: join(repo, 'Dockerfile'), tmp, before: Buffer.from('FROM alpine\n'), after: Buffer.from('FROM new\n') }]);
    journal(JSON.stringify({ ...JSON.parse(text), pid: DEAD_PID }));
    const r = finishInterrupted(repo);
    assert.deepEqual(r, { finished: ['Dockerfile'], leftAlone: [], refused: [] });
    assert.equal(readFileSync(join(repo, 'Dockerfile'), 'utf8'), 'FROM new\n');
    assert.deepEqual([...snapshot(repo).keys()], ['Dockerfile']);
  });

  it('refuses a journal in another shape: no pid, other fields, a deletion of nothing, not JSON', () => {
    const op = rewrite('Dockerfile', 'FROM evil\n');
    journal({ tool: 'multistage-migrate', ops: [op] });
    refused(/not the fields this tool writes/);
    journal({ tool: 'multistage-migrate', pid: DEAD_PID, ops: [{ ...op, mode: 0o4755 }] });
    refused(/an operation with other fields/);
    journal({ tool: 'multistage-migrate', pid: DEAD_PID, ops: [{ target: 'Dockerfile', tmp: null, beforeSha256: null, afterSha256: null }] });
    refused(/an operation this tool never writes/);
    journal('{"tool":');
    refused(/not JSON/);
  });

  it('refuses targets no plan writes: .git, the backup folder, a temporary file, a path that leaves the repository', () => {
    mkdirSync(join(repo, '.git'));
    writeFileSync(join(repo, '.git', 'config'), '[core]\n');
    for (const [target, why] of [
      ['.git/config', /inside \.git/],
      [`${BACKUP_DIR}/x`, /belongs to this tool/],
      ['../outside/.profile', /not a path inside the repository/],
      ['/etc/passwd', /not a path inside the repository/],
    ] as const) {
      journal({ tool: 'multistage-migrate', pid: DEAD_PID, ops: [{ target, tmp: null, beforeSha256: sha256('x'), afterSha256: null }] });
      refused(why);
    }
  });

  it('refuses a temporary file named otherwise, of another pid, or holding other content than the journal names', () => {
    writeFileSync(join(repo, 'p.multistage-migrate-7.tmp'), 'FROM evil\n');
    const before = sha256('FROM alpine\n');
    journal({ tool: 'multistage-migrate', pid: DEAD_PID, ops: [{ target: 'Dockerfile', tmp: 'p.multistage-migrate-7.tmp', beforeSha256: before, afterSha256: sha256('FROM evil\n') }] });
    refused(/not named as this tool names them/);
    const op = rewrite('Dockerfile', 'FROM evil\n', 7);
    journal({ tool: 'multistage-migrate', pid: DEAD_PID, ops: [op] });
    refused(/not named as this tool names them/);
    const mine = rewrite('Dockerfile', 'FROM evil\n');
    journal({ tool: 'multistage-migrate', pid: DEAD_PID, ops: [{ ...mine, afterSha256: sha256('FROM something else\n') }] });
    refused(/does not hold the content the journal names/);
  });

  it('refuses a target reached through a link (even one inside), a rename onto a link, a target that is not a file', () => {
    symlinkSync('../outside', join(repo, 'home'));
    journal({ tool: 'multistage-migrate', pid: DEAD_PID, ops: [{ target: 'home/.profile', tmp: null, beforeSha256: sha256('export PATH=/usr/bin\n'), afterSha256: null }] });
    refused(/home on the way is not a plain directory/);
    mkdirSync(join(repo, 'docker'));
    symlinkSync('docker', join(repo, 'inner'));
    writeFileSync(join(repo, 'docker', 'Dockerfile'), 'FROM alpine\n');
    journal({ tool: 'multistage-migrate', pid: DEAD_PID, ops: [{ target: 'inner/Dockerfile', tmp: null, beforeSha256: sha256('FROM alpine\n'), afterSha256: null }] });
    refused(/inner on the way/);
    symlinkSync('Dockerfile', join(repo, 'Dockerfile.link'));
    const op = rewrite('Dockerfile', 'FROM evil\n');
    writeFileSync(join(repo, `Dockerfile.link.multistage-migrate-${DEAD_PID}.tmp`), 'FROM evil\n');
    journal({ tool: 'multistage-migrate', pid: DEAD_PID, ops: [{ ...op, target: 'Dockerfile.link', tmp: `Dockerfile.link.multistage-migrate-${DEAD_PID}.tmp` }] });
    refused(/a rename onto a symbolic link/);
    // A FIFO would block whoever opens it: it is never opened.
    execFileSync('mkfifo', [join(repo, 'fifo')]);
    journal({ tool: 'multistage-migrate', pid: DEAD_PID, ops: [{ target: 'fifo', tmp: null, beforeSha256: sha256('x'), afterSha256: null }] });
    const r = finishInterrupted(repo);
    assert.match(r.refused.join('\n'), /fifo: not a regular file/);
    assert.equal(lstatSync(join(repo, 'fifo')).isFIFO(), true);
  });

  it('leaves a journal whose process still runs alone, and one that names a file twice', () => {
    const op = rewrite('Dockerfile', 'FROM new\n', process.ppid);
    journal({ tool: 'multistage-migrate', pid: process.ppid, ops: [op] });
    refused(new RegExp(`belongs to process ${process.ppid}, which is still running`));
    const mine = rewrite('Dockerfile', 'FROM new\n');
    journal({ tool: 'multistage-migrate', pid: DEAD_PID, ops: [mine, mine] });
    refused(/names Dockerfile twice/);
  });

  it('touches nothing while the backup folder holds a link, and never reads through it', () => {
    writeFileSync(join(outside, JOURNAL), JSON.stringify({ tool: 'multistage-migrate', pid: DEAD_PID, ops: [] }));
    mkdirSync(join(repo, BACKUP_DIR));
    symlinkSync('../../outside', join(repo, BACKUP_DIR, '2000'));
    refused(/2000 is a symbolic link/);
  });

  describe('undo', () => {
    const manifest = (folder: string, files: unknown[]) => {
      mkdirSync(join(repo, BACKUP_DIR, folder), { recursive: true });
      writeFileSync(join(repo, BACKUP_DIR, folder, 'manifest.json'), JSON.stringify({ tool: 'multistage-migrate', stamp: folder, files }));
    };
    const undoRefused = (why: RegExp) => {
      const before = snapshot(base);
      assert.throws(() => undoLatest(repo), (e: unknown) => e instanceof UndoError && why.test(e.message));
      assert.deepEqual(snapshot(base), before);
    };

    it('never copies an outside file in: a backup path through a linked directory is refused before anything is read', () => {
      writeFileSync(join(outside, 'id_rsa'), 'PRIVATE KEY\n');
      manifest('2999', [{ path: 'd/id_rsa', action: 'rewrite', backup: true, beforeSha256: null, afterSha256: null }]);
      symlinkSync('../../../outside', join(repo, BACKUP_DIR, '2999', 'd'));
      undoRefused(/2999\/d is a symbolic link/);
    });

    it('refuses a manifest naming a path no migration writes', () => {
      for (const path of ['.git/hooks/post-checkout', '../outside/.profile', `${BACKUP_DIR}/x`]) {
        manifest('2999', [{ path, action: 'create', backup: false, beforeSha256: null, afterSha256: null }]);
        undoRefused(/names .*: (inside \.git|not a path inside|.*belongs to this tool)/);
      }
    });

    it('refuses a repository path through a link out of it, before reading the backups', () => {
      symlinkSync('../outside', join(repo, 'home'));
      manifest('2999', [{ path: 'home/.profile', action: 'create', backup: false, beforeSha256: null, afterSha256: sha256('export PATH=/usr/bin\n') }]);
      const before = snapshot(base);
      assert.throws(() => undoLatest(repo), /symbolic link that leads outside the repository/);
      assert.deepEqual(snapshot(base), before);
    });
  });
});
