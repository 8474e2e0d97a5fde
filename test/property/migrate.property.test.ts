/**
 * Property-based tests (fast-check). Builder, runtime and glue are put together from realistic
 * fragments (docker cp forms, mkdir, destinations with and without a trailing slash, COPY forms,
 * globs, ARGs, stage names); for every combination:
 *
 * - the tool never throws;
 * - every Dockerfile it writes parses with dockerfile-ast, passes dockerfile-utils validation
 *   with no error, has unique stage names, lower case unless the input spelled them otherwise
 *   (`AS Build` is carried as written; Docker folds it), and every `COPY --from` names an
 *   earlier stage (or an image the input already named);
 * - migrating its own output is a no-op (the status is not `migrate`).
 *
 * Junk made of shell and Dockerfile fragments must never make it throw either. FC_RUNS and
 * FC_SEED run it longer or replay a failure.
 */
import { strict as assert } from 'node:assert';
import { DockerfileParser } from 'dockerfile-ast';
import { validate } from 'dockerfile-utils';
import fc from 'fast-check';
import { migrateRepository } from '../../src/app/migrate';
import { formatFinding } from '../../src/core/findings';
import { memoryRepo } from '../../src/core/repo';
import { loadShellParser, ShellParser } from '../../src/parse/shell/parser';
import { loadTemplates, Templates } from '../../src/render/templates';

const RUNS = Number(process.env.FC_RUNS ?? 60);
const SEED = process.env.FC_SEED ? Number(process.env.FC_SEED) : undefined;

type Files = Record<string, string | { text: string; mode: number }>;

/** One artifact: how the builder makes it, how the glue copies it out, how the runtime takes it. */
interface Artifact {
  build: string[];
  prep: string[];
  cp: string;
  copy: string;
  cleanup: string | null;
}

const name = fc.constantFrom('app', 'server', 'my-tool', 'svc_2');
const fileDest = fc.constantFrom('/usr/local/bin/', '/usr/local/bin/NAME', '/app/', '/opt/NAME', '/NAME');
const dirDest = fc.constantFrom('/srv/www', '/srv/www/', '/usr/share/nginx/html', '/app/public/');

const artifact: fc.Arbitrary<Artifact> = fc.oneof(
  // A file, copied to a new name at the top of the repository.
  fc.record({ n: name, dest: fileDest, dot: fc.boolean(), json: fc.boolean(), rm: fc.boolean() }).map(({ n, dest, dot, json, rm }) => ({
    build: [`RUN go build -o /out/${n} .`],
    prep: [],
    cp: `/out/${n} ${dot ? './' : ''}${n}`,
    copy: json ? `COPY ["${n}", "${dest.replace('NAME', n)}"]` : `COPY ${n} ${dest.replace('NAME', n)}`,
    cleanup: rm ? `rm -f ${n}` : null,
  })),
  // A file into a directory the glue makes first.
  fc.record({ n: name, slash: fc.boolean(), whole: fc.boolean() }).map(({ n, slash, whole }) => ({
    build: [`RUN go build -o /out/${n} .`],
    prep: ['mkdir -p bin'],
    cp: `/out/${n} bin/${slash ? '' : n}`,
    copy: whole ? 'COPY bin/ /usr/local/bin/' : `COPY bin/${n} /usr/local/bin/${n}`,
    cleanup: 'rm -rf bin',
  })),
  // A directory, copied whole or by its contents, taken whole or through a glob.
  fc.record({ contents: fc.boolean(), dest: dirDest, form: fc.constantFrom('dir', 'slash', 'glob') }).map(({ contents, dest, form }) => ({
    build: ['RUN mkdir -p /out/dist && cp -r web/. /out/dist/'],
    prep: contents ? ['mkdir -p dist'] : ['rm -rf dist'],
    cp: contents ? '/out/dist/. dist/' : '/out/dist ./dist',
    copy: form === 'dir' ? `COPY dist ${dest}` : form === 'slash' ? `COPY dist/ ${dest}` : `COPY dist/*.js ${dest.endsWith('/') ? dest : `${dest}/`}`,
    cleanup: null,
  })),
);

interface Setup {
  files: Files;
  /** Images the input Dockerfiles name (a COPY --from may keep pointing at them). */
  images: Set<string>;
}

const setup: fc.Arbitrary<Setup> = fc
  .record({
    art: artifact,
    tag: fc.constantFrom('app-builder', 'builder', 'myapp_build', 'registry.example.com/team/app-builder:1.0'),
    stageName: fc.constantFrom(null, 'builder', 'Build', 'compile'),
    depsStage: fc.boolean(),
    globalArg: fc.boolean(),
    stageArg: fc.boolean(),
    buildArg: fc.boolean(),
    named: fc.boolean(),
    idHandle: fc.boolean(),
    workdir: fc.constantFrom('/src', '/go/src/app', '/build'),
    runtimeBase: fc.constantFrom('alpine:3.19', 'debian:bookworm-slim', 'scratch', 'nginx:1.25-alpine'),
    runtimeArg: fc.boolean(),
    runtimeStage: fc.boolean(),
    cmd: fc.constantFrom('CMD ["/usr/local/bin/app"]', 'ENTRYPOINT ["/app/app"]', 'EXPOSE 8080', ''),
    crlf: fc.boolean(),
  })
  .map((o) => {
    const base = o.globalArg ? 'golang:${GO_VERSION}' : 'golang:1.22';
    const builder = [
      ...(o.globalArg ? ['ARG GO_VERSION=1.22'] : []),
      ...(o.depsStage ? [`FROM ${base} AS deps`, `WORKDIR ${o.workdir}`, 'COPY go.mod ./', 'RUN go mod download', ''] : []),
      `FROM ${o.depsStage ? 'deps' : base}${o.stageName ? ` AS ${o.stageName}` : ''}`,
      ...(o.stageArg ? ['ARG VERSION=dev'] : []),
      `WORKDIR ${o.workdir}`,
      'COPY . .',
      ...o.art.build,
    ].join('\n');
    const c = o.idHandle ? '"$cid"' : 'extract';
    const glue = [
      '#!/bin/sh',
      'set -e',
      `docker build ${o.named ? '-f Dockerfile.build ' : '--file=Dockerfile.build '}${o.buildArg ? '--build-arg VERSION=1.2.3 ' : ''}-t ${o.tag} .`,
      ...o.art.prep,
      o.idHandle ? `cid=$(docker create ${o.tag})` : `docker create --name extract ${o.tag}`,
      `docker cp ${c}:${o.art.cp}`,
      `docker rm ${c}`,
      `docker build -t app${o.runtimeArg ? ' --build-arg PORT=8080' : ''} .`,
      ...(o.art.cleanup ? [o.art.cleanup] : []),
    ].join('\n');
    const runtime = [
      ...(o.runtimeArg ? ['ARG PORT=80'] : []),
      ...(o.runtimeStage ? ['FROM alpine:3.19 AS certs', 'RUN apk add --no-cache ca-certificates', ''] : []),
      `FROM ${o.runtimeBase}`,
      ...(o.runtimeStage ? ['COPY --from=certs /etc/ssl/certs /etc/ssl/certs'] : []),
      o.art.copy,
      ...(o.cmd ? [o.cmd] : []),
    ].join('\n');
    const eol = (t: string) => (o.crlf ? `${t}\n`.replace(/\n/g, '\r\n') : `${t}\n`);
    return {
      files: {
        'Dockerfile.build': eol(builder),
        Dockerfile: eol(runtime),
        'build.sh': { text: `${glue}\n`, mode: 0o755 },
        'go.mod': 'module example.com/app\n',
        'main.go': 'package main\n',
        'web/index.js': 'console.log(1)\n',
      },
      images: new Set(['golang:1.22', o.runtimeBase, 'alpine:3.19', 'certs', 'deps']),
    };
  });

describe('property: generated builder/runtime/glue combinations', function () {
  this.timeout(60000);
  let parser: ShellParser;
  let templates: Templates;
  before(async () => {
    parser = await loadShellParser();
    templates = loadTemplates();
  });
  const migrate = (files: Files) => migrateRepository(memoryRepo(files), (t) => parser.parse(t), templates, { dir: '', buildkit: false, keepLegacy: false });

  it('never throws; every Dockerfile written is valid, with unique lower-case stages and COPY --from to earlier ones; a second run is a no-op', () => {
    let migrated = 0;
    fc.assert(
      fc.property(setup, ({ files, images }) => {
        const outcome = migrate(files);
        if (outcome.status !== 'migrate' || !outcome.plan) return;
        migrated++;
        const after: Files = { ...files };
        for (const f of outcome.plan.files) {
          if (f.after === null) delete after[f.path];
          else after[f.path] = f.mode === 0o100755 ? { text: f.after, mode: 0o755 } : f.after;
          if (f.after !== null && /(^|\/)Dockerfile[^/]*$/.test(f.path) && !f.path.endsWith('.dockerignore')) checkDockerfile(f.path, f.after, images, Object.values(files).map((v) => (typeof v === 'string' ? v : v.text)));
        }
        const again = migrate(after);
        assert.notEqual(again.status, 'migrate', `migrating the output again would change it:\n${again.findings.map(formatFinding).join('\n')}`);
      }),
      { numRuns: RUNS, seed: SEED },
    );
    assert.ok(migrated >= RUNS / 3, `only ${migrated} of ${RUNS} generated setups migrated: the generator no longer exercises the planner`);
  });

  it('never throws on junk made of shell and Dockerfile fragments', () => {
    const junk = fc.array(fc.constantFrom('docker build -t b -f Dockerfile.build .', 'docker create --name c b', 'docker cp c:/out/app ./app', 'docker build -t a .', '"', "'", '<<EOF', 'EOF', '\\', '$(', ')', '{', '}', '${X:-', 'if true; then', 'fi', 'FROM', 'FROM b AS', 'COPY', 'COPY --from=', 'RUN', 'ARG', '# escape=`', '\uFEFF', '\r', '\n', '\t', ' ', 'ä', '\u0000', 'ONBUILD', 'HEALTHCHECK CMD'), { maxLength: 40 }).map((a) => a.join(' ').replace(/ \n /g, '\n'));
    fc.assert(
      fc.property(junk, junk, junk, (glue, builder, runtime) => {
        migrate({ 'build.sh': glue, 'Dockerfile.build': builder, Dockerfile: runtime });
        migrate({ 'build.sh': `docker build -f Dockerfile.build -t b .\ndocker create --name c b\ndocker cp c:/out/app ./app\ndocker build -t a .\n${glue}`, 'Dockerfile.build': `FROM golang\n${builder}`, Dockerfile: `FROM alpine\n${runtime}` });
      }),
      { numRuns: RUNS, seed: SEED },
    );
  });
});

function checkDockerfile(path: string, text: string, images: Set<string>, inputs: string[]): void {
  const where = `${path}:\n${text}`;
  const ast = DockerfileParser.parse(text);
  const errors = validate(text).filter((d) => d.severity === 1);
  assert.deepEqual(errors.map((e) => `${e.range.start.line + 1}: ${e.message}`), [], `dockerfile-utils errors in ${where}`);
  const stages: string[] = [];
  for (const from of ast.getFROMs()) {
    const stage = from.getBuildStage();
    if (stage !== null) {
      // Names the tool writes are lower case; a name the input spelled `AS Build` is kept as written (Docker folds it).
      assert.ok(stage === stage.toLowerCase() || inputs.some((t) => t.includes(` AS ${stage}`)), `stage name ${stage} is not lower case in ${where}`);
      assert.ok(!stages.includes(stage.toLowerCase()), `stage name ${stage} twice in ${where}`);
    }
    stages.push((stage ?? '').toLowerCase());
  }
  let index = -1;
  for (const ins of ast.getInstructions()) {
    if (ins.getKeyword() === 'FROM') index++;
    if (ins.getKeyword() !== 'COPY') continue;
    const flag = (ins as unknown as { getFlags(): { getName(): string; getValue(): string | null }[] }).getFlags().find((f) => f.getName() === 'from');
    const ref = flag?.getValue();
    if (!ref) continue;
    const earlier = stages.slice(0, index);
    const ok = earlier.includes(ref.toLowerCase()) || (/^\d+$/.test(ref) && Number(ref) < index) || images.has(ref);
    assert.ok(ok, `COPY --from=${ref} (line ${ins.getRange().start.line + 1}) names no earlier stage in ${where}`);
  }
}
