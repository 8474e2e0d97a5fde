import assert from 'node:assert/strict';
import { MakeRules, matchPattern } from '../../../src/interpret/make-rules';
import { makeWords, parseMakefile } from '../../../src/parse/makefile';

const rules = (text: string) => new MakeRules(parseMakefile('Makefile', text));

describe('interpret/make-rules', () => {
  it('a rule line splits into words outside $(…): a function call with blanks is one word', () => {
    assert.deepEqual(makeWords('$(addprefix image-,$(TOOLS)) out/app ${X} '), ['$(addprefix image-,$(TOOLS))', 'out/app', '${X}']);
    assert.deepEqual(parseMakefile('Makefile', 'images: $(addprefix image-, a b)\n').rules[0].prerequisites, ['$(addprefix image-, a b)']);
  });

  it('names are expanded as make reads the file: ?= defaults, := now, += appends, addprefix/patsubst', () => {
    const r = rules('OUT ?= out\nOUT ?= other\nT := a\nT += b\nall: $(addprefix $(OUT)/,$(T)) $(patsubst %,img-%,$(T))\n');
    assert.deepEqual(r.rules[0].prerequisites.map((p) => [p.name, p.word]), [['out/a', 0], ['out/b', 0], ['img-a', 1], ['img-b', 1]]);
  });

  it('a name only known when make runs is not guessed', () => {
    assert.equal(rules('X != ls\n').names('$(X) $(shell date)'), null);
  });

  it('a target with no explicit recipe takes the pattern rule of the shortest stem; the stem fills its prerequisites', () => {
    const r = rules('out/%: %.c\n\tcc $< -o $@\nout/a%: base\n\tcp x $@\nout/app:\n');
    const chosen = r.rulesFor('out/app');
    const pattern = chosen.find((c) => c.stem !== null);
    assert.equal(pattern?.stem, 'pp');
    assert.deepEqual(pattern?.prerequisites.map((p) => p.name), ['base']);
    assert.equal(matchPattern('img-%', 'img-'), null);
    assert.equal(matchPattern('img-%.tar', 'img-x.tar'), 'x');
  });

  it('goals: targets a user can name, neither special nor patterns; the default goal honours .DEFAULT_GOAL', () => {
    const r = rules('.PHONY: all\n%.o: %.c\n\tcc\nall: app\napp:\n\ttouch app\n');
    assert.deepEqual(r.goals(), ['all', 'app']);
    assert.equal(r.defaultGoal(), 'all');
    assert.equal(rules('.DEFAULT_GOAL := app\nall:\napp:\n').defaultGoal(), 'app');
  });
});
