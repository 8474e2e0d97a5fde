/**
 * The differential fuzzer's generator: one seed → one small legacy builder-pattern repository,
 * put together from the pieces real repositories use. A builder Dockerfile makes an artifact
 * (a file, a directory, a tar, a link to either) with chosen modes and owners; the glue takes it
 * out (docker create + cp, run -d + cp, run … cat >, a tar stream, a bind mount, the builder's
 * CMD at run time) to a chosen destination form, runs host steps (mkdir, mv, chmod, tar -x) and
 * builds a runtime Dockerfile that COPYs or ADDs it in one of the forms real Dockerfiles use;
 * .dockerignore lines and the glue's kind (sh script, shell function, Makefile, GitHub Actions)
 * vary too. Everything is busybox-based and tiny, so a case builds in seconds.
 *
 * Every legacy pipeline generated runs on a real engine (a generator bug otherwise). Pure: the
 * case is data; run-case.ts writes and runs it.
 */
import { dirname } from 'node:path/posix';
import { Picker, type Choice, type Forced } from './picker';
import { renderGlue, type GlueKind, type GlueScript } from './glue';

export const BUILDER_TAG = 'mmfuzz-builder';
export const RUNTIME_TAG = 'mmfuzz';
const CONTAINER = 'mmfuzz-extract';

export interface RepoFile {
  text: string;
  mode: number;
}

/** One generated case: the repository and how it was made. */
export interface FuzzCase {
  seed: number;
  forced: Forced;
  choices: Choice[];
  /** One line: the choices that shape the case. */
  shape: string;
  glueKind: GlueKind;
  /** Repository path → file. */
  files: Record<string, RepoFile>;
}

/** What the host holds after the extraction: a path (repository-relative) and what it is. */
interface HostEntry {
  path: string;
  kind: 'file' | 'dir' | 'tar';
  /** A tar's entries start with this folder (`dist/…`); null: they are the contents (`./…`). */
  tarTop?: string | null;
}

/** The builder's artifact: the commands that make it and the path the glue copies out. */
interface Artifact {
  kind: 'file' | 'dir' | 'tar';
  /** Path in the builder image, as the glue names it (`/out/app`, `/out/latest/.`). */
  source: string;
  /** The host entry's default name. */
  base: string;
  /** The source is a link that docker cp must follow (-L). */
  follow: boolean;
  /** A source ending in `/.`: only contents-style destinations. */
  contents: boolean;
  run: string[];
}

/** The glue's extraction: host lines and the builder CMD it relies on. */
interface Extraction {
  lines: string[];
  host: HostEntry;
  builderCmd: string | null;
}

const FILE_NAMES = ['app', 'server', 'tool-x'] as const;

export function generateCase(seed: number, forced: Forced = {}): FuzzCase {
  const p = new Picker(seed, forced);
  const glueKind = p.pick<GlueKind>('glue', ['sh', 'function', 'main-function', 'make', 'github']);
  const builderBase = p.pick('builder-base', ['busybox:1.36', 'alpine:3.19']);
  const runtimeBase = p.pick('runtime-base', ['busybox:1.36', 'alpine:3.19']);
  const artifact = pickArtifact(p);
  const extraction = pickExtraction(p, artifact, glueKind);
  const host = [...extraction.lines];
  const { entry, lines: hostLines, runtimeCopy } = pickHostSteps(p, extraction.host);
  host.push(...hostLines);
  const runtime = runtimeCopy ?? pickRuntimeCopy(p, entry);
  const config = pickConfig(p);
  const buildArg = runtime.arg && p.chance('build-arg', 0.5) ? ` --build-arg ${runtime.arg.name}=${runtime.arg.value}` : '';
  const cleanup = p.chance('cleanup', 0.3) ? [`rm -rf ${entry.path.split('/')[0]}`] : [];
  const ignore = pickIgnoreLines(p, glueKind);
  const script: GlueScript = {
    builder: `docker build -t ${BUILDER_TAG} -f Dockerfile.build .`,
    extract: host,
    runtime: `docker build -t ${RUNTIME_TAG}${buildArg} .`,
    after: cleanup,
  };
  const glue = renderGlue(glueKind, script);
  const files: Record<string, RepoFile> = {
    'Dockerfile.build': text(builderDockerfile(builderBase, artifact, extraction.builderCmd)),
    Dockerfile: text(['FROM ' + runtimeBase, ...runtime.lines, ...config].join('\n') + '\n'),
    [glue.path]: { text: glue.text, mode: glue.executable ? 0o755 : 0o644 },
    'src/app.txt': text(`#!/bin/sh\necho "mmfuzz case ${seed}"\n`),
    'src/a.txt': text('alpha\n'),
    'src/b.js': text('console.log("beta");\n'),
    'src/c.txt': text('gamma\n'),
    'README.md': text('# mmfuzz\n\nA generated builder-pattern repository.\n'),
    'notes/todo.txt': text('nothing\n'),
    'debug.log': text('old log\n'),
  };
  if (ignore.length > 0) files['.dockerignore'] = text(ignore.join('\n') + '\n');
  return { seed, forced, choices: p.choices, shape: shapeOf(p.choices), glueKind, files };
}

function text(t: string): RepoFile {
  return { text: t, mode: 0o644 };
}

function builderDockerfile(base: string, artifact: Artifact, cmd: string | null): string {
  const run = artifact.run.join(' && \\\n    ');
  return [`FROM ${base}`, 'WORKDIR /src', 'COPY src/ ./', `RUN ${run}`, ...(cmd ? [cmd] : [])].join('\n') + '\n';
}

function pickArtifact(p: Picker): Artifact {
  const kind = p.pick('artifact', ['file', 'dir', 'tar', 'link-file', 'link-dir']);
  if (kind === 'file' || kind === 'link-file') {
    const name = p.pick('name', FILE_NAMES);
    const mode = p.pick('mode', ['0755', '0644', '0700', '0750', '4755']);
    const owner = p.pick('owner', ['0:0', '1000:1000', '65534:65534']);
    // chown before chmod: chown clears the setuid bit.
    const run = ['mkdir -p /out', `cp app.txt /out/${name}`, ...(owner === '0:0' ? [] : [`chown ${owner} /out/${name}`]), `chmod ${mode} /out/${name}`];
    if (kind === 'file') return { kind: 'file', source: `/out/${name}`, base: name, follow: false, contents: false, run };
    return { kind: 'file', source: '/out/current', base: 'current', follow: true, contents: false, run: [...run, `ln -s ${name} /out/current`] };
  }
  const dir = p.pick('dir-name', ['dist', 'public']);
  const run = dirCommands(p, `/out/${dir}`);
  if (kind === 'dir') return { kind: 'dir', source: `/out/${dir}`, base: dir, follow: false, contents: false, run };
  if (kind === 'link-dir') return { kind: 'dir', source: '/out/latest/.', base: dir, follow: false, contents: true, run: [...run, `ln -s ${dir} /out/latest`] };
  return { kind: 'tar', source: '/out/bundle.tar', base: 'bundle.tar', follow: false, contents: false, run: [...run, `tar -cf /out/bundle.tar -C /out/${dir} .`] };
}

/** A small tree at `at`: files, maybe a sub-folder, a link, a source map, a private file, an owner. */
function dirCommands(p: Picker, at: string): string[] {
  const sub = p.chance('dir-sub', 0.5);
  const link = p.chance('dir-link', 0.4);
  const map = p.chance('dir-map', 0.4);
  const owner = p.pick('dir-owner', ['0:0', '1000:1000']);
  const privateFile = p.chance('dir-private-file', 0.3);
  const mode = p.pick('dir-mode', ['0755', '0750', '0700']);
  return [
    `mkdir -p ${at}${sub ? '/sub' : ''}`,
    `cp a.txt b.js ${at}/`,
    ...(sub ? [`cp c.txt ${at}/sub/`] : []),
    ...(map ? [`echo map > ${at}/b.js.map`] : []),
    ...(link ? [`ln -s a.txt ${at}/latest.txt`] : []),
    ...(owner === '0:0' ? [] : [`chown -R ${owner} ${at}`]),
    ...(privateFile ? [`chmod 0600 ${at}/b.js`] : []),
    `chmod ${mode} ${at}`,
    // Fixed times: a tar made of the tree (in the build or at run time) is then the same bytes in both builds.
    `find ${at} -exec touch -h -t 202001010000 {} +`,
  ];
}

const EXTRACTIONS = {
  file: ['create-cp', 'run-d-cp', 'run-cat', 'tar-stream', 'cp-stream', 'bind-mount', 'cmd-at-run'],
  dir: ['create-cp', 'run-d-cp', 'tar-stream', 'cp-stream', 'bind-mount', 'cmd-at-run', 'cmd-tar-stdout'],
  tar: ['create-cp', 'run-cat', 'bind-mount'],
  // A link must be followed (-L, or `/.`) by docker cp itself: the others copy the link.
  link: ['create-cp', 'run-d-cp'],
} as const;

function pickExtraction(p: Picker, a: Artifact, glue: GlueKind): Extraction {
  const options = a.follow || a.contents ? EXTRACTIONS.link : EXTRACTIONS[a.kind];
  const how = p.pick('extraction', options);
  // Make runs each recipe line in its own shell: a container id in a variable does not survive.
  const usesContainer = how === 'create-cp' || how === 'run-d-cp' || how === 'cp-stream';
  const handle = glue === 'make' || !usesContainer ? 'name' : p.pick('handle', ['name', 'id']);
  const ref = handle === 'name' ? CONTAINER : '"$id"';
  const create = (run: string) => (handle === 'name' ? `docker ${run.replace(/^(create|run -d)/, `$1 --name ${CONTAINER}`)}` : `id=$(docker ${run})`);
  switch (how) {
    case 'create-cp':
    case 'run-d-cp': {
      const dest = pickDestination(p, a);
      const start = how === 'create-cp' ? create(`create ${BUILDER_TAG}`) : create(`run -d ${BUILDER_TAG} sleep 300`);
      const source = dest.contents && !a.contents ? `${a.source}/.` : a.source;
      const cp = `docker cp ${a.follow ? '-L ' : ''}${ref}:${source} ${dest.word}`;
      const rm = how === 'create-cp' ? `docker rm ${ref}` : `docker rm -f ${ref}`;
      return { lines: [...dest.before, start, cp, rm], host: dest.host, builderCmd: null };
    }
    case 'run-cat':
      return { lines: [`docker run --rm ${BUILDER_TAG} cat ${a.source} > ${a.base}`], host: { path: a.base, kind: a.kind, tarTop: null }, builderCmd: null };
    case 'tar-stream':
    case 'cp-stream': {
      const into = p.chance('stream-into-dir', 0.4) ? 'out' : null;
      const unpack = into ? `tar -xf - -C ${into}` : 'tar -xf -';
      const at = dirname(a.source);
      const lines =
        how === 'tar-stream'
          ? [`docker run --rm ${BUILDER_TAG} tar -cf - -C ${at} ${a.base} | ${unpack}`]
          : [create(`create ${BUILDER_TAG}`), `docker cp ${ref}:${a.source} - | ${unpack}`, `docker rm ${ref}`];
      return { lines: [...(into ? [`mkdir -p ${into}`] : []), ...lines], host: { path: into ? `${into}/${a.base}` : a.base, kind: a.kind }, builderCmd: null };
    }
    case 'bind-mount':
    case 'cmd-at-run': {
      const cp = p.pick('mount-cp', ['-a', 'plain']);
      const words = ['cp', ...(cp === '-a' ? ['-a'] : a.kind === 'dir' ? ['-r'] : []), a.source, '/dist/'];
      const mount = `docker run --rm -v "{PWD}/out:/dist" ${BUILDER_TAG}`;
      const host: HostEntry = { path: `out/${a.base}`, kind: a.kind, tarTop: null };
      if (how === 'bind-mount') {
        const wrapped = p.chance('mount-sh-c', 0.5) ? ` sh -c '${words.join(' ')}'` : ` ${words.join(' ')}`;
        return { lines: ['mkdir -p out', mount + wrapped], host, builderCmd: null };
      }
      return { lines: ['mkdir -p out', mount], host, builderCmd: builderCmd(p, words) };
    }
    case 'cmd-tar-stdout': {
      const words = ['tar', '-cf', '-', '-C', dirname(a.source), a.base];
      return { lines: [`docker run --rm ${BUILDER_TAG} > ${a.base}.tar`], host: { path: `${a.base}.tar`, kind: 'tar', tarTop: a.base }, builderCmd: builderCmd(p, words) };
    }
  }
}

function builderCmd(p: Picker, words: string[]): string {
  return p.pick('cmd-form', ['json', 'shell']) === 'json' ? `CMD [${words.map((w) => JSON.stringify(w)).join(', ')}]` : `CMD ${words.join(' ')}`;
}

/** The destination word of `docker cp`, what the glue makes first, and what the host then holds. */
function pickDestination(p: Picker, a: Artifact): { word: string; before: string[]; host: HostEntry; contents?: boolean } {
  const entry = (path: string): HostEntry => ({ path, kind: a.kind, tarTop: null });
  if (a.contents) {
    const form = p.pick('dest', ['contents-new', 'contents']);
    return form === 'contents' ? { word: 'www/', before: ['mkdir -p www'], host: entry('www') } : { word: './site', before: [], host: entry('site') };
  }
  if (a.kind === 'dir') {
    const form = p.pick('dest', ['dot', 'same', 'rename', 'existing', 'contents', 'contents-new']);
    switch (form) {
      case 'dot':
        return { word: '.', before: [], host: entry(a.base) };
      case 'same':
        return { word: `./${a.base}`, before: [`rm -rf ${a.base}`], host: entry(a.base) };
      case 'rename':
        return { word: './site', before: [], host: entry('site') };
      case 'existing':
        return { word: 'out/', before: ['mkdir -p out'], host: entry(`out/${a.base}`) };
      case 'contents':
        return { word: `${a.base}/`, before: [`mkdir -p ${a.base}`], host: entry(a.base), contents: true };
      case 'contents-new':
        return { word: './site', before: [], host: entry('site'), contents: true };
    }
  }
  const form = p.pick('dest', ['same', 'dot', 'rename', 'dir-slash', 'dir-existing', 'dir-file']);
  switch (form) {
    case 'same':
      return { word: `./${a.base}`, before: [], host: entry(a.base) };
    case 'dot':
      return { word: '.', before: [], host: entry(a.base) };
    case 'rename':
      return { word: './svc-bin', before: [], host: entry('svc-bin') };
    case 'dir-slash':
      return { word: 'bin/', before: ['mkdir -p bin'], host: entry(`bin/${a.base}`) };
    case 'dir-existing':
      return { word: 'bin', before: ['mkdir -p bin'], host: entry(`bin/${a.base}`) };
    case 'dir-file':
      return { word: `bin/${a.base}`, before: ['mkdir -p bin'], host: entry(`bin/${a.base}`) };
  }
}

/** Host steps after the extraction; a tar may be unpacked here, or ADDed (then the runtime copy is fixed). */
function pickHostSteps(p: Picker, entry: HostEntry): { entry: HostEntry; lines: string[]; runtimeCopy: RuntimeCopy | null } {
  const lines: string[] = [];
  let now = entry;
  if (now.kind === 'tar') {
    const use = p.pick('tar-use', ['add', 'copy-tar', 'host-untar']);
    if (use === 'add') return { entry: now, lines, runtimeCopy: { lines: [`ADD ${now.path} /opt/bundle/`], arg: null } };
    if (use === 'copy-tar') return { entry: now, lines, runtimeCopy: { lines: [`COPY ${now.path} /opt/`], arg: null } };
    const top = now.tarTop ?? 'bundle';
    lines.push(now.tarTop ? `tar -xf ${now.path}` : `mkdir -p ${top} && tar -xf ${now.path} -C ${top}`);
    now = { path: top, kind: 'dir' };
  }
  const nested = now.path.includes('/');
  if (!nested && p.chance('host-mv', 0.25)) {
    const to = now.kind === 'dir' ? 'www-root' : `${now.path}-run`;
    lines.push(`mv ${now.path} ${to}`);
    now = { ...now, path: to };
  }
  if (p.chance('host-chmod', 0.3)) {
    const mode = now.kind === 'dir' ? p.pick('chmod-mode', ['-R go-w', '0750']) : p.pick('chmod-mode', ['+x', '0755', '0700', '0644']);
    lines.push(`chmod ${mode} ${now.path}`);
  }
  return { entry: now, lines, runtimeCopy: null };
}

interface RuntimeCopy {
  lines: string[];
  /** An ARG the COPY uses, which the glue may pass. */
  arg: { name: string; value: string } | null;
}

function pickRuntimeCopy(p: Picker, entry: HostEntry): RuntimeCopy {
  const chownValue = p.pick('chown', ['none', '1000:1000', 'node', '65534:65534']);
  const chown = chownValue === 'none' ? '' : `--chown=${chownValue} `;
  const path = entry.path;
  const parent = path.includes('/') ? dirname(path) : null;
  const plain = (line: string): RuntimeCopy => ({ lines: [line], arg: null });
  if (entry.kind === 'file') {
    const base = path.split('/').pop()!;
    const forms = ['dir-slash', 'exact', 'opt-dir', 'glob', 'workdir-rel', 'arg-dest', 'arg-src', 'add', 'context', ...(parent ? ['parent'] : [])];
    switch (p.pick('copy', forms)) {
      case 'dir-slash':
        return plain(`COPY ${chown}${path} /usr/local/bin/`);
      case 'exact':
        return plain(`COPY ${chown}${path} /usr/local/bin/svc`);
      case 'opt-dir':
        return plain(`COPY ${chown}${path} /opt/svc/bin/`);
      case 'glob':
        return plain(`COPY ${chown}${parent ? `${parent}/` : ''}${base.slice(0, 3)}* /usr/local/bin/`);
      case 'workdir-rel':
        return { lines: ['WORKDIR /app', `COPY ${chown}${path} ${p.pick('dot-form', ['./', '.', './bin/'])}`], arg: null };
      case 'arg-dest':
        return { lines: ['ARG PREFIX=/opt/svc', `COPY ${chown}${path} \${PREFIX}/bin/`], arg: { name: 'PREFIX', value: '/opt/other' } };
      case 'arg-src':
        return { lines: [`ARG BIN=${path}`, `COPY ${chown}\${BIN} /usr/local/bin/`], arg: { name: 'BIN', value: path } };
      case 'add':
        return plain(`ADD ${chown}${path} /usr/local/bin/`);
      case 'context':
        return { lines: ['WORKDIR /app', `COPY ${chown}. .`], arg: null };
      default:
        return plain(`COPY ${chown}${parent}/ /usr/local/bin/`);
    }
  }
  const forms = ['dir', 'dir-slash', 'glob', 'workdir-rel', 'arg-dest', 'add', 'context', ...(parent ? ['parent'] : [])];
  switch (p.pick('copy', forms)) {
    case 'dir':
      return plain(`COPY ${chown}${path} /srv/www`);
    case 'dir-slash':
      return plain(`COPY ${chown}${path}/ /srv/www/`);
    case 'glob':
      return plain(`COPY ${chown}${path}/*.txt /srv/www/`);
    case 'workdir-rel':
      return { lines: ['WORKDIR /srv', `COPY ${chown}${path} ./www/`], arg: null };
    case 'arg-dest':
      return { lines: ['ARG WEBROOT=/srv/www', `COPY ${chown}${path} \${WEBROOT}`], arg: { name: 'WEBROOT', value: '/srv/site' } };
    case 'add':
      return plain(`ADD ${chown}${path} /srv/www/`);
    case 'context':
      return { lines: ['WORKDIR /app', `COPY ${chown}. .`], arg: null };
    default:
      return plain(`COPY ${chown}${parent}/ /srv/`);
  }
}

/** The runtime image's configuration lines. */
function pickConfig(p: Picker): string[] {
  const lines: string[] = [];
  if (p.chance('env', 0.4)) lines.push('ENV APP_MODE=production');
  if (p.chance('expose', 0.3)) lines.push('EXPOSE 8080');
  const user = p.pick('user', ['none', '65534', 'node']);
  if (user !== 'none') lines.push(`USER ${user}`);
  const entry = p.pick('entry', ['none', 'cmd-json', 'cmd-shell', 'entrypoint']);
  if (entry === 'cmd-json') lines.push('CMD ["/usr/local/bin/app"]');
  if (entry === 'cmd-shell') lines.push('CMD exec /usr/local/bin/app --serve');
  if (entry === 'entrypoint') lines.push('ENTRYPOINT ["/bin/sh", "-c"]', 'CMD ["ls /"]');
  return lines;
}

function pickIgnoreLines(p: Picker, glue: GlueKind): string[] {
  const candidates: [string, string][] = [
    ['ignore-md', '*.md'],
    ['ignore-notes', 'notes/'],
    ['ignore-log', '*.log'],
    ['ignore-map', '**/*.map'],
    ['ignore-dockerfiles', 'Dockerfile*'],
    ['ignore-glue', glue === 'make' ? 'Makefile' : glue === 'github' ? '.github' : 'build.sh'],
  ];
  return candidates.filter(([name]) => p.chance(name, 0.25)).map(([, line]) => line);
}

/** The shape in one line: the main choices always, the others when not their simplest. */
function shapeOf(choices: readonly Choice[]): string {
  const main = new Set(['glue', 'artifact', 'extraction', 'dest', 'copy', 'tar-use']);
  return choices
    .filter((c) => main.has(c.name) || c.value !== c.options[0])
    .map((c) => (main.has(c.name) ? String(c.value) : c.value === true ? c.name : `${c.name}=${c.value}`))
    .join(' ');
}
