/** The patch must apply with `git apply` and give exactly the planned files (new, changed, deleted, CRLF, no final newline). */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync, existsSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { changeSummary, gitPatch } from '../../../src/diff/patch';
import type { FileChange } from '../../../src/core/file-change';
import { loadParser, migrate } from '../support/harness';

function git(dir: string, ...args: string[]): string {
  return execFileSync('git', args, { cwd: dir, encoding: 'utf8', stdio: ['pipe', 'pipe', 'pipe'], env: { ...process.env, GIT_CONFIG_NOSYSTEM: '1', HOME: dir } });
}

/** A temp git repository holding every `before` file, committed. */
function repoWith(changes: FileChange[], extra: Record<string, string> = {}): string {
  const dir = mkdtempSync(join(tmpdir(), 'patch-test-'));
  git(dir, 'init', '-q');
  git(dir, 'config', 'core.autocrlf', 'false');
  const files: Record<string, string> = { ...extra };
  for (const c of changes) if (c.before !== null) files[c.path] = c.before;
  for (const [p, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, p)), { recursive: true });
    writeFileSync(join(dir, p), text);
  }
  for (const c of changes) if (c.before !== null && c.mode === 0o100755) execFileSync('chmod', ['755', join(dir, c.path)]);
  git(dir, 'add', '-A');
  git(dir, '-c', 'user.name=t', '-c', 'user.email=t@t', 'commit', '-q', '--allow-empty', '-m', 'before');
  return dir;
}

/** Applies the patch with `git apply` (checked first) and compares every file with its planned text. */
function applyAndCheck(changes: FileChange[], extra: Record<string, string> = {}): string {
  const patch = gitPatch(changes);
  const dir = repoWith(changes, extra);
  try {
    writeFileSync(join(dir, '.patch'), patch);
    git(dir, 'apply', '--check', '--whitespace=nowarn', '.patch');
    git(dir, 'apply', '--whitespace=nowarn', '.patch');
    for (const c of changes) {
      const p = join(dir, c.path);
      if (c.after === null) assert.equal(existsSync(p), false, `${c.path} should be deleted`);
      else {
        assert.equal(readFileSync(p, 'utf8'), c.after, c.path);
        if (c.before === null) assert.equal(statSync(p).mode & 0o777, c.mode === 0o100755 ? 0o755 : 0o644, `${c.path} mode`);
      }
    }
    for (const [p, text] of Object.entries(extra)) assert.equal(readFileSync(join(dir, p), 'utf8'), text, `${p} untouched`);
    return patch;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('diff/patch', () => {
  it('changed, new and deleted files apply with git apply', () => {
    const patch = applyAndCheck(
      [
        { path: 'Dockerfile', before: 'FROM alpine:3.19\nCOPY app /usr/local/bin/\nCMD ["app"]\n', after: 'FROM golang:1.22 AS b\nRUN go build\n\nFROM alpine:3.19\nCOPY --from=b /go/bin/app /usr/local/bin/\nCMD ["app"]\n', mode: 0o100644 },
        { path: 'Dockerfile.build', before: 'FROM golang:1.22\nRUN go build\n', after: null, mode: 0o100644 },
        { path: 'docs/MIGRATION.md', before: null, after: '# Migrated\n', mode: 0o100644 },
      ],
      { 'README.md': 'untouched\n' },
    );
    assert.match(patch, /^diff --git a\/Dockerfile b\/Dockerfile\n--- a\/Dockerfile\n\+\+\+ b\/Dockerfile\n@@ /m);
    assert.match(patch, /^deleted file mode 100644\n--- a\/Dockerfile\.build\n\+\+\+ \/dev\/null\n@@ -1,2 \+0,0 @@$/m);
    assert.match(patch, /^new file mode 100644\n--- \/dev\/null\n\+\+\+ b\/docs\/MIGRATION\.md\n@@ -0,0 \+1 @@$/m);
  });

  it('an executable script keeps its mode; a new executable gets 100755', () => {
    applyAndCheck([
      { path: 'build.sh', before: '#!/bin/sh\ndocker build -f Dockerfile.build -t b .\ndocker build -t app .\n', after: '#!/bin/sh\ndocker build -t app .\n', mode: 0o100755 },
      { path: 'new.sh', before: null, after: '#!/bin/sh\n', mode: 0o100755 },
    ]);
  });

  it('CRLF files', () => {
    applyAndCheck([
      { path: 'build.sh', before: '#!/bin/sh\r\nset -e\r\ndocker build -f D.b -t b .\r\ndocker build -t app .\r\n', after: '#!/bin/sh\r\nset -e\r\ndocker build -t app .\r\n', mode: 0o100644 },
      { path: 'Dockerfile', before: 'FROM a\r\nCOPY x /y\r\n', after: 'FROM b AS s\r\n\r\nFROM a\r\nCOPY --from=s /x /y\r\n', mode: 0o100644 },
    ]);
  });

  it('files without a final newline, before, after or both', () => {
    applyAndCheck([
      { path: 'a', before: 'one\ntwo', after: 'one\n2', mode: 0o100644 },
      { path: 'b', before: 'one\ntwo', after: 'one\ntwo\n', mode: 0o100644 },
      { path: 'c', before: 'one\ntwo\n', after: 'one\ntwo', mode: 0o100644 },
      { path: 'd', before: null, after: 'no newline', mode: 0o100644 },
      { path: 'e', before: 'gone', after: null, mode: 0o100644 },
    ]);
  });

  it('a long file: hunks with context only around the changes', () => {
    const lines = Array.from({ length: 40 }, (_, i) => `line ${i + 1}`);
    const before = lines.join('\n') + '\n';
    const after = [...lines.slice(0, 5), 'changed 6', ...lines.slice(6, 30), 'inserted', ...lines.slice(30)].join('\n') + '\n';
    const patch = applyAndCheck([{ path: 'long.txt', before, after, mode: 0o100644 }]);
    assert.equal(patch.match(/^@@ /gm)?.length, 2);
  });

  it('unchanged files give no patch; files come sorted by path', () => {
    assert.equal(gitPatch([{ path: 'same', before: 'x\n', after: 'x\n', mode: 0o100644 }]), '');
    const patch = gitPatch([
      { path: 'z', before: 'a\n', after: 'b\n', mode: 0o100644 },
      { path: 'a', before: 'a\n', after: 'b\n', mode: 0o100644 },
    ]);
    assert.ok(patch.indexOf('a/a b/a') < patch.indexOf('a/z b/z'));
  });

  it('a prefix is put before every path (batch patches)', () => {
    const patch = gitPatch([{ path: 'Dockerfile', before: 'a\n', after: 'b\n', mode: 0o100644 }], 'repos/one/');
    assert.match(patch, /^diff --git a\/repos\/one\/Dockerfile b\/repos\/one\/Dockerfile$/m);
  });

  it('a whole migration plan (CRLF runtime file, no final newline, deleted builder) applies', async () => {
    await loadParser();
    const o = migrate({
      'build.sh': { text: '#!/bin/sh\r\nset -e\r\ndocker build -f Dockerfile.build -t b .\r\ndocker create --name x b\r\ndocker cp x:/go/bin/app ./app\r\ndocker rm x\r\ndocker build -t app .\r\n', mode: 0o755 },
      'Dockerfile.build': 'FROM golang:1.22\nRUN go build -o /go/bin/app .\n',
      Dockerfile: '# runtime\r\nFROM alpine:3.19\r\nCOPY app /usr/local/bin/\r\nCMD ["app"]',
    });
    assert.equal(o.status, 'migrate');
    const files = o.plan?.files ?? [];
    assert.deepEqual(changeSummary(files), ['M Dockerfile', 'D Dockerfile.build', 'M build.sh']);
    applyAndCheck(files);
  });

  it('paths with tabs, newlines, quotes, backslashes and non-ASCII letters are quoted as git quotes them, and git apply takes them', () => {
    const odd = ['tab\tx/Dockerfile', 'new\nline/build.sh', 'qu"ote/Dockerfile', 'back\\slash/x', 'ünïcode/Dockerfile', 'plain dir/Dockerfile'];
    const changes: FileChange[] = odd.flatMap((dir, i) => [
      { path: dir, before: `FROM a${i}\n`, after: `FROM b${i}\n`, mode: 0o100644 },
      { path: `${dir}.new`, before: null, after: 'new\n', mode: 0o100644 },
      { path: `${dir}.old`, before: 'old\n', after: null, mode: 0o100644 },
    ]);
    const patch = applyAndCheck(changes);
    assert.match(patch, /^diff --git "a\/tab\\tx\/Dockerfile" "b\/tab\\tx\/Dockerfile"$/m);
    assert.match(patch, /^--- "a\/\\303\\274n\\303\\257code\/Dockerfile"$/m);
    assert.match(patch, /^diff --git a\/plain dir\/Dockerfile b\/plain dir\/Dockerfile$/m);
    // What git itself writes for the same change.
    const dir = repoWith([changes[0]]);
    try {
      writeFileSync(join(dir, changes[0].path), changes[0].after as string);
      const own = git(dir, 'diff').split('\n').filter((l) => /^(diff --git|---|\+\+\+) /.test(l));
      assert.deepEqual(gitPatch([changes[0]]).split('\n').filter((l) => /^(diff --git|---|\+\+\+) /.test(l)), own);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('changeSummary: A, M, D by path', () => {
    assert.deepEqual(
      changeSummary([
        { path: 'b', before: 'x', after: 'y', mode: 0o100644 },
        { path: 'a', before: null, after: 'y', mode: 0o100644 },
        { path: 'c', before: 'x', after: null, mode: 0o100644 },
      ]),
      ['A a', 'M b', 'D c'],
    );
  });
});
