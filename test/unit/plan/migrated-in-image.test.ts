/**
 * Files the migration rewrites that a context COPY still puts into the image: where each copied
 * file lands follows COPY's own rules (a directory's contents, CO-1; a file to `dest/` keeps its
 * name, CO-5; a glob takes what it matches, GL-2).
 */
import assert from 'node:assert/strict';
import { parseDockerfile } from '../../../src/parse/dockerfile';
import { ArtifactSource, CopyingDockerfile, migratedFilesInImage } from '../../../src/plan/migrated-in-image';
import type { ArtifactMove, FileChange } from '../../../src/plan/types';
import { codes } from '../support/harness';

const change = (path: string, after: string | null = 'new\n'): FileChange => ({ path, before: 'old\n', after, mode: 0o100644 });

function copying(text: string, context = ''): CopyingDockerfile {
  const model = parseDockerfile(context ? `${context}/Dockerfile` : 'Dockerfile', text);
  return { model, stages: model.stages, context, buildArgs: new Map() };
}

const move = (builderPath: string, line: number): ArtifactMove => ({ builderStage: 'builder', builderPath, hostPath: 'app', runtimeLine: { file: 'Dockerfile', line }, destination: '/opt/app', form: 'direct', evidence: [] });

describe('plan/migrated-in-image', () => {
  const glue = [change('build.sh'), change('Dockerfile.build', null)];

  it('CO-1: `COPY . /app` takes the rewritten glue and the deleted builder file', () => {
    const f = migratedFilesInImage(glue, [copying('FROM alpine:3.19\nCOPY . /app\n')], [], []);
    assert.deepEqual(codes(f), ['Dockerfile:2 MIGRATED_FILE_IN_IMAGE']);
    assert.match(f[0].message, /build\.sh, Dockerfile\.build/);
  });

  it('CO-5 and GL-1/GL-2: a named file, a matching glob, a directory holding it → found; other sources → nothing', () => {
    const hits = (line: string) => codes(migratedFilesInImage([change('scripts/build.sh')], [copying(`FROM alpine:3.19\n${line}\n`)], [], []));
    assert.deepEqual(hits('COPY scripts/build.sh /usr/local/bin/'), ['Dockerfile:2 MIGRATED_FILE_IN_IMAGE']);
    assert.deepEqual(hits('COPY scripts/*.sh /usr/local/bin/'), ['Dockerfile:2 MIGRATED_FILE_IN_IMAGE']);
    assert.deepEqual(hits('COPY scr* /opt/'), ['Dockerfile:2 MIGRATED_FILE_IN_IMAGE']);
    assert.deepEqual(hits('COPY scripts /opt/scripts'), ['Dockerfile:2 MIGRATED_FILE_IN_IMAGE']);
    assert.deepEqual(hits('COPY scripts/*.py /usr/local/bin/'), []);
    assert.deepEqual(hits('COPY src /src'), []);
    assert.deepEqual(hits('COPY --from=builder /scripts/build.sh /x'), []);
  });

  it('only files inside the build context count: a context of `web/` does not take build.sh at the root', () => {
    assert.deepEqual(migratedFilesInImage(glue, [copying('FROM alpine:3.19\nCOPY . /app\n', 'web')], [], []), []);
  });

  it('a builder whose context COPY filled a directory the runtime copies out: reported at the runtime line of that move', () => {
    const builder: ArtifactSource = { ...copying('FROM golang:1.22\nWORKDIR /src\nCOPY . .\n'), stageName: 'builder' };
    assert.deepEqual(codes(migratedFilesInImage(glue, [], [builder], [move('/src', 3)])), ['Dockerfile:3 MIGRATED_FILE_IN_IMAGE']);
    // A path of the builder outside what that COPY filled: nothing from the repository reaches the image.
    assert.deepEqual(migratedFilesInImage(glue, [], [builder], [move('/go/bin/app', 3)]), []);
  });
});
