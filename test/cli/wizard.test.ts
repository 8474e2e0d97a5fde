/**
 * The wizard in a real pseudo-terminal (tmux): the questions appear, the answers are the
 * keys a user types, and files change only after the last answer.
 */
import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { CLI, sampleCopy } from '../helpers/cli';

const SESSION = `mm-wizard-${process.pid}`;

function tmux(...args: string[]): string {
  return execFileSync('tmux', args, { encoding: 'utf8' });
}

function screen(): string {
  return tmux('capture-pane', '-p', '-J', '-S', '-200', '-t', SESSION);
}

async function waitFor(text: string | RegExp, ms = 15000): Promise<string> {
  const end = Date.now() + ms;
  for (;;) {
    const s = screen();
    if (typeof text === 'string' ? s.includes(text) : text.test(s)) return s;
    if (Date.now() > end) throw new Error(`timed out waiting for ${text}; the screen shows:\n${s}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

function keys(...k: string[]): void {
  tmux('send-keys', '-t', SESSION, ...k);
}

/** Starts the wizard in `dir` inside a 200x60 terminal; the shell prints the exit code at the end. */
function start(dir: string): void {
  tmux('new-session', '-d', '-s', SESSION, '-x', '200', '-y', '60', `cd ${dir} && node ${CLI} . ; echo "EXIT=$?"; sleep 600`);
}

describe('wizard in a terminal', function () {
  this.timeout(60000);
  let dir = '';
  afterEach(() => {
    try {
      tmux('kill-session', '-t', SESSION);
    } catch {
      // already gone
    }
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('shows what it found and the diff, then writes every file after "d" and "a"', async () => {
    dir = sampleCopy('go-create-cp');
    start(dir);
    const first = await waitFor('Rewrite Dockerfile?');
    assert.match(first, /Artifact moves:/);
    assert.match(first, /myapp-builder:\/go\/bin\/myapp -> \/usr\/local\/bin\//);
    assert.match(first, /\+COPY --from=myapp-builder --chown=0:0 \/go\/bin\/myapp \/usr\/local\/bin\//);
    // Nothing is written while questions remain.
    assert.ok(existsSync(join(dir, 'Dockerfile.build')));
    keys('d', 'Enter');
    await waitFor(/Rewrite Dockerfile\?[\s\S]*diff --git a\/Dockerfile[\s\S]*Rewrite Dockerfile\?/);
    assert.ok(existsSync(join(dir, 'Dockerfile.build')), 'showing the diff wrote something');
    keys('a', 'Enter');
    const end = await waitFor('EXIT=');
    assert.match(end, /EXIT=0/);
    assert.ok(!existsSync(join(dir, 'Dockerfile.build')), 'the builder Dockerfile was not deleted');
    assert.match(readFileSync(join(dir, 'Dockerfile'), 'utf8'), /^FROM golang:1\.22 AS myapp-builder$/m);
    assert.doesNotMatch(readFileSync(join(dir, 'build.sh'), 'utf8'), /docker cp/);
  });

  it('defaults to No: Enter on every question writes nothing', async () => {
    dir = sampleCopy('go-create-cp');
    const before = readFileSync(join(dir, 'Dockerfile'), 'utf8');
    start(dir);
    await waitFor('Rewrite Dockerfile? (yNadxh)');
    keys('Enter');
    await waitFor('Rewrite build.sh?');
    keys('Enter');
    await waitFor('Delete Dockerfile.build?');
    keys('Enter');
    const end = await waitFor('EXIT=');
    assert.match(end, /Nothing was written/);
    assert.match(end, /EXIT=0/);
    assert.equal(readFileSync(join(dir, 'Dockerfile'), 'utf8'), before);
    assert.ok(existsSync(join(dir, 'Dockerfile.build')));
  });

  it('abort after a yes writes nothing and exits 2', async () => {
    dir = sampleCopy('go-create-cp');
    const before = readFileSync(join(dir, 'Dockerfile'), 'utf8');
    start(dir);
    await waitFor('Rewrite Dockerfile?');
    keys('y', 'Enter');
    await waitFor('Rewrite build.sh?');
    keys('x', 'Enter');
    const end = await waitFor('EXIT=');
    assert.match(end, /Aborted: nothing was written/);
    assert.match(end, /EXIT=2/);
    assert.equal(readFileSync(join(dir, 'Dockerfile'), 'utf8'), before);
  });

  it('asks again before writing only some of the files, No by default', async () => {
    dir = sampleCopy('go-create-cp');
    start(dir);
    await waitFor('Rewrite Dockerfile?');
    keys('y', 'Enter');
    await waitFor('Rewrite build.sh?');
    keys('n', 'Enter');
    await waitFor('Delete Dockerfile.build?');
    keys('y', 'Enter');
    await waitFor('Write the selected files anyway? (y/N)');
    keys('Enter');
    const end = await waitFor('EXIT=');
    assert.match(end, /Nothing was written/);
    assert.ok(existsSync(join(dir, 'Dockerfile.build')));
  });
});
