/**
 * docker-semantics.md §3.2, row by row, through the whole planner: the legacy glue
 * (`docker cp C:A B`) and runtime line (`COPY B D`) must become COPY lines that put the same
 * files at the same places, with `--chown=0:0` because a context COPY gave root (OW-1) where
 * COPY --from keeps the builder's owners (OW-2).
 */
import assert from 'node:assert/strict';
import type { RepoOutcome } from '../../../src/app/migrate';
import { Files, codes, errorCodes, fileAfter, loadParser, migrate, stagesOf } from '../support/harness';

/** The table's builder: /app/dist a directory, /app/bin/server and /app/config.yml files, /opt/tools a directory. */
const BUILDER = [
  'FROM golang:1.22',
  'WORKDIR /app',
  'COPY . .',
  'RUN mkdir -p /app/dist/assets /app/dist/empty',
  'RUN go build -o /app/bin/server .',
  'RUN touch /app/config.yml',
  'RUN mkdir -p /opt/tools',
  'RUN ln -s bin/server /app/server-link',
  '',
].join('\n');

/** Line of the first extraction command in the glue `row` writes. */
const FIRST = 5;

/** One table row: the extraction commands (C is the container `extract`) and the runtime lines after `FROM alpine:3.19`. */
function row(extract: string[], runtime: string[], extra: Files = {}): RepoOutcome {
  const glue = ['#!/bin/sh', 'set -e', 'docker build -f Dockerfile.build -t builder .', 'docker create --name extract builder', ...extract, 'docker rm extract', 'docker build -t app .', ''].join('\n');
  return migrate({ 'build.sh': glue, 'Dockerfile.build': BUILDER, Dockerfile: ['FROM alpine:3.19', ...runtime, ''].join('\n'), 'main.go': 'package main\n', ...extra });
}

/** Instruction lines of the runtime stage (the last stage) of the merged Dockerfile. */
function runtimeLines(o: RepoOutcome): string[] {
  assert.equal(o.status, 'migrate', `expected a migration, got ${o.status}: ${codes(o.findings).join(', ')}`);
  const stages = stagesOf(fileAfter(o, 'Dockerfile') as string);
  const last = stages[stages.length - 1];
  assert.equal(last.from, 'FROM alpine:3.19');
  return last.lines;
}

function stages(o: RepoOutcome): { from: string; lines: string[] }[] {
  return stagesOf(fileAfter(o, 'Dockerfile') as string);
}

/** The stage named `name` (by its `AS` clause). */
function stageNamed(o: RepoOutcome, name: string): { from: string; lines: string[] } {
  const s = stages(o).find((x) => new RegExp(`\\sAS\\s+${name}$`, 'i').test(x.from));
  assert.ok(s, `no stage ${name} in\n${fileAfter(o, 'Dockerfile')}`);
  return s;
}

/** `--from=` value of a line. */
function fromOf(line: string): string | null {
  return /--from=(\S+)/.exec(line)?.[1] ?? null;
}

describe('plan/copy-plan: docker-semantics.md §3.2 rows', () => {
  before(loadParser);

  it('puts the builder stage, named after its tag, before the runtime stage', () => {
    const o = row(['docker cp extract:/app/bin/server ./server'], ['COPY server /usr/local/bin/']);
    const s = stages(o);
    assert.deepEqual(s.map((x) => x.from), ['FROM golang:1.22 AS builder', 'FROM alpine:3.19']);
    assert.deepEqual(s[0].lines, BUILDER.trim().split('\n').slice(1));
  });

  it('F1: file to a dest dir with "/" → COPY --from=builder --chown=0:0 /app/bin/server /usr/local/bin/', () => {
    const o = row(['docker cp extract:/app/bin/server ./server'], ['COPY server /usr/local/bin/']);
    const [line, ...rest] = runtimeLines(o);
    assert.match(line, /^COPY --from=builder --chown=0:0 \/app\/bin\/server \/usr\/local\/bin\/(server)?$/);
    assert.deepEqual(rest, []);
    assert.equal(errorCodes(o.findings).length, 0);
    assert.deepEqual(o.plan?.moves.map((m) => [m.builderStage, m.builderPath, m.hostPath]), [['builder', '/app/bin/server', 'server']]);
  });

  it('F2: renamed file into "dir/" → the host name becomes the dest name', () => {
    const o = row(['docker cp extract:/app/bin/server ./app-bin'], ['COPY app-bin /usr/local/bin/']);
    assert.deepEqual(runtimeLines(o), ['COPY --from=builder --chown=0:0 /app/bin/server /usr/local/bin/app-bin']);
    assert.equal(o.plan?.moves[0].destination, '/usr/local/bin/app-bin');
  });

  it('F3: file to an absent dest without "/" → written as the dest', () => {
    const o = row(['docker cp extract:/app/bin/server ./server'], ['COPY server /opt/server']);
    assert.deepEqual(runtimeLines(o), ['COPY --from=builder --chown=0:0 /app/bin/server /opt/server']);
  });

  it('F4/X2: renamed file to a dest without "/" that may be a dir → FROM scratch stage with the legacy name, legacy dest kept', () => {
    const o = row(['docker cp extract:/app/bin/server ./app-bin'], ['COPY app-bin /usr/local/bin']);
    const [line, ...rest] = runtimeLines(o);
    assert.deepEqual(rest, []);
    const m = /^COPY --from=(\S+) --chown=0:0 \/app-bin \/usr\/local\/bin$/.exec(line);
    assert.ok(m, line);
    const helper = stageNamed(o, m[1]);
    assert.equal(helper.from, `FROM scratch AS ${m[1]}`);
    assert.deepEqual(helper.lines, ['COPY --from=builder /app/bin/server /app-bin']);
    // The scratch stage comes after the builder and before the runtime stage.
    const order = stages(o).map((s) => s.from);
    assert.ok(order.indexOf('FROM golang:1.22 AS builder') < order.indexOf(helper.from));
    assert.ok(order.indexOf(helper.from) < order.indexOf('FROM alpine:3.19'));
    assert.equal(o.plan?.moves[0].form, 'layout');
  });

  it('F4 with the same name: `COPY server /usr/local/bin` keeps D as written (right whether D exists, CO-6, or not, CO-5)', () => {
    const o = row(['docker cp extract:/app/bin/server ./server'], ['COPY server /usr/local/bin']);
    assert.deepEqual(runtimeLines(o), ['COPY --from=builder --chown=0:0 /app/bin/server /usr/local/bin']);
  });

  it('F5: file copied into a pre-created dir, the dir copied → file lands in D/', () => {
    const o = row(['mkdir out', 'docker cp extract:/app/bin/server out'], ['COPY out /usr/local/bin']);
    assert.equal(o.status, 'migrate', codes(o.findings).join(', '));
    assert.deepEqual(runtimeLines(o).map((l) => l.replace(/\/server$/, '/')), ['COPY --from=builder --chown=0:0 /app/bin/server /usr/local/bin/']);
    // The mkdir only served the extraction: the rewritten glue drops it.
    assert.doesNotMatch(fileAfter(o, 'build.sh') as string, /mkdir out/);
  });

  it('F6: `docker cp … out/` into a pre-created dir, `COPY out/ /opt/bin` → the dest gains its "/"', () => {
    const o = row(['mkdir out', 'docker cp extract:/app/bin/server out/'], ['COPY out/ /opt/bin']);
    const [line] = runtimeLines(o);
    assert.match(line, /^COPY --from=builder --chown=0:0 \/app\/bin\/server \/opt\/bin\/(server)?$/);
  });

  it('F7: `docker cp C:/app/bin/server .` → ./server', () => {
    const o = row(['docker cp extract:/app/bin/server .'], ['COPY server /usr/local/bin/server']);
    assert.deepEqual(runtimeLines(o), ['COPY --from=builder --chown=0:0 /app/bin/server /usr/local/bin/server']);
  });

  it('F8: B already a (stale) file in the repository → overwritten (CP-4), as F1', () => {
    const o = row(['docker cp extract:/app/bin/server ./server'], ['COPY server /usr/local/bin/'], { server: 'stale\n' });
    assert.match(runtimeLines(o)[0], /^COPY --from=builder --chown=0:0 \/app\/bin\/server \/usr\/local\/bin\/(server)?$/);
  });

  it('F9: a relative container path is from / (CP-13), never from WORKDIR', () => {
    const o = row(['docker cp extract:app/bin/server ./server'], ['COPY server /usr/local/bin/']);
    assert.match(runtimeLines(o)[0], /^COPY --from=builder --chown=0:0 \/app\/bin\/server \/usr\/local\/bin\/(server)?$/);
  });

  it('F10: `docker cp -L C:/app/server-link ./srv` → the link is the source (followed by COPY, SY-1), named srv', () => {
    const o = row(['docker cp -L extract:/app/server-link ./srv'], ['COPY srv /usr/local/bin/']);
    const [line] = runtimeLines(o);
    if (fromOf(line) === 'builder') {
      assert.equal(line, 'COPY --from=builder --chown=0:0 /app/server-link /usr/local/bin/srv');
    } else {
      // The X2 form is exact too: the scratch stage holds the link's target under the legacy name.
      assert.equal(line, `COPY --from=${fromOf(line)} --chown=0:0 /srv /usr/local/bin/`);
      assert.deepEqual(stageNamed(o, fromOf(line) as string).lines, ['COPY --from=builder /app/server-link /srv']);
    }
  });

  it('F11: a 0640 config file → COPY --from=builder --chown=0:0 /app/config.yml /etc/app/', () => {
    const o = row(['docker cp extract:/app/config.yml ./config.yml'], ['COPY config.yml /etc/app/']);
    assert.match(runtimeLines(o)[0], /^COPY --from=builder --chown=0:0 \/app\/config\.yml \/etc\/app\/(config\.yml)?$/);
  });

  it('F12: a relative dest keeps the WORKDIR before it', () => {
    const o = row(['docker cp extract:/app/bin/server ./server'], ['WORKDIR /opt/w', 'COPY server ./bin/']);
    const lines = runtimeLines(o);
    assert.equal(lines[0], 'WORKDIR /opt/w');
    assert.match(lines[1], /^COPY --from=builder --chown=0:0 \/app\/bin\/server \.\/bin\/(server)?$/);
  });

  it('D1: dir to an existing dir → COPY --from=builder --chown=0:0 /app/dist /srv/www', () => {
    const o = row(['docker cp extract:/app/dist ./dist'], ['COPY dist /srv/www']);
    assert.deepEqual(runtimeLines(o), ['COPY --from=builder --chown=0:0 /app/dist /srv/www']);
    assert.deepEqual(o.plan?.moves.map((m) => [m.builderPath, m.hostPath, m.destination, m.form]), [['/app/dist', 'dist', '/srv/www', 'direct']]);
  });

  it('D2: dir to "/srv/new/"', () => {
    assert.deepEqual(runtimeLines(row(['docker cp extract:/app/dist ./dist'], ['COPY dist /srv/new/'])), ['COPY --from=builder --chown=0:0 /app/dist /srv/new/']);
  });

  it('D3: dir to "/srv/new"', () => {
    assert.deepEqual(runtimeLines(row(['docker cp extract:/app/dist ./dist'], ['COPY dist /srv/new'])), ['COPY --from=builder --chown=0:0 /app/dist /srv/new']);
  });

  it('D4: `C:/app/dist/` into an absent B → same as /app/dist (CP-8)', () => {
    assert.deepEqual(runtimeLines(row(['docker cp extract:/app/dist/ ./dist'], ['COPY dist /srv/www/'])), ['COPY --from=builder --chown=0:0 /app/dist /srv/www/']);
  });

  it('D5: `C:/app/dist/.` into an absent B → B is a copy of A', () => {
    const [line, ...rest] = runtimeLines(row(['docker cp extract:/app/dist/. ./dist'], ['COPY dist /srv/www']));
    assert.match(line, /^COPY --from=builder --chown=0:0 \/app\/dist(\/\.)? \/srv\/www$/);
    assert.deepEqual(rest, []);
  });

  /** D6/D8/X1: the dir lands nested in B; the runtime must get B/dist with A's own mode → a `cp -a` export stage. */
  function assertNested(o: RepoOutcome, dest: string, cp = 'cp -a'): void {
    const [line, ...rest] = runtimeLines(o);
    assert.deepEqual(rest, []);
    const m = new RegExp(`^COPY --from=(\\S+) --chown=0:0 (\\S+) ${dest.replace(/\//g, '\\/')}$`).exec(line);
    assert.ok(m, line);
    const [, name, exported] = m;
    const helper = stageNamed(o, name);
    assert.equal(helper.from, `FROM builder AS ${name}`);
    const run = helper.lines.find((l) => l.startsWith('RUN '));
    assert.ok(run, helper.lines.join('\n'));
    // cp -a keeps dist's own mode (CO-2 would reset a COPY-created dir to 0755); it lands as <exported>/dist.
    assert.ok(run.includes(`${cp} /app/dist ${exported.replace(/\/$/, '')}/dist`), run);
    assert.equal(o.plan?.moves[0].form, 'export');
  }

  it('D6/X1: `mkdir dist && docker cp C:/app/dist ./dist` nests → export stage with cp -a', () => {
    assertNested(row(['mkdir dist && docker cp extract:/app/dist ./dist'], ['COPY dist /srv/www']), '/srv/www');
  });

  it('D7: `mkdir dist && docker cp C:/app/dist/. ./dist` merges → COPY --from=builder --chown=0:0 /app/dist /srv/www', () => {
    const [line, ...rest] = runtimeLines(row(['mkdir dist && docker cp extract:/app/dist/. ./dist'], ['COPY dist /srv/www']));
    assert.match(line, /^COPY --from=builder --chown=0:0 \/app\/dist(\/\.)? \/srv\/www$/);
    assert.deepEqual(rest, []);
  });

  it('D8: a trailing "/" is not "/." (CP-9) → nested as D6, following a link there as docker cp does (CP-20: cp -aH)', () => {
    assertNested(row(['mkdir dist && docker cp extract:/app/dist/ ./dist'], ['COPY dist /srv/www']), '/srv/www', 'cp -aH');
  });

  it('D9: `docker cp C:/app/dist .` → ./dist', () => {
    assert.deepEqual(runtimeLines(row(['docker cp extract:/app/dist .'], ['COPY dist /srv/www/'])), ['COPY --from=builder --chown=0:0 /app/dist /srv/www/']);
  });

  it('D10: two dirs into a pre-created out → both nested under D, each with its own mode', () => {
    const o = row(['mkdir out && docker cp extract:/app/dist out && docker cp extract:/app/bin out'], ['COPY out /srv/']);
    const lines = runtimeLines(o);
    assert.equal(lines.length, 1, lines.join('\n'));
    const m = /^COPY --from=(\S+) --chown=0:0 (\S+) \/srv\/$/.exec(lines[0]);
    assert.ok(m, lines[0]);
    const run = stageNamed(o, m[1]).lines.find((l) => l.startsWith('RUN ')) ?? '';
    const root = m[2].replace(/\/$/, '');
    assert.ok(run.includes(`cp -a /app/dist ${root}/dist`), run);
    assert.ok(run.includes(`cp -a /app/bin ${root}/bin`), run);
  });

  it('D11: WORKDIR + `COPY dist ./`', () => {
    const o = row(['docker cp extract:/app/dist ./dist'], ['WORKDIR /srv/www', 'COPY dist ./']);
    assert.deepEqual(runtimeLines(o), ['WORKDIR /srv/www', 'COPY --from=builder --chown=0:0 /app/dist ./']);
  });

  it('D12: `docker cp C:/app/. ./app` → COPY --from=builder --chown=0:0 /app /opt/app', () => {
    const [line] = runtimeLines(row(['docker cp extract:/app/. ./app'], ['COPY app /opt/app']));
    assert.match(line, /^COPY --from=builder --chown=0:0 \/app(\/\.)? \/opt\/app$/);
  });

  it('D13b: repository files already in B → the context COPY stays, before the --from COPY (builder files win)', () => {
    const o = row(['docker cp extract:/app/dist/. ./dist'], ['COPY dist /srv/www'], { 'dist/.gitkeep': '' });
    const lines = runtimeLines(o);
    assert.equal(lines.length, 2, lines.join('\n'));
    assert.equal(lines[0], 'COPY dist /srv/www');
    assert.match(lines[1], /^COPY --from=builder --chown=0:0 \/app\/dist(\/\.)? \/srv\/www$/);
  });

  it('D14: a glob inside an extracted dir → the same glob under the builder path', () => {
    const o = row(['docker cp extract:/app/dist ./dist'], ['COPY dist/*.html /srv/www/']);
    assert.deepEqual(runtimeLines(o), ['COPY --from=builder --chown=0:0 /app/dist/*.html /srv/www/']);
  });

  it('O1: the legacy line\'s own --chown is kept instead of 0:0', () => {
    const o = row(['docker cp extract:/app/dist ./dist'], ['COPY --chown=100:101 dist /srv/www']);
    assert.deepEqual(runtimeLines(o), ['COPY --from=builder --chown=100:101 /app/dist /srv/www']);
  });

  it('S1: a dir with setuid files → --chown=0:0 (MO-2/MO-3 agree only with the chown)', () => {
    const o = row(['docker cp extract:/opt/tools ./tools'], ['COPY tools /usr/local/bin/']);
    assert.deepEqual(runtimeLines(o), ['COPY --from=builder --chown=0:0 /opt/tools /usr/local/bin/']);
  });

  it('L1: a path inside an extracted dir → the builder path below A', () => {
    const o = row(['docker cp extract:/app/. ./ctx'], ['COPY ctx/server-link /usr/local/bin/srv']);
    assert.deepEqual(runtimeLines(o), ['COPY --from=builder --chown=0:0 /app/server-link /usr/local/bin/srv']);
  });

  it('keeps repository sources of the same line as context sources', () => {
    const o = row(['docker cp extract:/app/bin/server ./server'], ['COPY server README.md /usr/local/bin/'], { 'README.md': 'x\n' });
    const lines = runtimeLines(o);
    assert.ok(lines.includes('COPY README.md /usr/local/bin/'), lines.join('\n'));
    assert.ok(lines.some((l) => /^COPY --from=builder --chown=0:0 \/app\/bin\/server \/usr\/local\/bin\/(server)?$/.test(l)), lines.join('\n'));
  });

  it('JSON form stays JSON', () => {
    const o = row(['docker cp extract:/app/bin/server ./server'], ['COPY ["server", "/usr/local/bin/"]']);
    const [line] = runtimeLines(o);
    const m = /^COPY --from=builder --chown=0:0 (\[.*\])$/.exec(line);
    assert.ok(m, line);
    assert.deepEqual(JSON.parse(m[1]), ['/app/bin/server', '/usr/local/bin/']);
  });

  it('several artifacts in one line into "dir/" keep one line', () => {
    const o = row(['docker cp extract:/app/bin/server ./server', 'docker cp extract:/app/config.yml ./config.yml'], ['COPY server config.yml /usr/local/bin/']);
    assert.deepEqual(runtimeLines(o), ['COPY --from=builder --chown=0:0 /app/bin/server /app/config.yml /usr/local/bin/']);
  });

  it('ADD of a file artifact decides by its content, not its name: a stage does what ADD would (AD-1, AD-4)', () => {
    for (const [src, name] of [['/app/bin/server', 'server'], ['/app/dist.tar.gz', 'dist.tar.gz']]) {
      const o = row([`docker cp extract:${src} ./${name}`], [`ADD ${name} /srv/www/`]);
      assert.equal(o.status, 'migrate', codes(o.findings).join(', '));
      assert.deepEqual(runtimeLines(o), [`COPY --from=builder-add /add/1/${name} /srv/www/`]);
      const helper = stageNamed(o, 'builder-add');
      assert.match(helper.lines.join('\n'), new RegExp(`cp -a ${src} /export/${name} .*add_like_docker /export/${name} /add/1 ${name}`));
    }
  });

  it('two ADD lines inside one copied-out directory lay it out once in the ADD stage (a second `cp -a` would nest it)', () => {
    const o = row(['docker cp extract:/app/dist ./dist'], ['ADD dist/index.html /srv/', 'ADD dist/app.js /srv/']);
    assert.equal(o.status, 'migrate', codes(o.findings).join(', '));
    const helper = stageNamed(o, 'builder-add').lines.join('\n');
    assert.equal(helper.split('cp -a /app/dist /export/dist').length - 1, 1, helper);
    assert.match(helper, /add_like_docker \/export\/dist\/index\.html \/add\/1 index\.html[\s\S]*add_like_docker \/export\/dist\/app\.js \/add\/2 app\.js/);
  });

  it('two runtime lines can read the same artifact', () => {
    const o = row(['docker cp extract:/app/dist ./dist'], ['COPY dist/index.html /srv/', 'COPY dist /srv/www']);
    assert.deepEqual(runtimeLines(o), ['COPY --from=builder --chown=0:0 /app/dist/index.html /srv/', 'COPY --from=builder --chown=0:0 /app/dist /srv/www']);
  });

  it('a glob over the context root that reaches an artifact: the legacy context rebuilt in a scratch stage, the glob kept', () => {
    const o = row(['docker cp extract:/app/bin/server ./server'], ['COPY serv* /usr/local/bin/'], { 'service.txt': 'x\n' });
    const [line] = runtimeLines(o);
    const m = /^COPY --from=(\S+) --chown=0:0 \/serv\* \/usr\/local\/bin\/$/.exec(line);
    assert.ok(m, line);
    const helper = stageNamed(o, m[1]);
    assert.equal(helper.from, `FROM scratch AS ${m[1]}`);
    assert.deepEqual([...helper.lines].sort(), ['COPY --from=builder /app/bin/server /server', 'COPY service.txt /service.txt']);
  });

  it('T1: `docker cp C:/app/dist - | tar -x` is replayed: a tar of dist/ (CP-22 names entries dist/…) unpacked on /host', () => {
    const o = row(['docker cp extract:/app/dist - | tar -x'], ['COPY dist /srv/www']);
    assert.equal(o.status, 'migrate', codes(o.findings).join(', '));
    const text = fileAfter(o, 'Dockerfile') as string;
    assert.match(text, /tar -c -C \/app dist \| \(cd \/host && tar -x\)/);
    assert.match(text, /^COPY --from=builder-host --chown=0:0 \/host\/dist \/srv\/www$/m);
  });

  it('T2: a tar of one entry unpacked in the repository root: the runtime\'s other repository files stay context COPYs', () => {
    const lines = runtimeLines(row(['docker cp extract:/app/bin/server - | tar -xf -'], ['COPY server /usr/local/bin/', 'COPY main.go /src/']));
    assert.deepEqual(lines, ['COPY --from=builder-host --chown=0:0 /host/server /usr/local/bin/', 'COPY main.go /src/']);
  });

  it('T3: a glob that names the one entry (`serv*`) reads it from the stage; one that also matches repository files is refused', () => {
    const lines = runtimeLines(row(['docker cp extract:/app/bin/server - | tar -xf -'], ['COPY serv* /usr/local/bin/']));
    assert.deepEqual(lines, ['COPY --from=builder-host --chown=0:0 /host/serv* /usr/local/bin/']);
    const both = row(['docker cp extract:/app/bin/server - | tar -xf -'], ['COPY serv* /usr/local/bin/'], { 'service.yml': 'a: 1\n' });
    assert.deepEqual(errorCodes(both.findings), [`Dockerfile:2 EXTRACTION_UNSUPPORTED`]);
  });

  it('T4: a repository file inside a directory a tar of unnamed entries unpacks into (`/app/dist/.`) is refused: either side may have put it there', () => {
    const o = row(['mkdir -p web', 'docker cp extract:/app/dist/. - | tar -x -C web'], ['COPY web/index.html /srv/'], { 'web/index.html': '<p>\n' });
    assert.deepEqual(errorCodes(o.findings), ['Dockerfile:2 EXTRACTION_UNSUPPORTED']);
    // A path the repository does not hold can only have come from the stream.
    assert.deepEqual(runtimeLines(row(['mkdir -p web', 'docker cp extract:/app/dist/. - | tar -x -C web'], ['COPY web/assets /srv/assets'])), ['COPY --from=builder-host --chown=0:0 /host/web/assets /srv/assets']);
  });

  it('A1: ADD of `docker cp C:/app/dist - | gzip > dist.tar.gz` unpacks in the stage and keeps the archive\'s owners (no --chown, AD-2)', () => {
    const o = row(['docker cp extract:/app/dist - | gzip > dist.tar.gz'], ['ADD dist.tar.gz /srv/www/']);
    assert.equal(o.status, 'migrate', codes(o.findings).join(', '));
    const text = fileAfter(o, 'Dockerfile') as string;
    assert.match(text, /gzip -dc \/host\/dist\.tar\.gz \| tar -x --numeric-owner -C \/add\/1/);
    assert.match(text, /^COPY --from=builder-host \/add\/1\/ \/srv\/www\/$/m);
  });

  it('P1: a runtime .dockerignore that hides part of an artifact → an export stage deletes the same part', () => {
    const o = row(['docker cp extract:/app/dist ./dist'], ['COPY dist /srv/www'], { '.dockerignore': '# maps\n.git\ndist/assets/*.css\n' });
    assert.equal(o.status, 'migrate', codes(o.findings).join(', '));
    const text = fileAfter(o, 'Dockerfile') as string;
    assert.match(text, /cp -a \/app\/dist \/export\/dist/);
    // At a fixed depth `*` cannot cross a `/`: exactly what the rule matched, nothing deeper.
    assert.match(text, /find \/export\/dist -mindepth 2 -maxdepth 2 -path '\/export\/dist\/assets\/\*\.css' -prune -exec rm -rf \{\} \+/);
    assert.match(text, /^COPY --from=builder-export --chown=0:0 \/export\/dist \/srv\/www$/m);
  });

  it('P2: `**` in a rule becomes find -name below the artifact', () => {
    const o = row(['docker cp extract:/app/dist ./dist'], ['COPY dist /srv/www'], { '.dockerignore': 'dist/**/*.css\n' });
    assert.equal(o.status, 'migrate', codes(o.findings).join(', '));
    assert.match(fileAfter(o, 'Dockerfile') as string, /find \/export\/dist -mindepth 1 -name '\*\.css' -prune -exec rm -rf \{\} \+/);
  });

  it('`A/.` merged into a directory the glue made, filtered in an export stage: each entry is copied, so the directory keeps its own mode (CP-10)', () => {
    const o = row(['mkdir dist', 'docker cp extract:/app/dist/. ./dist'], ['COPY . /srv/'], { '.dockerignore': 'dist/**/*.css\n' });
    const run = stages(o).flatMap((x) => x.lines).find((l) => l.startsWith('RUN mkdir -p /export/dist')) ?? '';
    assert.match(run, /&& find \/app\/dist\/\. -mindepth 1 -maxdepth 1 -exec cp -a \{\} \/export\/dist\/ ';'/, run);
    assert.ok(!run.includes('cp -a /app/dist/. '), run);
  });

  it('a negation that brings part of an artifact back → DOCKERIGNORE_FILTERS_ARTIFACT at its line', () => {
    const o = row(['docker cp extract:/app/dist ./dist'], ['COPY dist /srv/www'], { '.dockerignore': 'dist/**/*.css\n!dist/assets/keep.css\n' });
    assert.equal(o.status, 'refused');
    assert.deepEqual(errorCodes(o.findings), ['.dockerignore:2 DOCKERIGNORE_FILTERS_ARTIFACT']);
  });

  it('an artifact no runtime line reads → ARTIFACT_NOT_CONSUMED warning at the cp line', () => {
    const o = row(['docker cp extract:/app/bin/server ./server', 'docker cp extract:/app/config.yml ./config.yml'], ['COPY server /usr/local/bin/']);
    assert.equal(o.status, 'migrate');
    assert.ok(codes(o.findings).includes(`build.sh:${FIRST + 1} ARTIFACT_NOT_CONSUMED`), codes(o.findings).join(', '));
  });
});

describe('plan/copy-plan: regressions', () => {
  before(loadParser);

  // BUG (from infer/builder-paths): `RUN mkdir -p /out && cp … /out/app` makes /out/app look like a
  // directory, so the renamed file (F2: host name `server`) is copied under its builder name:
  // expected `COPY --from=builder --chown=0:0 /out/app /usr/local/bin/server` (or the X2 form),
  // actual `COPY --from=builder --chown=0:0 /out/app /usr/local/bin/` → /usr/local/bin/app.
  it('F2 with a builder that makes the file with `mkdir … && cp`', () => {
    const glue = ['#!/bin/sh', 'docker build -f Dockerfile.build -t builder .', 'docker create --name extract builder', 'docker cp extract:/out/app ./server', 'docker rm extract', 'docker build -t app .', ''].join('\n');
    const o = migrate({ 'build.sh': glue, 'Dockerfile.build': 'FROM golang:1.22\nRUN mkdir -p /out && cp /usr/bin/env /out/app\n', Dockerfile: 'FROM alpine:3.19\nCOPY server /usr/local/bin/\n' });
    const line = runtimeLines(o)[0];
    assert.notEqual(line, 'COPY --from=builder --chown=0:0 /out/app /usr/local/bin/');
    if (fromOf(line) === 'builder') assert.equal(line, 'COPY --from=builder --chown=0:0 /out/app /usr/local/bin/server');
  });
});

/**
 * Symbolic links (docker-semantics.md CP-17…CP-20, SY-1…SY-3, rows F10, L1, L2): docker cp keeps
 * a link as a link unless -L (or `A/`, `A/.` of a link to a directory) follows it; a COPY that
 * names a link follows it, in the build context for the legacy line, in the builder for
 * `COPY --from`. The builder: /opt/app/v1 a directory, `current -> v1`, `tool -> v1/bin/tool`,
 * `abs -> /opt/app/v1/bin/tool`, `shared -> ../../etc/tool.conf`.
 */
describe('plan/copy-plan: symbolic links', () => {
  before(loadParser);
  const LINKS = [
    'FROM alpine:3.19',
    'RUN mkdir -p /opt/app/v1/bin && touch /opt/app/v1/bin/tool',
    'RUN ln -s v1 /opt/app/current && ln -s v1/bin/tool /opt/app/tool && ln -s /opt/app/v1/bin/tool /opt/app/abs && ln -s ../../etc/tool.conf /opt/app/shared',
    '',
  ].join('\n');
  const GLUE_LINE = 3;
  function links(extract: string[], runtime: string[], extra: Files = {}): RepoOutcome {
    const glue = ['docker build -f Dockerfile.build -t builder .', 'docker create --name extract builder', ...extract, 'docker rm extract', 'docker build -t app .', ''].join('\n');
    return migrate({ 'build.sh': glue, 'Dockerfile.build': LINKS, Dockerfile: ['FROM alpine:3.19', ...runtime, ''].join('\n'), ...extra });
  }
  const runRun = (o: RepoOutcome) => stages(o).flatMap((s) => s.lines).find((l) => l.startsWith('RUN mkdir -p /export')) ?? '';

  it('-L: the link\'s target, named after the link (CP-19); COPY --from follows the link too (F10)', () => {
    assert.deepEqual(runtimeLines(links(['docker cp -L extract:/opt/app/current ./app'], ['COPY app /opt/app'])), ['COPY --from=builder --chown=0:0 /opt/app/current /opt/app']);
  });

  it('-L and `A/.` into a copied directory: the export stage follows the link with cp -aH, not cp -a of the link (CP-18, CP-20)', () => {
    assert.match(runRun(links(['docker cp -L extract:/opt/app/current ./app'], ['COPY . /srv/'])), /&& cp -aH \/opt\/app\/current \/export\/app$/);
    assert.match(runRun(links(['docker cp extract:/opt/app/current/. ./release'], ['COPY . /srv/'])), /&& cp -aH \/opt\/app\/current \/export\/release$/);
    // Without -L the link stays a link inside the copied directory (SY-2): cp -a.
    assert.match(runRun(links(['docker cp extract:/opt/app/current ./app'], ['COPY . /srv/'])), /&& cp -a \/opt\/app\/current \/export\/app$/);
  });

  it('L2: a link copied as a link whose target is not in the context → LEGACY_COPY_FAILS (the legacy COPY fails, SY-3)', () => {
    assert.deepEqual(errorCodes(links(['docker cp extract:/opt/app/tool ./tool'], ['COPY tool /usr/local/bin/']).findings), ['Dockerfile:2 LEGACY_COPY_FAILS']);
    assert.deepEqual(errorCodes(links(['docker cp extract:/opt/app/current ./app'], ['COPY app/bin /usr/local/bin/']).findings), ['Dockerfile:2 LEGACY_COPY_FAILS']);
    // An absolute link inside an extracted directory resolves from the context's root.
    assert.deepEqual(errorCodes(links(['docker cp extract:/opt/app/. ./ctx'], ['COPY ctx/abs /usr/local/bin/tool']).findings), ['Dockerfile:2 LEGACY_COPY_FAILS']);
  });

  it('L1: a link whose target the glue extracted too resolves to the same builder file → COPY --from the link', () => {
    assert.deepEqual(runtimeLines(links(['docker cp extract:/opt/app/. ./ctx'], ['COPY ctx/tool /usr/local/bin/tool'])), ['COPY --from=builder --chown=0:0 /opt/app/tool /usr/local/bin/tool']);
    const both = links(['docker cp extract:/opt/app/v1 ./v1', 'docker cp extract:/opt/app/current ./current'], ['COPY current/bin /usr/local/bin/']);
    assert.deepEqual(runtimeLines(both), ['COPY --from=builder --chown=0:0 /opt/app/current/bin /usr/local/bin/']);
  });

  it('a link that resolves to a repository file in the context: the legacy line read that file → refused', () => {
    const o = links(['docker cp extract:/opt/app/shared ./conf/shared'], ['COPY conf/shared /etc/tool.conf'], { 'conf/README': 'x', 'etc/tool.conf': 'repo' });
    assert.deepEqual(errorCodes(o.findings), ['Dockerfile:2 EXTRACTION_UNSUPPORTED']);
  });

  it('a docker cp destination reached through a link of the repository → HOST_STEP_UNSUPPORTED at the cp line', () => {
    const o = links(['docker cp extract:/opt/app/v1/bin/tool ./out/tool'], ['COPY bin/tool /usr/local/bin/'], { out: { symlink: 'bin' }, 'bin/README': 'x' });
    assert.deepEqual(errorCodes(o.findings), [`build.sh:${GLUE_LINE} HOST_STEP_UNSUPPORTED`]);
  });
});

describe('plan/copy-plan: globs over links, archives with --chown', () => {
  before(loadParser);

  it('GL-5: a glob that matches a link the glue copied as a link, whose target the context lacks → LEGACY_COPY_FAILS', () => {
    const o = row(['docker cp extract:/app/server-link ./server-link'], ['COPY server-l* /usr/local/bin/']);
    assert.deepEqual(errorCodes(o.findings), ['Dockerfile:2 LEGACY_COPY_FAILS']);
  });

  it('GL-5: the same glob when the glue also extracted the target: the link is followed in the builder as in the context', () => {
    const o = row(['docker cp extract:/app/server-link ./server-link', 'docker cp extract:/app/bin ./bin'], ['COPY server-l* /usr/local/bin/']);
    assert.equal(o.status, 'migrate', codes(o.findings).join(', '));
  });

  it('AD-5: ADD --chown of an archive the glue built → ADD_TARBALL_ARTIFACT (the builders disagree on the owners)', () => {
    const o = row(['docker cp extract:/app/dist - | gzip > dist.tar.gz'], ['ADD --chown=7:8 dist.tar.gz /srv/www/']);
    assert.equal(o.status, 'refused');
    assert.deepEqual(errorCodes(o.findings), ['Dockerfile:2 ADD_TARBALL_ARTIFACT']);
  });
});
