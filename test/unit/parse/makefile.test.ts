import assert from 'node:assert/strict';
import { parseMakefile, rulesFor } from '../../../src/parse/makefile';

const TEXT = [
  '# glue', // 1
  'IMAGE ?= app', // 2
  'TAG := $(shell git rev-parse --short HEAD)', // 3
  'FLAGS = --pull # comment', // 4
  'FLAGS += --no-cache', // 5
  'export DOCKER_BUILDKIT=1', // 6
  'OUT != echo out', // 7
  '.PHONY: all build', // 8
  '', // 9
  'all: build extract', // 10
  '\t@echo done', // 11
  '', // 12
  'build: Dockerfile.build | order-only', // 13
  '\t-docker rm -f x || true', // 14
  '\t+@docker build \\', // 15
  '\t  -f Dockerfile.build .', // 16
  '%.o: %.c', // 17
  '\tcc $<', // 18
  'ifeq ($(CI),1)', // 19
  'X = 1', // 20
  'endif', // 21
  'define BLOCK', // 22
  'foo: bar', // 23
  '\tnot a recipe', // 24
  'endef', // 25
  'extract:', // 26
  '\tdocker cp x:/a $@', // 27
  '',
].join('\n');

describe('parse/makefile', () => {
  const m = parseMakefile('Makefile', TEXT);

  it('reads variables with their operator, value (comments stripped) and line', () => {
    assert.deepEqual(
      m.variables.map((v) => [v.name, v.op, v.value, v.line, v.conditional]),
      [
        ['IMAGE', '?=', 'app', 2, false],
        ['TAG', ':=', '$(shell git rev-parse --short HEAD)', 3, false],
        ['FLAGS', '=', '--pull', 4, false],
        ['FLAGS', '+=', '--no-cache', 5, false],
        ['DOCKER_BUILDKIT', '=', '1', 6, false],
        ['OUT', '!=', 'echo out', 7, false],
        ['X', '=', '1', 20, true],
      ],
    );
  });

  it('reads rules: targets, prerequisites (order-only ones dropped) and line', () => {
    assert.deepEqual(
      m.rules.map((r) => [r.targets, r.prerequisites, r.line]),
      [
        [['.PHONY'], ['all', 'build'], 8],
        [['all'], ['build', 'extract'], 10],
        [['build'], ['Dockerfile.build'], 13],
        [['%.o'], ['%.c'], 17],
        [['extract'], [], 26],
      ],
    );
  });

  it('skips define … endef blocks', () => {
    assert.equal(rulesFor(m, 'foo').length, 0);
    assert.ok(!m.rules.some((r) => r.recipe.some((l) => l.command.includes('not a recipe'))));
  });

  it('the default goal is the first ordinary target (not .PHONY, not a pattern)', () => {
    assert.equal(m.defaultGoal, 'all');
    assert.equal(parseMakefile('Makefile', '%.o: %.c\n\tcc $<\n.PHONY: x\nx:\n\techo\n').defaultGoal, 'x');
    assert.equal(parseMakefile('Makefile', 'A = 1\n').defaultGoal, null);
  });

  it('reads recipe prefixes (@, -, +) and keeps the command after them', () => {
    const build = rulesFor(m, 'build')[0];
    assert.deepEqual(
      build.recipe.map((l) => [l.prefix, l.command, l.line, l.endLine]),
      [
        ['-', 'docker rm -f x || true', 14, 14],
        ['+@', 'docker build \\\n\t  -f Dockerfile.build .', 15, 16],
      ],
    );
    assert.deepEqual(rulesFor(m, 'all')[0].recipe.map((l) => [l.prefix, l.command]), [['@', 'echo done']]);
  });

  it('recipe offsets: the line from its tab to the end of its last continuation; commandStart where the command starts', () => {
    for (const rule of m.rules) {
      for (const l of rule.recipe) {
        assert.equal(TEXT[l.start], '\t');
        assert.equal(TEXT.slice(l.commandStart, l.commandStart + l.command.length), l.command);
        assert.equal(TEXT.slice(l.start, l.end), `\t${l.prefix}${l.command}`);
      }
    }
  });

  it('joins continuation lines of variables', () => {
    const mk = parseMakefile('Makefile', 'ARGS = --pull \\\n  --no-cache\nall:\n\techo $(ARGS)\n');
    assert.deepEqual(mk.variables.map((v) => [v.name, v.value.replace(/\s+/g, ' ')]), [['ARGS', '--pull --no-cache']]);
    assert.deepEqual(mk.rules.map((r) => [r.targets, r.line]), [[['all'], 3]]);
  });

  it('works with CRLF line ends', () => {
    const mk = parseMakefile('Makefile', 'IMAGE = app\r\nall:\r\n\tdocker build -t $(IMAGE) .\r\n');
    assert.deepEqual(mk.variables.map((v) => [v.name, v.value]), [['IMAGE', 'app']]);
    assert.deepEqual(mk.rules[0].recipe.map((l) => l.command), ['docker build -t $(IMAGE) .']);
  });

  it('a target-specific assignment is neither a global variable nor a rule with a recipe', () => {
    const mk = parseMakefile('Makefile', 'img: TAG = 2\nimg:\n\techo $(TAG)\n');
    assert.deepEqual(mk.variables, []);
    assert.deepEqual(rulesFor(mk, 'img').map((r) => r.recipe.map((l) => l.command)), [['echo $(TAG)']]);
  });

  it('merges prerequisites of repeated rules through rulesFor', () => {
    const mk = parseMakefile('Makefile', 'a: b\na: c\n\techo\n');
    assert.deepEqual(rulesFor(mk, 'a').flatMap((r) => r.prerequisites), ['b', 'c']);
  });
});

describe('parse/makefile: regressions', () => {
  // Regression (was wrong): an inline recipe (`target: deps ; command`) gets `commandStart` on the space after ";"
  // while `command` is trimmed, so the two disagree by one character. The glue rewrite maps
  // offsets from commandStart, and edits land one character early: migrating
  //   image: ; docker build -t $(IMAGE) .
  // (with a builder --build-arg V=1 to carry over) gives
  //   image: ; docker build -t $(IMAGE)--build-arg V=1  .
  // Expected: TEXT.slice(commandStart) starts with command.
  it('commandStart of an inline recipe points at its command', () => {
    const text = 'image: dep ; docker build -t app .\n';
    const [line] = parseMakefile('Makefile', text).rules[0].recipe;
    assert.equal(line.command, 'docker build -t app .');
    assert.equal(text.slice(line.commandStart, line.commandStart + line.command.length), line.command);
  });
});
