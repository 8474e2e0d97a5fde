/** One docker command → one pipeline step (or a finding), through the interpreter. */
import assert from 'node:assert/strict';
import { splitContainerPath } from '../../../src/interpret/docker-step';
import type { BuildStep, GlueStep } from '../../../src/interpret/events';
import { asLiteral, concat, display, literal, symbol } from '../../../src/interpret/value';
import { Files, findingCodes, interpretScript, loadParser } from '../support/harness';

function run(script: string, files: Files = {}) {
  return interpretScript({ 'build.sh': script, ...files });
}

function only<K extends GlueStep['kind']>(steps: readonly GlueStep[], kind: K): Extract<GlueStep, { kind: K }> {
  const hits = steps.filter((s): s is Extract<GlueStep, { kind: K }> => s.kind === kind);
  assert.equal(hits.length, 1, `expected one ${kind} step, got ${steps.map((s) => s.kind).join(', ')}`);
  return hits[0];
}

describe('interpret/docker-step', () => {
  before(loadParser);

  describe('docker build', () => {
    it('the default Dockerfile is <context>/Dockerfile; -f is relative to the glue\'s directory', () => {
      const a = only(run('docker build -t a sub\n').steps, 'build');
      assert.deepEqual([a.context, a.dockerfile, a.dockerfileNamed], ['sub', 'sub/Dockerfile', false]);
      const b = only(run('docker build -f docker/Dockerfile.build -t b ./sub/\n').steps, 'build');
      assert.deepEqual([b.context, b.dockerfile, b.dockerfileNamed], ['sub', 'docker/Dockerfile.build', true]);
    });

    it('build args (with and without a value), target (lower-cased), other flags as written', () => {
      const it = run('V=2\ndocker build --build-arg A=1 --build-arg V --build-arg "B=x y" --target Prod --no-cache --network=host -t r:1 -t r:latest .\n');
      const b = only(it.steps, 'build');
      assert.deepEqual(b.buildArgs.map((a) => [a.name, a.value === null ? null : asLiteral(a.value), a.written]), [
        ['A', '1', '--build-arg A=1'],
        ['V', '2', '--build-arg V'],
        ['B', 'x y', '--build-arg "B=x y"'],
      ]);
      assert.equal(b.target, 'prod');
      assert.deepEqual(b.flags.map((f) => [f.name, f.written]), [
        ['no-cache', '--no-cache'],
        ['network', '--network=host'],
      ]);
      assert.deepEqual(b.tags.map(asLiteral), ['r:1', 'r:latest']);
      assert.equal(b.words[b.contextWord].text, '.');
    });

    it('BuildKit: DOCKER_BUILDKIT on the command or exported in the glue, or buildx', () => {
      const kit = (script: string) => (run(script).steps.find((s) => s.kind === 'build') as BuildStep).buildkit;
      assert.equal(kit('DOCKER_BUILDKIT=1 docker build .\n'), true);
      assert.equal(kit('DOCKER_BUILDKIT=0 docker build .\n'), false);
      assert.equal(kit('export DOCKER_BUILDKIT=1\ndocker build .\n'), true);
      assert.equal(kit('docker buildx build --load .\n'), true);
      assert.equal(kit('docker build .\n'), null);
    });

    it('forms the migration cannot reproduce → DOCKER_UNSUPPORTED_FORM at the line', () => {
      const it = run('docker build -t a - < Dockerfile\ndocker build -f - .\ndocker build https://github.com/x/y.git\ndocker build a b\n');
      assert.deepEqual(findingCodes(it), ['build.sh:1 DOCKER_UNSUPPORTED_FORM', 'build.sh:2 DOCKER_UNSUPPORTED_FORM', 'build.sh:3 DOCKER_UNSUPPORTED_FORM', 'build.sh:4 DOCKER_UNSUPPORTED_FORM']);
      assert.equal(it.steps.filter((s) => s.kind === 'build').length, 0);
    });

    it('an unknown flag → DOCKER_UNKNOWN_FLAG and no step', () => {
      const it = run('docker build --frobnicate -t a .\n');
      assert.deepEqual(findingCodes(it), ['build.sh:1 DOCKER_UNKNOWN_FLAG']);
      assert.deepEqual(it.steps, []);
    });

    it('a context from an unset variable → GLUE_UNRESOLVED_VALUE; with a default → ENV_DEFAULT_ASSUMED (info)', () => {
      assert.deepEqual(findingCodes(run('docker build -t a "$CTX"\n')), ['build.sh:1 GLUE_UNRESOLVED_VALUE']);
      const it = run('docker build -t a "${CTX:-sub}"\n');
      assert.deepEqual(findingCodes(it), ['build.sh:1 ENV_DEFAULT_ASSUMED']);
      assert.equal(it.findings[0].severity, 'info');
      assert.equal(only(it.steps, 'build').context, 'sub');
    });
  });

  describe('containers', () => {
    it('docker create: handles are the captured id and --name', () => {
      const c = only(run('id=$(docker create --name extract app-builder:1 /bin/true)\n').steps, 'container');
      assert.equal(c.mode, 'create');
      assert.equal(asLiteral(c.image), 'app-builder:1');
      assert.deepEqual(c.command.map(asLiteral), ['/bin/true']);
      assert.equal(c.handles.length, 2);
      assert.equal(asLiteral(c.handles[1]), 'extract');
    });

    it('docker run -d is a container; a foreground run that is not a cat extraction is a run step', () => {
      const it = run('docker run -d --name keep img sleep 3600\ndocker run --rm img make test\n');
      assert.equal(only(it.steps, 'container').mode, 'run');
      const r = only(it.steps, 'run');
      assert.equal(asLiteral(r.image as never), 'img');
      assert.deepEqual(r.command.map((c) => asLiteral(c)), ['make', 'test']);
    });

    it('a run step reads its bind mounts, working directory, environment and user', () => {
      const it = run('docker run --rm -v "$PWD":/src -v cache:/root/.cache --mount type=bind,source=./out,target=/out,readonly -w /src -e A=1 -e B -u 1000 img go build\n');
      const r = only(it.steps, 'run');
      assert.deepEqual(
        r.mounts.map((m) => (m.kind === 'bind' ? `bind ${m.host} ${m.target} ${m.readOnly ? 'ro' : 'rw'}` : m.kind === 'volume' ? `volume ${m.name} ${m.target}` : m.kind)),
        ['bind  /src rw', 'volume cache /root/.cache', 'bind out /out ro'],
      );
      assert.equal(r.workdir, '/src');
      assert.deepEqual(r.env.map((e) => `${e.name}=${e.value ? asLiteral(e.value) : '(env)'}`), ['A=1', 'B=(env)']);
      assert.equal(r.user, '1000');
    });

    it('docker run without an image → DOCKER_UNSUPPORTED_FORM', () => {
      assert.deepEqual(findingCodes(run('docker run --rm\n')), ['build.sh:1 DOCKER_UNSUPPORTED_FORM']);
    });
  });

  describe('docker cp', () => {
    it('records the source as written, the destination canonical, "/" and -L', () => {
      const it = run('docker cp -L c:app/bin/ ./out/sub/../dir/\n');
      const cp = only(it.steps, 'cp');
      assert.deepEqual([cp.source, cp.dest, cp.destSlash, cp.followLink], ['app/bin/', 'out/dir', true, true]);
      assert.equal(asLiteral(cp.container), 'c');
    });

    it('the container\'s whole root (`C:.`, `C:/`, `C:/.`, to a file or a stream) is refused: a RUN copying / takes /proc and /sys', () => {
      for (const src of ['c:.', 'c:/', 'c:/.', 'c:/./', 'c:/tmp/..']) {
        for (const tail of [' ./rootfs', ' - > root.tar']) {
          const it = run(`docker cp ${src}${tail}\n`);
          assert.deepEqual(findingCodes(it), ['build.sh:1 EXTRACTION_UNSUPPORTED'], `${src}${tail}`);
          assert.equal(it.steps.filter((s) => s.kind === 'cp' || s.kind === 'stream').length, 0);
        }
      }
    });

    it('into a container is not an extraction', () => {
      const it = run('docker cp ./conf.yml c:/etc/app/\n');
      assert.equal(only(it.steps, 'docker-other').invocation.subcommand, 'cp');
      assert.deepEqual(findingCodes(it), []);
    });

    it('no container on either side, or a wrong argument count → DOCKER_UNSUPPORTED_FORM', () => {
      assert.deepEqual(findingCodes(run('docker cp ./a ./b\ndocker cp c:/a\n')), ['build.sh:1 DOCKER_UNSUPPORTED_FORM', 'build.sh:2 DOCKER_UNSUPPORTED_FORM']);
    });

    it('an unset destination variable → GLUE_UNRESOLVED_VALUE', () => {
      assert.deepEqual(findingCodes(run('docker cp c:/a "$OUT"\n')), ['build.sh:1 GLUE_UNRESOLVED_VALUE']);
    });
  });

  describe('cleanup and others', () => {
    it('rm/stop/kill → container-cleanup, rmi → image-cleanup, tag → docker-other with the image', () => {
      const it = run('docker stop c\ndocker rm -f c d\ndocker rmi app-builder\ndocker image rm x\ndocker tag app app:1\n');
      assert.deepEqual(it.steps.map((s) => s.kind), ['container-cleanup', 'container-cleanup', 'image-cleanup', 'image-cleanup', 'docker-other']);
      assert.deepEqual((it.steps[1] as Extract<GlueStep, { kind: 'container-cleanup' }>).containers.map(asLiteral), ['c', 'd']);
      assert.equal(asLiteral((it.steps[4] as Extract<GlueStep, { kind: 'docker-other' }>).image as never), 'app');
    });

    it('harmless subcommands may carry flags this tool does not know', () => {
      assert.deepEqual(findingCodes(run('docker ps --format "{{.ID}}" --frobnicate\n')), []);
    });
  });

  describe('splitContainerPath (docker\'s rule: a ":" before any "/")', () => {
    it('splits NAME:PATH', () => {
      const r = splitContainerPath(literal('extract:/app/dist'));
      assert.ok(r);
      assert.equal(asLiteral(r.container), 'extract');
      assert.equal(asLiteral(r.path), '/app/dist');
    });

    it('a "/" before the ":" makes a host path; no ":" or an empty name too', () => {
      assert.equal(splitContainerPath(literal('./a:b')), null);
      assert.equal(splitContainerPath(literal('out/x')), null);
      assert.equal(splitContainerPath(literal(':/x')), null);
    });

    it('keeps a symbolic container id', () => {
      const v = concat([symbol('container:1', 'container', '$id'), literal(':/go/bin/app')]);
      const r = splitContainerPath(v);
      assert.ok(r);
      assert.equal(display(r.container), '$id');
      assert.equal(asLiteral(r.path), '/go/bin/app');
    });
  });
});
