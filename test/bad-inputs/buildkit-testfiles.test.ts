/**
 * BuildKit's own parser test files (moby/buildkit frontend/dockerfile/parser/testfiles*), each
 * as the runtime Dockerfile of a minimal builder-pattern setup, as it is and with a line that
 * copies the artifact appended: the tool never throws, and either refuses or writes a merged
 * Dockerfile that keeps every line of the original, in order. The files are not ours to
 * commit: `scripts/buildkit-testfiles.sh DIR` extracts them, `BUILDKIT_TESTFILES=DIR npm test`
 * runs this; without the variable it is skipped.
 */
import { strict as assert } from 'node:assert';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { migrateRepository } from '../../src/app/migrate';
import { formatFinding } from '../../src/core/findings';
import { memoryRepo } from '../../src/core/repo';
import { loadShellParser, ShellParser } from '../../src/parse/shell/parser';
import { loadTemplates } from '../../src/render/templates';

const DIR = process.env.BUILDKIT_TESTFILES;

const BUILDER = 'FROM golang:1.22\nRUN go build -o /out/app .\n';
const GLUE = '#!/bin/sh\nset -e\ndocker build -f Dockerfile.build -t app-builder .\ndocker create --name app-x app-builder\ndocker cp app-x:/out/app ./app\ndocker rm app-x\ndocker build -t app .\n';

/** The lines of `original` that are not found, in order, among the lines of `merged` (blank lines between blocks are the merge's own). */
function missingLines(original: string, merged: string): string[] {
  const have = merged.split('\n');
  let at = 0;
  const missing: string[] = [];
  for (const line of original.split('\n')) {
    if (line.trim() === '') continue;
    const found = have.indexOf(line, at);
    if (found < 0) missing.push(line);
    else at = found + 1;
  }
  return missing;
}

(DIR ? describe : describe.skip)('BuildKit parser test files as runtime Dockerfiles', () => {
  let parser: ShellParser;
  before(async () => {
    parser = await loadShellParser();
  });
  const names = DIR ? readdirSync(DIR).sort() : [];
  for (const name of names) {
    for (const variant of ['as it is', 'copying the artifact'] as const) {
      it(`${name}, ${variant}`, () => {
        const original = readFileSync(join(DIR as string, name), 'utf8');
        const eol = original.includes('\r\n') ? '\r\n' : '\n';
        const runtime = variant === 'as it is' ? original : `${original}${original.endsWith('\n') || original === '' ? '' : eol}COPY app /usr/local/bin/app${eol}`;
        const repo = memoryRepo({ 'Dockerfile.build': BUILDER, Dockerfile: runtime, 'build.sh': { text: GLUE, mode: 0o755 }, 'main.go': 'package main\n' });
        const outcome = migrateRepository(repo, (t) => parser.parse(t), loadTemplates(), { dir: '', buildkit: false, keepLegacy: false });
        if (outcome.status !== 'migrate') {
          assert.ok(outcome.status !== 'refused' || outcome.findings.some((f) => f.severity === 'error' && f.location), `a refusal names a file and line: ${outcome.findings.map(formatFinding).join('\n')}`);
          return;
        }
        const merged = outcome.plan?.files.find((f) => f.path === 'Dockerfile')?.after ?? '';
        // The original file may have ended without a newline: its last line then continues as written.
        assert.deepEqual(missingLines(original, merged), [], `lines of ${name} lost in:\n${merged}`);
      });
    }
  }
});
