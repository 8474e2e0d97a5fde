/** `npm run corpus -- DIR`: a verdict per repository (the worst of its setups), the totals, and the same as JSON. */
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SAMPLES_DIR } from '../helpers/samples';

const CORPUS = join(__dirname, '..', '..', 'dist', 'scripts', 'corpus.js');

describe('scripts/corpus', () => {
  let root: string;
  before(() => {
    root = mkdtempSync(join(tmpdir(), 'mm-corpus-'));
    cpSync(join(SAMPLES_DIR, 'go-create-cp', 'input'), join(root, 'a-migrates'), { recursive: true });
    cpSync(join(SAMPLES_DIR, 'refuse-getopts', 'input'), join(root, 'b-refused'), { recursive: true });
    mkdirSync(join(root, 'c-readme-only'));
    writeFileSync(join(root, 'c-readme-only', 'README.md'), '    docker build -t b -f Dockerfile.build .\n    docker run --rm b > app.tar\n');
    writeFileSync(join(root, 'c-readme-only', 'Dockerfile.build'), 'FROM alpine\n');
    mkdirSync(join(root, 'd-nothing'));
    writeFileSync(join(root, 'd-nothing', 'build.sh'), '#!/bin/sh\ndocker build -t app .\n');
    writeFileSync(join(root, 'd-nothing', 'Dockerfile'), 'FROM alpine\n');
  });
  after(() => rmSync(root, { recursive: true, force: true }));

  it('prints a verdict per repository with the refusal codes and lines, then the totals; exit 1 for a silent miss', () => {
    const json = join(root, '..', `${root.split('/').pop()}.json`);
    const r = spawnSync(process.execPath, [CORPUS, root, '--json', json, '--concurrency', '1'], { encoding: 'utf8' });
    assert.equal(r.status, 1, r.stderr);
    const lines = r.stdout.split('\n');
    assert.match(lines.find((l) => l.startsWith('a-migrates')) ?? '', /\bmigrated\b/);
    assert.match(lines.find((l) => l.startsWith('b-refused')) ?? '', /\brefused\b.*build\.sh:\d+ GLUE_POSITIONAL_PARAMETER/);
    assert.match(lines.find((l) => l.startsWith('c-readme-only')) ?? '', /\brefused\b.*README\.md:2 PIPELINE_NOT_FOLLOWED/);
    assert.match(lines.find((l) => l.startsWith('d-nothing')) ?? '', /\bnothing\b/);
    assert.match(r.stdout, /repositories: 4 \(crash 0, nothing 1, refused 2, migrated 1, already 0\)/);
    const doc = JSON.parse(readFileSync(json, 'utf8'));
    rmSync(json);
    assert.deepEqual(doc.totals.repositories, { crash: 0, nothing: 1, refused: 2, migrated: 1, already: 0 });
    assert.deepEqual(doc.repositories.map((x: { repository: string; verdict: string }) => [x.repository, x.verdict]), [
      ['a-migrates', 'migrated'],
      ['b-refused', 'refused'],
      ['c-readme-only', 'refused'],
      ['d-nothing', 'nothing'],
    ]);
  });
});
