/**
 * replayHost through the whole planner: where docker cp leaves files on the host (§1, §3.1),
 * which legacy commands could never have worked (LEGACY_CP_FAILS), and which host commands
 * only served the extraction.
 */
import assert from 'node:assert/strict';
import type { RepoOutcome } from '../../../src/app/migrate';
import { Files, codes, errorCodes, fileAfter, loadParser, migrate } from '../support/harness';

const BUILDER = 'FROM golang:1.22\nWORKDIR /app\nRUN mkdir -p /app/dist/assets\nRUN go build -o /app/bin/server .\nRUN touch /app/config.yml\n';

/** Glue lines 1-4 are fixed; the extraction starts on line 5. */
function glue(extract: string[], runtime: string[], extra: Files = {}, after: string[] = []): RepoOutcome {
  const script = ['#!/bin/sh', 'set -e', 'docker build -f Dockerfile.build -t builder .', 'docker create --name c builder', ...extract, 'docker rm c', 'docker build -t app .', ...after, ''].join('\n');
  return migrate({ 'build.sh': script, 'Dockerfile.build': BUILDER, Dockerfile: ['FROM alpine:3.19', ...runtime, ''].join('\n'), ...extra });
}

function moves(o: RepoOutcome): string[][] {
  return (o.plan?.moves ?? []).map((m) => [m.builderPath, m.hostPath, m.destination]);
}

describe('infer/host-layout', () => {
  before(loadParser);

  describe('docker cp commands that fail on a real engine → LEGACY_CP_FAILS (refused)', () => {
    it('CP-2: a file to an absent "B/"', () => {
      const o = glue(['docker cp c:/app/bin/server out/'], ['COPY out /usr/local/bin/']);
      assert.equal(o.status, 'refused');
      assert.deepEqual(errorCodes(o.findings), ['build.sh:5 LEGACY_CP_FAILS']);
    });

    it('CP-6: a file written "A/" or "A/."', () => {
      for (const src of ['/app/bin/server/', '/app/bin/server/.']) {
        const o = glue([`docker cp c:${src} ./server`], ['COPY server /usr/local/bin/']);
        assert.equal(o.status, 'refused', src);
        assert.deepEqual(errorCodes(o.findings), ['build.sh:5 LEGACY_CP_FAILS'], src);
      }
    });

    it('CP-7: the parent of B does not exist', () => {
      const o = glue(['docker cp c:/app/bin/server a/b/server'], ['COPY a/b/server /usr/local/bin/']);
      assert.deepEqual(errorCodes(o.findings), ['build.sh:5 LEGACY_CP_FAILS']);
    });

    it('CP-7: only `mkdir a` before copying to a/b/server', () => {
      const o = glue(['mkdir a', 'docker cp c:/app/bin/server a/b/server'], ['COPY a /usr/local/bin/']);
      assert.deepEqual(errorCodes(o.findings), ['build.sh:6 LEGACY_CP_FAILS']);
    });

    it('CP-11: a directory onto an existing file (also with "A/.")', () => {
      for (const src of ['/app/dist', '/app/dist/.']) {
        const o = glue([`docker cp c:${src} ./dist`], ['COPY dist /srv/www'], { dist: 'a file\n' });
        assert.equal(o.status, 'refused', src);
        assert.deepEqual(errorCodes(o.findings), ['build.sh:5 LEGACY_CP_FAILS'], src);
      }
    });

    it('CP-11: a directory onto a file an earlier docker cp wrote', () => {
      const o = glue(['docker cp c:/app/config.yml ./out', 'docker cp c:/app/dist ./out'], ['COPY out /srv/www']);
      assert.deepEqual(errorCodes(o.findings), ['build.sh:6 LEGACY_CP_FAILS']);
    });
  });

  describe('where the files land', () => {
    it('`mkdir -p a/b` makes the parent exist (CP-7 satisfied), and is dropped from the glue', () => {
      const o = glue(['mkdir -p a/b', 'docker cp c:/app/bin/server a/b/server'], ['COPY a/b/server /usr/local/bin/']);
      assert.equal(o.status, 'migrate', codes(o.findings).join(', '));
      assert.deepEqual(moves(o), [['/app/bin/server', 'a/b/server', '/usr/local/bin/']]);
      assert.doesNotMatch(fileAfter(o, 'build.sh') as string, /mkdir/);
    });

    it('a repository directory as B: a file goes into it (CP-3), a dir nests (CP-9)', () => {
      const o = glue(['docker cp c:/app/bin/server ./bin', 'docker cp c:/app/dist ./web'], ['COPY bin/server /usr/local/bin/', 'COPY web/dist /srv/www'], { 'bin/README': 'x\n', 'web/index.txt': 'y\n' });
      assert.equal(o.status, 'migrate', codes(o.findings).join(', '));
      assert.deepEqual(moves(o), [
        ['/app/bin/server', 'bin/server', '/usr/local/bin/'],
        ['/app/dist', 'web/dist', '/srv/www'],
      ]);
    });

    it('a later copy to the same path replaces the earlier one (CP-4): only the last one counts', () => {
      const o = glue(['docker cp c:/app/config.yml ./conf', 'docker cp c:/app/bin/server ./conf'], ['COPY conf /usr/local/bin/conf']);
      assert.equal(o.status, 'migrate', codes(o.findings).join(', '));
      assert.deepEqual(moves(o), [['/app/bin/server', 'conf', '/usr/local/bin/conf']]);
      assert.ok(!codes(o.findings).some((c) => c.endsWith('ARTIFACT_NOT_CONSUMED')), codes(o.findings).join(', '));
    });

    it('`rm -rf dist` before the extraction only prepared it: dropped with it', () => {
      const o = glue(['rm -rf dist', 'docker cp c:/app/dist ./dist'], ['COPY dist /srv/www']);
      assert.equal(o.status, 'migrate', codes(o.findings).join(', '));
      assert.deepEqual(moves(o), [['/app/dist', 'dist', '/srv/www']]);
      assert.doesNotMatch(fileAfter(o, 'build.sh') as string, /rm -rf dist/);
    });

    it('cleanup of the artifact after the runtime build is dropped too', () => {
      const o = glue(['docker cp c:/app/bin/server ./server'], ['COPY server /usr/local/bin/'], {}, ['rm -f server']);
      assert.equal(fileAfter(o, 'build.sh'), '#!/bin/sh\nset -e\ndocker build -t app .\n');
    });
  });

  describe('host commands between the extraction and the runtime build are replayed in a stage', () => {
    it('mv, chmod, chown and tar on extracted files run again on /host, after the copy', () => {
      for (const cmd of ['chmod 700 ./server', 'chown 0:0 ./server', 'tar -czf server.tgz server']) {
        const o = glue(['docker cp c:/app/bin/server ./server', cmd], ['COPY server /usr/local/bin/']);
        assert.equal(o.status, 'migrate', `${cmd}: ${codes(o.findings).join(', ')}`);
        const text = fileAfter(o, 'Dockerfile') as string;
        assert.match(text, new RegExp(`cp -a /app/bin/server /host/server \\\\\n    && \\(cd /host && ${cmd.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}\\)`), cmd);
        assert.match(text, /^COPY --from=builder-host --chown=0:0 \/host\/server \/usr\/local\/bin\/$/m, cmd);
        assert.doesNotMatch(fileAfter(o, 'build.sh') as string, /chmod|chown|tar/, `${cmd} stayed in the glue`);
      }
    });

    it('a rename: the runtime reads the new name from the stage', () => {
      const o = glue(['docker cp c:/app/bin/server ./server', 'mv server app'], ['COPY app /usr/local/bin/']);
      assert.equal(o.status, 'migrate', codes(o.findings).join(', '));
      assert.match(fileAfter(o, 'Dockerfile') as string, /\(cd \/host && mv server app\)[\s\S]*COPY --from=builder-host --chown=0:0 \/host\/app \/usr\/local\/bin\//);
    });

    it('rm of part of an extracted directory keeps its wildcard for the shell', () => {
      const o = glue(['docker cp c:/app/dist ./dist', 'rm -f dist/assets/*.map'], ['COPY dist /srv/www']);
      assert.equal(o.status, 'migrate', codes(o.findings).join(', '));
      assert.match(fileAfter(o, 'Dockerfile') as string, /\(cd \/host && rm -f dist\/assets\/\*\.map\)/);
    });

    it('a command that is not a plain file command (sed) → HOST_STEP_UNSUPPORTED at its line', () => {
      const o = glue(['docker cp c:/app/dist ./dist', 'sed -i s/a/b/ dist/config.js'], ['COPY dist /srv/www']);
      assert.deepEqual(errorCodes(o.findings), ['build.sh:6 HOST_STEP_UNSUPPORTED']);
    });

    it('a docker cp into a directory another docker cp made (its contents are not known)', () => {
      const o = glue(['docker cp c:/app/dist ./dist', 'docker cp c:/app/config.yml ./dist/assets/config.yml'], ['COPY dist /srv/www']);
      assert.deepEqual(errorCodes(o.findings), ['build.sh:6 HOST_STEP_UNSUPPORTED']);
    });

    it('host commands that do not touch artifacts are fine', () => {
      const o = glue(['docker cp c:/app/bin/server ./server', 'echo built > BUILD_INFO', 'mkdir -p logs'], ['COPY server /usr/local/bin/']);
      assert.equal(o.status, 'migrate', codes(o.findings).join(', '));
    });
  });
});

describe('infer/host-layout: regressions', () => {
  before(loadParser);

  // Regression (was wrong): an `echo` whose text is not known statically (`echo "built $(date)" > BUILD_INFO`)
  // counts as touching the artifacts: operands() turns the unknown message into a null path and
  // touches(null) is true. The command only writes BUILD_INFO, an unrelated file.
  // Expected status 'migrate'; actual 'refused' with build.sh:6 HOST_STEP_UNSUPPORTED.
  // Regression (was wrong): operands() drops every chmod/chown argument that looks like a user name
  // (/^[0-9a-z_]+(:[0-9a-z_]*)?$/), which also matches plain file names such as `server`. So
  // `chmod 700 server` between the extraction and the runtime build is not seen: the legacy image
  // has /usr/local/bin/server 0700, the migrated one the builder's 0755, with no finding.
  // Expected refused with build.sh:6 HOST_STEP_UNSUPPORTED; actual status 'migrate'.
  it('chmod on an extracted file named without "/" or "." is seen (and replayed)', () => {
    for (const cmd of ['chmod 700 server', 'chmod +x server', 'chown app server']) {
      const o = glue(['docker cp c:/app/bin/server ./server', cmd], ['COPY server /usr/local/bin/']);
      assert.equal(o.status, 'migrate', cmd);
      assert.match(fileAfter(o, 'Dockerfile') as string, new RegExp(`\\(cd /host && ${cmd.replace('+', '\\+')}\\)`), cmd);
    }
  });

  // Regression (was wrong): docker cp does not expand wildcards (`docker cp C:/app/bin/*.jar lib/` looks for a file
  // literally named "*.jar" and fails), so the legacy glue never worked. The planner migrates it
  // anyway, into an export stage running `cp -a '/app/bin/*.jar' '/export/lib/*.jar'`, which fails
  // at build time. Expected a refusal (LEGACY_CP_FAILS or EXTRACTION_UNSUPPORTED at build.sh:5);
  // actual status 'migrate'.
  it('a glob in a docker cp source is refused, not migrated', () => {
    const o = glue(['docker cp c:/app/bin/*.jar ./lib/'], ['COPY lib /opt/lib'], { 'lib/.keep': '' });
    assert.equal(o.status, 'refused');
    assert.ok(errorCodes(o.findings).some((c) => c.startsWith('build.sh:5 ')), codes(o.findings).join(', '));
  });

  it('an echo with an unknown message into an unrelated file does not touch the artifacts', () => {
    const o = glue(['docker cp c:/app/bin/server ./server', 'echo "built $(date)" > BUILD_INFO'], ['COPY server /usr/local/bin/']);
    assert.equal(o.status, 'migrate', codes(o.findings).join(', '));
  });

  // Regression (was wrong): CP-5 — a file SRC onto an existing file written with a trailing "/" fails
  // (`stat …/server/: not a directory`), and §3.3 rule 5 says to report it. replayHost only checks
  // the trailing "/" when B is absent (CP-2), so this migrates as if it had worked.
  // Expected refused with build.sh:5 LEGACY_CP_FAILS; actual status 'migrate', no findings.
  it('CP-5: a file onto an existing file written "B/" → LEGACY_CP_FAILS', () => {
    const o = glue(['docker cp c:/app/bin/server ./server/'], ['COPY server /usr/local/bin/'], { server: 'stale\n' });
    assert.equal(o.status, 'refused');
    assert.deepEqual(errorCodes(o.findings), ['build.sh:5 LEGACY_CP_FAILS']);
  });

  // Regression (was wrong): row D13 — the glue writes a file into the extraction directory before
  // `docker cp C:/app/dist/. ./dist`, so the legacy image has /srv/www/.gitkeep. The plan keeps
  // only `COPY --from=builder --chown=0:0 /app/dist /srv/www` (the "expected ✗" line of §3.2),
  // silently dropping the file, and the rewritten glue keeps `echo pre > dist/.gitkeep` while
  // removing the `mkdir dist` it needs (the script now fails under `set -e`).
  // Expected: refused with HOST_STEP_UNSUPPORTED at the echo; actual: status 'migrate', no findings.
  it('D13: a glue-written file in the merged extraction dir → refused, not dropped', () => {
    const o = glue(['mkdir dist', 'echo pre > dist/.gitkeep', 'docker cp c:/app/dist/. ./dist'], ['COPY dist /srv/www']);
    assert.equal(o.status, 'refused');
    assert.deepEqual(errorCodes(o.findings), ['build.sh:6 HOST_STEP_UNSUPPORTED']);
  });

  it('D13: the rewritten glue never keeps a write into a directory whose mkdir it removed', () => {
    const o = glue(['mkdir dist', 'echo pre > dist/.gitkeep', 'docker cp c:/app/dist/. ./dist'], ['COPY dist /srv/www']);
    if (o.status !== 'migrate') return;
    const script = fileAfter(o, 'build.sh') as string;
    if (script.includes('dist/.gitkeep')) assert.match(script, /mkdir dist/);
  });
});
