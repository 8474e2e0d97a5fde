import assert from 'node:assert/strict';
import { ExpansionScope, expandFields, expandSingle } from '../../../src/interpret/expand';
import { Value, asLiteral, display, literal, resolve } from '../../../src/interpret/value';
import type { Word } from '../../../src/parse/shell/ast';
import { loadParser, parseShell } from '../support/harness';

/** The words after `echo` in a one-line script. */
function words(src: string): Word[] {
  const script = parseShell(`echo ${src}\n`);
  const s = script.statements[0];
  assert.ok(s && s.type === 'command', `not a command: ${src}`);
  return s.words.slice(1);
}

function scope(vars: Record<string, string> = {}, positional: string[] | null = null): ExpansionScope & { vars: Map<string, Value> } {
  const map = new Map(Object.entries(vars).map(([k, v]) => [k, literal(v)]));
  let n = 0;
  return {
    vars: map,
    lookup: (name) => map.get(name),
    assign: (name, value) => void map.set(name, value),
    positional: (i) => (positional ? (positional[i - 1] !== undefined ? literal(positional[i - 1]) : literal('')) : null),
    allPositionals: () => (positional ? positional.map(literal) : null),
    substitute: (_body, text) => literal(`<${text}>`),
    cwd: () => 'sub',
    scriptPath: () => './build.sh',
    fresh: (prefix) => `${prefix}:${++n}`,
  };
}

/** Every word's fields as literal text (null for a field that is not literal). */
function fields(src: string, sc = scope()): (string | null)[][] {
  return words(src).map((w) => expandFields(w, sc).map(asLiteral));
}

describe('interpret/expand', () => {
  before(loadParser);

  describe('parameters with operators', () => {
    it('${X:-d} with X unset: a symbol whose fallback is the default (ENV_DEFAULT_ASSUMED later)', () => {
      const v = expandSingle(words('app:${TAG:-1.0}')[0], scope());
      assert.equal(asLiteral(v), null);
      assert.equal(display(v), 'app:${TAG:-1.0}');
      assert.deepEqual(resolve(v), { text: 'app:1.0', assumed: ['${TAG:-1.0}'] });
    });

    it('${X:-d} with X set, set but empty, and ${X-d} with X empty', () => {
      assert.deepEqual(fields('${X:-d}', scope({ X: 'v' })), [['v']]);
      assert.deepEqual(fields('"${X:-d}"', scope({ X: '' })), [['d']]);
      assert.deepEqual(fields('"${X-d}"', scope({ X: '' })), [['']]);
    });

    it('${X:=d} assigns the default', () => {
      const sc = scope({ X: '' });
      assert.deepEqual(fields('${X:=dist}', sc), [['dist']]);
      assert.equal(asLiteral(sc.vars.get('X') as Value), 'dist');
    });

    it('${X:+alt}: alt when set and non-empty, nothing when empty', () => {
      assert.deepEqual(fields('"${X:+alt}"', scope({ X: 'v' })), [['alt']]);
      assert.deepEqual(fields('"${X:+alt}"', scope({ X: '' })), [['']]);
    });

    it('an unset variable without operator is an env symbol, never ""', () => {
      const v = expandSingle(words('$NOPE')[0], scope());
      assert.equal(asLiteral(v), null);
      assert.equal(resolve(v), null);
      assert.equal(display(v), '$NOPE');
    });
  });

  describe('special parameters', () => {
    it('$1 is a positional symbol when the arguments are unknown', () => {
      const v = expandSingle(words('$1')[0], scope());
      assert.equal(asLiteral(v), null);
      assert.ok(v.parts.some((p) => 'sym' in p && p.kind === 'positional'));
    });

    it('$1, $# and $0 with known arguments', () => {
      assert.deepEqual(fields('$1 $2 $# $0', scope({}, ['a', 'b'])), [['a'], ['b'], ['2'], ['./build.sh']]);
    });

    it('$? is the status symbol', () => {
      const v = expandSingle(words('$?')[0], scope());
      assert.ok(v.parts.some((p) => 'sym' in p && p.kind === 'status'));
    });

    it('$RANDOM is different every time', () => {
      const sc = scope();
      const a = expandSingle(words('$RANDOM')[0], sc);
      const b = expandSingle(words('$RANDOM')[0], sc);
      assert.notDeepEqual(a, b);
    });

    it('$PWD is the glue\'s repository directory', () => {
      const v = expandSingle(words('$PWD/out')[0], scope());
      assert.deepEqual(v.parts, [{ hostDir: 'sub' }, { lit: '/out' }]);
    });

    it('unquoted $@ gives one field per argument', () => {
      assert.deepEqual(fields('$@', scope({}, ['-t', 'app', '.'])), [['-t', 'app', '.']]);
    });
  });

  describe('field splitting and quoting', () => {
    it('unquoted expansions split on blanks; quoted ones do not', () => {
      const sc = scope({ FLAGS: '-t  app' });
      assert.deepEqual(fields('$FLAGS', sc), [['-t', 'app']]);
      assert.deepEqual(fields('"$FLAGS"', sc), [['-t  app']]);
      assert.deepEqual(fields('x$FLAGS', sc), [['x-t', 'app']]);
    });

    it('an empty unquoted expansion vanishes, a quoted one stays an empty field', () => {
      const sc = scope({ E: '' });
      assert.deepEqual(fields('$E', sc), [[]]);
      assert.deepEqual(fields('"$E"', sc), [['']]);
      assert.deepEqual(fields("''", sc), [['']]);
    });

    it('quote removal and backslash escapes', () => {
      assert.deepEqual(fields(`"a b" 'c $X' a\\ b "d\\"e"`, scope({ X: 'no' })), [['a b'], ['c $X'], ['a b'], ['d"e']]);
    });

    it('unquoted glob characters mark the value, quoted ones do not', () => {
      const [g] = expandFields(words('dist/*.js')[0], scope());
      assert.equal(g.glob, true);
      assert.equal(asLiteral(g), 'dist/*.js');
      const [q] = expandFields(words('"dist/*.js"')[0], scope());
      assert.equal(q.glob, false);
    });

    it('command substitution goes through the scope\'s callback, quoted or not', () => {
      assert.deepEqual(fields('"$(git rev-parse HEAD)"'), [['<$(git rev-parse HEAD)>']]);
      assert.deepEqual(fields('`date`'), [['<`date`>']]);
    });
  });
});

describe('interpret/expand: regressions', () => {
  before(loadParser);

  // Regression (was wrong): a quoted "$@" expands to one field per positional parameter in every POSIX shell;
  // expandFields joins them into one field. So `db() { docker build "$@"; }; db -t app .`
  // gives `docker build "-t app ."` and a DOCKER_UNSUPPORTED_FORM ("needs exactly one context
  // argument, found 0") at the function body. Expected [['-t', 'app', '.']], actual [['-t app .']].
  it('"$@" gives one field per argument', () => {
    assert.deepEqual(fields('"$@"', scope({}, ['-t', 'app', '.'])), [['-t', 'app', '.']]);
  });
});
