/** Which repositories a batch finds under its roots, and which setups inside each. */
import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RootError, commonDirectory, discoverRepositories } from '../../src/batch/discover-repos';
import { discoverSetups, mayBeGlue, repositoryDirectories } from '../../src/batch/discover-setups';
import { memoryRepo } from '../../src/core/repo';

const GLUE = '#!/bin/sh\ndocker build -f Dockerfile.build -t app-builder .\n';

function tree(root: string, files: Record<string, string>): void {
  for (const [p, text] of Object.entries(files)) {
    mkdirSync(join(root, p, '..'), { recursive: true });
    writeFileSync(join(root, p), text);
  }
}

describe('batch/discover-repos', () => {
  let tmp: string;
  beforeEach(() => {
    tmp = realpathSync(mkdtempSync(join(tmpdir(), 'mm-discover-')));
  });
  afterEach(() => rmSync(tmp, { recursive: true, force: true }));

  it('a folder of clones: each sub-directory is a repository, sorted in code-point order, paths from the roots’ parent', () => {
    tree(join(tmp, 'clones'), { 'b-api/build.sh': GLUE, 'B-web/build.sh': GLUE, 'a/README.md': 'x', 'node_modules/x/build.sh': GLUE });
    execFileSync('git', ['init', '-q', join(tmp, 'clones', 'b-api')]);
    const d = discoverRepositories([join(tmp, 'clones')]);
    assert.equal(d.base, tmp);
    assert.deepEqual(
      d.repos.map((r) => [r.display, r.git]),
      [
        ['clones/B-web', false],
        ['clones/a', false],
        ['clones/b-api', true],
      ],
    );
  });

  it('a root with its own .git, or with build files at its top, is one repository', () => {
    tree(join(tmp, 'one'), { 'build.sh': GLUE, 'services/x/build.sh': GLUE });
    tree(join(tmp, 'two'), { 'services/x/build.sh': GLUE });
    execFileSync('git', ['init', '-q', join(tmp, 'two')]);
    const d = discoverRepositories([join(tmp, 'two'), join(tmp, 'one')]);
    assert.deepEqual(
      d.repos.map((r) => [r.display, r.git]),
      [
        ['one', false],
        ['two', true],
      ],
    );
  });

  it('a root inside a git work tree is read through git; the same repository twice is taken once', () => {
    tree(join(tmp, 'mono'), { 'apps/svc/build.sh': GLUE });
    execFileSync('git', ['init', '-q', join(tmp, 'mono')]);
    symlinkSync(join(tmp, 'mono', 'apps', 'svc'), join(tmp, 'link'));
    const d = discoverRepositories([join(tmp, 'mono', 'apps', 'svc'), join(tmp, 'link')]);
    assert.equal(d.repos.length, 1);
    assert.equal(d.repos[0].git, true);
    assert.equal(d.repos[0].root, join(tmp, 'mono', 'apps', 'svc'));
  });

  it('never takes a link for a repository: a clone that is a link, a root sub-folder that is a link; each is listed as skipped', () => {
    tree(join(tmp, 'outside'), { 'build.sh': GLUE });
    tree(join(tmp, 'clones'), { 'real/build.sh': GLUE });
    symlinkSync(join(tmp, 'outside'), join(tmp, 'clones', 'svc'));
    symlinkSync('real', join(tmp, 'clones', 'again'));
    const d = discoverRepositories([join(tmp, 'clones')]);
    assert.deepEqual(d.repos.map((r) => r.display), ['clones/real']);
    assert.deepEqual(d.skippedLinks, [
      { path: 'clones/again', target: 'real' },
      { path: 'clones/svc', target: join(tmp, 'outside') },
    ]);
    // A root with nothing but links is one (empty) repository: nothing through the link is read.
    tree(join(tmp, 'bare'), { 'README.md': 'x' });
    symlinkSync(join(tmp, 'outside'), join(tmp, 'bare', 'svc'));
    const bare = discoverRepositories([join(tmp, 'bare')]);
    assert.deepEqual(bare.repos.map((r) => r.root), [join(tmp, 'bare')]);
    assert.deepEqual(bare.skippedLinks.map((l) => l.path), ['bare/svc']);
  });

  it('a root that is not a directory is a usage error', () => {
    assert.throws(() => discoverRepositories([join(tmp, 'missing')]), RootError);
  });

  it('commonDirectory: the deepest directory holding them all', () => {
    assert.equal(commonDirectory(['/a/b/c', '/a/b/d', '/a/b']), '/a/b');
    assert.equal(commonDirectory(['/a/b', '/x']), '/');
    assert.equal(commonDirectory(['/a/bc', '/a/b']), '/a');
  });
});

describe('batch/discover-setups', () => {
  it('the root is a setup when it has glue; scripts/ and the other usual folders belong to it', () => {
    const repo = memoryRepo({ 'build.sh': GLUE, 'scripts/release.sh': GLUE, 'ci/build.sh': GLUE, 'Dockerfile.build': 'FROM x\n' });
    assert.deepEqual(discoverSetups(repo), ['']);
  });

  it('a glue script alone in scripts/ makes the folder above it the setup', () => {
    assert.deepEqual(discoverSetups(memoryRepo({ 'scripts/build.sh': GLUE, 'Dockerfile': 'FROM x\n' })), ['']);
  });

  it('a monorepo: one setup per directory with glue of its own, sorted', () => {
    const repo = memoryRepo({
      'README.md': 'x',
      'services/web/build.sh': GLUE,
      'services/api/Makefile': 'all:\n\tdocker build -f Dockerfile.build .\n',
      'services/api/scripts/extra.sh': GLUE,
      'tools/lint.sh': '#!/bin/sh\neslint .\n',
      'node_modules/pkg/build.sh': GLUE,
    });
    assert.deepEqual(discoverSetups(repo), ['services/api', 'services/web']);
  });

  it('a repository without glue still gets its root, for a status', () => {
    assert.deepEqual(discoverSetups(memoryRepo({ Dockerfile: 'FROM a AS b\nFROM c\nCOPY --from=b /x /x\n' })), ['']);
  });

  it('Go vendored modules (vendor/ with modules.txt) are not setups; a vendor/ folder of the project\'s own is', () => {
    assert.deepEqual(discoverSetups(memoryRepo({ 'build.sh': GLUE, 'vendor/modules.txt': '# x\n', 'vendor/golang.org/x/sys/unix/mkall.sh': GLUE })), ['']);
    assert.deepEqual(discoverSetups(memoryRepo({ 'vendor/app/build.sh': GLUE })), ['vendor/app']);
  });

  it('glue by any engine name, and only what builds: $(DOCKER) in a sub-directory Makefile is a setup, docker-compose --build is not', () => {
    const repo = memoryRepo({ 'addons/images/Makefile': 'DOCKER ?= docker\nall:\n\t$(DOCKER) build -t x .\n', 'backend/Makefile': 'test:\n\tdocker-compose up --build test\n' });
    assert.deepEqual(discoverSetups(repo), ['addons/images']);
  });

  it('a CI file this version does not follow that builds an image is a setup (refused, never left out); its folder is not one of its own', () => {
    const ci = 'steps:\n  - commands:\n      - docker build -t b -f Dockerfile.build .\n';
    assert.deepEqual(discoverSetups(memoryRepo({ 'services/api/.drone.yml': ci, 'web/build.sh': GLUE })), ['services/api', 'web']);
    assert.deepEqual(discoverSetups(memoryRepo({ '.circleci/config.yml': `jobs:\n  a:\n    steps:\n      - run: docker build .\n`, 'web/build.sh': GLUE })), ['', 'web']);
    assert.equal(mayBeGlue('.buildkite/pipeline.yml'), true);
  });

  it('repositoryDirectories: parents before children, dependencies skipped', () => {
    const repo = memoryRepo({ 'a/b/c.txt': '', 'a/d/e.txt': '', 'node_modules/x/y.js': '', 'z.txt': '' });
    assert.deepEqual(repositoryDirectories(repo), ['', 'a', 'a/b', 'a/d']);
  });
});

describe('batch/discover-setups: only directories that may hold glue are searched', () => {
  it('finds the same setups in every sample as asking about every directory', () => {
    const { glueCandidates } = require('../../src/app/glue') as typeof import('../../src/app/glue');
    const { openRepo } = require('../../src/io/repo-fs') as typeof import('../../src/io/repo-fs');
    const { listSamples } = require('../helpers/samples') as typeof import('../helpers/samples');
    for (const s of listSamples()) {
      for (const kind of ['input', 'expected']) {
        let repo;
        try {
          repo = openRepo(join(s.dir, kind), { git: false });
        } catch {
          continue;
        }
        const everyDir: string[] = [];
        const claimed = new Set<string>();
        for (const dir of repositoryDirectories(repo)) {
          const c = glueCandidates(repo, dir);
          if (c.length === 0 || c.every((x) => claimed.has(x))) continue;
          c.forEach((x) => claimed.add(x));
          everyDir.push(dir);
        }
        assert.deepEqual(discoverSetups(repo), everyDir.length ? everyDir.sort() : [''], `${s.name}/${kind}`);
      }
    }
  });

  it('mayBeGlue: scripts, Makefiles, CI files and files without an extension', () => {
    for (const p of ['build.sh', 'x/Makefile', 'rules.mk', 'release', 'GNUmakefile']) assert.ok(mayBeGlue(p), p);
    for (const p of ['main.go', 'package.json', 'src/App.js', 'Dockerfile.build']) assert.ok(!mayBeGlue(p), p);
  });
});
