import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, chmodSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  buildRecords,
  buildTags,
  recordedInvocation,
  glueInvocation,
  readDockerCalls,
  runEffects,
  runGlue,
  shellQuote,
  stepImageIds,
  tailLines,
  writeWrappers,
  type DockerCall,
} from '../../../src/verify/glue-runner';

function call(seq: number, kind: DockerCall['kind'], args: string[], extra: Partial<DockerCall> = {}): DockerCall {
  return { seq, kind, args, code: kind === 'build' || kind === 'container' ? 0 : null, id: null, output: '', ...extra };
}

describe('verify/glue-runner', () => {
  describe('glueInvocation', () => {
    it('runs a script as ./PATH from the root, through its #! interpreter', () => {
      assert.deepEqual(glueInvocation('build.sh', '#!/bin/bash\necho'), { argv: ['/bin/bash', './build.sh'], cwd: '' });
      assert.deepEqual(glueInvocation('scripts/ci.sh', '#!/usr/bin/env bash\n'), { argv: ['/usr/bin/env', 'bash', './scripts/ci.sh'], cwd: '' });
    });

    it('passes what follows the interpreter as one argument, as the kernel does', () => {
      assert.deepEqual(glueInvocation('b.sh', '#! /bin/sh -e -x\n').argv, ['/bin/sh', '-e -x', './b.sh']);
    });

    it('runs a script without #! with sh', () => {
      assert.deepEqual(glueInvocation('build.sh', 'docker build .\n'), { argv: ['sh', './build.sh'], cwd: '' });
    });

    it('runs a Makefile with make -f in its own directory', () => {
      assert.deepEqual(glueInvocation('Makefile', 'all:\n'), { argv: ['make', '-f', 'Makefile'], cwd: '' });
      assert.deepEqual(glueInvocation('docker/build.mk', 'all:\n'), { argv: ['make', '-f', 'build.mk'], cwd: 'docker' });
    });
  });

  describe('reading the calls', () => {
    it('finds the subcommand and its operands after global options and management commands', () => {
      const read = (args: string[]) => {
        const inv = recordedInvocation(args);
        return inv && { subcommand: inv.subcommand, positionals: inv.positionals.map((p) => p.value.parts.map((x) => ('lit' in x ? x.lit : '?')).join('')) };
      };
      assert.deepEqual(read(['build', '-t', 'a', '.']), { subcommand: 'build', positionals: ['.'] });
      assert.deepEqual(read(['--log-level', 'error', '-D', 'image', 'build', '.']), { subcommand: 'build', positionals: ['.'] });
      assert.deepEqual(read(['-H', 'unix:///x.sock', 'tag', 'a', 'b']), { subcommand: 'tag', positionals: ['a', 'b'] });
      assert.deepEqual(read(['buildx', 'build', '--load', '-t', 'x', '.']), { subcommand: 'build', positionals: ['.'] });
    });

    it('reads every spelling of a build tag, in order', () => {
      const operands = ['-t', 'a', '--tag', 'b', '--tag=c', '-td', '-t=e', '-qt', 'f', '-f', 'Dockerfile.x', '--build-arg', 'X=1', '.'];
      assert.deepEqual(buildTags(['build', ...operands]), ['a', 'b', 'c', 'd', 'e', 'f']);
    });

    it('does not take another option value for a tag', () => {
      assert.deepEqual(buildTags(['build', '-f', 'tagged.Dockerfile', '-ft', '.']), []);
    });

    it('reads the step images the classic builder prints, not the step containers', () => {
      const output = ['Step 1/2 : FROM bb', ' ---> c91648c31668', 'Step 2/2 : RUN x', ' ---> Running in 3bbd0128bb5b', 'Removing intermediate container 3bbd0128bb5b', ' ---> fc77c4918d0b', 'Successfully built fc77c4918d0b'].join('\n');
      assert.deepEqual(stepImageIds(output), ['c91648c31668', 'fc77c4918d0b']);
    });

    it('sums up what a run made: tags, containers, images; the runtime build is the last one', () => {
      const calls = [
        call(1, 'rmi', ['rmi', '-f', 'app:1', 'old']),
        call(2, 'build', ['build', '-f', 'Dockerfile.build', '-t', 'builder', '.'], { id: 'sha256:b', output: ' ---> 111111111111\n' }),
        call(3, 'container', ['create', '--name', 'x', 'builder'], { id: 'c1' }),
        call(4, 'tag', ['image', 'tag', 'builder', 'builder:v2']),
        call(5, 'build', ['build', '-t', 'app:1', '-t', 'app:latest', '.'], { id: 'sha256:r' }),
      ];
      assert.deepEqual(runEffects(calls), {
        tags: ['builder', 'builder:v2', 'app:1', 'app:latest'],
        removedRefs: ['app:1', 'old'],
        containers: ['c1'],
        images: ['111111111111', 'sha256:b', 'sha256:r'],
      });
      assert.deepEqual(buildRecords(calls).at(-1), { tags: ['app:1', 'app:latest'], imageId: 'sha256:r' });
    });

    it('gives a failed build no image', () => {
      assert.deepEqual(buildRecords([call(1, 'build', ['build', '.'], { code: 1, id: 'sha256:stale' })]), [{ tags: [], imageId: null }]);
    });

    it('keeps the last lines of a run', () => {
      assert.equal(tailLines('a\nb\nc\n\n', 2), 'b\nc');
    });

    it('quotes any text as one shell word', () => {
      assert.equal(execFileSync('sh', ['-c', `printf %s ${shellQuote("it's a $path `x`")}`], { encoding: 'utf8' }), "it's a $path `x`");
    });
  });

  describe('the wrappers (with a fake docker client)', () => {
    let dir: string;
    let env: NodeJS.ProcessEnv;
    const callsDir = () => join(dir, 'calls');

    /** Runs `script` with sh in `dir`, the wrappers first on PATH; returns stdout and stderr. */
    function sh(script: string): { stdout: string; stderr: string; code: number } {
      try {
        const stdout = execFileSync('sh', ['-c', script], { cwd: dir, env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
        return { stdout, stderr: '', code: 0 };
      } catch (err) {
        const e = err as { stdout: string; stderr: string; status: number };
        return { stdout: e.stdout, stderr: e.stderr, code: e.status };
      }
    }

    beforeEach(() => {
      dir = mkdtempSync(join(tmpdir(), 'mm-wrapper-test-'));
      // Prints its arguments one per line, writes an id into any --iidfile/--cidfile, exits $FAKE_CODE.
      const fake = join(dir, 'real docker');
      writeFileSync(
        fake,
        [
          '#!/bin/sh',
          'printf "%s\\n" "$@"',
          'prev=',
          'for a in "$@"; do',
          '  case $prev in --iidfile) echo sha256:image > "$a" ;; --cidfile) echo container-id > "$a" ;; esac',
          '  case $a in --cidfile=*) echo container-id > "${a#*=}" ;; esac',
          '  prev=$a',
          'done',
          'exit "${FAKE_CODE:-0}"',
          '',
        ].join('\n'),
      );
      chmodSync(fake, 0o755);
      writeWrappers(join(dir, 'bin'), fake, callsDir());
      env = { ...process.env, PATH: `${join(dir, 'bin')}:${process.env.PATH}` };
    });

    afterEach(() => rmSync(dir, { recursive: true, force: true }));

    it('adds --no-cache, --force-rm and --iidfile right after build, and records the call', () => {
      const { stdout } = sh('docker --log-level error image build -t app:1 "a dir"');
      const id = join(callsDir(), '1', 'id');
      assert.deepEqual(stdout.trim().split('\n'), ['--log-level', 'error', 'image', 'build', '--no-cache', '--force-rm', '--iidfile', id, '-t', 'app:1', 'a dir']);
      const [recorded] = readDockerCalls(callsDir());
      assert.deepEqual(recorded.args, ['--log-level', 'error', 'image', 'build', '-t', 'app:1', 'a dir']);
      assert.equal(recorded.id, 'sha256:image');
      assert.equal(recorded.code, 0);
      assert.match(recorded.output, /--no-cache/);
    });

    it('passes the build exit code through', () => {
      assert.equal(sh('FAKE_CODE=3 docker build .').code, 3);
      assert.equal(readDockerCalls(callsDir())[0].code, 3);
    });

    it('adds --cidfile to create and run, and reads the glue’s own --cidfile instead when it has one', () => {
      const created = sh('id=$(docker create --name x img true) && echo "$id"');
      assert.match(created.stdout, /^create\n--cidfile\n/);
      sh('docker run --cidfile=own.cid img');
      const [create, run] = readDockerCalls(callsDir());
      assert.equal(create.id, 'container-id');
      assert.deepEqual(run.args, ['run', '--cidfile=own.cid', 'img']);
      assert.equal(run.id, 'container-id');
      assert.equal(readFileSync(join(dir, 'own.cid'), 'utf8').trim(), 'container-id');
    });

    it('records tag and rmi unchanged, and lets other commands through unrecorded', () => {
      assert.equal(sh('docker tag a b').stdout, 'tag\na\nb\n');
      assert.equal(sh('docker rmi -f b').stdout, 'rmi\n-f\nb\n');
      assert.equal(sh('docker ps -a').stdout, 'ps\n-a\n');
      assert.deepEqual(
        readDockerCalls(callsDir()).map((c) => [c.kind, c.args]),
        [
          ['tag', ['tag', 'a', 'b']],
          ['rmi', ['rmi', '-f', 'b']],
        ],
      );
    });

    it('skips push, login, logout and prunes, saying so', () => {
      for (const command of ['push app', 'image push app', 'login -u x', 'logout', 'image prune -af', 'system prune -f', 'container prune']) {
        const result = sh(`docker ${command}`);
        assert.equal(result.code, 0, command);
        assert.equal(result.stdout, '', command);
      }
      assert.deepEqual(readDockerCalls(callsDir()), []);
    });

    it('runs sudo’s command without sudo’s options, variables included', () => {
      assert.equal(sh('sudo -E -u root -- docker tag a b').stdout, 'tag\na\nb\n');
      assert.equal(sh('sudo --preserve-env X=1 sh -c \'echo "$X"\'').stdout, '1\n');
    });

    it('runGlue logs all output and reports the exit code and the tail', async () => {
      writeFileSync(join(dir, 'glue.sh'), '#!/bin/sh\necho out\necho err >&2\ndocker tag a b\nexit 4\n');
      const logFile = join(dir, 'glue.log');
      const result = await runGlue(glueInvocation('glue.sh', readFileSync(join(dir, 'glue.sh'), 'utf8')), { cwd: dir, env, timeoutMs: 60_000, logFile });
      assert.deepEqual(result, { code: 4, timedOut: false, interrupted: false, tail: 'out\nerr\ntag\na\nb' });
    });

    it('runGlue stops a run that takes too long, and one that is aborted', async () => {
      writeFileSync(join(dir, 'slow.sh'), 'sleep 30 & wait\n');
      const logFile = join(dir, 'slow.log');
      const invocation = glueInvocation('slow.sh', 'sleep 30 & wait\n');
      const timedOut = await runGlue(invocation, { cwd: dir, env, timeoutMs: 200, logFile });
      assert.equal(timedOut.timedOut, true);
      assert.equal(timedOut.code, null);
      const controller = new AbortController();
      setTimeout(() => controller.abort(), 200);
      const aborted = await runGlue(invocation, { cwd: dir, env, timeoutMs: 60_000, logFile, signal: controller.signal });
      assert.equal(aborted.interrupted, true);
    });
  });
});
