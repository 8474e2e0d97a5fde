/**
 * Code review and org-scale recipes: the single-repository `--format markdown`, the regression
 * guard (a migrated repository checks clean), the GitHub Actions examples run as CI would run
 * their migrate step, and the multi-gitter recipe (`--yes` under DRY_RUN=true is a dry run).
 */
import { strict as assert } from 'node:assert';
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CLI, runCli } from '../helpers/cli';
import { SAMPLES_DIR, listSamples, readTree } from '../helpers/samples';
import { hasExpected } from '../batch/clones';

const EXAMPLES = join(__dirname, '..', '..', 'examples', 'github-actions');

const git = (dir: string, ...args: string[]) => execFileSync('git', ['-C', dir, ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });

function commitAll(dir: string): void {
  git(dir, 'init', '-q');
  git(dir, 'add', '-A');
  git(dir, '-c', 'user.name=t', '-c', 'user.email=t@e', 'commit', '-qm', 'legacy');
}

/** The `run: |` script of the workflow step with `id: <id>` (the examples keep to this form). */
function stepScript(workflow: string, id: string): string {
  const lines = workflow.split('\n');
  const at = lines.findIndex((l) => l.trim() === `id: ${id}`);
  assert.ok(at >= 0, `no step with id ${id}`);
  const run = lines.findIndex((l, i) => i > at && /^\s+run: \|$/.test(l));
  const indent = (lines[run].match(/^\s*/) as RegExpMatchArray)[0].length;
  const body: string[] = [];
  for (const l of lines.slice(run + 1)) {
    if (l.trim() !== '' && (l.match(/^\s*/) as RegExpMatchArray)[0].length <= indent) break;
    body.push(l.slice(indent + 2));
  }
  return body.join('\n');
}

/** Runs a workflow step's script as Actions would (bash -e), with npx replaced by the compiled CLI. */
function runStep(script: string, cwd: string, env: Record<string, string> = {}): { output: Record<string, string>; summary: string; status: number | null; stderr: string } {
  const out = join(cwd, '..', `gh-output-${process.hrtime.bigint()}`);
  const summary = join(cwd, '..', `gh-summary-${process.hrtime.bigint()}`);
  writeFileSync(out, '');
  writeFileSync(summary, '');
  const local = script.replace(/npx --yes multistage-migrate@\S+/g, `"${process.execPath}" "${CLI}"`);
  assert.notEqual(local, script, 'the step runs multistage-migrate through npx');
  const r = spawnSync('bash', ['-e', '-c', local], { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', DRY_RUN: '', GITHUB_OUTPUT: out, GITHUB_STEP_SUMMARY: summary, ...env } });
  const output = Object.fromEntries(
    readFileSync(out, 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((l) => l.split('=', 2) as [string, string]),
  );
  return { output, summary: readFileSync(summary, 'utf8'), status: r.status, stderr: r.stderr };
}

describe('review output and runner recipes', function () {
  this.timeout(60000);
  const dirs: string[] = [];
  after(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));
  const copy = (name: string, kind: 'input' | 'expected' = 'input') => {
    const parent = mkdtempSync(join(tmpdir(), `mm-review-${name}-`));
    dirs.push(parent);
    const d = join(parent, name);
    cpSync(join(SAMPLES_DIR, name, kind), d, { recursive: true, verbatimSymlinks: true });
    return d;
  };

  describe('single repository --format markdown', () => {
    it('--dry-run: a pull-request comment with the moves, the fenced diff and the findings; exit 0', () => {
      const d = copy('go-create-cp');
      const r = runCli(['--dry-run', '--format', 'markdown', d]);
      assert.equal(r.status, 0, r.stderr);
      assert.match(r.stdout, /^### multistage-migrate: Would migrate: builder pattern → one multi-stage `Dockerfile`$/m);
      assert.match(r.stdout, /\| `myapp-builder:\/go\/bin\/myapp` \| `\/usr\/local\/bin\/` .*`build\.sh:11` docker cp/);
      const diff = runCli(['--dry-run', d]).stdout;
      assert.ok(r.stdout.includes(`\`\`\`diff\n${diff}\`\`\``), 'the --dry-run patch, fenced');
      const json = JSON.parse(runCli(['--dry-run', '--format', 'json', d]).stdout) as { findings: { code: string; severity: string }[] };
      for (const f of json.findings) assert.ok(r.stdout.includes(`**${f.code}** (${f.severity})`), f.code);
    });

    it('--check exits 1 with the same summary; a refusal lists file:line CODE and exits 2; the wizard cannot print markdown', () => {
      assert.equal(runCli(['--check', '--format', 'markdown', copy('go-create-cp')]).status, 1);
      const refused = runCli(['--check', '--format', 'markdown', copy('refuse-cp-in-if')]);
      assert.equal(refused.status, 2);
      assert.match(refused.stdout, /^### multistage-migrate: Refused/m);
      assert.match(refused.stdout, /`build\.sh:11` \*\*GLUE_CONDITIONAL_DOCKER\*\*/);
      assert.equal(runCli(['--format', 'markdown', copy('go-create-cp')], process.cwd(), '').status, 2);
    });

    it('--yes --format markdown writes and says Migrated', () => {
      const d = copy('go-create-cp');
      const r = runCli(['--yes', '--format', 'markdown', d]);
      assert.equal(r.status, 0);
      assert.match(r.stdout, /^### multistage-migrate: Migrated:/m);
      assert.equal(runCli(['--check', d]).status, 0);
    });
  });

  describe('regression guard: a migrated repository is a fixed point', () => {
    for (const sample of listSamples().filter((s) => hasExpected(s.name))) {
      it(`${sample.name}: --check on expected/ exits 0 and --dry-run changes nothing`, () => {
        const d = copy(sample.name, 'expected');
        const args = sample.spec.args ?? [];
        const check = runCli(['--check', ...args, d]);
        assert.equal(check.status, 0, check.stdout + check.stderr);
        assert.equal(runCli(['--dry-run', ...args, d]).stdout, '');
      });
    }
  });

  describe('multi-gitter: multi-gitter run "npx multistage-migrate --yes"', () => {
    const run = (cwd: string, env: Record<string, string>) => spawnSync(process.execPath, [CLI, '--yes'], { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', DRY_RUN: '', REPOSITORY: 'my-org/app', ...env } });

    it('with DRY_RUN=true (multi-gitter --dry-run) --yes acts as --dry-run: the patch is printed, nothing is written', () => {
      const d = copy('go-create-cp');
      commitAll(d);
      const r = run(d, { DRY_RUN: 'true' });
      assert.equal(r.status, 0, r.stderr);
      assert.equal(r.stdout, runCli(['--dry-run', d]).stdout);
      assert.match(r.stderr, /DRY_RUN is set, so --yes acts as --dry-run/);
      assert.equal(git(d, 'status', '--porcelain'), '', 'the work tree is untouched');
    });

    it('without DRY_RUN the change is made in the clone (multi-gitter then commits it and opens the pull request)', () => {
      const d = copy('go-create-cp');
      commitAll(d);
      const r = run(d, {});
      assert.equal(r.status, 0, r.stderr);
      assert.deepEqual(git(d, 'status', '--porcelain').split('\n').filter(Boolean).sort(), [' D Dockerfile.build', ' M Dockerfile', ' M build.sh']);
    });

    it('a refused or already migrated repository changes nothing (no pull request); a refusal exits non-zero', () => {
      const refused = copy('refuse-cp-file-trailing-slash');
      commitAll(refused);
      assert.equal(run(refused, {}).status, 2);
      assert.equal(git(refused, 'status', '--porcelain'), '');
      const done = copy('go-create-cp', 'expected');
      commitAll(done);
      assert.equal(run(done, {}).status, 0);
      assert.equal(git(done, 'status', '--porcelain'), '');
    });
  });

  describe('examples/github-actions', () => {
    const workflow = readFileSync(join(EXAMPLES, 'multistage-migrate.yml'), 'utf8');

    it('the pull-request workflow runs on changes to Dockerfiles and build scripts, comments, and fails on work', () => {
      assert.match(workflow, /^on:\n {2}pull_request:\n {4}paths:\n/m);
      // Every kind of file the tool migrates: Dockerfiles, scripts, Makefiles and CI files.
      for (const p of ["'**/Dockerfile'", "'**/Dockerfile.*'", "'**/*.sh'", "'**/Makefile'", "'**/*.mk'", "'**/.gitlab-ci.yml'", "'**/.travis.yml'", "'.github/workflows/*.yml'", "'.github/workflows/*.yaml'"]) assert.ok(workflow.includes(`- ${p}`), p);
      assert.match(workflow, /gh pr comment "\$PR" --body-file migrate-summary\.md/);
      assert.match(workflow, /if: steps\.migrate\.outputs\.code != '0'\n(.*\n)*? {10}exit 1/);
    });

    it('its migrate step, run as CI runs it: code 1 and a summary for a legacy repository, 0 for a migrated one, 2 for a refusal', () => {
      const script = stepScript(workflow, 'migrate');
      assert.match(script, /--check/);
      const legacy = copy('fullstack-two-builders');
      commitAll(legacy);
      const work = runStep(script, legacy);
      assert.equal(work.status, 0, work.stderr);
      assert.equal(work.output.code, '1');
      const summary = readFileSync(join(legacy, 'migrate-summary.md'), 'utf8');
      assert.match(summary, /^## multistage-migrate batch \(check\)/);
      assert.match(summary, /### Would migrate in `\.`/);
      assert.match(summary, /```diff\ndiff --git a\/Dockerfile b\/Dockerfile/);
      assert.equal(work.summary, summary, 'the job summary shows the same');
      // The kept patch applies in the repository with plain git apply, as the workflow's header says.
      execFileSync('git', ['apply', '--whitespace=nowarn', 'migrate.patch'], { cwd: legacy });
      assert.equal(runCli(['--check', legacy]).status, 0);

      assert.equal(runStep(script, copy('go-create-cp', 'expected')).output.code, '0');
      assert.equal(runStep(script, copy('refuse-cp-outside-repo')).output.code, '2');
    });

    it('the org matrix recipe: one plain run per repository, reports and patch kept', () => {
      const matrix = readFileSync(join(EXAMPLES, 'org-matrix.yml'), 'utf8');
      assert.match(matrix, /strategy:\n {6}fail-fast: false\n(.*\n)*? {6}matrix:\n {8}repo:\n/);
      const script = stepScript(matrix, 'migrate');
      const d = copy('go-create-cp');
      const workspace = join(d, '..');
      cpSync(d, join(workspace, 'repo'), { recursive: true });
      const r = runStep(script, workspace, { REPO: 'my-org/go-create-cp' });
      assert.equal(r.status, 0, r.stderr);
      assert.deepEqual(r.output, { code: '1', name: 'my-org-go-create-cp' });
      const report = JSON.parse(readFileSync(join(workspace, 'out', 'my-org-go-create-cp.json'), 'utf8')) as { setups: { repository: string; status: string }[] };
      assert.deepEqual(report.setups.map((s) => `${s.repository} ${s.status}`), ['repo would-migrate']);
      const before = readTree(join(workspace, 'repo'));
      execFileSync('git', ['apply', '--whitespace=nowarn', join('out', 'my-org-go-create-cp.patch')], { cwd: workspace });
      assert.notDeepEqual(readTree(join(workspace, 'repo')), before);
      assert.equal(runCli(['--check', join(workspace, 'repo')]).status, 0);
    });
  });
});
