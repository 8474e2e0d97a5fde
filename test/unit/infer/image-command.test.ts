/** What `docker run IMG [ARGS]` runs: the Dockerfile's ENTRYPOINT/CMD combined as Docker combines them. */
import assert from 'node:assert/strict';
import { imageCommand, imageDefaults, isIdleCommand } from '../../../src/infer/image-command';
import { parseDockerfile } from '../../../src/parse/dockerfile';

function run(dockerfile: string, args: string[] = [], entrypoint?: string) {
  const m = parseDockerfile('Dockerfile.build', dockerfile);
  return imageCommand(imageDefaults(m, m.stages[m.stages.length - 1]), args, entrypoint);
}

describe('infer/image-command', () => {
  it('a shell-form CMD runs as /bin/sh -c TEXT; an exec-form CMD as its words', () => {
    const shell = run('FROM alpine\nCMD (make all >&2) && tar -cf - -C out .\n');
    assert.ok(shell.ok);
    assert.deepEqual(shell.argv, ['/bin/sh', '-c', '(make all >&2) && tar -cf - -C out .']);
    assert.equal(shell.shellText, '(make all >&2) && tar -cf - -C out .');
    assert.match(shell.described, /^CMD \(make all >&2\).*\(Dockerfile\.build:2\)$/);
    const exec = run('FROM alpine\nCMD ["make", "release"]\n');
    assert.ok(exec.ok);
    assert.deepEqual(exec.argv, ['make', 'release']);
    assert.equal(exec.shellText, null);
  });

  it('the run\'s words replace CMD and go to an exec-form ENTRYPOINT', () => {
    const r = run('FROM alpine\nENTRYPOINT ["mix"]\nCMD ["release"]\n');
    assert.ok(r.ok);
    assert.deepEqual(r.argv, ['mix', 'release']);
    const withArgs = run('FROM alpine\nENTRYPOINT ["mix"]\nCMD ["release"]\n', ['test']);
    assert.ok(withArgs.ok);
    assert.deepEqual(withArgs.argv, ['mix', 'test']);
  });

  it('a shell-form ENTRYPOINT ignores CMD and the run\'s words', () => {
    const r = run('FROM alpine\nENTRYPOINT /builder\nCMD ["x"]\n', ['2.31', '/usr/glibc-compat']);
    assert.ok(r.ok);
    assert.deepEqual(r.argv, ['/bin/sh', '-c', '/builder']);
  });

  it('an ENTRYPOINT after CMD resets it; SHELL changes the shell of shell forms', () => {
    const r = run('FROM alpine\nCMD ["sleep", "1"]\nENTRYPOINT ["tool"]\n');
    assert.ok(r.ok);
    assert.deepEqual(r.argv, ['tool']);
    const s = run('FROM alpine\nSHELL ["/bin/bash", "-c"]\nCMD echo hi\n');
    assert.ok(s.ok);
    assert.deepEqual(s.argv, ['/bin/bash', '-c', 'echo hi']);
  });

  it('the CMD of an earlier stage the image is built FROM counts', () => {
    const r = run('FROM alpine AS base\nCMD ["tail", "-f", "/dev/null"]\nFROM base\nRUN true\n');
    assert.ok(r.ok);
    assert.deepEqual(r.argv, ['tail', '-f', '/dev/null']);
  });

  it('--entrypoint replaces the ENTRYPOINT and drops the image CMD', () => {
    const r = run('FROM alpine\nENTRYPOINT ["mvn"]\nCMD ["package"]\n', ['-c', 'ls'], 'sh');
    assert.ok(r.ok);
    assert.deepEqual(r.argv, ['sh', '-c', 'ls']);
  });

  it('no CMD and no ENTRYPOINT: says the base image decides, never an empty command', () => {
    const r = run('FROM golang:1.22\nRUN go build -o /app .\n');
    assert.equal(r.ok, false);
    assert.ok(!r.ok && /sets no CMD or ENTRYPOINT/.test(r.problem) && /golang:1\.22/.test(r.problem));
  });

  it('idle commands: sleep, tail -f /dev/null, cat, as words or shell text', () => {
    for (const idle of [['sleep', '3600'], ['sleep', 'infinity'], ['tail', '-f', '/dev/null'], ['/bin/cat'], ['/bin/sh', '-c', '/bin/cat'], ['sh', '-c', 'while true; do sleep 1; done']]) {
      assert.equal(isIdleCommand(idle), true, idle.join(' '));
    }
    for (const busy of [['make'], ['sleep', '10&&make'], ['/bin/sh', '-c', 'sleep 5; rm -rf /out'], ['cat', '/etc/passwd']]) {
      assert.equal(isIdleCommand(busy), false, busy.join(' '));
    }
  });
});
