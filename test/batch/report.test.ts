/** Review output: markdown sections and summaries, streamed report files, progress, the table. */
import { strict as assert } from 'node:assert';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { migrateRepository } from '../../src/app/migrate';
import { createProgress } from '../../src/batch/progress';
import { jsonSink, markdownSink } from '../../src/batch/sinks';
import { Tally, summaryTable } from '../../src/batch/summary';
import type { RepoResult, SetupSummary } from '../../src/batch/types';
import { gitPatch } from '../../src/diff/patch';
import { openRepo } from '../../src/io/repo-fs';
import { loadShellParser, ShellParser } from '../../src/parse/shell/parser';
import { loadTemplates } from '../../src/render/templates';
import { batchSummaryMarkdown, code, findingRecord, setupMarkdown, singleRepoMarkdown } from '../../src/report/markdown';
import { SAMPLES_DIR } from '../helpers/samples';

describe('report/markdown', () => {
  let parser: ShellParser;
  before(async () => {
    parser = await loadShellParser();
  });
  const outcomeOf = (sample: string) => migrateRepository(openRepo(join(SAMPLES_DIR, sample, 'input')), (t) => parser.parse(t), loadTemplates(), { dir: '', buildkit: false, keepLegacy: false });

  it('a migration: what moved from which line, the files, the diff in a fenced block, the findings', () => {
    const outcome = outcomeOf('go-create-cp');
    assert.ok(outcome.plan);
    const md = singleRepoMarkdown(outcome, 'dry-run');
    assert.match(md, /^### multistage-migrate: Would migrate: builder pattern → one multi-stage `Dockerfile`$/m);
    for (const m of outcome.plan.moves) {
      assert.ok(md.includes(code(`${m.builderStage}:${m.builderPath}`)), m.builderPath);
      for (const e of m.evidence) assert.ok(md.includes(code(e.slice(0, e.indexOf(': ')))), e);
    }
    assert.ok(md.includes(`\`\`\`diff\n${gitPatch(outcome.plan.files)}\`\`\``), 'the whole patch, fenced');
    for (const f of outcome.plan.files) assert.ok(md.includes(code(f.path)), f.path);
    for (const f of outcome.findings) assert.ok(md.includes(`**${f.code}**`), f.code);
    assert.match(md, /npx multistage-migrate --yes/);
  });

  it('a refusal: every blocking finding with its file:line, no diff', () => {
    const outcome = outcomeOf('refuse-cp-file-trailing-slash');
    const md = singleRepoMarkdown(outcome, 'check');
    assert.match(md, /^### multistage-migrate: Refused: /m);
    assert.match(md, /- `build\.sh:5` \*\*LEGACY_CP_FAILS\*\* \(error\): /);
    assert.doesNotMatch(md, /```diff/);
  });

  it('nothing to do, migrated', () => {
    const section = (status: 'already-multi-stage' | 'no-builder-pattern' | 'migrated') => setupMarkdown({ where: 'clones/x', status, outcome: null, findings: [], error: null, patch: '' });
    assert.match(section('already-multi-stage'), /^### Nothing to do in `clones\/x`: already multi-stage/);
    assert.match(section('no-builder-pattern'), /^### Nothing to do in `clones\/x`: no builder pattern found/);
    const outcome = outcomeOf('go-create-cp');
    assert.match(singleRepoMarkdown(outcome, 'apply'), /^### multistage-migrate: Migrated:/);
  });

  it('inline code survives backticks and table pipes; a fence outgrows the backticks inside', () => {
    assert.equal(code('a|b'), '`a\\|b`');
    assert.equal(code('x `y` z'), '`` x `y` z ``');
    const md = setupMarkdown({ where: '', status: 'would-migrate', outcome: null, findings: [], error: null, patch: 'diff --git a/x b/x\n+````\n' });
    assert.match(md, /^`````diff$/m);
  });

  it('finding text cannot inject HTML or break a list', () => {
    const md = setupMarkdown({ where: '', status: 'refused', outcome: null, findings: [{ code: 'X', severity: 'error', message: '<script> | a\nb', file: 'f', line: 2 }], error: null, patch: '' });
    assert.match(md, /- `f:2` \*\*X\*\* \(error\): &lt;script&gt; \\\| a b/);
  });

  it('findingRecord keeps code, severity, message and place', () => {
    assert.deepEqual(findingRecord({ code: 'LEGACY_CP_FAILS', severity: 'error', message: 'm', location: { file: 'b.sh', line: 3 } }), { code: 'LEGACY_CP_FAILS', severity: 'error', message: 'm', file: 'b.sh', line: 3 });
  });

  it('batch summary: counts of the statuses that occurred, refusal codes by frequency', () => {
    const t = new Tally();
    t.addRepository([summary('a', 'would-migrate'), summary('b', 'refused', ['LEGACY_CP_FAILS']), summary('c', 'refused', ['LEGACY_CP_FAILS', 'GLUE_LOOP_DOCKER'])]);
    const md = batchSummaryMarkdown({ mode: 'dry run', repositories: t.repositories, counts: t.counts, codes: t.codes, seconds: 1.26 });
    assert.match(md, /^## multistage-migrate batch \(dry run\)$/m);
    assert.match(md, /^1 repository, 3 setups, 1\.3 s\.$/m);
    assert.match(md, /^\| would migrate \| 1 \|$/m);
    assert.match(md, /^\| refused \| 2 \|$/m);
    assert.doesNotMatch(md, /\| failed \|/);
    assert.match(md, /\| LEGACY_CP_FAILS \| 2 \|\n\| GLUE_LOOP_DOCKER \| 1 \|/);
  });
});

function summary(repository: string, status: SetupSummary['status'], codes: string[] = []): SetupSummary {
  return { repository, directory: '', status, codes, error: null, detail: codes.join(', ') };
}

function result(setups: SetupSummary[], md: string[] = [], json: string[] = []): RepoResult {
  return { setups, markdown: md, json, patch: '' };
}

describe('batch/sinks', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'mm-sinks-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('json: a valid document with the setups in order and the summary, also when empty', () => {
    for (const docs of [[], ['{"repository":"a"}', '{"repository":"b"}']]) {
      const path = join(dir, 'r.json');
      const sink = jsonSink(path, { version: '1', mode: 'check', base: '/x' });
      const t = new Tally();
      if (docs.length) sink.add(result([summary('a', 'would-migrate'), summary('b', 'no-builder-pattern')], [], docs));
      t.addRepository(docs.length ? [summary('a', 'would-migrate'), summary('b', 'no-builder-pattern')] : []);
      sink.close(t, 2);
      const doc = JSON.parse(readFileSync(path, 'utf8')) as { mode: string; base: string; setups: { repository: string }[]; summary: { setups: number; seconds: number } };
      assert.equal(doc.mode, 'check');
      assert.equal(doc.base, '/x');
      assert.deepEqual(doc.setups.map((s) => s.repository), docs.length ? ['a', 'b'] : []);
      assert.equal(doc.summary.setups, docs.length);
    }
  });

  it('markdown: the summary first, then the sections to act on, then the quiet ones folded; no temporary files left', () => {
    const path = join(dir, 'r.md');
    const sink = markdownSink(path, 'dry-run');
    const t = new Tally();
    const batches = [
      result([summary('r1', 'would-migrate'), summary('r1b', 'already-multi-stage')], ['### Would migrate in `r1`', '### Nothing to do in `r1b`']),
      result([summary('r2', 'refused', ['LEGACY_CP_FAILS'])], ['### Refused in `r2`']),
    ];
    for (const b of batches) {
      sink.add(b);
      t.addRepository(b.setups);
    }
    sink.close(t, 1);
    const md = readFileSync(path, 'utf8');
    const at = (s: string) => md.indexOf(s);
    assert.ok(at('## multistage-migrate batch (dry run)') === 0);
    assert.ok(at('### Would migrate in `r1`') > 0 && at('### Would migrate in `r1`') < at('### Refused in `r2`'));
    assert.ok(at('<details><summary>Nothing to do (1)</summary>') > at('### Refused in `r2`'));
    assert.match(md, /\| `r1b` \| already multi-stage \|/);
    assert.doesNotMatch(md, /### Nothing to do in `r1b`/);
    assert.deepEqual(readdirSync(dir), ['r.md']);
  });

  it('abort removes the temporary files', () => {
    const sink = markdownSink(join(dir, 'r.md'), 'write');
    sink.abort();
    assert.ok(!existsSync(join(dir, 'r.md.sections.tmp')));
  });
});

describe('batch/progress and summary table', () => {
  const target = (tty: boolean) => {
    const err: string[] = [];
    const out: string[] = [];
    return { err, out, t: { err: (s: string) => err.push(s), out: (s: string) => out.push(s), tty, columns: 100, silent: false } };
  };

  it('on a terminal: a bar redrawn in place, cleared around result lines and at the end', () => {
    let now = 0;
    const { err, out, t } = target(true);
    const p = createProgress(10, t, () => now);
    now = 500;
    p.update(5);
    assert.match(err.join(''), /\r\x1b\[2Kbatch \[#+-+\] 5\/10 repositories {2}10\/s {2}ETA 1s/);
    p.line('would migrate  x\n');
    assert.deepEqual(out, ['would migrate  x\n']);
    assert.equal(err[err.length - 2], '\r\x1b[2K');
    p.finish();
    assert.equal(err[err.length - 1], '\r\x1b[2K');
  });

  it('elsewhere: plain lines, and only for runs longer than 2 s', () => {
    let now = 0;
    const { err, t } = target(false);
    const p = createProgress(100, t, () => now);
    now = 1000;
    p.update(50);
    assert.deepEqual(err, []);
    now = 3000;
    p.update(60);
    now = 3100;
    p.update(61);
    assert.deepEqual(err, ['batch: 60/100 repositories (60%), 20/s\n']);
    p.finish();
  });

  it('--no-progress: nothing on stderr, result lines still on stdout', () => {
    const { err, out, t } = target(true);
    const p = createProgress(2, { ...t, silent: true });
    p.update(1);
    p.line('x\n');
    p.finish();
    assert.deepEqual(err, []);
    assert.deepEqual(out, ['x\n']);
  });

  it('the end-of-run table: counts per status, total and refusal codes', () => {
    const t = new Tally();
    t.addRepository([summary('a', 'would-migrate'), summary('b', 'refused', ['PATH_OUTSIDE_REPOSITORY'])]);
    t.addRepository([summary('c', 'no-builder-pattern')]);
    const table = summaryTable(t, 'check', 0.25);
    assert.match(table, /multistage-migrate batch \(check\): 2 repositories, 3 setups in 0\.3 s/);
    assert.match(table, /^ {2}would migrate +1$/m);
    assert.match(table, /^ {2}refused +1$/m);
    assert.match(table, /^ {2}failed +0$/m);
    assert.match(table, /^ {2}total +3$/m);
    assert.match(table, /refused because: PATH_OUTSIDE_REPOSITORY 1/);
  });
});
