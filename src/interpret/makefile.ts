/**
 * Runs a Makefile goal the way make would, statically: prerequisites depth first, each target
 * once, every recipe line in its own shell after make's variable expansion.
 */
import { Finding } from '../core/findings';
import { dirName } from '../core/paths';
import { MakeRule, MakefileModel, RecipeLine, rulesFor } from '../parse/makefile';
import type { ShellScript } from '../parse/shell/ast';
import type { GlueStep } from './events';
import { Expansion, expandRecipe, variableTable } from './make-expand';
import { GlueWorld, ShellInterpreter } from './shell';

/** One recipe line as the shell sees it. Its id is negative so it never collides with statement ids. */
export interface MakeRecipe {
  id: number;
  target: string;
  line: RecipeLine;
  expansion: Expansion;
  script: ShellScript;
}

export interface MakeInterpretation {
  goal: string | null;
  steps: GlueStep[];
  findings: Finding[];
  /** Recipe lines that ran, by id. */
  recipes: Map<number, MakeRecipe>;
}

/**
 * Picks the goal that runs a whole builder pattern (a build, an extraction, then another build),
 * preferring the default goal, and interprets it.
 */
export function interpretMakefile(model: MakefileModel, world: GlueWorld): MakeInterpretation {
  const goals = [model.defaultGoal, ...model.rules.flatMap((r) => r.targets)].filter((g): g is string => g !== null && !g.startsWith('.') && !g.includes('%'));
  let first: MakeInterpretation | null = null;
  let extracting: MakeInterpretation | null = null;
  for (const goal of [...new Set(goals)]) {
    const result = runGoal(model, world, goal);
    first ??= result;
    if (isWholePipeline(result.steps)) return result;
    // Half a pipeline (`make build` extracts, `make deploy` builds the runtime) still beats a goal that never extracts.
    if (!extracting && buildsThenExtracts(result.steps)) extracting = result;
  }
  return extracting ?? first ?? { goal: null, steps: [], findings: [], recipes: new Map() };
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

export function runGoal(model: MakefileModel, world: GlueWorld, goal: string): MakeInterpretation {
  const it = new ShellInterpreter(world);
  const vars = variableTable(model.variables);
  const recipes = new Map<number, MakeRecipe>();
  const done = new Set<string>();
  const cwd = dirName(model.path);
  const allLines = model.rules.flatMap((r) => r.recipe);
  const visit = (target: string, depth: number): void => {
    if (done.has(target) || depth > 50) return;
    done.add(target);
    const rules = rulesFor(model, target);
    for (const rule of rules) for (const dep of rule.prerequisites) visit(dep, depth + 1);
    for (const rule of rules) runRecipe(rule, target);
  };
  const runRecipe = (rule: MakeRule, target: string): void => {
    for (const line of rule.recipe) {
      const id = -1 - allLines.indexOf(line);
      const expansion = expandRecipe(line.command, { get: (n) => vars.get(n) }, { target, prerequisites: rule.prerequisites });
      const script = world.parseShell(expansion.text);
      recipes.set(id, { id, target, line, expansion, script });
      const before = { steps: it.steps.length, findings: it.findings.length };
      it.runScript(script, { vars: new Map(), positional: [], cwd, scriptPath: 'make', file: model.path, text: expansion.text }, [id]);
      // The shell counts lines from the recipe line; report the Makefile's own lines.
      const shift = (n: number): number => Math.min(line.line + n - 1, line.endLine);
      // Only the recipe's own lines: a script the recipe runs reports its own.
      for (const s of it.steps.slice(before.steps)) if (s.origin.file === model.path) s.origin = { ...s.origin, line: shift(s.origin.line), endLine: shift(s.origin.endLine) };
      for (const f of it.findings.slice(before.findings)) if (f.location && f.location.file === model.path) f.location = { ...f.location, line: shift(f.location.line) };
    }
  };
  visit(goal, 0);
  return { goal, steps: it.steps, findings: it.findings, recipes };
}
