/**
 * Writes the merged Dockerfile: the runtime file's text with only the migrated lines
 * regenerated, the builder files' stages inserted before it (named, references updated), and
 * any helper stages between them. Untouched text (comments, blank lines, continuations,
 * heredocs, JSON arguments, CRLF, a missing final newline) is carried over as exact slices.
 */
import { dockerLiteral, jsonArray, needsJsonForm } from '../core/quote';
import { TextEdit, applyEdits, withEol } from '../core/text-edits';
import type { DockerInstruction, DockerStage, DockerfileModel } from '../parse/dockerfile';
import { argumentValues } from '../parse/dockerfile';
import { renameReferences } from '../plan/args';
import { stagesTakingPlatform } from '../plan/platform';
import type { CopyLine, CopyRewrite, HelperStage } from '../plan/types';
import { Templates, commentText } from './templates';

export interface BuilderBlock {
  model: DockerfileModel;
  /** Stages of the builder file that go into the merged file (up to the image stage). */
  stages: DockerStage[];
  imageStage: DockerStage;
  imageStageName: string;
  /** Builder stage names that had to change (old → new). */
  renames: Map<string, string>;
  /** Added to numeric `--from=N` references. */
  indexShift: number;
  /** Edits from the ARG plan (renamed ARG declarations). */
  argEdits: TextEdit[];
  /** Renamed ARGs, applied to `$NAME` references in FROM lines. */
  argRenames: Map<string, string>;
  droppedGlobals: DockerInstruction[];
  /** Prefix for context sources when the merged context is a parent of this file's context. */
  rebase: string;
  glue: string;
  /** The builder build's `--platform`, written on its FROM lines that name an image without one (null: none). */
  platform?: string | null;
}

export interface RuntimeBlock {
  model: DockerfileModel;
  rewrites: CopyRewrite[];
  /** `FROM app-builder` / `COPY --from=app-builder`: reference as written (lower case) → stage name. */
  tagReferences: Map<string, string>;
  indexShift: number;
  /** Name for the final stage when it has none (several runtime images are built with --target). */
  finalName?: string;
}

export interface MergeOptions {
  /** `# syntax=` line to put on line 1 when the runtime file has none (only with --buildkit). */
  syntax: string | null;
}

export function renderMergedDockerfile(
  builders: BuilderBlock[],
  runStages: { name: string; base: string; lines: string[]; glue: string }[],
  helpers: HelperStage[],
  runtime: RuntimeBlock,
  t: Templates,
  options: MergeOptions,
  moreRuntimes: RuntimeBlock[] = [],
): string {
  const rt = runtime.model;
  const eol = rt.eol;
  const runtimeEdits = runtimeBodyEdits(runtime, t);
  // Directives and global ARGs stay on top; comments above the first FROM stay with it.
  const cut = globalsEnd(rt);
  const runtimeText = applyEdits(rt.text, runtimeEdits);
  const cutAfterEdits = cut + shiftBefore(runtimeEdits, cut);
  let head = runtimeText.slice(0, cutAfterEdits);
  if (options.syntax && !rt.directives.some((d) => d.name === 'syntax')) head = `# syntax=${options.syntax}${eol}${head}`;
  const blocks: string[] = [];
  for (const b of builders) {
    const g = builderGlobals(b);
    if (g.trim() !== '') blocks.push(withEol(g, eol));
  }
  for (const b of builders) {
    const header = t.builderHeader({ stage: b.imageStageName, stages: b.stages.length, dockerfile: b.model.path, glue: b.glue });
    blocks.push(withEol(`${header}\n${builderBody(b)}`, eol));
  }
  for (const r of runStages) blocks.push(withEol(t.runStage(r), eol));
  for (const h of helpers) blocks.push(withEol(t.helperStage(h, h.copies.map((c) => t.copyLine(c))), eol));
  const more = moreRuntimes.map((r) => {
    const start = globalsEnd(r.model);
    const edits = runtimeBodyEdits(r, t).filter((e) => e.start >= start).map((e) => ({ ...e, start: e.start - start, end: e.end - start }));
    return withEol(`# Runtime image from ${commentText(r.model.path)}.\n`, eol) + withEol(applyEdits(r.model.text.slice(start), edits).replace(/^(\r?\n)+/, ''), eol);
  });
  return joinBlocks([head, ...blocks, runtimeText.slice(cutAfterEdits), ...more], eol);
}

/** The runtime text's edits: regenerated COPY lines, stage references, and a name for its final stage. */
function runtimeBodyEdits(r: RuntimeBlock, t: Templates): TextEdit[] {
  const m = r.model;
  const last = m.stages[m.stages.length - 1];
  return [
    ...r.rewrites.map((rw) => replaceInstruction(m, rw.instruction, rw.lines.map((l) => keptAsWritten(m, rw.instruction, t.copyLine(l))))),
    ...referenceEdits(m, m.stages, (ref) => r.tagReferences.get(ref.toLowerCase()) ?? null, r.indexShift),
    ...(r.finalName && last && last.name === null ? [{ start: last.from.end, end: last.from.end, text: ` AS ${r.finalName}` }] : []),
  ];
}

/**
 * Joins text blocks with exactly one blank line between them, leaving each block's own text
 * alone; the last block (the runtime's rest) keeps its own ending, final newline or not.
 */
function joinBlocks(blocks: string[], eol: string): string {
  const parts = blocks.filter((b, i) => b.trim() !== '' || i === blocks.length - 1);
  const trimEnd = (b: string) => b.replace(/(\r?\n)+$/, '');
  const trimStart = (b: string) => b.replace(/^(\r?\n)+/, '');
  return parts
    .map((b, i) => {
      const last = i === parts.length - 1;
      const first = i === 0;
      const start = first ? b : trimStart(b);
      return last ? start : trimEnd(start);
    })
    .join(eol + eol);
}

/** End of the part that must stay first: parser directives and ARGs before the first FROM. */
function globalsEnd(m: DockerfileModel): number {
  const lastArg = [...m.preamble].reverse().find((i) => i.keyword === 'ARG');
  if (lastArg) return m.lines.lineEndWithTerminator(lastArg.endLine);
  const lastDirective = m.directives[m.directives.length - 1];
  return lastDirective ? m.lines.lineEndWithTerminator(lastDirective.line) : 0;
}

/** How much the edits before `offset` changed the text length. */
function shiftBefore(edits: TextEdit[], offset: number): number {
  return edits.filter((e) => e.end <= offset).reduce((n, e) => n + e.text.length - (e.end - e.start), 0);
}

/** The builder's directives-free text up to its last global ARG, with ARG edits. */
function builderGlobals(b: BuilderBlock): string {
  const m = b.model;
  const cut = globalsEnd(m);
  const edits: TextEdit[] = [
    ...m.directives.map((d) => ({ start: d.start, end: m.lines.lineEndWithTerminator(d.line), text: '' })),
    ...b.droppedGlobals.map((i) => ({ start: m.lines.lineStart(i.line), end: m.lines.lineEndWithTerminator(i.endLine), text: '' })),
    ...b.argEdits.filter((e) => e.end <= cut),
  ];
  const text = applyEdits(m.text.slice(0, cut), edits);
  return text.trim() === '' ? '' : text;
}

/** The builder's stages up to the image stage (with the comments above them), named and with references and sources updated. */
function builderBody(b: BuilderBlock): string {
  const m = b.model;
  const start = globalsEnd(m);
  const end = b.imageStage.end;
  const edits: TextEdit[] = [
    ...b.argEdits.filter((e) => e.start >= start && e.end <= end),
    ...referenceEdits(m, b.stages, (ref) => b.renames.get(ref.toLowerCase()) ?? null, b.indexShift, b.argRenames),
    ...nameEdits(m, b),
    ...(b.rebase ? rebaseEdits(m, b.stages, b.rebase) : []),
    ...(b.platform ? platformEdits(b, b.platform) : []),
  ];
  const shifted = edits.map((e) => ({ ...e, start: e.start - start, end: e.end - start }));
  return applyEdits(m.text.slice(start, end), shifted).replace(/^(\r?\n)+/, '');
}

/** `FROM --platform=P image`: the platform the builder was built for, on its own stages only. */
function platformEdits(b: BuilderBlock, platform: string): TextEdit[] {
  return stagesTakingPlatform(b).map((s) => ({ start: s.from.args[0].start, end: s.from.args[0].start, text: `--platform=${platform} ` }));
}

/** `AS name` for the image stage, new names for renamed stages. */
function nameEdits(m: DockerfileModel, b: BuilderBlock): TextEdit[] {
  const edits: TextEdit[] = [];
  for (const s of b.stages) {
    const asAt = s.from.args.findIndex((a, i) => i > 0 && a.value.toUpperCase() === 'AS');
    const nameArg = asAt > 0 ? s.from.args[asAt + 1] : undefined;
    if (nameArg) {
      const renamed = b.renames.get(nameArg.value.toLowerCase());
      if (renamed) edits.push({ start: nameArg.start, end: nameArg.end, text: renamed });
    } else if (s === b.imageStage) {
      edits.push({ start: s.from.end, end: s.from.end, text: ` AS ${b.imageStageName}` });
    }
  }
  return edits;
}

/**
 * Stage references: FROM bases, `COPY --from=`, `RUN --mount=…from=`. `rename` maps a reference
 * to its new name (null: unchanged); numeric `--from` indices move by `shift`.
 */
function referenceEdits(m: DockerfileModel, stages: DockerStage[], rename: (ref: string) => string | null, shift: number, argRenames = new Map<string, string>()): TextEdit[] {
  const edits: TextEdit[] = [];
  for (const s of stages) {
    const base = s.from.args[0];
    const newBase = base ? (rename(base.value) ?? renameReferences(base.value, argRenames)) : null;
    if (base && newBase !== null && newBase !== base.value) edits.push({ start: base.start, end: base.end, text: newBase });
    for (const ins of s.instructions) {
      for (const f of ins.flags) {
        if (ins === s.from && f.value !== null && argRenames.size > 0) {
          const v = renameReferences(f.value, argRenames);
          if (v !== f.value) edits.push({ start: f.start, end: f.end, text: `--${f.name}=${v}` });
        } else if (f.name === 'from' && f.value !== null) {
          const n = /^[0-9]+$/.test(f.value) ? (shift ? String(Number(f.value) + shift) : null) : rename(f.value);
          if (n !== null && n !== f.value) edits.push({ start: f.start, end: f.end, text: `--from=${n}` });
        } else if (f.name === 'mount' && f.value !== null && /(^|,)from=/.test(f.value)) {
          const value = f.value.replace(/(^|,)from=([^,]+)/, (all, lead: string, ref: string) => {
            const n = /^[0-9]+$/.test(ref) ? String(Number(ref) + shift) : rename(ref);
            return n ? `${lead}from=${n}` : all;
          });
          if (value !== f.value) edits.push({ start: f.start, end: f.end, text: `--mount=${value}` });
        }
      }
    }
  }
  return edits;
}

/** Context sources of COPY/ADD prefixed with the file's directory in the merged context. */
function rebaseEdits(m: DockerfileModel, stages: DockerStage[], prefix: string): TextEdit[] {
  const edits: TextEdit[] = [];
  const word = dockerLiteral(prefix, m.escapeChar);
  const rebase = (src: string): string => {
    if (/^(https?:\/\/|git@)/.test(src)) return src;
    const clean = src.replace(/^\.?\/+/, '');
    return clean === '' || clean === '.' ? word : `${word}/${clean}`;
  };
  for (const s of stages) {
    for (const ins of s.instructions) {
      if ((ins.keyword !== 'COPY' && ins.keyword !== 'ADD') || ins.flags.some((f) => f.name === 'from') || ins.heredoc) continue;
      if (ins.json || needsJsonForm(word)) {
        const values = argumentValues(ins);
        const json = jsonArray([...values.slice(0, -1).map(rebase), values[values.length - 1]]);
        edits.push({ start: ins.args[0].start, end: ins.args[ins.args.length - 1].end, text: json });
      } else {
        for (const a of ins.args.slice(0, -1)) edits.push({ start: a.start, end: a.end, text: rebase(a.value) });
      }
    }
  }
  return edits;
}

/**
 * A generated line that says what the legacy instruction said (a COPY split in two keeps its
 * context part) is the legacy text itself, byte for byte: tabs between words, continuations.
 */
function keptAsWritten(m: DockerfileModel, ins: DockerInstruction, generated: string): string {
  const written = m.text.slice(ins.start, ins.end);
  const esc = m.escapeChar.replace(/[\\^$.*+?()[\]{}|]/g, '\\$&');
  const words = (s: string) => s.replace(new RegExp(`${esc}[ \\t]*\\r?\\n`, 'g'), ' ').trim().split(/[ \t]+/).join(' ');
  return words(written) === words(generated) ? written : generated;
}

/** Replaces an instruction by generated lines, keeping its indentation and the file's line ends. */
function replaceInstruction(m: DockerfileModel, ins: DockerInstruction, lines: string[]): TextEdit {
  const indent = m.text.slice(m.lines.lineStart(ins.line), ins.start);
  return { start: ins.start, end: ins.end, text: lines.join(`${m.eol}${indent}`) };
}

export function renderCopyLines(t: Templates, lines: CopyLine[]): string[] {
  return lines.map((l) => t.copyLine(l));
}
