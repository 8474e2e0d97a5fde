/** The host side of a stream from the builder: what it may go through and where it ends up. */
import assert from 'node:assert/strict';
import { streamConsumers, tarDirectory, tarMode } from '../../../src/interpret/stream-step';
import type { PipeConsumers } from '../../../src/interpret/shell';

const pipe = (commands: [string, ...(string | null)[]][], file: PipeConsumers['file'] = 'terminal', cwd = ''): PipeConsumers =>
  ({ commands: commands.map(([command, ...args]) => ({ command, args, cwd })), file }) as PipeConsumers;

describe('interpret/stream-step', () => {
  it('tarMode: short, bundled and long forms', () => {
    assert.equal(tarMode(['-xzf', 'a.tgz']), 'x');
    assert.equal(tarMode(['xf', '-']), 'x');
    assert.equal(tarMode(['--extract', '-f', '-']), 'x');
    assert.equal(tarMode(['-czf', '-', 'dist']), 'c');
    assert.equal(tarMode(['--create', 'dist']), 'c');
    assert.equal(tarMode(['-f', '-']), null);
  });

  it('tarDirectory: -C dir, --directory dir and --directory=dir', () => {
    assert.equal(tarDirectory(['-x', '-C', 'out']), 'out');
    assert.equal(tarDirectory(['-x', '--directory', 'web']), 'web');
    assert.equal(tarDirectory(['-x', '--directory=web/static']), 'web/static');
    assert.equal(tarDirectory(['-x']), null);
  });

  it('`| tar -x -C dir` writes dir (relative to the command\'s directory); `| tar -x` writes the working directory', () => {
    const r = streamConsumers(pipe([['tar', '-x', '-C', 'static']], 'terminal', 'web'), undefined, 'web');
    assert.ok(r.ok);
    assert.deepEqual(r.dests, ['web/static']);
    assert.equal(r.file, null);
    const here = streamConsumers(pipe([['tar', '-x']], 'terminal', 'web'), undefined, 'web');
    assert.ok(here.ok);
    assert.deepEqual(here.dests, ['web']);
  });

  it('`| gzip > file` and `> file`: the file is written, the byte filters are kept in order', () => {
    const r = streamConsumers(pipe([['gzip', '-9']], { path: 'dist.tar.gz', outside: false }), undefined, '');
    assert.ok(r.ok);
    assert.deepEqual(r.consumers.map((c) => c.command), ['gzip']);
    assert.equal(r.file, 'dist.tar.gz');
    const plain = streamConsumers(undefined, { path: './dist.tar', outside: false }, '');
    assert.ok(plain.ok);
    assert.deepEqual(plain.dests, ['dist.tar']);
  });

  it('what cannot be replayed is refused with its code', () => {
    const code = (r: ReturnType<typeof streamConsumers>) => (r.ok ? 'ok' : r.code);
    assert.equal(code(streamConsumers(pipe([['sed', 's/a/b/']]), undefined, '')), 'EXTRACTION_UNSUPPORTED');
    assert.equal(code(streamConsumers(pipe([['tar', '-t']]), undefined, '')), 'EXTRACTION_UNSUPPORTED');
    assert.equal(code(streamConsumers(pipe([['tar', '-x', '-C', null]]), undefined, '')), 'GLUE_UNRESOLVED_VALUE');
    assert.equal(code(streamConsumers(pipe([['tar', '-x', '-C', '../elsewhere']]), undefined, '')), 'PATH_OUTSIDE_REPOSITORY');
    assert.equal(code(streamConsumers(undefined, { path: '/tmp/x.tar', outside: true }, '')), 'PATH_OUTSIDE_REPOSITORY');
    assert.equal(code(streamConsumers(undefined, null, '')), 'GLUE_UNRESOLVED_VALUE');
    assert.equal(code(streamConsumers(pipe([['gzip']]), undefined, '')), 'EXTRACTION_UNSUPPORTED');
  });
});
