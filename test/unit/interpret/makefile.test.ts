/** Running a Makefile goal statically: prerequisites first, each recipe line in its own shell, Makefile lines in steps and findings. */
import assert from 'node:assert/strict';
import { memoryRepo } from '../../../src/core/repo';
import type { BuildStep, GlueStep } from '../../../src/interpret/events';
import { interpretMakefile, runGoal } from '../../../src/interpret/makefile';
import type { GlueWorld } from '../../../src/interpret/shell';
import { asLiteral, resolve } from '../../../src/interpret/value';
import { parseMakefile } from '../../../src/parse/makefile';
import { loadParser, parseShell } from '../support/harness';

function world(files: Record<string, string> = {}): GlueWorld {
  const repo = memoryRepo(files);
  return { readText: (p) => repo.readText(p), listDir: (p) => repo.listDir(p), parseShell };
}

const steps = (s: readonly GlueStep[]) => s.map((x) => `${x.origin.file}:${x.origin.line} ${x.kind}`);

const MAKEFILE = [
  'IMAGE ?= app', // 1
  'TAG := 1.0', // 2
  '', // 3
  '.PHONY: all builder extract image', // 4
  'all: image', // 5
  '', // 6
  'builder:', // 7
  '\tdocker build -f Dockerfile.build -t $(IMAGE)-builder:$(TAG) .', // 8
  '', // 9
  'extract: builder', // 10
  '\tdocker create --name x $(IMAGE)-builder:$(TAG)', // 11
  '\tdocker cp x:/go/bin/app ./app', // 12
  '\t-docker rm x', // 13
  '', // 14
  'image: extract', // 15
  '\t@echo building $@', // 16
  '\tdocker build \\', // 17
  '\t  -t $(IMAGE):$(TAG) .', // 18
  '',
].join('\n');

describe('interpret/makefile', () => {
  before(loadParser);

  it('runs prerequisites depth first and reports the Makefile\'s own lines', () => {
    const r = runGoal(parseMakefile('Makefile', MAKEFILE), world(), 'all');
    assert.deepEqual(steps(r.steps), ['Makefile:8 build', 'Makefile:11 container', 'Makefile:12 cp', 'Makefile:13 container-cleanup', 'Makefile:17 build']);
    const builds = r.steps.filter((s): s is BuildStep => s.kind === 'build');
    assert.deepEqual(builds.map((b) => resolve(b.tags[0])?.text), ['app-builder:1.0', 'app:1.0']);
    assert.equal(builds[1].origin.endLine, 18);
  });

  it('interpretMakefile picks a goal that builds, extracts, then builds again', () => {
    const r = interpretMakefile(parseMakefile('Makefile', MAKEFILE), world());
    assert.equal(r.goal, 'all');
    assert.deepEqual(steps(r.steps), ['Makefile:8 build', 'Makefile:11 container', 'Makefile:12 cp', 'Makefile:13 container-cleanup', 'Makefile:17 build']);
    assert.deepEqual(r.findings, []);
    // Every recipe line that ran is recorded with a negative id, for the rewrite.
    assert.ok([...r.recipes.keys()].every((id) => id < 0));
    assert.equal(r.recipes.size, 6);
  });

  it('prefers a later goal when the default one is not the whole pipeline', () => {
    const mk = 'test:\n\tgo test ./...\nrelease:\n\tdocker build -f Dockerfile.build -t b .\n\tdocker create --name x b\n\tdocker cp x:/a a\n\tdocker build -t r .\n';
    const r = interpretMakefile(parseMakefile('Makefile', mk), world());
    assert.equal(r.goal, 'release');
  });

  it('each recipe line is its own shell: variables and cd do not carry over', () => {
    const mk = 'all:\n\tcd sub\n\tdocker build -t a .\n\tX=1; docker build -t b$$X .\n\tdocker build -t c$$X .\n';
    const r = runGoal(parseMakefile('Makefile', mk), world(), 'all');
    const builds = r.steps.filter((s): s is BuildStep => s.kind === 'build');
    assert.deepEqual(builds.map((b) => [b.context, asLiteral(b.tags[0])]), [
      ['', 'a'],
      ['', 'b1'],
      ['', null],
    ]);
  });

  it('a make function whose value is not computed never becomes a path', () => {
    const r = runGoal(parseMakefile('Makefile', 'all:\n\tdocker cp x:/a ./$(notdir a/b)\n'), world(), 'all');
    assert.equal(r.steps.filter((s) => s.kind === 'cp').length, 0);
    assert.deepEqual(r.findings.map((f) => `${f.location?.line} ${f.code}`), ['2 GLUE_UNRESOLVED_VALUE']);
  });

  it('findings cite the Makefile line of the recipe', () => {
    const mk = 'all:\n\t@echo start\n\tdocker cp x:/a $(OUT)/../../..\n';
    const r = runGoal(parseMakefile('Makefile', mk), world(), 'all');
    assert.deepEqual(r.findings.map((f) => `${f.location?.file}:${f.location?.line} ${f.code}`), ['Makefile:3 GLUE_UNRESOLVED_VALUE']);
  });
});
