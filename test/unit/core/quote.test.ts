import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { dockerArguments, dockerLiteral, jsonArray, shellPattern, shellQuoted, shellWord } from '../../../src/core/quote';

/** What `sh` makes of the words: one line per argument. */
function shellArgs(words: string): string[] {
  return execFileSync('sh', ['-c', `for a in ${words}; do printf '%s\\n' "$a"; done`], { encoding: 'utf8' }).split('\n').slice(0, -1);
}

describe('core/quote', () => {
  it('shellWord leaves safe words bare and quotes the rest so sh reads one word back', () => {
    assert.equal(shellWord('/out/app-1.2_x'), '/out/app-1.2_x');
    for (const text of ['my app', "it's", 'a$b', 'q"x', '`x`', '*', '']) {
      assert.notEqual(shellWord(text), text === '' ? '' : text);
      assert.deepEqual(shellArgs(shellWord(text)), [text]);
    }
  });

  it('shellQuoted always quotes; shellPattern leaves wildcards to the shell', () => {
    assert.equal(shellQuoted('dist'), "'dist'");
    assert.equal(shellPattern('*.map'), '*.map');
    assert.equal(shellPattern('my *.map'), "'my *.map'");
  });

  it('dockerLiteral escapes what Docker removes or expands in COPY words (quotes, $, the escape character)', () => {
    assert.equal(dockerLiteral('/out/app'), '/out/app');
    assert.equal(dockerLiteral(`it's "q" $x \\`), `it\\'s \\"q\\" \\$x \\\\`);
    assert.equal(dockerLiteral('a$b`c', '`'), 'a`$b``c');
  });

  it('dockerArguments takes the JSON form when a word holds white space (the plain form splits there)', () => {
    assert.equal(dockerArguments(['/out/app', '/srv/'], false), '/out/app /srv/');
    assert.equal(dockerArguments(['/out/my app', '/srv/'], false), '["/out/my app", "/srv/"]');
    assert.equal(dockerArguments(['a', 'b'], true), '["a", "b"]');
    assert.equal(jsonArray(['a\\"b']), '["a\\\\\\"b"]');
  });
});
