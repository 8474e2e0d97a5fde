/** `multistage-migrate batch` through the compiled CLI: statuses, modes, exit codes, reports, patch. */
import { strict as assert } from 'node:assert';
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CLI } from '../helpers/cli';
import { listSamples, readTree } from '../helpers/samples';
import { hasExpected, makeClones } from '../batch/clones';

function batch(args: string[], env: Record<string, string> = {}, cwd = process.cwd()) {
  const r = spawnSync(process.execPath, [CLI, 'batch', ...args], { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', DRY_RUN: '', ...env } });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

const git = (dir: string, ...args: string[]) => execFileSync('git', ['-C', dir, ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });

function commitAll(dir: string): void {
  git(dir, 'init', '-q');
  git(dir, 'add', '-A');
  git(dir, '-c', 'user.name=t', '-c', 'user.email=t@e', 'commit', '-qm', 'legacy');
}

/** Files of a tree, minus git's own, backups and empty directories (which git does not keep). */
function contentTree(dir: string): [string, string][] {
  return [...readTree(dir).entries()].filter(([p]) => !/(^|\/)(\.git|\.multistage-migrate-backup)\//.test(p));
}

describe('command line: batch', function () {
  this.timeout(60000);
  const made: string[] = [];
  after(() => made.forEach((d) => rmSync(join(d, '..'), { recursive: true, force: true })));
  const clones = (...args: Parameters<typeof makeClones>) => {
    const d = makeClones(...args);
    made.push(d);
    return d;
  };

  it('dry run (the default): one line per setup to act on, sorted; the summary; exit 2 when one is refused; nothing written', () => {
    const dir = clones([
      { sample: 'go-create-cp', as: 'web' },
      { sample: 'refuse-cp-file-trailing-slash', as: 'api' },
      { sample: 'go-create-cp', kind: 'expected', as: 'done' },
      { sample: 'maven-run-cat', as: 'mono', at: 'services/jar' },
    ]);
    const before = readTree(dir);
    const r = batch([dir]);
    assert.equal(r.status, 2, r.stderr);
    const lines = r.stdout.split('\n').filter((l) => /^(would migrate|refused|failed) /.test(l));
    assert.deepEqual(lines.map((l) => l.replace(/ {2,}/g, '  ')), [
      'refused  clones/api  build.sh:5: LEGACY_CP_FAILS',
      'would migrate  clones/mono/services/jar  build.sh → one multi-stage Dockerfile',
      'would migrate  clones/web  build.sh → one multi-stage Dockerfile',
    ]);
    assert.match(r.stdout, /multistage-migrate batch \(dry run\): 4 repositories, 4 setups in/);
    assert.match(r.stdout, /^ {2}would migrate +2$/m);
    assert.match(r.stdout, /^ {2}already multi-stage +1$/m);
    assert.match(r.stdout, /^ {2}refused +1$/m);
    assert.match(r.stdout, /refused because: LEGACY_CP_FAILS 1/);
    assert.deepEqual(readTree(dir), before, 'a dry run wrote something');
    const verbose = batch([dir, '--verbose']);
    assert.match(verbose.stdout, /^already multi-stage +clones\/done {2}Dockerfile$/m);
    const quiet = batch([dir, '--quiet']);
    assert.doesNotMatch(quiet.stdout, /^would migrate/m);
    assert.match(quiet.stdout, /^ {2}total +4$/m);
  });

  it('--check: 1 when a setup would be migrated, 0 on migrated repositories (a fixed point), 2 when one is refused', () => {
    assert.equal(batch([clones([{ sample: 'go-create-cp' }, { sample: 'c-makefile' }]), '--check']).status, 1);
    const migrated = listSamples().filter((s) => hasExpected(s.name) && !s.spec.args?.length);
    const done = batch([clones(migrated.map((s) => ({ sample: s.name, kind: 'expected' as const }))), '--check']);
    assert.equal(done.status, 0, done.stdout);
    assert.match(done.stdout, new RegExp(`${migrated.length} repositories`));
    assert.equal(batch([clones([{ sample: 'go-create-cp' }, { sample: 'refuse-cp-in-if' }]), '--check']).status, 2);
  });

  it('--patch applies with git apply from the roots’ parent and gives what --write writes; --write then checks clean', () => {
    const specs = listSamples()
      .filter((s) => !s.spec.args?.length)
      .map((s) => ({ sample: s.name }));
    specs.push({ sample: 'go-create-cp', as: 'mono', at: 'services/a' } as { sample: string }, { sample: 'node-dist-nginx', as: 'mono', at: 'services/b' } as { sample: string });
    const a = clones(specs);
    const b = clones(specs);
    const dry = batch([a, '--patch', join(a, '..', 'all.patch'), '--report', join(a, '..', 'report.json')]);
    assert.equal(dry.status, 2, 'the samples include refusals');
    const patch = readFileSync(join(a, '..', 'all.patch'), 'utf8');
    assert.match(patch, /^deleted file mode 100644$/m);
    assert.match(patch, /^diff --git a\/clones\/mono\/services\/b\/Dockerfile b\/clones\/mono\/services\/b\/Dockerfile$/m);
    execFileSync('git', ['apply', '--whitespace=nowarn', 'all.patch'], { cwd: join(a, '..') });
    const write = batch([b, '--write']);
    assert.equal(write.status, 2);
    assert.match(write.stdout, /^migrated +clones\/go-create-cp /m);
    const ta = contentTree(a);
    const tb = contentTree(b);
    assert.deepEqual(ta.map(([p]) => p), tb.map(([p]) => p));
    assert.deepEqual(ta, tb);
    const again = batch([b, '--check']);
    assert.doesNotMatch(again.stdout, /^would migrate/m, 'migrated setups check clean');
    const report = JSON.parse(readFileSync(join(a, '..', 'report.json'), 'utf8')) as { setups: { repository: string; status: string; files: { path: string }[] }[] };
    const inPatch = new Set([...patch.matchAll(/^diff --git a\/(\S+) /gm)].map((m) => m[1]));
    const inReport = report.setups.flatMap((s) => s.files.map((f) => `${s.repository}/${f.path}`));
    assert.deepEqual(inReport.sort(), [...inPatch].sort(), 'the patch holds exactly the files the report lists');
    assert.ok(report.setups.filter((s) => s.status === 'would-migrate').every((s) => s.files.length > 0));
  });

  it('--write refuses a repository with uncommitted changes to a file it would touch, unless --allow-dirty; other repositories are written', () => {
    const dir = clones([{ sample: 'go-create-cp', as: 'dirty' }, { sample: 'go-create-cp', as: 'clean' }, { sample: 'c-makefile', as: 'untracked' }]);
    for (const n of ['dirty', 'clean', 'untracked']) commitAll(join(dir, n));
    writeFileSync(join(dir, 'dirty', 'build.sh'), `${readFileSync(join(dir, 'dirty', 'build.sh'), 'utf8')}# local edit\n`);
    git(join(dir, 'untracked'), 'rm', '-q', '--cached', 'Makefile');
    // The dry run and --check predict --write: the same refusals, the same lines, nothing written.
    const before = readTree(dir);
    for (const mode of ['--dry-run', '--check']) {
      const dry = batch([dir, mode]);
      assert.equal(dry.status, 2, mode);
      assert.match(dry.stdout, /^refused +clones\/dirty {2}build\.sh: UNCOMMITTED_CHANGES$/m, mode);
      assert.match(dry.stdout, /^refused +clones\/untracked {2}Makefile: UNCOMMITTED_CHANGES$/m, mode);
      assert.match(dry.stdout, /^would migrate +clones\/clean /m, mode);
    }
    assert.match(batch([dir, '--dry-run', '--allow-dirty']).stdout, /^would migrate +clones\/dirty /m);
    assert.deepEqual(readTree(dir), before, 'a dry run wrote something');
    const r = batch([dir, '--write', '--report', join(dir, '..', 'r.json')]);
    assert.equal(r.status, 2);
    assert.match(r.stdout, /^refused +clones\/dirty {2}build\.sh: UNCOMMITTED_CHANGES$/m);
    assert.match(r.stdout, /^refused +clones\/untracked {2}Makefile: UNCOMMITTED_CHANGES$/m);
    assert.match(r.stdout, /^migrated +clones\/clean /m);
    assert.ok(existsSync(join(dir, 'dirty', 'Dockerfile.build')), 'nothing was written in the dirty repository');
    assert.ok(!existsSync(join(dir, 'clean', 'Dockerfile.build')));
    assert.ok(!existsSync(join(dir, 'clean', '.multistage-migrate-backup')), 'git can give back tracked files: no backup');
    const report = JSON.parse(readFileSync(join(dir, '..', 'r.json'), 'utf8')) as { setups: { repository: string; findings: { code: string }[] }[] };
    assert.ok(report.setups.find((s) => s.repository === 'clones/dirty')?.findings.some((f) => f.code === 'UNCOMMITTED_CHANGES'));
    const forced = batch([dir, '--write', '--allow-dirty']);
    assert.equal(forced.status, 0, forced.stdout);
    assert.ok(!existsSync(join(dir, 'dirty', 'Dockerfile.build')));
    assert.ok(existsSync(join(dir, 'dirty', '.multistage-migrate-backup')), 'the uncommitted build.sh was backed up');
  });

  it('`batch .` in a repository: lines and the patch use its own paths; the patch applies there with plain git apply', () => {
    const dir = clones([{ sample: 'maven-run-cat', as: 'mono', at: 'services/jar' }]);
    const repo = join(dir, 'mono');
    commitAll(repo);
    const patch = join(dir, '..', 'mono.patch');
    const r = batch(['.', '--patch', patch], {}, repo);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /^would migrate +services\/jar {2}build\.sh → one multi-stage Dockerfile$/m);
    assert.match(readFileSync(patch, 'utf8'), /^diff --git a\/services\/jar\/Dockerfile b\/services\/jar\/Dockerfile$/m);
    execFileSync('git', ['apply', '--whitespace=nowarn', patch], { cwd: repo });
    assert.equal(batch(['.', '--check'], {}, repo).status, 0, 'the applied patch leaves nothing to migrate');
  });

  it('reports: markdown from the file name, json by default or by --format', () => {
    const dir = clones([{ sample: 'go-create-cp' }, { sample: 'refuse-cp-outside-repo' }, { sample: 'go-create-cp', kind: 'expected', as: 'done' }]);
    const md = join(dir, '..', 'summary.md');
    batch([dir, '--report', md]);
    const text = readFileSync(md, 'utf8');
    assert.match(text, /^## multistage-migrate batch \(dry run\)/);
    assert.match(text, /^### Would migrate in `clones\/go-create-cp`/m);
    assert.match(text, /^### Refused in `clones\/refuse-cp-outside-repo`/m);
    assert.match(text, /```diff\ndiff --git a\/Dockerfile b\/Dockerfile\n/);
    assert.match(text, /\| `clones\/done` \| already multi-stage \|/);
    const json = join(dir, '..', 'report.txt');
    batch([dir, '--report', json, '--format', 'json']);
    const doc = JSON.parse(readFileSync(json, 'utf8')) as { mode: string; setups: { repository: string; status: string; findings: { code: string; file: string; line: number }[]; moves: unknown[]; files: { path: string; action: string }[] }[] };
    assert.equal(doc.mode, 'dry-run');
    const migrate = doc.setups.find((s) => s.repository === 'clones/go-create-cp');
    assert.ok(migrate && migrate.moves.length > 0);
    assert.deepEqual(migrate.files.map((f) => `${f.action} ${f.path}`).sort(), ['delete Dockerfile.build', 'rewrite Dockerfile', 'rewrite build.sh']);
    const refused = doc.setups.find((s) => s.repository === 'clones/refuse-cp-outside-repo');
    assert.ok(refused?.findings.some((f) => f.code === 'PATH_OUTSIDE_REPOSITORY' && f.file === 'build.sh' && f.line > 0));
  });

  it('bad usage exits 2 with one line: two modes, a missing root, a bad --concurrency', () => {
    const dir = clones([{ sample: 'go-create-cp' }]);
    for (const [args, message] of [
      [['--write', '--check', dir], /choose one of --dry-run, --write and --check/],
      [[join(dir, 'missing')], /is not a directory/],
      [['--concurrency', '0', dir], /--concurrency must be a whole number of at least 1/],
    ] as [string[], RegExp][]) {
      const r = batch(args);
      assert.equal(r.status, 2, args.join(' '));
      assert.match(r.stderr, message);
      assert.doesNotMatch(r.stderr, /at .*\.js:\d+/, 'a stack trace leaked');
    }
  });

  it('DRY_RUN=true (multi-gitter --dry-run) turns --write into a dry run', () => {
    const dir = clones([{ sample: 'go-create-cp' }]);
    const r = batch([dir, '--write'], { DRY_RUN: 'true' });
    assert.equal(r.status, 0);
    assert.match(r.stderr, /DRY_RUN is set/);
    assert.match(r.stdout, /^would migrate +clones\/go-create-cp/m);
    assert.ok(existsSync(join(dir, 'go-create-cp', 'Dockerfile.build')));
  });

  it('help: the root lists batch; batch --help shows its exit codes; a root option before batch is fine', () => {
    const root = spawnSync(process.execPath, [CLI, '--help'], { encoding: 'utf8' });
    assert.match(root.stdout, /^ {2}batch <roots\.\.\.> +migrate every builder-pattern setup/m);
    const help = batch(['--help']);
    assert.equal(help.status, 0);
    assert.match(help.stdout, /Exit codes:\n {2}0 {2}done, or nothing to do\n {2}1 {2}--check found/);
    const dir = clones([{ sample: 'go-create-cp' }]);
    cpSync(join(dir, 'go-create-cp'), join(dir, 'copy'), { recursive: true });
    const r = spawnSync(process.execPath, [CLI, '--no-color', 'batch', dir, '--check'], { encoding: 'utf8' });
    assert.equal(r.status, 1, r.stderr);
  });
});
