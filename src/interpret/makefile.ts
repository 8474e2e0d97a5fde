/**
 * Runs Makefile goals the way make would, statically: prerequisites depth first, each target
 * once per make invocation, every recipe line in its own shell after make's variable
 * expansion; pattern rules (`$(OUT)/%: builder`), and sub-makes (`$(MAKE) build`).
 */
import { Finding, finding } from '../core/findings';
import { dirName, isWithin, normalizeRelative } from '../core/paths';
import type { MakeRule, MakefileModel, RecipeLine } from '../parse/makefile';
import type { ShellScript } from '../parse/shell/ast';
import { GlueStep, moveOrigin } from './events';
import { CURDIR_VAR, Expansion, expandRecipe, variableTable } from './make-expand';
import { MakeRules, TargetRule } from './make-rules';
import { GlueWorld, ShellInterpreter } from './shell';

/** One recipe line as the shell sees it. Its id is negative so it never collides with statement ids. */
export interface MakeRecipe {
  id: number;
  target: string;
  line: RecipeLine;
  expansion: Expansion;
  script: ShellScript;
}

/**
 * A prerequisite that names a file no rule makes (`ship: app.tar`), which another goal's
 * recipe writes: the legacy pipeline is `make <that goal> <this goal>`.
 */
export interface FileLink {
  rule: MakeRule;
  /** Index in `rule.prerequisites` of the word that names the file. */
  word: number;
  /** True when that word names this file only (it can be dropped on its own). */
  alone: boolean;
  /** Repository-relative path of the file. */
  path: string;
  /** The steps that write it, in the goal that runs first. */
  writers: GlueStep[];
}

export interface MakeInterpretation {
  /** The goal followed (the last one of `goals`); null when none. */
  goal: string | null;
  /** The goals as make runs the legacy pipeline (`make build deploy`), in order. */
  goals: string[];
  /** `goals` is what plain `make` (the default goal) runs. */
  plainMake: boolean;
  steps: GlueStep[];
  findings: Finding[];
  /** Recipe lines that ran, by id. */
  recipes: Map<number, MakeRecipe>;
  fileLinks: FileLink[];
}

export interface MakeOptions {
  /** The goal the user named (`--target-rule`); by default the chain that ends in the runtime build. */
  targetRule?: string;
}

/**
 * The goal (with the goals that make the files it needs) that runs a whole builder pattern — a
 * build, an extraction, then another build — preferring the default goal; or the one the
 * user named.
 */
export function interpretMakefile(model: MakefileModel, world: GlueWorld, options: MakeOptions = {}): MakeInterpretation {
  const rules = new MakeRules(model);
  const runner = new ChainRunner(model, rules, world);
  if (options.targetRule !== undefined) {
    if (!rules.goals().includes(options.targetRule) && rules.rulesFor(options.targetRule).length === 0) {
      const at = { file: model.path, line: 1 };
      return { ...emptyRun(), findings: [finding('TARGET_RULE_UNKNOWN', `--target-rule ${options.targetRule}: ${model.path} has no rule for that target (its targets: ${rules.goals().slice(0, 12).join(', ')})`, at)] };
    }
    return runner.chainFor(options.targetRule);
  }
  return defaultChain(rules, runner);
}

function defaultChain(rules: MakeRules, runner: ChainRunner): MakeInterpretation {
  const goals = [rules.defaultGoal(), ...rules.goals()].filter((g): g is string => g !== null);
  let first: MakeInterpretation | null = null;
  let extracting: MakeInterpretation | null = null;
  for (const goal of [...new Set(goals)]) {
    const result = runner.chainFor(goal);
    first ??= result;
    if (isWholePipeline(result.steps)) return result;
    // Half a pipeline (an export goal) still beats a goal that never extracts.
    if (!extracting && buildsThenExtracts(result.steps)) extracting = result;
  }
  return extracting ?? first ?? emptyRun();
}

function emptyRun(): MakeInterpretation {
  return { goal: null, goals: [], plainMake: true, steps: [], findings: [], recipes: new Map(), fileLinks: [] };
}

/**
 * Takes files out of a built image: docker cp, `docker run … cat`, a stream, or a foreground
 * run that writes into the repository through a bind mount.
 */
export function isExtraction(s: GlueStep): boolean {
  return s.kind === 'cp' || s.kind === 'cat' || s.kind === 'stream' || (s.kind === 'run' && s.mounts.some((m) => m.kind === 'bind' && !m.readOnly && m.host !== null));
}

function buildsThenExtracts(steps: GlueStep[]): boolean {
  const firstExtraction = steps.findIndex(isExtraction);
  return firstExtraction > 0 && steps.slice(0, firstExtraction).some((s) => s.kind === 'build');
}

/** Builds, then extracts, then builds again: the whole legacy pipeline in one goal or job. */
export function isWholePipeline(steps: GlueStep[]): boolean {
  const firstExtraction = steps.findIndex(isExtraction);
  if (firstExtraction < 0) return false;
  return steps.slice(0, firstExtraction).some((s) => s.kind === 'build') && steps.slice(firstExtraction).some((s) => s.kind === 'build');
}

/** `make goal` alone. */
export function runGoal(model: MakefileModel, world: GlueWorld, goal: string): MakeInterpretation {
  return new ChainRunner(model, new MakeRules(model), world).run([goal]);
}

/** A prerequisite naming a file no rule makes and the repository does not hold. */
interface Unmade {
  rule: MakeRule;
  word: number;
  alone: boolean;
  path: string;
}

class ChainRunner {
  private readonly single = new Map<string, MakeInterpretation>();
  private readonly cwd: string;
  /** How many sub-makes deep the run is. */
  private depth = 0;

  constructor(
    private readonly model: MakefileModel,
    private readonly rules: MakeRules,
    private readonly world: GlueWorld,
  ) {
    this.cwd = dirName(model.path);
  }

  /**
   * `goal`, after the goals that write the files it needs and no rule makes (`deploy:
   * app.tar` where `build` writes app.tar): one make run of them all, in that order.
   */
  chainFor(goal: string): MakeInterpretation {
    const alone = this.run([goal]);
    if (alone.fileLinks.length === 0) return alone;
    const producers: string[] = [];
    for (const link of alone.fileLinks) {
      const by = this.rules.goals().filter((g) => g !== goal && writes(this.once(g).steps, link.path));
      // Several goals write it, or none: make's own order cannot be told, so the goal is followed alone.
      if (by.length !== 1) return alone;
      if (!producers.includes(by[0])) producers.push(by[0]);
    }
    return this.run([...producers, goal]);
  }

  private once(goal: string): MakeInterpretation {
    let r = this.single.get(goal);
    if (!r) this.single.set(goal, (r = this.run([goal])));
    return r;
  }

  /** One make invocation: `make g1 g2 …`. */
  run(goals: string[]): MakeInterpretation {
    const it: ShellInterpreter = new ShellInterpreter({ ...this.world, runMake: (args, cwd): boolean => this.subMake(it, args, cwd, recipes, allLines) });
    const recipes = new Map<number, MakeRecipe>();
    const allLines = this.model.rules.flatMap((r) => r.recipe);
    const unmade: Unmade[] = [];
    this.visitAll(it, goals, recipes, allLines, unmade, 0);
    const fileLinks = unmade.map((u) => ({ ...u, writers: it.steps.filter((s) => writesPath(s, u.path)) }));
    const plainMake = goals.length === 1 && goals[0] === this.rules.defaultGoal();
    return { goal: goals[goals.length - 1] ?? null, goals, plainMake, steps: it.steps, findings: it.findings, recipes, fileLinks };
  }

  private visitAll(it: ShellInterpreter, goals: string[], recipes: Map<number, MakeRecipe>, allLines: RecipeLine[], unmade: Unmade[], level: number): void {
    const done = new Set<string>();
    const visit = (target: string, depth: number): void => {
      if (done.has(target) || depth > 50) return;
      done.add(target);
      const rules = this.rules.rulesFor(target);
      for (const r of rules) {
        for (const p of r.prerequisites) {
          if (this.rules.rulesFor(p.name).length > 0) visit(p.name, depth + 1);
          else if (level === 0) this.noteUnmade(r, p, unmade);
        }
      }
      for (const r of rules) this.runRecipe(it, r, target, recipes, allLines);
    };
    for (const g of goals) visit(g, 0);
  }

  private noteUnmade(r: TargetRule, p: { name: string; word: number }, unmade: Unmade[]): void {
    const path = normalizeRelative(p.name, this.cwd);
    if (path === null || path === '' || this.world.readText(path) !== null || this.world.listDir(path) !== null) return;
    const alone = r.prerequisites.filter((q) => q.word === p.word).length === 1 && r.stem === null;
    if (!unmade.some((u) => u.path === path && u.rule === r.rule.rule)) unmade.push({ rule: r.rule.rule, word: p.word, alone, path });
  }

  private runRecipe(it: ShellInterpreter, r: TargetRule, target: string, recipes: Map<number, MakeRecipe>, allLines: RecipeLine[]): void {
    const vars = variableTable(this.model.variables);
    const auto = { target, prerequisites: r.prerequisites.map((p) => p.name), ...(r.stem !== null ? { stem: r.stem } : {}) };
    for (const line of r.rule.rule.recipe) {
      const id = -1 - allLines.indexOf(line);
      const expansion = expandRecipe(line.command, { get: (n) => vars.get(n) }, auto);
      const script = this.world.parseShell(expansion.text);
      // A pattern rule runs once per target: the rewrite reads the first one.
      if (!recipes.has(id)) recipes.set(id, { id, target, line, expansion, script });
      const before = { steps: it.steps.length, findings: it.findings.length };
      const frameVars = new Map([[CURDIR_VAR, { parts: [{ hostDir: this.cwd }], glob: false }]]);
      it.runScript(script, { vars: frameVars, positional: [], cwd: this.cwd, scriptPath: 'make', file: this.model.path, text: expansion.text }, [id]);
      // The shell counts lines from the recipe line; report the Makefile's own lines.
      const shift = (n: number): number => Math.min(line.line + n - 1, line.endLine);
      // Only the recipe's own lines: a script the recipe runs reports its own, and a sub-make has shifted its own already.
      for (const s of it.steps.slice(before.steps)) if (s.origin.file === this.model.path && s.origin.chain[0] === id) moveOrigin(s, (o) => ({ ...o, line: shift(o.line), endLine: shift(o.endLine) }));
      for (const f of it.findings.slice(before.findings)) if (f.location && f.location.file === this.model.path && !shifted.has(f)) {
        f.location = { ...f.location, line: shift(f.location.line) };
        shifted.add(f);
      }
    }
  }

  /**
   * `$(MAKE) goal …` in a recipe, from the Makefile's own directory and for this Makefile:
   * a new make run of those goals (it makes again what the outer run made). False when it
   * is another Makefile, passes variables, or cannot be read.
   */
  private subMake(it: ShellInterpreter, args: (string | null)[], cwd: string | null, recipes: Map<number, MakeRecipe>, allLines: RecipeLine[]): boolean {
    if (cwd !== this.cwd || this.depth >= 4) return false;
    const goals: string[] = [];
    for (let i = 0; i < args.length; i++) {
      const a = args[i];
      if (a === null || a.includes('=')) return false;
      if (a === '-f' || a === '--file' || a === '--makefile') {
        if (normalizeRelative(args[i + 1] ?? '', cwd) !== this.model.path) return false;
        i++;
      } else if (/^-[sSkiBnqeR]+$/.test(a) || a === '--no-print-directory' || a === '--silent') {
        continue;
      } else if (a === '-j' || a.startsWith('-j')) {
        if (a === '-j' && /^\d+$/.test(args[i + 1] ?? '')) i++;
      } else if (a.startsWith('-')) {
        return false;
      } else goals.push(a);
    }
    const run = goals.length > 0 ? goals : [this.rules.defaultGoal()].filter((g): g is string => g !== null);
    if (run.some((g) => this.rules.rulesFor(g).length === 0)) return false;
    this.depth++;
    try {
      this.visitAll(it, run, recipes, allLines, [], this.depth);
    } finally {
      this.depth--;
    }
    return true;
  }
}

/** Findings whose line was already moved to the Makefile's (by the recipe that made them). */
const shifted = new WeakSet<Finding>();

/** A step of `steps` writes `path` (or a directory holding it). */
function writes(steps: readonly GlueStep[], path: string): boolean {
  return steps.some((s) => writesPath(s, path));
}

function writesPath(s: GlueStep, path: string): boolean {
  return writtenPaths(s).some((w) => isWithin(path, w));
}

/** Repository paths a step writes, as far as the step says. */
export function writtenPaths(s: GlueStep): string[] {
  switch (s.kind) {
    case 'cp':
    case 'cat':
      return [s.dest];
    case 'stream':
      return s.dests;
    case 'run':
      return s.mounts.flatMap((m) => (m.kind === 'bind' && !m.readOnly && m.host !== null ? [m.host] : []));
    case 'host': {
      const out = s.writes.filter((w): w is string => w !== null);
      if (['cp', 'mv', 'install', 'ln', 'touch'].includes(s.command)) {
        const last = [...s.args].reverse().find((a) => a === null || !a.startsWith('-'));
        const p = last ? normalizeRelative(last, s.cwd) : null;
        if (p !== null) out.push(p);
      }
      return out;
    }
    default:
      return [];
  }
}
