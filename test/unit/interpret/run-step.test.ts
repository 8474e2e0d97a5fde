/** A foreground `docker run` read as a build at run time: mounts, working directory, environment, user. */
import assert from 'node:assert/strict';
import type { RunStep } from '../../../src/interpret/events';
import { asLiteral } from '../../../src/interpret/value';
import { codes, loadParser } from '../support/harness';
import { readGlue, script } from '../support/glue';

function runOf(line: string, cwdFiles: Record<string, string> = {}) {
  const read = readGlue({ 'build.sh': script('APP=api', line), ...cwdFiles });
  const runs = read.steps.filter((s): s is RunStep => s.kind === 'run');
  return { run: runs[0], findings: codes(read.glue.findings) };
}

describe('interpret/run-step', () => {
  before(loadParser);

  it('-v with a repository path is a bind (host path repository-relative), a bare name a volume; :ro is read-only', () => {
    const { run } = runOf('docker run --rm -v "$PWD/out:/out" -v ./src:/src:ro -v gocache:/root/.cache golang:1.22 go build -o /out/app .');
    assert.deepEqual(run.mounts.map((m) => (m.kind === 'bind' ? [m.kind, m.host, m.target, m.readOnly] : m.kind === 'volume' ? [m.kind, m.name, m.target] : [m.kind])), [
      ['bind', 'out', '/out', false],
      ['bind', 'src', '/src', true],
      ['volume', 'gocache', '/root/.cache'],
    ]);
    assert.equal(asLiteral(run.image), 'golang:1.22');
  });

  it('--mount type=bind, -w, -e NAME=value and -e NAME from the glue, -u', () => {
    const { run } = runOf('docker run --rm --mount type=bind,source="$(pwd)/dist",target=/dist -w /src -e CGO_ENABLED=0 -e APP -u 1000:1000 golang:1.22 make');
    assert.deepEqual(run.mounts.map((m) => (m.kind === 'bind' ? [m.host, m.target, m.readOnly] : null)), [['dist', '/dist', false]]);
    assert.equal(run.workdir, '/src');
    assert.deepEqual(run.env.map((e) => [e.name, e.value === null ? null : asLiteral(e.value)]), [['CGO_ENABLED', '0'], ['APP', 'api']]);
    assert.equal(run.user, '1000:1000');
  });

  it('forms it cannot read are reported at the line with their code, and give no run step', () => {
    for (const [line, code] of [
      ['docker run --rm --volumes-from data golang:1.22 make', 'DOCKER_UNSUPPORTED_FORM'],
      ['docker run --rm --env-file .env golang:1.22 make', 'DOCKER_UNSUPPORTED_FORM'],
      ['docker run --rm -v "$OUT_DIR:/out" golang:1.22 make', 'GLUE_UNRESOLVED_VALUE'],
      ['docker run --rm -v out:relative golang:1.22 make', 'DOCKER_UNSUPPORTED_FORM'],
    ]) {
      const { run, findings } = runOf(line);
      assert.equal(run, undefined, line);
      assert.ok(findings.includes(`build.sh:4 ${code}`), `${line}: ${findings.join(', ')}`);
    }
  });
});
