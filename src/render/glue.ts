/**
 * Rewrites the glue: statements that only built the builder, created containers, copied
 * artifacts out or cleaned them up are removed; the runtime `docker build` is kept with the
 * arguments the merged build needs; every other line stays exactly as it was.
 */
import { Finding, finding } from '../core/findings';
import { LineIndex } from '../core/line-index';
import { TextEdit, applyEdits } from '../core/text-edits';
import { CiScript, scriptLineToFile } from '../interpret/ci';
import type { BuildStep, GlueStep } from '../interpret/events';
import type { FileLink, MakeRecipe } from '../interpret/makefile';
import type { CiFile } from '../parse/ci-yaml';
import { toFileOffset } from '../parse/yaml-scalar';
import { CiUnitResult, encodeForScalar, rewriteCiFile } from './ci-yaml';
import type { ShellScript, Statement, Word } from '../parse/shell/ast';
import { childStatements, walkStatements } from '../parse/shell/ast';
import type { MakeRule, MakefileModel, RecipeLine } from '../parse/makefile';
import { GlueTrees, callRemovable, inertIn } from './glue/calls';
import { StepIndex } from './glue/step-index';
import { ExpandedRule, MakeRules, TargetRule } from '../interpret/make-rules';
import { dirName, normalizeRelative } from '../core/paths';

export type GlueFile =
  | { kind: 'shell'; path: string; script: ShellScript }
  | { kind: 'make'; path: string; model: MakefileModel; recipes: Map<number, MakeRecipe>; fileLinks?: FileLink[] }
  | { kind: 'ci'; path: string; model: CiFile; scripts: Map<number, CiScript> };

/** How the runtime build command changes. */
export interface BuildCommandEdit {
  /** Words to insert before the context argument, as shell text. */
  extraArgs: string[];
  /** New context argument text; null to keep it. */
  context: string | null;
  /** `-f PATH` to add; null when the command already names the right Dockerfile or needs none. */
  dockerfile: string | null;
  /** `DOCKER_BUILDKIT=1` to put before `docker`; null for none. */
  envPrefix: string | null;
  /** Indices of words of the command to drop (with the space before each). */
  dropWords?: number[];
  /**
   * Run the command where this step was instead of where it was (export-only glue: after the
   * host steps that prepare the output folder). The step's own statement is replaced.
   */
  moveTo?: GlueStep;
  /** Other docker builds to rewrite too (more runtime images), each with its own edit. */
  more?: Map<BuildStep, BuildCommandEdit>;
}

export interface GlueRewrite {
  /** New text per rewritten glue file (files that do not change are absent). */
  texts: Map<string, string>;
  findings: Finding[];
}

type Outcome = { kind: 'keep' } | { kind: 'remove' } | { kind: 'replace'; text: string };

/** A parsed text and the way back to the file it came from (identity for scripts). */
interface Source {
  file: string;
  parsed: string;
  original: string;
  toOriginal(offset: number): number;
}

/** `deleted`: repository files the migration deletes (builder Dockerfiles): a make prerequisite naming one goes. */
export function rewriteGlue(files: GlueFile[], steps: readonly GlueStep[], removed: ReadonlySet<GlueStep>, runtime: BuildStep, edit: BuildCommandEdit, deleted: ReadonlySet<string> = new Set()): GlueRewrite {
  const texts = new Map<string, string>();
  const findings: Finding[] = [];
  const trees = glueTrees(files, steps);
  for (const f of files) {
    if (!steps.some((s) => StepIndex.touches(f.path, s))) continue;
    const rw: RewriteInput = { file: f.path, trees, removed, runtime, edit };
    const ctx = new Rewriter(rw, findings);
    let text: string;
    if (f.kind === 'shell') {
      const src: Source = { file: f.path, parsed: f.script.text, original: f.script.text, toOriginal: (o) => o };
      text = applyEdits(f.script.text, ctx.sequence(f.script.statements, src, true));
    } else if (f.kind === 'make') {
      text = rewriteMakefile(f, rw, findings, deleted);
    } else {
      text = rewriteCi(f, rw, findings);
    }
    if (text !== (f.kind === 'shell' ? f.script.text : f.model.text)) texts.set(f.path, text);
  }
  // Constructs are judged again when their statements are rewritten: report each finding once.
  const once = findings.filter((x, i) => findings.findIndex((y) => y.code === x.code && y.message === x.message && y.location?.file === x.location?.file && y.location?.line === x.location?.line) === i);
  return { texts, findings: once };
}

/** Finds statements of the glue files by chain; builds each file's step index once. */
function glueTrees(files: GlueFile[], steps: readonly GlueStep[]): GlueTrees {
  const indexes = new Map<string, StepIndex>();
  return {
    index(file) {
      let ix = indexes.get(file);
      if (!ix) indexes.set(file, (ix = new StepIndex(file, steps)));
      return ix;
    },
    functionsNamed(name) {
      const out: Extract<Statement, { type: 'function' }>[] = [];
      for (const f of files) {
        const tops = f.kind === 'shell' ? [f.script.statements] : f.kind === 'make' ? [...f.recipes.values()].map((r) => r.script.statements) : [...f.scripts.values()].map((x) => x.script.statements);
        for (const t of tops) walkStatements(t, (st) => st.type === 'function' && st.name === name && out.push(st));
      }
      return out;
    },
    statementsAt(file, chain) {
      const f = files.find((x) => x.path === file);
      if (!f) return null;
      let stmts: Statement[];
      let rest = chain;
      if (f.kind === 'shell') stmts = f.script.statements;
      else {
        // Recipe lines and CI scripts are parses of their own: the chain starts with their id.
        const unit = chain.length === 0 ? undefined : f.kind === 'make' ? f.recipes.get(chain[0]) : f.scripts.get(chain[0]);
        if (!unit) return null;
        stmts = unit.script.statements;
        rest = chain.slice(1);
      }
      if (rest.length === 0) return { stmts, prefix: [...chain] };
      let current: Statement | undefined;
      for (const id of rest) {
        current = stmts.find((x) => x.id === id);
        if (!current) return null;
        stmts = childStatements(current);
      }
      return { stmts: [current as Statement], prefix: [...chain] };
    },
  };
}

/** What every rewriter of one glue file works from. */
interface RewriteInput {
  file: string;
  trees: GlueTrees;
  removed: ReadonlySet<GlueStep>;
  runtime: BuildStep;
  edit: BuildCommandEdit;
}

function rewriteMakefile(f: Extract<GlueFile, { kind: 'make' }>, rw: RewriteInput, findings: Finding[], deleted: ReadonlySet<string>): string {
  const edits: TextEdit[] = [];
  const lines = f.model.lines;
  // One pass reports (lines counted from the recipe line, mapped to the Makefile's); the edits come from a quiet one.
  const quiet = new Rewriter(rw, []);
  const gone = new Set<RecipeLine>();
  for (const recipe of f.recipes.values()) {
    const own: Finding[] = [];
    const ctx = new Rewriter(rw, own);
    const origin = recipe.line.commandStart;
    const src: Source = {
      file: f.path,
      parsed: recipe.script.text,
      original: f.model.text,
      toOriginal: (o) => origin + recipe.expansion.toSource(o),
    };
    const stmts = recipe.script.statements;
    const outcomes = stmts.map((s) => ctx.outcome(s, src, [recipe.id]));
    for (const x of own) if (x.location) findings.push({ ...x, location: { ...x.location, line: Math.min(recipe.line.line + x.location.line - 1, recipe.line.endLine) } });
    // Asked of the rewriter that saw the recipes before: the line a moved build goes to is not removed.
    if (outcomes.length > 0 && stmts.every((s) => quiet.outcome(s, src, [recipe.id]).kind === 'remove')) {
      edits.push({ start: lines.lineStart(recipe.line.line), end: lines.lineEndWithTerminator(recipe.line.endLine), text: '' });
      gone.add(recipe.line);
      continue;
    }
    edits.push(...quiet.sequence(stmts, src, false, [recipe.id]));
  }
  const emptied = emptiedPatternRules(f, gone);
  for (const r of emptied) edits.push({ start: lines.lineStart(r.rule.line), end: lines.lineEndWithTerminator(ruleEnd(f.model, r.rule)), text: '' });
  edits.push(...droppedPrerequisites(f, rw.removed, deleted, findings, emptied));
  return applyEdits(f.model.text, mergeLineDeletions(edits));
}

/**
 * Prerequisites naming a file only the removed steps wrote (`ship: app.tar`, the tar the
 * builder streamed) or a file the migration deletes (`build: Dockerfile.build`): nothing makes
 * it any more, so make would stop there. They go.
 */
function droppedPrerequisites(f: Extract<GlueFile, { kind: 'make' }>, removed: ReadonlySet<GlueStep>, deleted: ReadonlySet<string>, findings: Finding[], emptied: readonly ExpandedRule[]): TextEdit[] {
  const drops: { rule: MakeRule; word: number; alone: boolean; path: string }[] = [];
  for (const link of f.fileLinks ?? []) {
    if (link.writers.length > 0 && link.writers.every((w) => removed.has(w))) drops.push(link);
  }
  // A target only an emptied pattern rule made (`image: $(OUT)/app` with `$(OUT)/%:` gone): no rule makes it any more.
  if (emptied.length > 0) {
    const rules = new MakeRules(f.model);
    for (const r of rules.rules) {
      if (r.pattern) continue;
      for (const p of r.prerequisites) {
        const by = rules.rulesFor(p.name);
        const emptiedRule = (t: TargetRule) => emptied.some((e) => e.rule === t.rule.rule);
        if (by.some(emptiedRule) && by.every((t) => emptiedRule(t) || (!t.rule.pattern && t.rule.rule.recipe.length === 0))) {
          drops.push({ rule: r.rule, word: p.word, alone: r.prerequisites.filter((q) => q.word === p.word).length === 1, path: p.name });
        }
      }
    }
  }
  // The rule lines of emptied pattern rules go whole.
  const kept = drops.filter((d) => !emptied.some((e) => e.rule === d.rule));
  drops.length = 0;
  drops.push(...kept);
  if (deleted.size > 0) {
    const dir = dirName(f.path);
    for (const r of new MakeRules(f.model).rules) {
      for (const p of r.prerequisites) {
        const path = normalizeRelative(p.name, dir);
        if (path !== null && deleted.has(path)) drops.push({ rule: r.rule, word: p.word, alone: !r.pattern && r.prerequisites.filter((q) => q.word === p.word).length === 1, path });
      }
    }
  }
  const edits: TextEdit[] = [];
  for (const d of drops) {
    const span = d.alone ? prerequisiteSpan(f.model.text, f.model.lines.lineStart(d.rule.line), d.word) : null;
    if (!span) {
      findings.push(finding('GLUE_MIXED_STATEMENT', `the prerequisite of \`${d.rule.targets.join(' ')}\` that names ${d.path}, which the migrated Makefile no longer has or makes, is written together with other names; give it a word of its own`, { file: f.path, line: d.rule.line }));
      continue;
    }
    if (!edits.some((e) => e.start === span.start)) edits.push({ ...span, text: '' });
  }
  return edits;
}

/**
 * Pattern rules every recipe line of which the migration removed: a pattern rule without a
 * recipe cancels the rule instead of making its targets, so the whole rule goes.
 */
function emptiedPatternRules(f: Extract<GlueFile, { kind: 'make' }>, gone: ReadonlySet<RecipeLine>): ExpandedRule[] {
  return new MakeRules(f.model).rules.filter((r) => r.pattern && r.rule.recipe.length > 0 && r.rule.recipe.every((l) => gone.has(l)));
}

/** The last line of a rule with its recipe, and the blank line after it, if there is one. */
function ruleEnd(model: MakefileModel, rule: MakeRule): number {
  let last = rule.recipe.reduce((n, l) => Math.max(n, l.endLine), rule.line);
  while (last < model.lines.count && /\\$/.test(model.text.slice(model.lines.lineStart(last), model.lines.lineEnd(last)))) last++;
  const next = last + 1;
  return next <= model.lines.count && model.text.slice(model.lines.lineStart(next), model.lines.lineEnd(next)).trim() === '' ? next : last;
}

/** Offsets of the `word`-th prerequisite of the rule line at `lineStart`, with the blank before it. */
function prerequisiteSpan(text: string, lineStart: number, word: number): { start: number; end: number } | null {
  let i = text.indexOf(':', lineStart);
  if (i < 0) return null;
  while (text[i] === ':') i++;
  let n = -1;
  for (;;) {
    const blankStart = i;
    while (i < text.length && /[ \t]/.test(text[i])) i++;
    if (text[i] === '\\' && text[i + 1] === '\n') {
      i += 2;
      continue;
    }
    if (i >= text.length || /[\n;|#]/.test(text[i])) return null;
    const start = i;
    let depth = 0;
    while (i < text.length && (depth > 0 || !/[\s;|#]/.test(text[i]))) {
      if (text[i] === '(' || text[i] === '{') depth++;
      if (text[i] === ')' || text[i] === '}') depth--;
      i++;
    }
    if (++n === word) return { start: blankStart, end: i };
    if (start === i) return null;
  }
}

/**
 * CI files: each script is rewritten like a recipe line, once on its value (what the shell
 * will read, and where findings point) and once in file offsets through the scalar's map;
 * render/ci-yaml.ts puts the results back into the YAML and checks them.
 */
function rewriteCi(f: Extract<GlueFile, { kind: 'ci' }>, rw: RewriteInput, findings: Finding[]): string {
  const edit = rw.edit;
  const results: CiUnitResult[] = [];
  const fileLines = new LineIndex(f.model.text);
  for (const s of f.scripts.values()) {
    const prefix = [s.id];
    const stmts = s.script.statements;
    const own: Finding[] = [];
    const inValue: Source = { file: f.path, parsed: s.script.text, original: s.unit.value, toOriginal: (o) => o };
    const ctx = new Rewriter(rw, own);
    const outcomes = stmts.map((st) => ctx.outcome(st, inValue, prefix));
    for (const x of own) if (x.location) findings.push({ ...x, location: { ...x.location, line: scriptLineToFile(s, x.location.line, fileLines) } });
    if (outcomes.every((o) => o.kind === 'keep')) continue;
    const remove = outcomes.some((o) => o.kind === 'remove') && outcomes.every((o, i) => o.kind === 'remove' || (o.kind === 'keep' && isInert(stmts[i], inValue, s.unit.ownShell)));
    const scalar = s.unit.scalar;
    // In a `|` block, value lines are file lines: paragraphs that only described removed steps go, as in scripts.
    const asWritten = { ...inValue, original: s.script.text };
    const paras = scalar?.style === 'literal' ? paragraphs(asWritten, stmts, outcomes) : [];
    const quiet = new Rewriter(rw, []);
    const expected = remove ? '' : applyEdits(s.unit.value, mergeLineDeletions([...quiet.sequence(stmts, inValue, false, prefix), ...paras]));
    let edits: TextEdit[] = [];
    if (!remove && scalar) {
      const inFile: Source = { file: f.path, parsed: s.script.text, original: f.model.text, toOriginal: (o) => toFileOffset(scalar, o) };
      const encode = (t: string) => encodeForScalar(t, scalar.style);
      const encoded: BuildCommandEdit = {
        extraArgs: edit.extraArgs.map(encode),
        context: edit.context === null ? null : encode(edit.context),
        dockerfile: edit.dockerfile === null ? null : encode(edit.dockerfile),
        envPrefix: edit.envPrefix === null ? null : encode(edit.envPrefix),
      };
      const fileLine = (o: number) => fileLines.lineStart(fileLines.lineOf(toFileOffset(scalar, o)));
      const parasInFile = paras.map((e) => ({ start: fileLine(e.start), end: e.end >= s.unit.value.length ? toFileOffset(scalar, e.end) : fileLine(e.end), text: '' }));
      edits = mergeLineDeletions([...new Rewriter({ ...rw, edit: encoded }, []).sequence(stmts, inFile, false, prefix), ...parasInFile]);
    }
    results.push({ unit: s.unit, remove, edits, expected });
  }
  return rewriteCiFile(f.model, results, findings);
}

class Rewriter {
  private readonly index: StepIndex;
  private readonly removed: ReadonlySet<GlueStep>;
  private readonly runtime: BuildStep;
  private readonly edit: BuildCommandEdit;

  constructor(
    private readonly input: RewriteInput,
    private readonly findings: Finding[],
  ) {
    this.index = input.trees.index(input.file);
    this.removed = input.removed;
    this.runtime = input.runtime;
    this.edit = input.edit;
  }

  private stepsOf(s: Statement, prefix: number[]): GlueStep[] {
    return this.index.of(s, prefix);
  }

  /** Edits (in original-file offsets) for a statement sequence; `topLevel` allows removing comment paragraphs. */
  sequence(stmts: readonly Statement[], src: Source, topLevel: boolean, prefix: number[] = []): TextEdit[] {
    const outcomes = stmts.map((s) => this.outcome(s, src, prefix));
    // A `$?` check, a trap or a guard on the value of a removed statement belonged to it.
    const removedVars = new Set<string>();
    stmts.forEach((s, i) => {
      if (outcomes[i].kind === 'remove' && s.type === 'assignments') for (const a of s.assignments) removedVars.add(a.name);
      const prev = outcomes[i - 1];
      const text = src.parsed.slice(s.span.start, s.span.end);
      if (outcomes[i].kind !== 'keep') return;
      const reads = [...removedVars].filter((v) => new RegExp(`\\$\\{?${v}\\b`).test(text));
      if (this.stepsOf(s, prefix).length === 0) {
        const statusCheck = prev?.kind === 'remove' && /\$\?|\$\{\?\}/.test(text) && !/docker/.test(text);
        const trap = /^trap\b/.test(text) && reads.length > 0;
        if (statusCheck || trap || (reads.length > 0 && isGuard(s, src))) outcomes[i] = { kind: 'remove' };
      }
      if (outcomes[i].kind === 'keep' && reads.length > 0) {
        this.findings.push(finding('GLUE_USES_REMOVED_VALUE', `this line reads $${reads[0]}, which only a line the migration removes sets; the rewritten glue would see it empty`, { file: src.file, line: s.span.line }));
      }
    });
    const edits: TextEdit[] = [];
    stmts.forEach((s, i) => {
      const o = outcomes[i];
      if (o.kind === 'replace') edits.push({ start: src.toOriginal(s.span.start), end: src.toOriginal(s.span.end), text: o.text });
      if (o.kind === 'remove') edits.push(deletion(src, s));
    });
    if (topLevel && src.original === src.parsed) edits.push(...paragraphs(src, stmts, outcomes));
    return mergeLineDeletions(edits);
  }

  outcome(s: Statement, src: Source, prefix: number[]): Outcome {
    const steps = this.stepsOf(s, prefix);
    if (steps.length === 0) return { kind: 'keep' };
    const here = [...prefix, s.id];
    switch (s.type) {
      case 'list':
        return this.list(s, src, here.slice(0, -1));
      case 'negated': {
        const inner = this.outcome(s.body, src, prefix);
        if (inner.kind !== 'replace') return inner;
        return { kind: 'replace', text: src.original.slice(src.toOriginal(s.span.start), src.toOriginal(s.body.span.start)) + inner.text };
      }
      case 'if':
      case 'for':
      case 'subshell':
      case 'group':
      case 'function':
      case 'pipeline':
      case 'other':
        return this.compound(s, src, prefix, steps);
      default:
        return this.leaf(s, src, prefix, steps);
    }
  }

  private moved: string | null = null;

  private leaf(s: Statement, src: Source, prefix: number[], steps: GlueStep[]): Outcome {
    const direct = this.index.direct(s, prefix);
    if (direct.length === 0) return this.call(s, prefix);
    const more = this.edit.more ?? new Map<BuildStep, BuildCommandEdit>();
    const rebuilt = direct.filter((st): st is BuildStep => st === this.runtime || (st.kind === 'build' && more.has(st)));
    if (rebuilt.length > 0 && s.type === 'command') {
      const texts = rebuilt.map((b) => (b === this.runtime ? this.buildCommand(s, src) : this.buildCommand(s, src, b, more.get(b))));
      const original = src.original.slice(src.toOriginal(s.span.start), src.toOriginal(s.span.end));
      const shared = direct.some((st) => !rebuilt.includes(st as BuildStep) && !this.removed.has(st));
      if (new Set(texts).size > 1 || (shared && texts[0] !== original)) {
        // `build() { docker build "$@"; }` called for the runtime image and for another one: the edit would change both.
        this.findings.push(finding('GLUE_MIXED_STATEMENT', 'this docker build runs more than once (for several calls of a function, or a make pattern rule\'s recipe for several targets), and the migration would need a different command each time; give each image a build line of its own', { file: src.file, line: s.span.line }));
        return { kind: 'keep' };
      }
      if (!direct.includes(this.runtime) || !this.edit.moveTo) return { kind: 'replace', text: texts[0] };
      this.moved = texts[0];
      return { kind: 'remove' };
    }
    if (this.edit.moveTo && direct.includes(this.edit.moveTo) && this.moved !== null) return { kind: 'replace', text: this.moved };
    const gone = steps.filter((st) => this.removed.has(st));
    if (gone.length === steps.length) return { kind: 'remove' };
    if (gone.length > 0) {
      const calls = new Set(steps.map((st) => st.origin.calls?.at(-1)));
      const why = calls.size > 1 ? 'this statement runs for several calls, and the migration removes its docker steps for some of them only' : 'this statement mixes docker steps the migration removes with commands it keeps';
      this.findings.push(finding('GLUE_MIXED_STATEMENT', `${why}; split it into separate lines`, { file: src.file, line: s.span.line }));
    }
    return { kind: 'keep' };
  }

  /** A call of a function or script: it goes when everything it did goes, else it stays (its body is rewritten). */
  private call(s: Statement, prefix: number[]): Outcome {
    const calls = this.index.callsAt(s, prefix);
    const removable = calls.length > 0 && calls.every((c) => callRemovable(c.call, c.steps, this.removed, this.input.trees));
    return removable ? { kind: 'remove' } : { kind: 'keep' };
  }

  private list(s: Extract<Statement, { type: 'list' }>, src: Source, prefix: number[]): Outcome {
    const l = this.outcome(s.left, src, [...prefix, s.id]);
    const r = this.outcome(s.right, src, [...prefix, s.id]);
    const rightHasSteps = this.stepsOf(s.right, [...prefix, s.id]).length > 0;
    const textOf = (x: Statement, o: Outcome): string => (o.kind === 'replace' ? o.text : src.original.slice(src.toOriginal(x.span.start), src.toOriginal(x.span.end)));
    if (l.kind === 'remove' && (r.kind === 'remove' || !rightHasSteps)) return { kind: 'remove' };
    if (l.kind === 'keep' && r.kind === 'keep') return { kind: 'keep' };
    if (s.op === '&&') {
      if (l.kind === 'remove') return { kind: 'replace', text: textOf(s.right, r) };
      if (r.kind === 'remove') return { kind: 'replace', text: textOf(s.left, l) };
    }
    if (r.kind === 'remove') return { kind: 'replace', text: textOf(s.left, l) };
    if (l.kind === 'remove') {
      this.findings.push(finding('GLUE_MIXED_STATEMENT', '`a || b` where the migration removes a but keeps b; split it into separate lines', { file: src.file, line: s.span.line }));
      return { kind: 'keep' };
    }
    const between = src.original.slice(src.toOriginal(s.left.span.end), src.toOriginal(s.right.span.start));
    return { kind: 'replace', text: textOf(s.left, l) + between + textOf(s.right, r) };
  }

  private compound(s: Statement, src: Source, prefix: number[], steps: GlueStep[]): Outcome {
    const kids = childStatements(s);
    const here = [...prefix, s.id];
    const outcomes = kids.map((k) => this.outcome(k, src, here));
    // Tests change nothing: a kept `[ -d vendor ]` does not keep a construct whose work went.
    const keptWithSteps = kids.some((k, i) => outcomes[i].kind !== 'remove' && this.stepsOf(k, here).some((st) => !isTestStep(st)));
    const anyRemoved = outcomes.some((o) => o.kind === 'remove');
    // Statement by statement: what stays of a function, group or `if` must only report, or the construct stays
    // (a pipeline's members work on each other's output, and while/case are kept whole: they go together).
    const restInert = s.type === 'pipeline' || s.type === 'other' || kids.every((k, i) => outcomes[i].kind === 'remove' || inertIn(s, k, this.input.trees));
    if (!keptWithSteps && restInert && (anyRemoved || steps.every((st) => this.removed.has(st)))) return { kind: 'remove' };
    if (!anyRemoved && outcomes.every((o) => o.kind === 'keep')) return { kind: 'keep' };
    if (emptiesABlock(s, new Map(kids.map((k, i) => [k.id, outcomes[i]])))) {
      this.findings.push(finding('GLUE_MIXED_STATEMENT', `the migration removes every command of a part of this ${s.type === 'function' ? 'function' : s.type} (its condition or a body) and keeps the rest; the shell does not accept an empty part: split it by hand`, { file: src.file, line: s.span.line }));
      return { kind: 'keep' };
    }
    const start = src.toOriginal(s.span.start);
    const end = src.toOriginal(s.span.end);
    const inner = this.sequence(kids, src, false, here).map((e) => ({ ...e, start: e.start - start, end: e.end - start }));
    return { kind: 'replace', text: applyEdits(src.original.slice(start, end), inner) };
  }

  /** The runtime build command, with the arguments the merged build needs. */
  private buildCommand(s: Extract<Statement, { type: 'command' }>, src: Source, b: BuildStep = this.runtime, edit: BuildCommandEdit = this.edit): string {
    const start = src.toOriginal(s.span.start);
    const edits: TextEdit[] = [];
    const rel = (o: number) => src.toOriginal(o) - start;
    const docker = s.words[b.prefixWords];
    if (edit.envPrefix && docker) edits.push({ start: rel(docker.span.start), end: rel(docker.span.start), text: `${edit.envPrefix} ` });
    for (const w of edit.dropWords ?? []) {
      const word = s.words[w];
      if (!word) continue;
      const before = src.original.slice(0, src.toOriginal(word.span.start)).match(/[ \t]*(\\\r?\n[ \t]*)?$/)?.[0].length ?? 0;
      edits.push({ start: rel(word.span.start) - before, end: rel(word.span.end), text: '' });
    }
    const ctxWord = s.words[b.contextWord];
    const changed = [...(edit.context !== null && ctxWord ? [ctxWord] : []), ...(edit.dropWords ?? []).map((w) => s.words[w]).filter((w) => w !== undefined)];
    if (changed.some(fromArguments)) {
      this.findings.push(finding('GLUE_CALL_ARGUMENT', `the runtime build takes ${changed.filter(fromArguments).map((w) => w.text).join(' ')} from the arguments it is called with, and the migration must change that word; change the call by hand (or write the build out)`, { file: src.file, line: s.span.line }));
    }
    const inserts = [...(edit.dockerfile ? [`-f ${edit.dockerfile}`] : []), ...edit.extraArgs];
    if (ctxWord) {
      if (inserts.length > 0) edits.push({ start: rel(ctxWord.span.start), end: rel(ctxWord.span.start), text: `${inserts.join(' ')} ` });
      if (edit.context !== null) edits.push({ start: rel(ctxWord.span.start), end: rel(ctxWord.span.end), text: edit.context });
    }
    return applyEdits(src.original.slice(start, src.toOriginal(s.span.end)), mergeInserts(edits));
  }
}

/** A word made from `$1`…, `$@` or `$*`: its value is the caller's. */
function fromArguments(w: Word): boolean {
  return w.parts.some((p) => p.kind === 'param' && /^[@*1-9]$|^[1-9][0-9]+$/.test(p.name));
}

/** A test (`[ -f app ]`): it reads files and changes none. */
function isTestStep(st: GlueStep): boolean {
  return st.kind === 'other' && st.command === 'test';
}

/** True when a kept construct would be left with an empty body or condition, which the shell rejects. */
function emptiesABlock(s: Statement, outcomes: ReadonlyMap<number, Outcome>): boolean {
  const blocks: Statement[][] =
    s.type === 'if' ? [...s.clauses.flatMap((c) => [c.condition, c.body]), ...(s.elseBody ? [s.elseBody] : [])] : s.type === 'function' || s.type === 'group' || s.type === 'subshell' || s.type === 'for' ? [s.body] : [];
  return blocks.some((b) => b.length > 0 && b.every((k) => outcomes.get(k.id)?.kind === 'remove'));
}

/** Inserts and a replacement at the same offset: the inserts go first. */
function mergeInserts(edits: TextEdit[]): TextEdit[] {
  const byStart = new Map<number, TextEdit[]>();
  for (const e of edits) byStart.set(e.start, [...(byStart.get(e.start) ?? []), e]);
  return [...byStart.values()].map((group) => {
    const end = Math.max(...group.map((e) => e.end));
    const ordered = [...group].sort((a, b) => a.end - b.end);
    return { start: group[0].start, end, text: ordered.map((e) => e.text).join('') };
  });
}

/** Removes a statement: whole lines when it has them to itself, else just it and its separator. */
function deletion(src: Source, s: Statement): TextEdit {
  const start = src.toOriginal(s.span.start);
  const end = src.toOriginal(s.span.end);
  const text = src.original;
  const lineStart = text.lastIndexOf('\n', start - 1) + 1;
  let lineEnd = text.indexOf('\n', end);
  if (lineEnd < 0) lineEnd = text.length;
  const before = text.slice(lineStart, start);
  const after = text.slice(end, lineEnd).replace(/\r$/, '');
  if (before.trim() === '' && /^\s*;?\s*(#.*)?$/.test(after)) {
    return { start: lineStart, end: Math.min(lineEnd + 1, text.length), text: '' };
  }
  const semi = /^\s*;\s*/.exec(after);
  if (semi) return { start, end: end + semi[0].length, text: '' };
  const lead = /;\s*$/.exec(before);
  if (lead) return { start: start - lead[0].length, end, text: '' };
  return { start, end, text: '' };
}

/**
 * A paragraph (lines between blank lines) whose commands were all removed, apart from comments
 * and messages (`echo "==> Extracting"`), described the removed steps: it goes as a whole,
 * with one of the blank lines around it.
 */
function paragraphs(src: Source, stmts: readonly Statement[], outcomes: Outcome[]): TextEdit[] {
  const text = src.original;
  const lines = new LineIndex(text);
  const blank = (n: number) => n >= 1 && n <= lines.count && text.slice(lines.lineStart(n), lines.lineEnd(n)).trim() === '';
  const comment = (n: number) => /^\s*#(?!!)/.test(text.slice(lines.lineStart(n), lines.lineEnd(n)));
  const edits: TextEdit[] = [];
  let i = 0;
  while (i < stmts.length) {
    // Grow a paragraph: statements on consecutive lines (comments may sit between them).
    let j = i;
    while (j + 1 < stmts.length && onlyCommentsBetween(stmts[j].span.endLine, stmts[j + 1].span.line, comment)) j++;
    // Messages after the last removed statement report on the whole run: they stay.
    let lastRemoved = j;
    while (lastRemoved >= i && outcomes[lastRemoved].kind !== 'remove') lastRemoved--;
    const members = stmts.slice(i, lastRemoved + 1).map((s, k) => ({ s, o: outcomes[i + k] }));
    const rest = members.filter((m) => m.o.kind !== 'remove');
    if (lastRemoved >= i && rest.every((m) => isMessage(m.s, src))) {
      let first = stmts[i].span.line;
      while (first > 1 && comment(first - 1)) first--;
      const last = stmts[lastRemoved].span.endLine;
      if (lastRemoved < j) {
        edits.push({ start: lines.lineStart(first), end: lines.lineEndWithTerminator(last), text: '' });
        i = j + 1;
        continue;
      }
      if ((first === 1 || blank(first - 1)) && (last === lines.count || blank(last + 1))) {
        const blankAfter = last < lines.count && blank(last + 1);
        const start = !blankAfter && first > 1 ? lines.lineStart(first - 1) : lines.lineStart(first);
        const end = blankAfter ? lines.lineEndWithTerminator(last + 1) : lines.lineEndWithTerminator(last);
        edits.push({ start, end, text: '' });
      }
    }
    i = j + 1;
  }
  return edits;
}

function onlyCommentsBetween(endLine: number, nextLine: number, comment: (n: number) => boolean): boolean {
  for (let n = endLine + 1; n < nextLine; n++) if (!comment(n)) return false;
  return true;
}

/** `echo …` / `printf …` to the terminal: a progress message, no effect on files. */
function isMessage(s: Statement, src: Source): boolean {
  if (s.type !== 'command') return false;
  const name = s.words[0]?.text ?? '';
  if (name !== 'echo' && name !== 'printf' && name !== ':') return false;
  return s.redirects.every((r) => r.target !== null && /^(\/dev\/(null|stderr|stdout)|2|1)$/.test(r.target.text)) && !/\$\(|`/.test(src.parsed.slice(s.span.start, s.span.end));
}

/**
 * `if [ -z "$CID" ]; then echo "no container" >&2; exit 1; fi`: a check that a removed step
 * produced its value, which only reports and stops. It goes with the step.
 */
function isGuard(s: Statement, src: Source): boolean {
  if (s.type !== 'if' || s.clauses.length !== 1 || s.elseBody !== null) return false;
  const condition = s.clauses[0].condition;
  const body = s.clauses[0].body;
  const stops = (b: Statement) => b.type === 'command' && /^(exit|return)$/.test(b.words[0]?.text ?? '') && b.words.length <= 2 && !/\$/.test(b.words[1]?.text ?? '');
  return condition.every((c) => c.type === 'test' || (c.type === 'command' && /^(test|\[)$/.test(c.words[0]?.text ?? ''))) && body.length > 0 && body.every((b) => isMessage(b, src) || stops(b));
}

/**
 * What a script may keep and still go as a whole once its docker commands went: messages and
 * shell options, and in a shell of its own (a GitHub step) `cd` and variables too.
 */
function isInert(s: Statement, src: Source, ownShell: boolean): boolean {
  if (isMessage(s, src)) return true;
  if (s.type === 'command' && s.redirects.length === 0 && !/\$\(|`/.test(src.parsed.slice(s.span.start, s.span.end))) {
    const name = s.words[0]?.text ?? '';
    if (['set', 'shopt', 'true', ':'].includes(name)) return true;
    if (ownShell && ['cd', 'pushd', 'popd', 'export', 'unset'].includes(name)) return true;
  }
  return ownShell && (s.type === 'assignments' || s.type === 'declaration') && !/\$\(|`/.test(src.parsed.slice(s.span.start, s.span.end));
}

/** Whole-line deletions can touch; other overlaps would be a bug. */
function mergeLineDeletions(edits: TextEdit[]): TextEdit[] {
  const sorted = [...edits].sort((a, b) => a.start - b.start || b.end - a.end);
  const out: TextEdit[] = [];
  for (const e of sorted) {
    const last = out[out.length - 1];
    if (last && last.text === '' && e.start <= last.end) {
      // A deletion swallows edits inside it.
      if (e.text === '' || e.end <= last.end) {
        last.end = Math.max(last.end, e.end);
        continue;
      }
    }
    out.push({ ...e });
  }
  return out;
}
