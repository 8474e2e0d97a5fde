/**
 * Build arguments across the merge. Only ARGs before the first FROM are global, a stage sees a
 * global only after a bare `ARG NAME`, and one `--build-arg` now reaches every stage (§4).
 * When a builder ARG name is also the runtime's (or an earlier builder's), the builder's is
 * renamed (`BUILDER_VERSION`, which the new build command passes where the builder's build
 * passed VERSION), and its stages still see VERSION with the builder's value:
 *
 * - `ARG VERSION=${BUILDER_VERSION}` right after each declaration, when the merged build passes
 *   no VERSION (ARG-3, ARG-7): it stays an ARG, which no later stage inherits and no image
 *   configuration records;
 * - `ENV VERSION=${BUILDER_VERSION}` when the merged build passes VERSION for the runtime with
 *   another value: a passed value beats every ARG default, only ENV hides it (ARG-8). ENV is part
 *   of the stage's configuration and of every stage built FROM it, so this is refused
 *   (BUILD_ARG_CONFLICT) for a credential, and where a stage that runs the glue's commands, or the
 *   runtime, is built FROM the builder.
 */
import { Finding, finding } from '../core/findings';
import type { TextEdit } from '../core/text-edits';
import type { BuildArg, BuildStep } from '../interpret/events';
import { key } from '../interpret/value';
import type { DockerInstruction, DockerStage, DockerfileModel } from '../parse/dockerfile';
import { declarations } from './dockerfile-vars';
import { isSecretName } from './secrets';

export interface ArgSide {
  build: BuildStep;
  model: DockerfileModel;
  /** Stages of the file that go into the merged Dockerfile. */
  stages: DockerStage[];
  /** A builder whose image the runtime or a build at run time starts FROM (it would inherit an ENV). */
  inherited?: boolean;
}

export interface BuilderArgPlan {
  /** Edits on the builder Dockerfile text (ARG lines; FROM lines are renamed by the renderer). */
  edits: TextEdit[];
  /** Global declarations of the builder that the merged file must not repeat. */
  droppedGlobals: DockerInstruction[];
  /** Builder ARG name → its new name. */
  renames: Map<string, string>;
  /** Renamed names the merged build also passes (for the runtime): the builder's stages see them through ENV. */
  shadowed: Set<string>;
}

export interface ArgPlan {
  builders: BuilderArgPlan[];
  /** `--build-arg …` words to add to the runtime's docker build, as written (or renamed) in the builder's. */
  extraBuildArgs: { text: string; from: BuildStep }[];
  findings: Finding[];
}

const valueKey = (a: BuildArg): string => (a.value ? key(a.value) : `env:${a.name}`);

export function planArgs(runtime: ArgSide, builders: ArgSide[]): ArgPlan {
  const findings: Finding[] = [];
  // What the merged build already passes and declares: the runtime first, then each builder as merged.
  const passed = new Map(runtime.build.buildArgs.map((a) => [a.name, valueKey(a)]));
  const declared = new Set(declaredNames(runtime.model, runtime.model.stages));
  const globalsSoFar = new Set(globalNames(runtime.model));
  const extraBuildArgs: ArgPlan['extraBuildArgs'] = [];
  const plans: BuilderArgPlan[] = [];
  for (const side of builders) {
    const plan: BuilderArgPlan = { edits: [], droppedGlobals: [], renames: new Map(), shadowed: new Set() };
    const own = new Map(side.build.buildArgs.map((a) => [a.name, a]));
    const names = new Set(declaredNames(side.model, side.stages));
    for (const name of names) {
      const mine = own.get(name);
      const sharedValue = passed.has(name) && mine !== undefined && valueKey(mine) === passed.get(name);
      if (sharedValue || (!passed.has(name) && !declared.has(name))) continue;
      const renamed = uniqueName(`BUILDER_${name}`, declared, names);
      plan.renames.set(name, renamed);
      declared.add(renamed);
      const at = { file: side.model.path, line: firstDeclarationLine(side, name) };
      // The merged build passes `name` (for the runtime): only ENV can give the builder its own value.
      if (passed.has(name)) {
        plan.shadowed.add(name);
        const why = isSecretName(name)
          ? 'which would put the credential into the stage\'s configuration'
          : side.inherited
            ? 'which every stage built FROM the builder would inherit (the runtime, or a build the glue ran in it)'
            : null;
        if (why) findings.push(finding('BUILD_ARG_CONFLICT', `ARG ${name} of ${side.model.path} gets another value than the runtime build's ${name}; in one build the builder could only keep its own through \`ENV ${name}=\${${renamed}}\`, ${why}: pass the builder's value under a name of its own`, at));
      }
      const sees = plan.shadowed.has(name) ? `through ENV ${name}=\${${renamed}}` : `as ARG ${name}=\${${renamed}}`;
      findings.push(finding('ARG_RENAMED', `ARG ${name} of ${side.model.path} is now ${renamed} (its stages still see ${name}, ${sees}), because the runtime build uses ${name} with another value`, at));
      if (mine) extraBuildArgs.push({ text: renameWrittenArg(mine, renamed), from: side.build });
    }
    // A global declared identically and passed identically by an earlier file would only repeat.
    for (const ins of side.model.preamble) {
      if (ins.keyword === 'ARG' && declarations(ins).every((d) => globalsSoFar.has(d.name) && !plan.renames.has(d.name) && passed.has(d.name))) plan.droppedGlobals.push(ins);
    }
    plan.edits.push(...renameEdits(side, plan.renames, plan.shadowed));
    for (const a of side.build.buildArgs) {
      if (plan.renames.has(a.name) || passed.has(a.name)) continue;
      extraBuildArgs.push({ text: a.written, from: side.build });
      passed.set(a.name, valueKey(a));
    }
    for (const n of names) declared.add(plan.renames.get(n) ?? n);
    for (const n of globalNames(side.model)) globalsSoFar.add(plan.renames.get(n) ?? n);
    plans.push(plan);
  }
  return { builders: plans, extraBuildArgs, findings };
}

function globalNames(model: DockerfileModel): string[] {
  return model.preamble.filter((i) => i.keyword === 'ARG').flatMap((i) => declarations(i).map((d) => d.name));
}

function declaredNames(model: DockerfileModel, stages: DockerStage[]): string[] {
  const inStage = stages.flatMap((s) => s.instructions.filter((i) => i.keyword === 'ARG').flatMap((i) => declarations(i).map((d) => d.name)));
  return [...new Set([...globalNames(model), ...inStage])];
}

function firstDeclarationLine(side: ArgSide, name: string): number {
  const all = [...side.model.preamble, ...side.stages.flatMap((s) => s.instructions)];
  return all.find((i) => i.keyword === 'ARG' && declarations(i).some((d) => d.name === name))?.line ?? 1;
}

function uniqueName(wanted: string, ...taken: Set<string>[]): string {
  let name = wanted;
  for (let n = 2; taken.some((t) => t.has(name)); n++) name = `${wanted}_${n}`;
  return name;
}

/** `--build-arg VERSION=1` → `--build-arg BUILDER_VERSION=1`; `--build-arg VERSION` → `--build-arg "BUILDER_VERSION=$VERSION"`. */
function renameWrittenArg(a: BuildArg, renamed: string): string {
  const idx = a.written.indexOf(`${a.name}=`);
  if (idx >= 0) return a.written.slice(0, idx) + renamed + a.written.slice(idx + a.name.length);
  return a.written.replace(new RegExp(`${a.name}(?![A-Za-z0-9_])`), `"${renamed}=$${a.name}"`);
}

function fmt(name: string, value: string | undefined): string {
  return value === undefined ? name : `${name}=${value}`;
}

/**
 * Edits for renamed ARGs: global declarations get the new name; in-stage declarations too,
 * each followed by `ARG NAME=${RENAMED}` (or `ENV`, for the `shadowed` names) so the stage keeps
 * seeing NAME.
 */
function renameEdits(side: ArgSide, renames: Map<string, string>, shadowed: Set<string>): TextEdit[] {
  if (renames.size === 0) return [];
  const edits: TextEdit[] = [];
  const text = side.model.text;
  for (const ins of side.model.preamble) {
    if (ins.keyword !== 'ARG' || !declarations(ins).some((d) => renames.has(d.name))) continue;
    edits.push({ start: ins.start, end: ins.end, text: `ARG ${declarations(ins).map((d) => fmt(renames.get(d.name) ?? d.name, d.value)).join(' ')}` });
  }
  for (const stage of side.stages) {
    for (const ins of stage.instructions) {
      if (ins.keyword !== 'ARG') continue;
      const decls = declarations(ins);
      const hit = decls.filter((d) => renames.has(d.name));
      if (hit.length === 0) continue;
      const indent = text.slice(side.model.lines.lineStart(ins.line), ins.start);
      const arg = `ARG ${decls.map((d) => fmt(renames.get(d.name) ?? d.name, d.value)).join(' ')}`;
      const seen = (keyword: 'ARG' | 'ENV', names: typeof hit) => (names.length > 0 ? [`${keyword} ${names.map((d) => `${d.name}=\${${renames.get(d.name)}}`).join(' ')}`] : []);
      const lines = [arg, ...seen('ARG', hit.filter((d) => !shadowed.has(d.name))), ...seen('ENV', hit.filter((d) => shadowed.has(d.name)))];
      edits.push({ start: ins.start, end: ins.end, text: lines.join(`\n${indent}`) });
    }
  }
  return edits;
}

/** Replaces `$NAME`, `${NAME}` and `${NAME:…}` references. */
export function renameReferences(s: string, renames: Map<string, string>): string {
  return s.replace(/\$(\{)?([A-Za-z_][A-Za-z0-9_]*)/g, (m, brace: string | undefined, name: string) => {
    const r = renames.get(name);
    return r ? `$${brace ?? ''}${r}` : m;
  });
}
