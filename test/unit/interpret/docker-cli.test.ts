import assert from 'node:assert/strict';
import { DockerInvocation, hasOption, optionValues, parseDockerArgs } from '../../../src/interpret/docker-cli';
import { Value, asLiteral, literal, symbol } from '../../../src/interpret/value';

function parse(...args: (string | Value)[]): DockerInvocation | null {
  return parseDockerArgs(args.map((a) => (typeof a === 'string' ? literal(a) : a)));
}

function must(...args: (string | Value)[]): DockerInvocation {
  const inv = parse(...args);
  assert.ok(inv, `no invocation for ${args.join(' ')}`);
  return inv;
}

/** Options as [name, literal value or null]. */
function opts(inv: DockerInvocation): [string, string | null][] {
  return inv.options.map((o) => [o.name, o.value === null ? null : asLiteral(o.value)]);
}

function pos(inv: DockerInvocation): (string | null)[] {
  return inv.positionals.map((p) => asLiteral(p.value));
}

describe('interpret/docker-cli: parseDockerArgs', () => {
  it('plain build: options, the context positional and its argument index', () => {
    const inv = must('build', '-f', 'Dockerfile.build', '-t', 'app-builder', '--build-arg', 'V=1', '.');
    assert.equal(inv.subcommand, 'build');
    assert.equal(inv.buildx, false);
    assert.deepEqual(opts(inv), [
      ['file', 'Dockerfile.build'],
      ['tag', 'app-builder'],
      ['build-arg', 'V=1'],
    ]);
    assert.deepEqual(inv.positionals.map((p) => [asLiteral(p.value), p.argIndex]), [['.', 7]]);
    assert.deepEqual(inv.options[0].argIndices, [1, 2]);
    assert.deepEqual(inv.unknownFlags, []);
    assert.equal(inv.unmodelled, false);
  });

  it('management commands map to the classic subcommand', () => {
    assert.equal(must('image', 'build', '-t', 'x', '.').subcommand, 'build');
    assert.deepEqual(pos(must('image', 'build', '-t', 'x', '.')), ['.']);
    assert.equal(must('container', 'cp', 'c:/a', 'b').subcommand, 'cp');
    assert.deepEqual(pos(must('container', 'cp', 'c:/a', 'b')), ['c:/a', 'b']);
    assert.equal(must('container', 'create', 'img').subcommand, 'create');
    assert.equal(must('container', 'rm', 'c').subcommand, 'rm');
    assert.equal(must('image', 'rm', 'img').subcommand, 'rmi');
    assert.equal(must('builder', 'build', '.').subcommand, 'build');
  });

  it('buildx build is always BuildKit', () => {
    const inv = must('buildx', 'build', '--load', '-t', 'x', '.');
    assert.equal(inv.subcommand, 'build');
    assert.equal(inv.buildx, true);
    assert.deepEqual(pos(inv), ['.']);
  });

  it('skips global options before the subcommand (with and without values)', () => {
    const inv = must('--host', 'tcp://h:2375', '-D', '--log-level=debug', '-c', 'ctx', '--tlsverify', 'build', '-t', 'x', '.');
    assert.equal(inv.subcommand, 'build');
    assert.deepEqual(opts(inv), [['tag', 'x']]);
    assert.deepEqual(pos(inv), ['.']);
    assert.equal(must('-H', 'unix:///var/run/docker.sock', 'container', 'cp', 'c:/a', 'b').subcommand, 'cp');
  });

  it('no subcommand → null', () => {
    assert.equal(parse(), null);
    assert.equal(parse('--debug'), null);
    assert.equal(parse('image'), null);
    assert.equal(parse(symbol('env:CMD', 'env', '$CMD')), null);
  });

  it('short flag bundles: -it on run', () => {
    const inv = must('run', '-it', '--rm', 'img', 'sh');
    assert.deepEqual(opts(inv), [
      ['interactive', null],
      ['tty', null],
      ['rm', null],
    ]);
    assert.deepEqual(pos(inv), ['img', 'sh']);
  });

  it('a value-taking short flag at the end of a bundle takes the next argument', () => {
    const inv = must('run', '-itv', '/h:/c', 'img');
    assert.deepEqual(opts(inv), [
      ['interactive', null],
      ['tty', null],
      ['volume', '/h:/c'],
    ]);
    assert.deepEqual(pos(inv), ['img']);
  });

  it('short values written attached: -tx, -t=x (pflag drops the "=")', () => {
    assert.deepEqual(opts(must('build', '-tapp:1', '.')), [['tag', 'app:1']]);
    assert.deepEqual(opts(must('build', '-t=app:1', '.')), [['tag', 'app:1']]);
    assert.deepEqual(pos(must('build', '-t=app:1', '.')), ['.']);
  });

  it('long values written with "=": --name=x, --tag=x, --file=x', () => {
    assert.deepEqual(opts(must('create', '--name=extract', 'img')), [['name', 'extract']]);
    assert.deepEqual(opts(must('build', '--tag=a', '--file=D', '.')), [
      ['tag', 'a'],
      ['file', 'D'],
    ]);
  });

  it('a "--flag=" value keeps the symbolic parts that follow', () => {
    const inv = must('build', { parts: [{ lit: '--tag=app:' }, { sym: 'env:TAG', kind: 'env', display: '$TAG' }], glob: false }, '.');
    const tag = optionValues(inv, 'tag')[0];
    assert.equal(asLiteral(tag), null);
    assert.deepEqual(tag.parts[0], { lit: 'app:' });
    assert.equal(tag.parts.length, 2);
  });

  it('long aliases: --net is --network', () => {
    assert.deepEqual(opts(must('run', '--net', 'none', 'img')), [['network', 'none']]);
  });

  it('boolean flags with =false are off', () => {
    const inv = must('run', '--rm=false', 'img');
    assert.equal(hasOption(inv, 'rm'), false);
    assert.equal(hasOption(must('run', '--rm=true', 'img'), 'rm'), true);
  });

  it('reports unknown flags, long and short, as written', () => {
    assert.deepEqual(must('build', '--frobnicate', '.').unknownFlags, ['--frobnicate']);
    assert.deepEqual(must('cp', '-Z', 'c:/a', 'b').unknownFlags, ['-Z']);
    assert.deepEqual(must('build', '.', '-t').unknownFlags, ['-t (missing value)']);
  });

  it('run and create stop parsing at the image: the rest is the container command', () => {
    const run = must('run', '--rm', 'img', 'cat', '-n', '--frobnicate', '/x');
    assert.deepEqual(opts(run), [['rm', null]]);
    assert.deepEqual(pos(run), ['img', 'cat', '-n', '--frobnicate', '/x']);
    assert.deepEqual(run.unknownFlags, []);
    const create = must('create', '--name', 'c', 'img', '--flag');
    assert.deepEqual(opts(create), [['name', 'c']]);
    assert.deepEqual(pos(create), ['img', '--flag']);
  });

  it('other subcommands take options anywhere', () => {
    const cp = must('cp', 'c:/a', '-L', 'b');
    assert.deepEqual(opts(cp), [['follow-link', null]]);
    assert.deepEqual(pos(cp), ['c:/a', 'b']);
    assert.deepEqual(opts(must('cp', '-aL', 'c:/a', 'b')), [
      ['archive', null],
      ['follow-link', null],
    ]);
  });

  it('"-" is a positional (stdin / stdout), "--" ends the options', () => {
    assert.deepEqual(pos(must('build', '-t', 'x', '-')), ['-']);
    assert.deepEqual(pos(must('cp', 'c:/a', '-')), ['c:/a', '-']);
    assert.deepEqual(pos(must('rm', '-f', '--', '-weird')), ['-weird']);
  });

  it('subcommands without a table are kept unparsed', () => {
    const inv = must('exec', '-it', 'c', 'sh');
    assert.equal(inv.subcommand, 'exec');
    assert.equal(inv.unmodelled, true);
    assert.deepEqual(pos(inv), ['-it', 'c', 'sh']);
    assert.equal(must('container', 'exec', 'c', 'ls').subcommand, 'exec');
  });
});
