/**
 * The glue interpreter, on small scripts in an in-memory repository: which pipeline steps a
 * script produces, and which findings (code and line) it reports for what cannot be known.
 */
import assert from 'node:assert/strict';
import type { BuildStep, CatOutStep, ContainerStep, CopyOutStep, GlueStep, HostStep } from '../../../src/interpret/events';
import { asLiteral, display, resolve, sameValue } from '../../../src/interpret/value';
import { Files, findingCodes, interpretScript, loadParser } from '../support/harness';

function run(script: string, files: Files = {}, entry = 'build.sh') {
  return interpretScript({ [entry]: script, ...files }, entry);
}

function ofKind<K extends GlueStep['kind']>(steps: readonly GlueStep[], kind: K): Extract<GlueStep, { kind: K }>[] {
  return steps.filter((s): s is Extract<GlueStep, { kind: K }> => s.kind === kind);
}

const kinds = (steps: readonly GlueStep[]) => steps.map((s) => `${s.origin.file}:${s.origin.line} ${s.kind}`);

describe('interpret/shell', () => {
  before(loadParser);

  it('a whole create/cp/rm pipeline: steps in order, with their lines', () => {
    const it = run(
      [
        '#!/bin/sh',
        'set -e',
        'docker build -f Dockerfile.build -t app-builder .',
        'docker create --name extract app-builder',
        'docker cp extract:/go/bin/app ./app',
        'docker rm extract',
        'docker build -t app .',
        '',
      ].join('\n'),
    );
    assert.deepEqual(findingCodes(it), []);
    assert.deepEqual(kinds(it.steps), ['build.sh:3 build', 'build.sh:4 container', 'build.sh:5 cp', 'build.sh:6 container-cleanup', 'build.sh:7 build']);
    const [builder, container, cp, cleanup] = it.steps as [BuildStep, ContainerStep, CopyOutStep, Extract<GlueStep, { kind: 'container-cleanup' }>];
    assert.deepEqual(builder.tags.map(asLiteral), ['app-builder']);
    assert.equal(container.mode, 'create');
    assert.ok(container.handles.some((h) => asLiteral(h) === 'extract'));
    assert.equal(asLiteral(cp.container), 'extract');
    assert.deepEqual([cp.source, cp.dest, cp.destSlash, cp.followLink], ['/go/bin/app', 'app', false, false]);
    assert.deepEqual(cleanup.containers.map(asLiteral), ['extract']);
  });

  it('${TAG:-1.0}: tags keep the symbol, and resolve to the default', () => {
    const it = run('TAG=${TAG:-1.0}\ndocker build -t app-builder:$TAG .\ndocker build -t "app:${TAG}" .\n');
    const [a, b] = ofKind(it.steps, 'build');
    assert.equal(display(a.tags[0]), 'app-builder:${TAG:-1.0}');
    assert.equal(resolve(a.tags[0])?.text, 'app-builder:1.0');
    assert.equal(resolve(b.tags[0])?.text, 'app:1.0');
    assert.equal(asLiteral(a.tags[0]), null);
  });

  it('id=$(docker create img) then docker cp "$id":/a b: the cp reads that container', () => {
    const it = run('id=$(docker create app-builder)\ndocker cp "$id":/a b\ndocker rm "$id"\n');
    const [c] = ofKind(it.steps, 'container');
    const [cp] = ofKind(it.steps, 'cp');
    assert.ok(c.handles.some((h) => sameValue(h, cp.container)));
    assert.equal(asLiteral(c.image), 'app-builder');
    assert.deepEqual([cp.source, cp.dest], ['/a', 'b']);
    assert.deepEqual(findingCodes(it), []);
  });

  it('backquotes work like $(…)', () => {
    const it = run('cid=`docker create app-builder`\ndocker cp $cid:/a b\n');
    const [c] = ofKind(it.steps, 'container');
    const [cp] = ofKind(it.steps, 'cp');
    assert.ok(c.handles.some((h) => sameValue(h, cp.container)));
  });

  it('two containers are told apart', () => {
    const it = run('a=$(docker create img1)\nb=$(docker create img2)\ndocker cp $b:/x x\n');
    const [c1, c2] = ofKind(it.steps, 'container');
    const [cp] = ofKind(it.steps, 'cp');
    assert.ok(c2.handles.some((h) => sameValue(h, cp.container)));
    assert.ok(!c1.handles.some((h) => sameValue(h, cp.container)));
  });

  it('sudo docker, sudo -E docker, command docker, env X=1 docker', () => {
    const it = run('sudo docker build -t a .\nsudo -E docker build -t b .\ncommand docker build -t c .\nenv DOCKER_BUILDKIT=1 docker build -t d .\n');
    const builds = ofKind(it.steps, 'build');
    assert.deepEqual(builds.map((b) => asLiteral(b.tags[0])), ['a', 'b', 'c', 'd']);
    assert.deepEqual(builds.map((b) => b.prefixWords), [1, 2, 1, 2]);
    assert.deepEqual(builds.map((b) => b.buildkit), [null, null, null, true]);
  });

  it('`|| true` after a docker command is error handling, not a condition', () => {
    const it = run('docker rm -f old || true\ndocker build -t app . || exit 1\n');
    assert.deepEqual(findingCodes(it), []);
    assert.deepEqual(kinds(it.steps), ['build.sh:1 container-cleanup', 'build.sh:2 build']);
  });

  it('`if [ $? -ne 0 ]; then … exit 1; fi` checks are error handling: no finding, the script goes on', () => {
    const it = run('docker build -t app-builder -f Dockerfile.build .\nif [ $? -ne 0 ]; then\n  echo "failed" >&2\n  exit 1\nfi\ndocker build -t app .\n');
    assert.deepEqual(findingCodes(it), []);
    assert.deepEqual(kinds(it.steps), ['build.sh:1 build', 'build.sh:6 build']);
  });

  it('`exit` at the top level ends the script', () => {
    const it = run('docker build -t a .\nexit 0\ndocker build -t b .\n');
    assert.deepEqual(kinds(it.steps), ['build.sh:1 build']);
  });

  it('functions: steps cite the body line; arguments become $1, $2', () => {
    const it = run('build() {\n  docker build -t "$1" -f "$2" .\n}\nbuild app-builder Dockerfile.build\nbuild app Dockerfile\n');
    const builds = ofKind(it.steps, 'build');
    assert.deepEqual(builds.map((b) => [b.origin.line, asLiteral(b.tags[0]), b.dockerfile]), [
      [2, 'app-builder', 'Dockerfile.build'],
      [2, 'app', 'Dockerfile'],
    ]);
    assert.deepEqual(findingCodes(it), []);
  });

  it('functions share variables with the caller', () => {
    const it = run('setup() { TAG=2.0; }\nsetup\ndocker build -t app:$TAG .\n');
    assert.equal(asLiteral(ofKind(it.steps, 'build')[0].tags[0]), 'app:2.0');
  });

  it('cd changes the directory paths are resolved from', () => {
    const it = run('cd sub\ndocker build -t a .\ndocker create --name c a\ndocker cp c:/x ./out\ncd ..\ndocker cp c:/y y\n', { 'sub/Dockerfile': 'FROM a\n' });
    const [b] = ofKind(it.steps, 'build');
    assert.deepEqual([b.context, b.dockerfile, b.cwd], ['sub', 'sub/Dockerfile', 'sub']);
    assert.deepEqual(ofKind(it.steps, 'cp').map((c) => c.dest), ['sub/out', 'y']);
  });

  it('a subshell keeps its cd and variables to itself', () => {
    const it = run('docker create --name c a\nX=1\n(cd sub && X=2 && docker build -t b .)\ndocker cp c:/y ./y\ndocker build -t t$X .\n', { 'sub/Dockerfile': 'FROM a\n' });
    assert.deepEqual(findingCodes(it), []);
    assert.deepEqual(ofKind(it.steps, 'build').map((b) => [b.context, asLiteral(b.tags[0])]), [
      ['sub', 'b'],
      ['', 't1'],
    ]);
    assert.deepEqual(ofKind(it.steps, 'cp').map((c) => c.dest), ['y']);
  });

  it('`cd "$(dirname "$0")/.."` from a script in a sub-directory goes to the repository root', () => {
    const it = interpretScript({ 'scripts/build.sh': 'cd "$(dirname "$0")/.."\ndocker build -t a .\n' }, 'scripts/build.sh');
    assert.deepEqual(findingCodes(it), []);
    assert.equal(ofKind(it.steps, 'build')[0].context, '');
  });

  it('cd out of the repository → PATH_OUTSIDE_REPOSITORY at that line', () => {
    const it = run('docker build -t a .\ncd ../..\n');
    assert.deepEqual(findingCodes(it), ['build.sh:2 PATH_OUTSIDE_REPOSITORY']);
  });

  it('$(pwd), $PWD and "$(dirname "$0")" stand for repository directories', () => {
    const it = run('ROOT="$(cd "$(dirname "$0")" && pwd)"\ndocker create --name c img\ndocker cp c:/a "$ROOT/out"\ndocker cp c:/b $(pwd)/b\ndocker cp c:/c "$PWD/c"\n', {}, 'scripts/build.sh');
    assert.deepEqual(findingCodes(it), []);
    assert.deepEqual(ofKind(it.steps, 'cp').map((c) => c.dest), ['scripts/out', 'scripts/b', 'scripts/c']);
  });

  it('sourced scripts share variables; their steps cite their own file and line', () => {
    const it = run('. ./scripts/common.sh\nbuild_builder\ndocker build -t $NAME .\n', {
      'scripts/common.sh': 'NAME=myapp\nbuild_builder() {\n  docker build -t $NAME-builder -f Dockerfile.build .\n}\n',
    });
    assert.deepEqual(findingCodes(it), []);
    const builds = ofKind(it.steps, 'build');
    assert.deepEqual(builds.map((b) => [b.origin.file, b.origin.line, asLiteral(b.tags[0])]), [
      ['scripts/common.sh', 3, 'myapp-builder'],
      ['build.sh', 3, 'myapp'],
    ]);
  });

  it('executed scripts get their own arguments and a copy of the variables', () => {
    const it = run('X=1\nsh ./scripts/b.sh app-builder\n./scripts/c.sh\ndocker build -t app:$X .\n', {
      'scripts/b.sh': 'docker build -t "$1" -f Dockerfile.build .\nX=2\n',
      'scripts/c.sh': '#!/bin/sh\ndocker build -t c .\n',
    });
    assert.deepEqual(ofKind(it.steps, 'build').map((b) => [b.origin.file, asLiteral(b.tags[0])]), [
      ['scripts/b.sh', 'app-builder'],
      ['scripts/c.sh', 'c'],
      ['build.sh', 'app:1'],
    ]);
  });

  it('a variable set only under a condition is unknown afterwards', () => {
    const it = run('docker create --name c img\nif [ "$CI" = 1 ]; then OUT=ci; else OUT=local; fi\ndocker cp c:/a "$OUT"\n');
    assert.deepEqual(findingCodes(it), ['build.sh:3 GLUE_UNRESOLVED_VALUE']);
  });

  it('$1 in a path → GLUE_POSITIONAL_PARAMETER at that line', () => {
    const it = run('docker create --name c img\ndocker cp c:/a "$1"\n');
    assert.deepEqual(findingCodes(it), ['build.sh:2 GLUE_POSITIONAL_PARAMETER']);
    assert.deepEqual(ofKind(it.steps, 'cp'), []);
  });

  it('a positional build context → GLUE_POSITIONAL_PARAMETER, a default does not make it known', () => {
    assert.deepEqual(findingCodes(run('\ndocker build -t x $1\n')), ['build.sh:2 GLUE_POSITIONAL_PARAMETER']);
    assert.deepEqual(findingCodes(run('\ndocker build -t x ${1:-.}\n')), ['build.sh:2 GLUE_POSITIONAL_PARAMETER']);
  });

  it('known arguments (a called script) are used', () => {
    const it = run('sh ./b.sh sub\n', { 'b.sh': 'docker build -t x "$1"\n' });
    assert.deepEqual(findingCodes(it), []);
    assert.equal(ofKind(it.steps, 'build')[0].context, 'sub');
  });

  // Steps under a condition are marked; roles refuse those the migration would remove or change.
  const conditional = (steps: readonly GlueStep[]) => steps.filter((s) => s.origin.conditional).map((s) => `${s.origin.line} ${s.kind}`);

  it('docker cp inside an if is marked conditional at the cp line', () => {
    const it = run('docker create --name c img\nif [ "$WITH_DOCS" = yes ]; then\n  docker cp c:/docs docs\nfi\n');
    assert.deepEqual(findingCodes(it), []);
    assert.deepEqual(conditional(it.steps), ['3 cp']);
  });

  it('docker build after `[ … ] &&` is conditional; so is docker rm under an if', () => {
    assert.deepEqual(conditional(run('[ -n "$CI" ] && docker build -t x .\n').steps), ['1 build']);
    assert.deepEqual(conditional(run('if docker ps -a | grep -q old; then\n  docker rm -f old\nfi\n').steps), ['2 container-cleanup']);
  });

  it('docker in else and elif bodies is conditional too', () => {
    const it = run('if [ "$A" = 1 ]; then\n  echo a\nelif [ "$A" = 2 ]; then\n  docker build -t b .\nelse\n  docker build -t c .\nfi\n');
    assert.deepEqual(conditional(it.steps), ['4 build', '6 build']);
  });

  it('a function or a script called under a condition runs its steps under it', () => {
    const fn = run('b() {\n  docker build -t b .\n}\nif [ "$A" = 1 ]; then\n  b\nfi\n');
    assert.deepEqual(conditional(fn.steps), ['2 build']);
    const script = run('[ -n "$CI" ] && ./inner.sh\n', { 'inner.sh': 'docker build -t b .\n' });
    assert.deepEqual(conditional(script.steps), ['1 build']);
  });

  it('a script the glue runs sees the exported variables and those on its command line, not the others', () => {
    const files = { 'build.sh': 'TAG=dev\nexport IMG=app\n./sub.sh\nNAME=-x ./sub.sh\nset -a\nTAG=rc\n./sub.sh\n', 'sub.sh': 'docker build -t "$IMG:${TAG:-latest}${NAME:-}" .\n' };
    const it = interpretScript(files, 'build.sh', { exported: new Set() });
    assert.deepEqual(ofKind(it.steps, 'build').map((b) => b.tags.map((t) => resolve(t)?.text)), [['app:latest'], ['app:latest-x'], ['app:rc']]);
  });

  it('a loop whose body calls a function that runs docker is unrolled; a case that calls one is reported', () => {
    const loop = run('extract() {\n  docker cp "c:/go/bin/$1" "./$1"\n}\ndocker create --name c img\nfor f in server cli; do\n  extract "$f"\ndone\n');
    assert.deepEqual(ofKind(loop.steps, 'cp').map((c) => c.dest), ['server', 'cli']);
    const choice = run('all() {\n  docker build -t x .\n}\ncase "$1" in\n  all) all ;;\nesac\n');
    assert.deepEqual(findingCodes(choice), ['build.sh:4 GLUE_CONDITIONAL_DOCKER']);
  });

  it('loops over literal lists are unrolled', () => {
    const it = run('docker create --name c img\nfor f in server cli; do\n  docker cp c:/go/bin/$f ./$f\ndone\n');
    assert.deepEqual(findingCodes(it), []);
    assert.deepEqual(ofKind(it.steps, 'cp').map((c) => [c.origin.line, c.source, c.dest]), [
      [3, '/go/bin/server', 'server'],
      [3, '/go/bin/cli', 'cli'],
    ]);
  });

  it('loops over a literal variable are unrolled too', () => {
    const it = run('BINS="a b"\ndocker create --name c img\nfor f in $BINS; do docker cp c:/bin/$f out/$f; done\n');
    assert.deepEqual(ofKind(it.steps, 'cp').map((c) => c.dest), ['out/a', 'out/b']);
  });

  it('loops over unknown values that run docker → GLUE_LOOP_DOCKER', () => {
    assert.deepEqual(findingCodes(run('for f in $FILES; do\n  docker cp c:/$f .\ndone\n')), ['build.sh:1 GLUE_LOOP_DOCKER']);
    assert.deepEqual(findingCodes(run('\nwhile read -r f; do docker cp c:/$f .; done < list\n')), ['build.sh:2 GLUE_LOOP_DOCKER', 'build.sh:2 GLUE_INTERACTIVE']);
  });

  it('case with docker → GLUE_CONDITIONAL_DOCKER', () => {
    assert.deepEqual(findingCodes(run('case "$MODE" in\n  prod) docker build -t x . ;;\nesac\n')), ['build.sh:1 GLUE_CONDITIONAL_DOCKER']);
  });

  it('docker run --rm IMG cat /x > f is a cat extraction', () => {
    const it = run('docker run --rm app-builder cat /target/app.jar > app.jar\n');
    assert.deepEqual(findingCodes(it), []);
    const [cat] = ofKind(it.steps, 'cat') as CatOutStep[];
    assert.deepEqual([cat.source, cat.dest, cat.append, asLiteral(cat.image)], ['/target/app.jar', 'app.jar', false, 'app-builder']);
  });

  it('cat through --entrypoint or sh -c is the same extraction; >> is an append', () => {
    const it = run('docker run --rm --entrypoint cat img /a > a\ndocker run --rm img sh -c "cat /b" > b\ndocker run --rm img cat /c >> c\n');
    assert.deepEqual(ofKind(it.steps, 'cat').map((c) => [c.source, c.dest, c.append]), [
      ['/a', 'a', false],
      ['/b', 'b', false],
      ['/c', 'c', true],
    ]);
  });

  it('docker run -t … cat > f corrupts binary output → EXTRACTION_UNSUPPORTED', () => {
    assert.deepEqual(findingCodes(run('\ndocker run --rm -it img cat /a > a\n')), ['build.sh:2 EXTRACTION_UNSUPPORTED']);
  });

  it('docker cp C:/x - | tar -x is one stream step: the host tar is part of it', () => {
    const it = run('docker create --name c img\ndocker cp c:/x - | tar -x -C out\n');
    assert.deepEqual(findingCodes(it), []);
    const [s] = ofKind(it.steps, 'stream');
    assert.equal(s.producer.kind, 'cp');
    assert.deepEqual(s.consumers, [{ command: 'tar', args: ['-x', '-C', 'out'], cwd: '' }]);
    assert.deepEqual(s.dests, ['out']);
    assert.deepEqual(ofKind(it.steps, 'host'), []);
  });

  it('a host tar -x -C that climbs out of the repository is refused, not folded into it', () => {
    assert.deepEqual(ofKind(run('cd sub\ndocker run --rm img tar -c -C /app dist | tar -x -C ../web\n').steps, 'stream')[0]?.dests, ['web']);
    assert.deepEqual(findingCodes(run('docker run --rm img tar -c -C /app dist | tar -x -C ../../web\n')), ['build.sh:1 PATH_OUTSIDE_REPOSITORY']);
  });

  it('docker run IMG tar -c … > f and | gzip > f are streams to a file; other consumers are refused', () => {
    assert.deepEqual(ofKind(run('docker run --rm img tar -c -C /out . > out.tar\n').steps, 'stream')[0].dests, ['out.tar']);
    assert.deepEqual(ofKind(run('docker run --rm img tar -c -C /out . | gzip > out.tgz\n').steps, 'stream')[0].dests, ['out.tgz']);
    assert.deepEqual(findingCodes(run('docker run --rm img tar -c . | curl -T - http://x/\n')), ['build.sh:1 EXTRACTION_UNSUPPORTED']);
  });

  it('paths outside the repository → PATH_OUTSIDE_REPOSITORY', () => {
    const it = run('docker create --name c img\ndocker cp c:/a ../a\ndocker cp c:/b /tmp/b\ndocker build -f /tmp/Dockerfile .\ndocker build -t x ..\ncat /x > /tmp/y\n');
    assert.deepEqual(findingCodes(it), [
      'build.sh:2 PATH_OUTSIDE_REPOSITORY',
      'build.sh:3 PATH_OUTSIDE_REPOSITORY',
      'build.sh:4 PATH_OUTSIDE_REPOSITORY',
      'build.sh:5 PATH_OUTSIDE_REPOSITORY',
    ]);
  });

  it('eval of docker → GLUE_DYNAMIC_COMMAND; read → GLUE_INTERACTIVE', () => {
    assert.deepEqual(findingCodes(run('eval "docker build ."\nread -p "tag? " TAG\n')), ['build.sh:1 GLUE_DYNAMIC_COMMAND', 'build.sh:2 GLUE_INTERACTIVE']);
  });

  it('a command name from a known variable runs; from an unknown one with docker → GLUE_DYNAMIC_COMMAND', () => {
    assert.deepEqual(ofKind(run('D=docker\n$D build -t x .\n').steps, 'build').length, 1);
    assert.deepEqual(findingCodes(run('\n$DOCKER build -t x .\n')), ['build.sh:2 GLUE_DYNAMIC_COMMAND']);
  });

  it('host file commands become host steps with the files they write', () => {
    const it = run('mkdir -p out\necho hi > out/x.txt\nchmod 755 out/x.txt\ngit rev-parse HEAD\n');
    const host = ofKind(it.steps, 'host') as HostStep[];
    assert.deepEqual(host.map((h) => [h.command, h.args, h.writes]), [
      ['mkdir', ['-p', 'out'], []],
      ['echo', ['hi'], ['out/x.txt']],
      ['chmod', ['755', 'out/x.txt'], []],
    ]);
    assert.deepEqual(ofKind(it.steps, 'other').map((o) => o.command), ['git']);
  });

  it('a syntax error → GLUE_PARSE_ERROR and no steps', () => {
    const it = run('docker build -t x .\nif [ x ]; then\n  echo "unterminated\n');
    assert.deepEqual(it.findings.map((f) => f.code), ['GLUE_PARSE_ERROR']);
    assert.deepEqual(it.steps, []);
  });
});

describe('interpret/shell: regressions', () => {
  before(loadParser);

  // Regression (was wrong): `if [ -z "$OUT" ]; then OUT=dist; fi` is meant to be read as ${OUT:-dist} (see
  // defaultingIf in shell.ts), but the if body runs first and sets OUT to a 'conditional'
  // symbol, so the `!frame.vars.has(name)` check never lets the default apply. Expected the cp
  // to land in dist (with ENV_DEFAULT_ASSUMED); actual GLUE_UNRESOLVED_VALUE at line 3.
  it('`if [ -z "$OUT" ]; then OUT=dist; fi` is a default for OUT', () => {
    const it = run('if [ -z "$OUT" ]; then OUT=dist; fi\ndocker create --name c img\ndocker cp c:/app/dist "$OUT"\n');
    assert.deepEqual(it.findings.filter((f) => f.severity === 'error').map((f) => f.code), []);
    assert.deepEqual(ofKind(it.steps, 'cp').map((c) => c.dest), ['dist']);
  });

  // Regression (was wrong): `docker run … cat /z > /tmp/z` writes outside the repository, a known path, but it is
  // reported as GLUE_UNRESOLVED_VALUE ("must be a known path"): redirectTarget() returns null for
  // outside paths, so the PATH_OUTSIDE_REPOSITORY branch in foregroundRun() is dead code.
  // Expected 'build.sh:1 PATH_OUTSIDE_REPOSITORY', actual 'build.sh:1 GLUE_UNRESOLVED_VALUE'.
  it('docker run … cat > /tmp/z → PATH_OUTSIDE_REPOSITORY', () => {
    assert.deepEqual(findingCodes(run('docker run --rm img cat /z > /tmp/z\ndocker run --rm img cat /y > ../y\n')), ['build.sh:1 PATH_OUTSIDE_REPOSITORY', 'build.sh:2 PATH_OUTSIDE_REPOSITORY']);
  });

  // Regression (was wrong): `popd` (and `cd -`) make the directory unknown, although the directory they return to is
  // known statically (the one before pushd / the previous cd). Every relative path after them is
  // then refused: expected the cp to land in `x` with no finding, actual GLUE_WORKDIR_UNKNOWN at line 5.
  it('pushd … popd returns to the directory before pushd', () => {
    const it = run('pushd sub > /dev/null\ndocker build -t a .\npopd > /dev/null\ndocker create --name c a\ndocker cp c:/x ./x\n', { 'sub/Dockerfile': 'FROM a\n' });
    assert.deepEqual(findingCodes(it), []);
    assert.deepEqual(ofKind(it.steps, 'cp').map((c) => c.dest), ['x']);
  });

  it('`cd -` returns to the previous directory', () => {
    const it = run('docker create --name c a\ncd sub\ncd -\ndocker cp c:/x ./x\n', { 'sub/Dockerfile': 'FROM a\n' });
    assert.deepEqual(findingCodes(it), []);
    assert.deepEqual(ofKind(it.steps, 'cp').map((c) => c.dest), ['x']);
  });

  // Regression (was wrong): see interpret/expand: "$@" is one field, so a wrapper function breaks the build step.
  it('a wrapper function `db() { docker build "$@"; }` passes its arguments on', () => {
    const it = run('db() {\n  docker build "$@"\n}\ndb -t app-builder -f Dockerfile.build .\n');
    assert.deepEqual(findingCodes(it), []);
    const [b] = ofKind(it.steps, 'build');
    assert.deepEqual([asLiteral(b.tags[0]), b.dockerfile, b.context], ['app-builder', 'Dockerfile.build', '']);
  });
});
