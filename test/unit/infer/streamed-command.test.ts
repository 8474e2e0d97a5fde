/**
 * `docker run IMG > out.tar` with no command runs the builder image's own CMD/ENTRYPOINT: read
 * from the Dockerfile the glue built it from, so what the archive holds can be named.
 */
import assert from 'node:assert/strict';
import { archiveMembers, tarArchive } from '../../../src/infer/archive-members';
import { streamCommandsOf, streamedImageCommand } from '../../../src/infer/streamed-command';
import type { HostStep } from '../../../src/interpret/events';
import { codes, loadParser, migrate } from '../support/harness';
import { readGlue, script } from '../support/glue';

const BUILD = 'FROM gcc:13\nWORKDIR /opt/app\nCOPY app.c .\nRUN gcc -o app app.c\n';

/** The steps of a glue that builds `b` from Dockerfile.build (ending in `tail`) and streams `run` into app.tar. */
function streamOf(tail: string, run = 'docker run --rm b > app.tar') {
  const glue = script('docker build -t b -f Dockerfile.build .', run, 'tar -xf app.tar', 'docker build -t app .');
  const read = readGlue({ 'build.sh': glue, 'Dockerfile.build': BUILD + tail, Dockerfile: 'FROM alpine:3.19\nCOPY app /usr/local/bin/\n', 'app.c': 'int main(void) { return 0; }\n' });
  const at = read.steps.findIndex((s) => s.kind === 'stream');
  const dockerfileOf = read.dockerfileOf;
  return { steps: read.steps, at, command: streamedImageCommand(read.steps, at, dockerfileOf), all: streamCommandsOf(read.steps, dockerfileOf) };
}

describe('infer/streamed-command and infer/archive-members', () => {
  before(loadParser);

  it('exec-form CMD: its words; the archive holds what tar names', () => {
    const s = streamOf('CMD ["tar", "-cf", "-", "app", "./conf/x"]\n');
    assert.deepEqual(s.command, ['tar', '-cf', '-', 'app', './conf/x']);
    assert.deepEqual(archiveMembers(s.steps[s.at], s.all), ['app', 'conf']);
  });

  it('shell-form CMD of plain words is read word for word; quoting, `$` or `&&` are not', () => {
    assert.deepEqual(streamOf('CMD tar -cf - app\n').command, ['tar', '-cf', '-', 'app']);
    assert.equal(streamOf('CMD tar -cf - "$APP"\n').command, null);
    assert.equal(streamOf('CMD make && tar -cf - app\n').command, null);
  });

  it('an ENTRYPOINT takes the CMD as arguments; --entrypoint replaces both', () => {
    assert.deepEqual(streamOf('ENTRYPOINT ["tar", "-cf", "-"]\nCMD ["app"]\n').command, ['tar', '-cf', '-', 'app']);
    assert.deepEqual(streamOf('CMD ["sleep", "1"]\n', 'docker run --rm --entrypoint ls b > app.tar').command, ['ls']);
  });

  it('no command known: none set (the base image decides), the glue writes one, a CMD that names no member', () => {
    assert.equal(streamOf('').command, null);
    assert.equal(streamOf('CMD ["tar", "-cf", "-", "app"]\n', 'docker run --rm b tar -cf - other > app.tar').command, null);
    const dot = streamOf('CMD ["tar", "-cf", "-", "."]\n');
    assert.deepEqual(dot.command, ['tar', '-cf', '-', '.']);
    assert.equal(archiveMembers(dot.steps[dot.at], dot.all), null);
  });

  it('tarArchive: the file `tar -x` reads, in any of its spellings', () => {
    const tar = (args: (string | null)[]): HostStep => ({ kind: 'host', command: 'tar', args, cwd: 'sub' }) as unknown as HostStep;
    assert.equal(tarArchive(tar(['-xvf', 'a.tar', '-C', 'd'])), 'sub/a.tar');
    assert.equal(tarArchive(tar(['xf', 'a.tar'])), 'sub/a.tar');
    assert.equal(tarArchive(tar(['--file=a.tar', '-x'])), 'sub/a.tar');
    assert.equal(tarArchive(tar(['-xf', '-'])), null);
    assert.equal(tarArchive(tar(['-xf', null])), null);
  });

  describe('in a migration', () => {
    const builder = `${BUILD}CMD ["tar", "-cf", "-", "app"]\n`;
    const runtime = 'FROM alpine:3.19\nWORKDIR /srv\nCOPY . /srv\n';
    const glue = (unpack: string) => script('docker build -t b -f Dockerfile.build .', 'docker run --rm b > app.tar', 'rm -rf deploy', 'mkdir deploy', ...unpack.split('; '), 'cp app.conf Dockerfile.run deploy', 'cd deploy', 'docker build -f Dockerfile.run -t app .');
    const files = (unpack: string, tail = builder) => ({ 'build.sh': glue(unpack), 'Dockerfile.build': tail, 'Dockerfile.run': runtime, 'app.conf': 'x\n', 'app.c': 'int main(void) { return 0; }\n' });

    it('an assembled context fed by the tar of the image CMD is traced and migrated', () => {
      const o = migrate(files('tar -xf app.tar -C deploy'));
      assert.equal(o.status, 'migrate', codes(o.findings).join(', '));
    });

    it('unpacked at the root with members named, the repository files read after it are still copied in', () => {
      const o = migrate(files('tar -xf app.tar; chmod 0755 app; cp app deploy'));
      assert.equal(o.status, 'migrate', codes(o.findings).join(', '));
      const merged = o.plan?.files.find((f) => f.path === 'Dockerfile.run')?.after ?? '';
      assert.match(merged, /^COPY app\.conf \/host\/app\.conf$/m);
    });

    it('unpacked at the root with members unknown: a repository file read after it is refused, never left out of the stage', () => {
      const o = migrate(files('tar -xf app.tar; cp app deploy', `${BUILD}CMD tar -cf - $(ls)\n`));
      assert.equal(o.status, 'refused');
      assert.ok(codes(o.findings).includes('build.sh:11 ASSEMBLED_CONTEXT_UNTRACED'), codes(o.findings).join(', '));
    });

    it('the host replay, too: a repository file read after an unpack of unknown members at the root is refused there', () => {
      const g = script('docker build -t b -f Dockerfile.build .', 'docker run --rm b tar -cf - -C /opt/app . > app.tar', 'tar -xf app.tar', 'mkdir -p dist', 'cp app app.conf dist/', 'docker build -t app .');
      const o = migrate({ 'build.sh': g, 'Dockerfile.build': builder, Dockerfile: 'FROM alpine:3.19\nCOPY dist /srv/\n', 'app.conf': 'x\n', 'app.c': 'x\n' });
      assert.equal(o.status, 'refused');
      const f = o.findings.find((x) => x.code === 'HOST_STEP_UNSUPPORTED');
      assert.deepEqual(f?.location, { file: 'build.sh', line: 7 }, codes(o.findings).join(', '));
      assert.match(f?.message ?? '', /reads `app\.conf`, a repository file, after `tar -x` \(build\.sh:5\)/);
    });
  });
});
