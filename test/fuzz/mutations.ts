/**
 * Mutations of a sample repository, each a plain record with every choice made (so a case is
 * replayed, and shrunk, by applying records again). A seeded generator picks them: line
 * deletes, swaps, duplicates, truncation, random and invalid bytes, very long lines, hostile
 * paths, stray quotes, `$()` nesting, carriage returns, and a few Dockerfile and
 * .dockerignore shapes the fuzzer found worth keeping (stray heredocs, a continuation at the
 * very end, an instruction before FROM, tabs between words, regular-expression characters).
 */
import { RepoImage, filePaths } from './repo-image';

/** mulberry32: small, seedable, good enough to pick mutations. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A seed for case `index` of a run seeded `seed`. */
export function caseSeed(seed: number, index: number): number {
  let h = (seed ^ 0x9e3779b9) >>> 0;
  h = Math.imul(h ^ (index + 0x85ebca6b), 0xc2b2ae35) >>> 0;
  return (h ^ (h >>> 16)) >>> 0;
}

export type Mutation =
  | { op: 'delete-line' | 'duplicate-line'; file: string; line: number }
  | { op: 'swap-lines'; file: string; line: number; other: number }
  | { op: 'truncate'; file: string; at: number }
  | { op: 'insert'; file: string; at: number; bytes: number[]; why: string }
  | { op: 'replace-line'; file: string; line: number; text: string; why: string }
  | { op: 'append'; file: string; text: string; why: string }
  | { op: 'crlf'; file: string }
  | { op: 'rename'; from: string; to: string; why: string }
  | { op: 'link'; path: string; target: string };

type Rand = () => number;

const pick = <T>(r: Rand, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)];
const int = (r: Rand, n: number): number => Math.floor(r() * n);

const HOSTILE = ['tab\tx', 'new\nline', 'spa ce', 'qu"ote', "apo'strophe", 'ünïcödé', 'back\\slash', 'd$(id)', '-dash', 'semi;colon', 'star*'];
const IGNORE_LINES = ['my+app', 'a(', '**foo', 'foo**', '[', 'dist/[a-', '!', '! ', '\\', 'a^b', '{x}', '*.{js,map}', '(x|y)', '**/', '/', '.', '..', '!**/keep', 'src/**/*.go', '#c', ' # not a comment', 'bin/\\*'];
const DOCKERFILE_LINES = ['cat <<EOF', 'RUN cat <<EOF', 'RUN <<EOF', 'COPY <<EOF /x', 'WORKDIR /src', 'ENV A=1 \\', '# escape=`', '# syntax=docker/dockerfile:1', 'ONBUILD RUN cat <<EOF', 'FROM', 'COPY --from=nowhere /x /y', 'ARG A \\', 'RUN echo "unterminated', 'RUN [ "a", ', 'COPY\t.\t/go/src', 'ADD http://example.com/x /x', 'COPY --chmod=755 app /app', 'RUN --mount=type=cache,target=/x true', 'USER nobody', 'SHELL ["/bin/false"]'];
const GLUE_LINES = ['cat <<EOF', 'echo "unterminated', "echo 'unterminated", 'f() { docker cp x:/a ./b; }', 'eval "$X"', 'read answer', 'cd ..', 'cd /tmp', 'docker cp x:/a ../../escape', 'docker cp x:/a /etc/passwd', 'exec "$@"', 'source ./nowhere.sh', '. ./build.sh', 'set -- a b', 'docker build -f - .', 'docker build https://example.com/x.git', 'while true; do docker cp x:/a ./a; done', 'if [ -n "$CI" ]; then docker cp x:/a ./a; fi', 'docker run --rm img cat /a > a', 'docker run --rm -v "$PWD":/src img make', 'trap "rm -f x" EXIT', '`echo`', 'x=$(( 1 + ))', 'case $1 in a) ;; esac'];

/** Text file paths worth mutating, the glue and Dockerfiles more often. */
function targets(image: RepoImage): string[] {
  const files = filePaths(image);
  const weighted: string[] = [];
  for (const f of files) {
    const interesting = /dockerfile|\.sh$|makefile|\.ya?ml$|\.dockerignore$|\.gitignore$|jenkinsfile|\.mk$/i.test(f);
    for (let k = 0; k < (interesting ? 6 : 1); k++) weighted.push(f);
  }
  return weighted;
}

function lineCount(image: RepoImage, file: string): number {
  const e = image.get(file);
  return e && e.kind === 'file' ? e.data.toString('latin1').split('\n').length : 0;
}

/** One mutation chosen for `image`. */
export function chooseMutation(image: RepoImage, r: Rand): Mutation {
  const files = targets(image);
  const file = files.length > 0 ? pick(r, files) : 'Dockerfile';
  const lines = Math.max(1, lineCount(image, file));
  const size = (() => {
    const e = image.get(file);
    return e && e.kind === 'file' ? e.data.length : 0;
  })();
  const kind = int(r, 19);
  switch (kind) {
    case 0:
    case 1:
      return { op: 'delete-line', file, line: int(r, lines) };
    case 2:
      return { op: 'swap-lines', file, line: int(r, lines), other: int(r, lines) };
    case 3:
      return { op: 'duplicate-line', file, line: int(r, lines) };
    case 4:
      return { op: 'truncate', file, at: int(r, size + 1) };
    case 5:
      return { op: 'insert', file, at: int(r, size + 1), bytes: Array.from({ length: 1 + int(r, 12) }, () => 32 + int(r, 95)), why: 'random bytes' };
    case 6:
      return { op: 'insert', file, at: int(r, size + 1), bytes: Array.from({ length: 1 + int(r, 3) }, () => pick(r, [0x00, 0xff, 0xfe, 0xc3, 0x80, 0xe2, 0x1b, 0x07])), why: 'invalid bytes' };
    case 7:
      return { op: 'replace-line', file, line: int(r, lines), text: pick(r, ['RUN echo ', 'a', '# ', 'x=', '']) + pick(r, ['a', 'ab ', '$(x)', '\\\\']).repeat(Math.ceil(70000 / 2)), why: 'a long line' };
    case 8:
      return { op: 'insert', file, at: int(r, size + 1), bytes: [...Buffer.from(pick(r, ['"', "'", '`', '\\', '${', '}', '"$(', '<<', '\\\n']))], why: 'a quote' };
    case 9: {
      const depth = pick(r, [1, 3, 40, 300, 800]);
      const nested = `${'$( echo '.repeat(depth)}x${' )'.repeat(depth)}`;
      return { op: 'insert', file, at: int(r, size + 1), bytes: [...Buffer.from(r() < 0.5 ? nested : `\n${pick(r, ['V=', 'RUN echo ', 'echo '])}${nested}\n`)], why: `$() nested ${depth} deep` };
    }
    case 10:
      return r() < 0.5 ? { op: 'crlf', file } : { op: 'insert', file, at: int(r, size + 1), bytes: [13], why: 'a lone CR' };
    case 11:
    case 12: {
      const all = [...image.keys()].filter((p) => !p.includes('/') || r() < 0.3);
      const from = pick(r, all.length > 0 ? all : ['Dockerfile']);
      const slash = from.lastIndexOf('/');
      const hostile = pick(r, HOSTILE);
      const to = r() < 0.5 ? `${from.slice(0, slash + 1)}${hostile}-${from.slice(slash + 1)}` : `${hostile}/${from}`;
      return { op: 'rename', from, to, why: 'a hostile path' };
    }
    case 13:
      return { op: 'link', path: pick(r, ['outside-link', ...filePaths(image)]), target: pick(r, ['{outside}', '{outside}/secret.txt', '{outside}/build.sh', '../outside', '/etc/passwd', 'loop', '.']) };
    case 14: {
      const df = filePaths(image).filter((p) => /dockerfile/i.test(p) && !p.endsWith('.dockerignore'));
      const target = df.length > 0 ? pick(r, df) : file;
      return r() < 0.5
        ? { op: 'replace-line', file: target, line: int(r, Math.max(1, lineCount(image, target))), text: pick(r, DOCKERFILE_LINES), why: 'a Dockerfile shape' }
        : { op: 'append', file: target, text: pick(r, [' \\', '\\', '\nRUN cat <<EOF', '\n\\', ' \\\n# end']), why: 'an open end' };
    }
    case 15:
      return { op: 'append', file: pick(r, ['.dockerignore', ...filePaths(image).filter((p) => p.endsWith('.dockerignore'))]), text: `\n${pick(r, IGNORE_LINES)}\n`, why: 'a .dockerignore line' };
    case 16: {
      const glue = filePaths(image).filter((p) => /\.sh$|makefile|\.ya?ml$/i.test(p));
      const target = glue.length > 0 ? pick(r, glue) : file;
      return { op: 'replace-line', file: target, line: int(r, Math.max(1, lineCount(image, target))), text: pick(r, GLUE_LINES), why: 'a glue shape' };
    }
    case 17:
      return { op: 'append', file: pick(r, ['.gitignore', '.dockerignore']), text: `\n${pick(r, ['$(echo x)', '`x`', '!*', '*', 'Dockerfile*', 'build.sh', '**', 'node_modules'])}\n`, why: 'an ignore file line' };
    default: {
      // Tabs for the spaces between words of one line.
      const n = int(r, lines);
      const e = image.get(file);
      const text = e && e.kind === 'file' ? (e.data.toString('utf8').split('\n')[n] ?? '') : '';
      return { op: 'replace-line', file, line: n, text: text.replace(/ +/g, '\t'), why: 'tabs between words' };
    }
  }
}

/** Applies `m` to `image` in place; a mutation that no longer fits (its file is gone) does nothing. */
export function applyMutation(image: RepoImage, m: Mutation): void {
  if (m.op === 'rename') {
    for (const [p, e] of [...image.entries()]) {
      if (p === m.from || p.startsWith(`${m.from}/`)) {
        image.delete(p);
        image.set(m.to + p.slice(m.from.length), e);
      }
    }
    return;
  }
  if (m.op === 'link') {
    for (const p of [...image.keys()]) if (p.startsWith(`${m.path}/`)) image.delete(p);
    image.set(m.path, { kind: 'link', target: m.target === 'loop' ? m.path : m.target });
    return;
  }
  const e = image.get(m.file);
  const data = e && e.kind === 'file' ? e.data : m.op === 'append' ? Buffer.alloc(0) : null;
  if (data === null) return;
  const mode = e && e.kind === 'file' ? e.mode : 0o644;
  image.set(m.file, { kind: 'file', data: mutateBytes(data, m), mode });
}

function mutateBytes(data: Buffer, m: Exclude<Mutation, { op: 'rename' | 'link' }>): Buffer {
  const lines = () => data.toString('latin1').split('\n');
  const join = (ls: string[]) => Buffer.from(ls.join('\n'), 'latin1');
  switch (m.op) {
    case 'delete-line': {
      const ls = lines();
      ls.splice(m.line, 1);
      return join(ls);
    }
    case 'duplicate-line': {
      const ls = lines();
      if (m.line < ls.length) ls.splice(m.line, 0, ls[m.line]);
      return join(ls);
    }
    case 'swap-lines': {
      const ls = lines();
      if (m.line < ls.length && m.other < ls.length) [ls[m.line], ls[m.other]] = [ls[m.other], ls[m.line]];
      return join(ls);
    }
    case 'truncate':
      return data.subarray(0, Math.min(m.at, data.length));
    case 'insert': {
      const at = Math.min(m.at, data.length);
      return Buffer.concat([data.subarray(0, at), Buffer.from(m.bytes), data.subarray(at)]);
    }
    case 'replace-line': {
      const ls = lines();
      if (m.line < ls.length) ls[m.line] = Buffer.from(m.text, 'utf8').toString('latin1');
      return join(ls);
    }
    case 'append':
      return Buffer.concat([data, Buffer.from(m.text, 'utf8')]);
    case 'crlf':
      return Buffer.from(data.toString('latin1').replace(/\r?\n/g, '\r\n'), 'latin1');
  }
}

/** The mutations of one case: one to three, chosen from its seed. */
export function chooseMutations(image: RepoImage, seed: number): Mutation[] {
  const r = rng(seed);
  const count = 1 + int(r, 3);
  const out: Mutation[] = [];
  for (let k = 0; k < count; k++) {
    const m = chooseMutation(image, r);
    out.push(m);
    applyMutation(image, m);
  }
  return out;
}
