/**
 * The wizard in a real pseudo-terminal (tmux): the questions appear, the answers are the
 * keys a user types, and files change only after the last answer. One question for the whole
 * migration; per-file answers only with --per-file; Ctrl-C writes nothing and exits 130.
 */
import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { CLI, sampleCopy } from '../helpers/cli';

const SESSION = `mm-wizard-${process.pid}`;
const ESC = '\u001b[';

function tmux(...args: string[]): string {
  return execFileSync('tmux', args, { encoding: 'utf8' });
}

/** The screen; with `escapes`, its colours as escape sequences too. */
function screen(escapes = false): string {
  return tmux('capture-pane', '-p', '-J', ...(escapes ? ['-e'] : []), '-S', '-200', '-t', SESSION);
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

/**
 * Starts the CLI in `dir` inside a terminal (200x60 unless told); the shell prints the exit code
 * at the end. `env` is set for the CLI only (NO_COLOR is not set unless asked; PAGER is cat).
 */
function start(dir: string, args: string[] = [], options: { env?: Record<string, string>; rows?: number } = {}): void {
  // The wizard pages what is longer than the screen; tests that are not about paging print it.
  const env = Object.entries({ PAGER: 'cat', ...options.env }).map(([k, v]) => `${k}='${v}'`).join(' ');
  tmux('new-session', '-d', '-s', SESSION, '-x', '200', '-y', String(options.rows ?? 60), `cd ${dir} && env -u NO_COLOR ${env} node ${CLI} ${args.join(' ')} . ; echo "EXIT=$?"; sleep 600`);
}

const QUESTION = 'Apply these 3 files? [y/N/d/q]';

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

  it('shows what it found and the diff, asks once for the whole migration; d shows the diff again, y writes every file', async () => {
    dir = sampleCopy('go-create-cp');
    start(dir);
    const first = await waitFor(QUESTION);
    assert.match(first, /Artifact moves:/);
    assert.match(first, /myapp-builder:\/go\/bin\/myapp -> \/usr\/local\/bin\//);
    assert.match(first, /\+COPY --from=myapp-builder --chown=0:0 \/go\/bin\/myapp \/usr\/local\/bin\//);
    // Nothing is written while the question is open.
    assert.ok(existsSync(join(dir, 'Dockerfile.build')));
    keys('d', 'Enter');
    await waitFor(new RegExp(`${QUESTION.replace(/[?[\]/]/g, '\\$&')} d[\\s\\S]*diff --git a/Dockerfile[\\s\\S]*${QUESTION.replace(/[?[\]/]/g, '\\$&')}`));
    assert.ok(existsSync(join(dir, 'Dockerfile.build')), 'showing the diff wrote something');
    keys('y', 'Enter');
    const end = await waitFor('EXIT=');
    assert.match(end, /EXIT=0/);
    assert.ok(!existsSync(join(dir, 'Dockerfile.build')), 'the builder Dockerfile was not deleted');
    assert.match(readFileSync(join(dir, 'Dockerfile'), 'utf8'), /^FROM golang:1\.22 AS myapp-builder$/m);
    assert.doesNotMatch(readFileSync(join(dir, 'build.sh'), 'utf8'), /docker cp/);
  });

  it('defaults to No: Enter writes nothing, exit 0; q quits, exit 2', async () => {
    for (const [key, said, code] of [['Enter', 'Nothing was written', 0], ['q', 'Aborted: nothing was written', 2]] as const) {
      dir = sampleCopy('go-create-cp');
      const before = readFileSync(join(dir, 'Dockerfile'), 'utf8');
      start(dir);
      await waitFor(QUESTION);
      keys(...(key === 'Enter' ? ['Enter'] : [key, 'Enter']));
      const end = await waitFor('EXIT=');
      assert.ok(end.includes(said), end);
      assert.match(end, new RegExp(`EXIT=${code}`));
      assert.equal(readFileSync(join(dir, 'Dockerfile'), 'utf8'), before);
      assert.ok(existsSync(join(dir, 'Dockerfile.build')));
      tmux('kill-session', '-t', SESSION);
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('Ctrl-C at the question: "Aborted: nothing was written.", exit 130, every file as it was', async () => {
    dir = sampleCopy('go-create-cp');
    const before = readFileSync(join(dir, 'build.sh'), 'utf8');
    start(dir);
    await waitFor(QUESTION);
    keys('C-c');
    const end = await waitFor('EXIT=');
    assert.match(end, /Aborted: nothing was written\./);
    assert.match(end, /EXIT=130/);
    assert.equal(readFileSync(join(dir, 'build.sh'), 'utf8'), before);
    assert.ok(existsSync(join(dir, 'Dockerfile.build')));
  });

  it('--per-file warns, then asks per file; writing only some asks again, No by default', async () => {
    dir = sampleCopy('go-create-cp');
    start(dir, ['--per-file']);
    const first = await waitFor('Rewrite Dockerfile? (yNadxh)');
    assert.match(first, /Warning: --per-file lets you write only some files of this migration/);
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

  it('pages what it shows through $PAGER when it is longer than the screen, then asks', async () => {
    dir = sampleCopy('go-create-cp');
    const paged = join(dir, '..', `${dir.split('/').pop()}.paged`);
    start(dir, [], { rows: 20, env: { PAGER: `cat > ${paged}; echo PAGER-DONE` } });
    const s = await waitFor(QUESTION);
    assert.match(s, /PAGER-DONE/);
    const text = readFileSync(paged, 'utf8');
    rmSync(paged);
    assert.match(text, /What was found[\s\S]*diff --git a\/Dockerfile b\/Dockerfile/);
  });

  it('without PAGER, a long diff goes through less -R; q leaves it for the question', async () => {
    dir = sampleCopy('go-create-cp');
    start(dir, [], { rows: 20, env: { PAGER: '' } });
    await waitFor(/\(END\)|^:/m);
    assert.doesNotMatch(screen(), /Apply these/);
    keys('q');
    await waitFor(QUESTION);
  });

  it('NO_COLOR and --no-color make the prompt plain too; the dry run on a terminal is coloured like git diff', async () => {
    for (const how of [{ args: ['--no-color'], env: {} }, { args: [], env: { NO_COLOR: '1' } }] as { args: string[]; env: Record<string, string> }[]) {
      dir = sampleCopy('go-create-cp');
      start(dir, how.args, { env: how.env });
      await waitFor(QUESTION);
      assert.ok(!screen(true).includes(ESC), `colours despite ${JSON.stringify(how)}`);
      tmux('kill-session', '-t', SESSION);
      rmSync(dir, { recursive: true, force: true });
    }
    dir = sampleCopy('go-create-cp');
    start(dir);
    await waitFor(QUESTION);
    assert.ok(screen(true).includes(ESC), 'the wizard shows no colour on a terminal');
    tmux('kill-session', '-t', SESSION);
    start(dir, ['--dry-run']);
    await waitFor('EXIT=0');
    const coloured = screen(true);
    assert.ok(coloured.includes(`${ESC}32m+COPY --from=myapp-builder`), 'added lines are not green');
    assert.ok(coloured.includes(`${ESC}1mdiff --git a/Dockerfile b/Dockerfile`), 'file headers are not bold');
  });
});
