/**
 * The fuzzer's glue in each of the kinds real repositories use: a plain sh script, the same with
 * the extraction in a shell function or everything in `main`, a Makefile (one shell per recipe
 * line, `$$`, `$(CURDIR)`), a GitHub Actions workflow (one shell per `run:` step).
 * `{PWD}` in a line stands for the repository's directory.
 */

export type GlueKind = 'sh' | 'function' | 'main-function' | 'make' | 'github';

/** The pipeline's shell lines, in order. */
export interface GlueScript {
  builder: string;
  extract: string[];
  runtime: string;
  after: string[];
}

export interface GlueFile {
  path: string;
  text: string;
  executable: boolean;
}

export function renderGlue(kind: GlueKind, s: GlueScript): GlueFile {
  switch (kind) {
    case 'sh':
      return script([s.builder, ...s.extract, s.runtime, ...s.after]);
    case 'function':
      return script([s.builder, 'extract_artifacts() {', ...indent(s.extract), '}', 'extract_artifacts', s.runtime, ...s.after]);
    case 'main-function':
      return script(['main() {', ...indent([s.builder, ...s.extract, s.runtime, ...s.after]), '}', '', 'main "$@"']);
    case 'make':
      return makefile(s);
    case 'github':
      return workflow(s);
  }
}

function indent(lines: string[]): string[] {
  return lines.map((l) => `  ${l}`);
}

function script(lines: string[]): GlueFile {
  const body = lines.map((l) => l.replace(/\{PWD\}/g, '$PWD'));
  return { path: 'build.sh', text: ['#!/bin/sh', 'set -e', '', ...body].join('\n') + '\n', executable: true };
}

function makefile(s: GlueScript): GlueFile {
  const recipe = (lines: string[]) => lines.map((l) => `\t${l.replace(/\$/g, '$$$$').replace(/\{PWD\}/g, '$(CURDIR)')}`);
  const text = [
    '.PHONY: all builder extract image',
    '',
    'all: image',
    '',
    'builder:',
    ...recipe([s.builder]),
    '',
    'extract: builder',
    ...recipe(s.extract),
    '',
    'image: extract',
    ...recipe([s.runtime, ...s.after]),
    '',
  ].join('\n');
  return { path: 'Makefile', text, executable: false };
}

function workflow(s: GlueScript): GlueFile {
  const step = (name: string, lines: string[]) => [`      - name: ${name}`, '        run: |', ...lines.map((l) => `          ${l.replace(/\{PWD\}/g, '$PWD')}`)];
  const text = [
    'name: image',
    '',
    'on:',
    '  push:',
    '    branches: [main]',
    '',
    'jobs:',
    '  image:',
    '    runs-on: ubuntu-latest',
    '    steps:',
    '      - uses: actions/checkout@v4',
    ...step('Build the builder image', [s.builder]),
    ...step('Extract the artifacts', s.extract),
    ...step('Build the runtime image', [s.runtime, ...s.after]),
    '',
  ].join('\n');
  return { path: '.github/workflows/image.yml', text, executable: false };
}
