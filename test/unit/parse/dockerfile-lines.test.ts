/** Dockerfile lines as BuildKit's parser reads them, and the validation built on them. */
import assert from 'node:assert/strict';
import { closeFinalContinuation, readDockerLines } from '../../../src/parse/dockerfile-lines';
import { dockerfileErrors } from '../../../src/parse/dockerfile-validate';

const lines = (t: string) => readDockerLines(t, '\\').instructions.map((i) => `${i.keyword}:${i.line}-${i.endLine}`);

describe('parse/dockerfile-lines', () => {
  it('continuations join lines; comment and empty lines inside them are skipped', () => {
    assert.deepEqual(lines('FROM a\nRUN x \\\n# note\n\n  y\nRUN z\n'), ['FROM:1-1', 'RUN:2-5', 'RUN:6-6']);
  });

  it('an escaped escape character at the end does not continue (BuildKit: ENV C trailing\\\\)', () => {
    assert.deepEqual(lines('FROM a\nENV C x\\\\\nENV D y\n'), ['FROM:1-1', 'ENV:2-2', 'ENV:3-3']);
    assert.deepEqual(lines('FROM a\nENV E x\\\n\\\nworld\n'), ['FROM:1-1', 'ENV:2-4']);
  });

  it('heredoc bodies belong to their instruction, up to the terminator (tabs stripped with <<-)', () => {
    assert.deepEqual(lines('FROM a\nRUN cat <<EOF >x\nFROM b\nEOF\nRUN y\n'), ['FROM:1-1', 'RUN:2-4', 'RUN:5-5']);
    assert.deepEqual(lines('FROM a\nRUN <<-"END" sh\n\tFROM b\n\tEND\nRUN y\n'), ['FROM:1-1', 'RUN:2-4', 'RUN:5-5']);
    // Only RUN, COPY and ADD in shell form take heredocs.
    assert.deepEqual(lines('FROM a\nCMD cat <<EOF\nRUN y\n'), ['FROM:1-1', 'CMD:2-2', 'RUN:3-3']);
    assert.deepEqual(lines('FROM a\nRUN ["cat", "<<EOF"]\nRUN y\n'), ['FROM:1-1', 'RUN:2-2', 'RUN:3-3']);
  });

  it('what stops Docker: an unterminated heredoc, a line of 64 KiB or more', () => {
    assert.deepEqual(readDockerLines('FROM a\nRUN cat <<EOF\nx\n', '\\').problems.map((p) => p.line), [2]);
    assert.deepEqual(readDockerLines(`FROM a\nRUN ${'x'.repeat(65532)}\n`, '\\').problems.map((p) => p.line), [2]);
    assert.deepEqual(readDockerLines(`FROM a\nRUN ${'x'.repeat(65531)}\n`, '\\').problems, []);
  });

  it('validation: instructions before FROM, and files this tool would read apart from Docker', () => {
    assert.deepEqual(dockerfileErrors('WORKDIR /src\nFROM a\n').map((e) => e.line), [1]);
    assert.deepEqual(dockerfileErrors('ARG V=1\nFROM a:$V\n'), []);
    // dockerfile-ast continues `ENV C trailing\\` into the next line; Docker does not.
    assert.deepEqual(dockerfileErrors('FROM a\nENV C trailing\\\\\nENV D x\n').map((e) => e.line), [3]);
  });

  it('closeFinalContinuation: only a continuation left open at the end, comment lines kept', () => {
    assert.equal(closeFinalContinuation('FROM a\nRUN x \\\n# end\n', '\\'), 'FROM a\nRUN x \n# end\n');
    assert.equal(closeFinalContinuation('FROM a\r\nRUN x `\r\n', '`'), 'FROM a\r\nRUN x \r\n');
    for (const t of ['FROM a\nRUN x\n', 'FROM a\nENV C x\\\\\n', 'FROM a\nRUN cat <<EOF\nx \\\nEOF\n']) assert.equal(closeFinalContinuation(t, '\\'), t);
  });
});
