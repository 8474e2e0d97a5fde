/**
 * Golden samples: every `samples/<name>/input/` migrates to exactly `expected/` (or is refused
 * with exactly the findings in sample.json). `UPDATE_GOLDEN=1 npm test` rewrites the
 * expectations; review that diff like code.
 */
import { strict as assert } from 'node:assert';
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync, chmodSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { migrateRepository } from '../../src/app/migrate';
import { formatFinding } from '../../src/core/findings';
import { openRepo } from '../../src/io/repo-fs';
import { loadShellParser, ShellParser } from '../../src/parse/shell/parser';
import { loadTemplates } from '../../src/render/templates';
import { listSamples, readTree, Sample, targetRuleArg } from '../helpers/samples';

const UPDATE = process.env.UPDATE_GOLDEN === '1';

function migrate(sample: Sample, parser: ShellParser) {
  const args = sample.spec.args ?? [];
  return migrateRepository(openRepo(join(sample.dir, 'input')), (t) => parser.parse(t), loadTemplates(), {
    dir: '',
    buildkit: args.includes('--buildkit'),
    keepLegacy: args.includes('--keep-legacy'),
    ...(targetRuleArg(args) !== undefined ? { targetRule: targetRuleArg(args) } : {}),
  });
}

/** The input tree with the plan's changes applied, in a temporary directory. */
function applied(sample: Sample, files: { path: string; after: string | null; mode: number }[]): string {
  const dir = mkdtempSync(join(tmpdir(), `golden-${sample.name}-`));
  cpSync(join(sample.dir, 'input'), dir, { recursive: true, verbatimSymlinks: true });
  for (const f of files) {
    const target = join(dir, f.path);
    if (f.after === null) rmSync(target, { force: true });
    else {
      mkdirSync(join(target, '..'), { recursive: true });
      writeFileSync(target, f.after);
      if (f.mode === 0o100755) chmodSync(target, 0o755);
    }
  }
  return dir;
}

describe('golden samples', function () {
  let parser: ShellParser;
  before(async () => {
    parser = await loadShellParser();
  });

  const only = process.env.SAMPLE?.split(',');
  for (const sample of listSamples().filter((s) => !only || only.includes(s.name))) {
    it(`${sample.name}: ${sample.spec.expect}`, () => {
      const outcome = migrate(sample, parser);
      const errors = outcome.findings.filter((f) => f.severity === 'error').map((f) => formatFinding(f).split(' ').slice(0, 2).join(' '));
      if (sample.spec.expect === 'refuse') {
        if (UPDATE) return writeSpec(sample, { ...sample.spec, findings: errors });
        assert.equal(outcome.status, 'refused', `expected a refusal, got ${outcome.status}`);
        assert.deepEqual(errors, sample.spec.findings);
        return;
      }
      if (sample.spec.expect === 'nothing') {
        assert.notEqual(outcome.status, 'migrate');
        assert.notEqual(outcome.status, 'refused');
        return;
      }
      assert.equal(outcome.status, 'migrate', `refused: ${outcome.findings.map(formatFinding).join('\n')}`);
      const dir = applied(sample, outcome.plan?.files ?? []);
      try {
        const expectedDir = join(sample.dir, 'expected');
        if (UPDATE) {
          rmSync(expectedDir, { recursive: true, force: true });
          cpSync(dir, expectedDir, { recursive: true, verbatimSymlinks: true });
          return;
        }
        const got = readTree(dir);
        const want = readTree(expectedDir);
        assert.deepEqual([...got.keys()], [...want.keys()], 'the files after the migration differ from expected/');
        for (const [path, content] of want) assert.equal(got.get(path), content, `${path} differs from expected/${path}`);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });
  }
});

function writeSpec(sample: Sample, spec: object): void {
  writeFileSync(join(sample.dir, 'sample.json'), JSON.stringify(spec, null, 2) + '\n');
}
