/**
 * The ejs templates that format generated Dockerfile lines. Templates format; they never decide.
 * Loading reads files, so it happens once at the edge; rendering is pure.
 */
import * as ejs from 'ejs';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { dockerArguments } from '../core/quote';
import type { CopyLine, HelperStage } from '../plan/types';

export interface Templates {
  copyLine(line: CopyLine): string;
  builderHeader(data: { stage: string; stages: number; dockerfile: string; glue: string }): string;
  helperStage(helper: HelperStage, copies: string[]): string;
  runStage(stage: { name: string; base: string; lines: string[]; glue: string }): string;
}

/** The templates/ directory shipped beside dist/ and src/. */
export const TEMPLATE_DIR = join(__dirname, '..', '..', '..', 'templates');

let cached: Templates | null = null;

export function loadTemplates(dir = resolveTemplateDir()): Templates {
  if (cached && dir === resolveTemplateDir()) return cached;
  const compile = (name: string) => ejs.compile(readFileSync(join(dir, name), 'utf8'), { filename: name });
  const copy = compile('copy-line.ejs');
  const header = compile('builder-header.ejs');
  const helper = compile('helper-stage.ejs');
  const run = compile('run-stage.ejs');
  const t: Templates = {
    copyLine: (line) => trimNewline(copy({ line, args: dockerArguments([...line.sources, line.dest], line.json) })),
    builderHeader: (data) => trimNewline(header({ ...data, dockerfile: commentText(data.dockerfile), glue: commentText(data.glue) })),
    helperStage: (h, copies) => trimNewline(helper({ helper: { ...h, reason: commentText(h.reason) }, copies })),
    runStage: (stage) => trimNewline(run({ stage: { ...stage, glue: commentText(stage.glue) } })),
  };
  if (dir === resolveTemplateDir()) cached = t;
  return t;
}

/** Works from src/ (ts-node) and from dist/src/ (compiled). */
function resolveTemplateDir(): string {
  for (const up of ['..', '../..', '../../..']) {
    const candidate = join(__dirname, up, 'templates');
    try {
      readFileSync(join(candidate, 'copy-line.ejs'));
      return candidate;
    } catch {
      // try the next level up
    }
  }
  return TEMPLATE_DIR;
}

/**
 * Text for a `#` comment line: a path may hold a newline (a file named `new\nline.sh`), which
 * would end the comment and start an instruction. Control characters are shown as `\xNN`.
 */
export function commentText(s: string): string {
  return s.replace(/[\u0000-\u001f\u007f\u2028\u2029]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
}

function trimNewline(s: string): string {
  return s.replace(/\r?\n$/, '');
}
