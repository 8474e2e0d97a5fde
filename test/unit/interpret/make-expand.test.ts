import assert from 'node:assert/strict';
import { Automatic, MakeVars, expandRecipe, expandText, variableTable } from '../../../src/interpret/make-expand';
import { parseMakefile } from '../../../src/parse/makefile';

function varsOf(makefile: string): MakeVars {
  const table = variableTable(parseMakefile('Makefile', makefile).variables);
  return { get: (n) => table.get(n) };
}

const AUTO: Automatic = { target: 'out/app', prerequisites: ['a.c', 'b.c'] };

describe('interpret/make-expand', () => {
  describe('variableTable', () => {
    it('later "=" wins, "+=" appends with a space, "?=" only defines when unset', () => {
      const t = variableTable(parseMakefile('Makefile', 'A = 1\nA = 2\nL = a\nL += b\nL += c\nD ?= x\nD ?= y\nE = set\nE ?= ignored\nN += only\n').variables);
      assert.equal(t.get('A')?.value, '2');
      assert.equal(t.get('L')?.value, 'a b c');
      assert.equal(t.get('D')?.value, 'x');
      assert.equal(t.get('E')?.value, 'set');
      assert.equal(t.get('N')?.value, 'only');
    });
  });

  describe('expandRecipe', () => {
    it('"=" and ":=" variables expand to their value, recursively', () => {
      const vars = varsOf('NAME = app\nIMAGE = $(NAME)-builder\nTAG := 1.0\n');
      assert.equal(expandRecipe('docker build -t $(IMAGE):${TAG} .', vars, AUTO).text, 'docker build -t app-builder:1.0 .');
    });

    it('"?=" becomes a shell default, so the environment can still override it', () => {
      assert.equal(expandRecipe('docker build -t $(IMAGE) .', varsOf('IMAGE ?= app\n'), AUTO).text, 'docker build -t ${IMAGE:-app} .');
    });

    it('"+=" values are joined with a space', () => {
      assert.equal(expandRecipe('docker build $(FLAGS) .', varsOf('FLAGS = --pull\nFLAGS += --no-cache\n'), AUTO).text, 'docker build --pull --no-cache .');
    });

    it('"$$" is a literal "$" for the shell', () => {
      assert.equal(expandRecipe('id=$$(docker create x); docker cp $$id:/a b', varsOf(''), AUTO).text, 'id=$(docker create x); docker cp $id:/a b');
    });

    it('automatic variables: $@, $<, $^', () => {
      assert.equal(expandRecipe('docker cp x:/a $@ && echo $< $^', varsOf(''), AUTO).text, 'docker cp x:/a out/app && echo a.c a.c b.c');
      assert.equal(expandRecipe('echo $(@) ${<}', varsOf(''), AUTO).text, 'echo out/app a.c');
    });

    it('$(shell …) becomes a shell command substitution, its argument expanded', () => {
      assert.equal(expandRecipe('docker build -t app:$(shell git rev-parse $(REV)) .', varsOf('REV = HEAD\n'), AUTO).text, 'docker build -t app:$(git rev-parse HEAD) .');
      assert.equal(expandRecipe('echo $(TAG)', varsOf('TAG := $(shell date +%s)\n'), AUTO).text, 'echo $(date +%s)');
    });

    it('"!=" variables hold a command\'s output: a substitution', () => {
      assert.equal(expandRecipe('echo $(OUT)', varsOf('OUT != echo out\n'), AUTO).text, 'echo $(echo out)');
    });

    it('unknown variables come from the environment; CURDIR is the Makefile directory make ran in', () => {
      assert.equal(expandRecipe('cd $(CURDIR) && echo $(HOME) $X', varsOf(''), AUTO).text, 'cd ${__MAKE_CURDIR} && echo ${HOME} ${X}');
    });

    it('other make functions and substitution references stay opaque (never a wrong value)', () => {
      const text = expandRecipe('echo $(patsubst %.c,%.o,$^) $(SRC:.c=.o)', varsOf('SRC = a.c\n'), AUTO).text;
      assert.doesNotMatch(text, /a\.o/);
      assert.match(text, /^echo \$\(: [^)]*\) \$\(: [^)]*\)$/);
    });

    it('toSource maps expansion offsets back to the recipe text', () => {
      const src = 'docker cp $(C):/a $(DEST) && echo $$x';
      const e = expandRecipe(src, varsOf('C = ctr\n'), AUTO);
      assert.equal(e.text, 'docker cp ctr:/a ${DEST} && echo $x');
      // Literal text maps one to one.
      for (const piece of ['docker', ':/a', ' && echo ']) assert.equal(e.toSource(e.text.indexOf(piece)), src.indexOf(piece));
      // Anything inside an expansion maps to the start of the reference that produced it.
      assert.equal(e.toSource(e.text.indexOf('ctr') + 1), src.indexOf('$(C)'));
      assert.equal(e.toSource(e.text.indexOf('${DEST}') + 3), src.indexOf('$(DEST)'));
      assert.equal(e.toSource(e.text.indexOf('$x')), src.indexOf('$$x'));
      assert.equal(e.toSource(e.text.indexOf('$x') + 1), src.indexOf('$$x') + 2);
      // The end maps to the end.
      assert.equal(e.toSource(e.text.length), src.length);
    });

    it('toSource skips references that expand to nothing', () => {
      const src = 'a$(EMPTY)b';
      const e = expandRecipe(src, varsOf('EMPTY =\n'), AUTO);
      assert.equal(e.text, 'ab');
      assert.equal(e.toSource(1), src.indexOf('b'));
    });
  });

  describe('expandText', () => {
    it('expands a value the same way, without an offset map', () => {
      assert.equal(expandText('$(A)-$$-$@', varsOf('A = x\n'), AUTO), 'x-$-out/app');
    });
  });
});

describe('interpret/make-expand: regressions', () => {
  // Regression (was wrong): a ":=" (simply expanded) variable is expanded when it is defined, with the values
  // defined so far (GNU make). Here A := $(B) is "one" even though B is redefined later;
  // expandRecipe expands it lazily with the final table: expected "one", actual "two".
  it('":=" takes the value of the variables at the point of definition', () => {
    assert.equal(expandRecipe('echo $(A)', varsOf('B = one\nA := $(B)\nB = two\n'), AUTO).text, 'echo one');
  });
});
