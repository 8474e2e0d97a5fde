/**
 * .dockerignore rules as the commands an export stage runs: run them with the host's `find`
 * on a small tree and the survivors must be exactly what the legacy context kept (IG-6), as
 * Docker's own matcher says.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { DockerignoreRules } from '../../../src/plan/dockerignore';
import { ignoreFilter } from '../../../src/plan/ignore-filter';

/** The artifact `dist/` as the builder wrote it. */
const TREE = ['index.html', 'app.js', 'app.js.map', 'assets/app.css', 'assets/app.css.map', 'assets/deep/x.map', 'assets/deep/y.txt', 'docs/a.md', 'docs/b.md', 'sub/keep.txt'];

function filesUnder(dir: string, prefix = ''): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? filesUnder(join(dir, e.name), `${prefix}${e.name}/`) : [`${prefix}${e.name}`])).sort();
}

/** The files of TREE left in a stage copy of `dist` after the filter's commands ran. */
function survivors(ignore: string): string[] {
  const root = mkdtempSync(join(tmpdir(), 'mm-ignore-filter-'));
  try {
    const stageDir = join(root, 'export');
    for (const f of TREE) {
      mkdirSync(dirname(join(stageDir, f)), { recursive: true });
      writeFileSync(join(stageDir, f), f);
    }
    const result = ignoreFilter(new DockerignoreRules(ignore), 'dist', stageDir);
    if (!('commands' in result)) throw new Error(`unsupported: ${result.unsupported.pattern}`);
    for (const c of result.commands) execFileSync('sh', ['-c', c]);
    return filesUnder(stageDir);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

/** What the legacy build context kept of dist/, by Docker's matcher (a hidden directory hides its files). */
function legacyKept(ignore: string): string[] {
  const rules = new DockerignoreRules(ignore);
  const hidden = (path: string) => path.split('/').some((_, i, segs) => rules.ignores(segs.slice(0, i + 1).join('/')));
  return TREE.filter((f) => !hidden(`dist/${f}`)).sort();
}

describe('plan/ignore-filter', () => {
  for (const ignore of ['dist/**/*.map\n', 'dist/*.map\n', 'dist/assets/*.css\n', 'dist/docs\n', 'dist/assets/**\n', '**/*.map\n', 'dist/a*.js\n', 'node_modules\n*.log\ndist/sub/\n']) {
    it(`${JSON.stringify(ignore)}: the commands delete exactly what the legacy context hid (IG-6)`, () => {
      assert.deepEqual(survivors(ignore), legacyKept(ignore));
    });
  }

  it('rules that cannot reach the artifact give no command', () => {
    assert.deepEqual(ignoreFilter(new DockerignoreRules('*.log\nsrc/**\n'), 'dist', '/export'), { commands: [] });
  });

  it('a re-inclusion below the artifact cannot be replayed by deletions: the rule is returned', () => {
    const r = ignoreFilter(new DockerignoreRules('dist/**/*.map\n!dist/vendor.js.map\n'), 'dist', '/export');
    assert.ok('unsupported' in r);
    assert.equal(r.unsupported.line, 2);
  });

  it('a glob before `**` is not expressible with find: the rule is returned', () => {
    const r = ignoreFilter(new DockerignoreRules('dist/a*/**/*.map\n'), 'dist', '/export');
    assert.ok('unsupported' in r && r.unsupported.pattern === 'dist/a*/**/*.map');
  });
});
