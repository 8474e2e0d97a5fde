import assert from 'node:assert/strict';
import { argumentValues, flagValue, parseDockerfile, syntaxDirective } from '../../../src/parse/dockerfile';

/** Every instruction's text, sliced from the model's own offsets. */
function slices(text: string): string[] {
  const m = parseDockerfile('Dockerfile', text);
  return [...m.preamble, ...m.stages.flatMap((s) => s.instructions)].map((i) => text.slice(i.start, i.end));
}

describe('parse/dockerfile', () => {
  describe('stages', () => {
    it('splits stages at FROM, lower-cases AS names (ST-1) and keeps the base as written', () => {
      const m = parseDockerfile('Dockerfile', 'FROM golang:1.22 AS Builder\nRUN go build\nFROM --platform=linux/amd64 alpine:3.19 as RT\nCOPY --from=Builder /x /y\nFROM builder\n');
      assert.deepEqual(
        m.stages.map((s) => [s.index, s.name, s.base, s.platform]),
        [
          [0, 'builder', 'golang:1.22', null],
          [1, 'rt', 'alpine:3.19', 'linux/amd64'],
          [2, null, 'builder', null],
        ],
      );
      assert.deepEqual(m.stages[0].instructions.map((i) => i.keyword), ['FROM', 'RUN']);
      assert.equal(m.stages[0].from, m.stages[0].instructions[0]);
    });

    it('a stage runs from its FROM line to the next stage\'s start; the last to the end of the text', () => {
      const text = '# head\nFROM a AS x\nRUN 1\n\n# about y\nFROM b\nRUN 2\n';
      const m = parseDockerfile('Dockerfile', text);
      assert.equal(m.bodyStart, text.indexOf('FROM a'));
      assert.equal(m.stages[0].start, text.indexOf('FROM a'));
      assert.equal(m.stages[0].end, text.indexOf('FROM b'));
      assert.equal(m.stages[1].end, text.length);
    });

    it('keeps instructions before the first FROM as the preamble (global ARGs)', () => {
      const m = parseDockerfile('Dockerfile', 'ARG GO=1.22\nARG BASE\nFROM golang:${GO}\nARG GO\n');
      assert.deepEqual(m.preamble.map((i) => [i.keyword, i.args.map((a) => a.value)]), [
        ['ARG', ['GO=1.22']],
        ['ARG', ['BASE']],
      ]);
      assert.deepEqual(m.stages[0].instructions.map((i) => i.keyword), ['FROM', 'ARG']);
      assert.equal(m.stages[0].base, 'golang:${GO}');
    });

    it('a file without FROM has no stages and bodyStart at its end', () => {
      const text = 'ARG X\n# nothing\n';
      const m = parseDockerfile('Dockerfile', text);
      assert.equal(m.stages.length, 0);
      assert.equal(m.bodyStart, text.length);
    });
  });

  describe('instructions', () => {
    it('upper-cases keywords and records lines of multi-line instructions', () => {
      const m = parseDockerfile('Dockerfile', 'from a\nrun echo 1 \\\n  && echo 2\ncopy x /y\n');
      const ins = m.stages[0].instructions;
      assert.deepEqual(ins.map((i) => [i.keyword, i.line, i.endLine]), [
        ['FROM', 1, 1],
        ['RUN', 2, 3],
        ['COPY', 4, 4],
      ]);
    });

    it('separates flags (lower-cased names, values, bare flags) from arguments', () => {
      const text = 'FROM a\nCOPY --from=b --chown=1:2 --link src/ /dst/\n';
      const m = parseDockerfile('Dockerfile', text);
      const copy = m.stages[0].instructions[1];
      assert.deepEqual(copy.flags.map((f) => [f.name, f.value, text.slice(f.start, f.end)]), [
        ['from', 'b', '--from=b'],
        ['chown', '1:2', '--chown=1:2'],
        ['link', null, '--link'],
      ]);
      assert.deepEqual(copy.args.map((a) => [a.value, text.slice(a.start, a.end)]), [
        ['src/', 'src/'],
        ['/dst/', '/dst/'],
      ]);
      assert.equal(flagValue(copy, 'chown'), '1:2');
      assert.equal(flagValue(copy, 'chmod'), null);
      assert.equal(flagValue(copy, 'link'), null);
    });

    it('reads the JSON form, with inner spaces kept; anything not a JSON string array is the shell form', () => {
      const m = parseDockerfile('Dockerfile', 'FROM a\nCOPY ["my file", "/x y/"]\nCMD ["sh",  "-c", "a  b"]\nENTRYPOINT ["x", 1]\nRUN [ -f x ]\nCOPY a /b\n');
      const [, copy, cmd, entry, run, plain] = m.stages[0].instructions;
      assert.deepEqual(copy.json, ['my file', '/x y/']);
      assert.deepEqual(argumentValues(copy), ['my file', '/x y/']);
      assert.deepEqual(cmd.json, ['sh', '-c', 'a  b']);
      assert.equal(entry.json, null);
      assert.equal(run.json, null);
      assert.equal(plain.json, null);
      assert.deepEqual(argumentValues(plain), ['a', '/b']);
    });

    it('reads a JSON form that spans continuation lines', () => {
      const m = parseDockerfile('Dockerfile', 'FROM a\nCOPY ["a", \\\n     "/b/"]\n');
      assert.deepEqual(m.stages[0].instructions[1].json, ['a', '/b/']);
    });

    it('flags heredocs (BuildKit-only) and only them', () => {
      const m = parseDockerfile('Dockerfile', 'FROM a\nRUN <<EOF\necho hi\nEOF\nCOPY <<-"X" /f\nhi\nX\nRUN echo "<<not" a heredoc\nRUN cat 1<<2\n');
      assert.deepEqual(m.stages[0].instructions.map((i) => [i.keyword, i.heredoc]), [
        ['FROM', false],
        ['RUN', true],
        ['COPY', true],
        ['RUN', false],
        ['RUN', false],
      ]);
    });
  });

  describe('offsets', () => {
    it('slicing the text by an instruction\'s start/end gives the instruction (LF)', () => {
      const text = 'ARG V=1\n  FROM a:${V} AS b\nRUN echo 1 \\\n  2\n\nCOPY --chown=1:1 x /y\n';
      assert.deepEqual(slices(text), ['ARG V=1', 'FROM a:${V} AS b', 'RUN echo 1 \\\n  2', 'COPY --chown=1:1 x /y']);
      const m = parseDockerfile('Dockerfile', text);
      // An indented FROM: the stage starts at the beginning of its line.
      assert.equal(m.stages[0].start, text.indexOf('  FROM'));
    });

    it('slicing works the same in a CRLF file, continuations included', () => {
      const text = 'ARG V=1\r\nFROM a:${V} AS b\r\nRUN echo 1 \\\r\n  2\r\n\r\nCOPY [ "x", "/y" ]\r\nCMD y';
      assert.deepEqual(slices(text), ['ARG V=1', 'FROM a:${V} AS b', 'RUN echo 1 \\\r\n  2', 'COPY [ "x", "/y" ]', 'CMD y']);
      const m = parseDockerfile('Dockerfile', text);
      assert.equal(m.eol, '\r\n');
      assert.equal(m.finalNewline, false);
      const copy = m.stages[0].instructions[2];
      assert.deepEqual([copy.line, copy.endLine], [6, 6]);
      assert.deepEqual(copy.json, ['x', '/y']);
      for (const a of copy.args) assert.equal(text.slice(a.start, a.end), a.value);
    });

    it('records eol and the final newline', () => {
      assert.equal(parseDockerfile('D', 'FROM a\n').eol, '\n');
      assert.equal(parseDockerfile('D', 'FROM a\n').finalNewline, true);
      assert.equal(parseDockerfile('D', 'FROM a').finalNewline, false);
      assert.equal(parseDockerfile('D', '').finalNewline, true);
    });
  });

  describe('parser directives (§7)', () => {
    it('reads directives at the very top, with offsets of their lines', () => {
      const text = '# syntax=docker/dockerfile:1.2\n# escape=`\nFROM a\nRUN echo `\n  hi\n';
      const m = parseDockerfile('Dockerfile', text);
      assert.deepEqual(m.directives.map((d) => [d.name, d.value, d.line, text.slice(d.start, d.end)]), [
        ['syntax', 'docker/dockerfile:1.2', 1, '# syntax=docker/dockerfile:1.2'],
        ['escape', '`', 2, '# escape=`'],
      ]);
      assert.equal(m.escapeChar, '`');
      assert.equal(syntaxDirective(m), 'docker/dockerfile:1.2');
      assert.deepEqual(m.stages[0].instructions.map((i) => [i.keyword, i.line, i.endLine]), [
        ['FROM', 3, 3],
        ['RUN', 4, 5],
      ]);
    });

    it('names are case-insensitive and spaces around "=" are allowed (PD-5)', () => {
      const m = parseDockerfile('Dockerfile', '#  ESCAPE = `\nFROM a\n');
      assert.deepEqual(m.directives.map((d) => [d.name, d.value]), [['escape', '`']]);
      assert.equal(m.escapeChar, '`');
    });

    it('a directive after a comment line is a comment (PD-3)', () => {
      const m = parseDockerfile('Dockerfile', '# Build the app\n# syntax=docker/dockerfile:1\nFROM a\n');
      assert.deepEqual(m.directives, []);
      assert.equal(syntaxDirective(m), null);
    });

    it('a directive after a blank line is a comment, and sets no escape (PD-3)', () => {
      const m = parseDockerfile('Dockerfile', '\n# escape=`\nFROM a\nRUN echo a\\\n  b\n');
      assert.deepEqual(m.directives, []);
      assert.equal(m.escapeChar, '\\');
      assert.deepEqual(m.stages[0].instructions.map((i) => [i.keyword, i.line, i.endLine]), [
        ['FROM', 3, 3],
        ['RUN', 4, 5],
      ]);
    });

    it('a directive after an instruction is a comment', () => {
      const m = parseDockerfile('Dockerfile', 'FROM a\n# syntax=docker/dockerfile:1\n');
      assert.deepEqual(m.directives, []);
    });

    it('an unknown directive ends the directive run (PD-4)', () => {
      const m = parseDockerfile('Dockerfile', '# foo=bar\n# syntax=docker/dockerfile:1\nFROM a\n');
      assert.deepEqual(m.directives, []);
    });
  });
});

describe('parse/dockerfile: regressions', () => {
  // Regression (was wrong): PD-4 — after an unknown directive `# foo=bar`, a following `# escape=`` is only a comment,
  // so the escape character stays `\`. `directives` is right ([]) but `escapeChar` comes from
  // dockerfile-ast, which still applies the backtick: expected "\\", actual "`". The
  // backtick then also joins lines that Docker keeps apart.
  it('an escape line after an unknown directive does not change the escape character (PD-4)', () => {
    const text = '# foo=bar\n# escape=`\nFROM a\nRUN echo a `\nRUN echo b\n';
    const m = parseDockerfile('Dockerfile', text);
    assert.deepEqual(m.directives, []);
    assert.equal(m.escapeChar, '\\');
    assert.deepEqual(m.stages[0].instructions.map((i) => [i.keyword, i.line]), [
      ['FROM', 3],
      ['RUN', 4],
      ['RUN', 5],
    ]);
  });
});
