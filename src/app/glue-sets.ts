/**
 * Glue spread over several files: a compile script that only extracts and a package script
 * that builds the runtime from what it extracted (one pipeline, run in that order), several
 * scripts that each run a whole pipeline (one migration of them all), and glue the migration
 * leaves as it is that would still build a Dockerfile it deletes (refused).
 */
import { Finding, finding } from '../core/findings';
import { isWithin } from '../core/paths';
import { extractionDests, runDestinations } from '../infer/roles';
import type { GlueStep } from '../interpret/events';
import type { MigrateOutcome } from '../plan/migrate';
import type { MigrationPlan } from '../plan/types';
import type { FileChange } from '../core/file-change';
import { GlueInterpretation, interpretSequence } from './glue';

/** A glue file (or a sequence of them) and what planning its migration gave. */
export interface PlannedGlue {
  glue: GlueInterpretation;
  outcome: MigrateOutcome;
}

type Plan = (glue: GlueInterpretation) => MigrateOutcome;

/**
 * The glue sets to choose from. Named in run order (`--script a --script b`): one pipeline of
 * them all, unless each runs a whole pipeline of its own. Found by content: each script that
 * extracts without building an image from the artifacts is joined with the first other glue
 * file that builds one from them.
 */
export function glueSets(planned: PlannedGlue[], plan: Plan, named: boolean): PlannedGlue[] {
  if (named) {
    if (planned.length < 2 || planned.every((p) => p.outcome.status !== 'nothing' && !extractsOnly(p) && !exportsOnly(p))) return planned;
    const glue = interpretSequence(planned.map((p) => p.glue));
    return [{ glue, outcome: plan(glue) }];
  }
  let out = [...planned];
  for (const producer of planned.filter((p) => extractsOnly(p) || exportsOnly(p))) {
    if (!out.includes(producer)) continue;
    // The consumer builds images and runs no builder pattern of its own (a package script).
    const consumer = out.find((c) => c !== producer && c.outcome.status === 'nothing' && consumes(producer.glue.steps, c.glue.steps));
    if (!consumer) continue;
    const glue = interpretSequence([producer.glue, consumer.glue]);
    const joined = { glue, outcome: plan(glue) };
    // Exporting the files is a migration of its own: the pair replaces it only when the pair migrates.
    if (exportsOnly(producer) && joined.outcome.status !== 'migrate') continue;
    out = [...out.filter((c) => c !== producer && c !== consumer), joined];
  }
  return out;
}

/** Migrated as export-only glue: it copies files out, and no image of its own is built from them. */
function exportsOnly(p: PlannedGlue): boolean {
  return p.outcome.status === 'migrate' && p.outcome.plan.setup.exportDir !== undefined;
}

/** Refused because nothing builds an image from the artifacts it copies out. */
function extractsOnly(p: PlannedGlue): boolean {
  return p.outcome.status === 'refused' && p.outcome.findings.some((f) => f.code === 'RUNTIME_NOT_BUILT');
}

/** A later build of `consumer` has in its context a path the `producer`'s extractions or runs wrote. */
function consumes(producer: readonly GlueStep[], consumer: readonly GlueStep[]): boolean {
  const dests = producer.flatMap((s) => (s.kind === 'cp' || s.kind === 'cat' || s.kind === 'stream' ? extractionDests(s) : s.kind === 'run' ? runDestinations(s) : []));
  return consumer.some((s) => s.kind === 'build' && dests.some((d) => isWithin(d, s.context)));
}

/**
 * Several glue files that each run a whole pipeline: one migration of them all when each
 * migrates and their file changes agree; refused with each one's findings otherwise.
 */
export function combinePlanned(sets: PlannedGlue[]): PlannedGlue {
  const glue: GlueInterpretation = { ...sets[0].glue, sequence: sets.flatMap((s) => s.glue.sequence ?? [s.glue.entry]) };
  const refused = sets.filter((s) => s.outcome.status === 'refused');
  if (refused.length > 0) return { glue, outcome: { status: 'refused', findings: unique(refused.flatMap((s) => (s.outcome.status === 'refused' ? s.outcome.findings : []))) } };
  const plans = sets.map((s) => (s.outcome.status === 'migrate' ? s.outcome.plan : null)).filter((p): p is MigrationPlan => p !== null);
  const files = new Map<string, { change: FileChange; by: string }>();
  const conflicts: Finding[] = [];
  plans.forEach((p, i) => {
    if (p.setup.exportDir !== undefined && plans.length > 1) conflicts.push(finding('GLUE_AMBIGUOUS', `${sets[i].glue.entry} exports files instead of building an image; migrate it on its own with --script`, { file: sets[i].glue.entry, line: 1 }));
    for (const f of p.files) {
      const seen = files.get(f.path);
      if (!seen) files.set(f.path, { change: f, by: sets[i].glue.entry });
      else if (!sameChange(seen.change, f)) conflicts.push(finding('GLUE_AMBIGUOUS', `${seen.by} and ${sets[i].glue.entry} both run a builder pattern, and would change ${f.path} in different ways; name the one to migrate with --script`, { file: sets[i].glue.entry, line: 1 }));
    }
  });
  if (conflicts.length > 0) return { glue, outcome: { status: 'refused', findings: conflicts } };
  const [first] = plans;
  const plan: MigrationPlan = {
    setup: {
      ...first.setup,
      scripts: glue.sequence,
      builders: unique(plans.flatMap((p) => p.setup.builders)),
      stages: plans.flatMap((p) => p.setup.stages),
      buildCommand: plans.map((p) => p.setup.buildCommand).join('; '),
    },
    moves: plans.flatMap((p) => p.moves),
    files: [...files.values()].map((f) => f.change),
    findings: unique(plans.flatMap((p) => p.findings)),
  };
  return { glue, outcome: { status: 'migrate', plan } };
}

/**
 * Two plans make the same change to a file: the same new text, or Dockerfiles that differ only
 * in comment lines (the stage header names the glue line that built the builder), which build
 * the same image. The first one's text is kept.
 */
function sameChange(a: FileChange, b: FileChange): boolean {
  if (a.after === b.after) return true;
  if (a.after === null || b.after === null || !/dockerfile|containerfile/i.test(a.path)) return false;
  const instructions = (t: string) => t.split(/\r?\n/).filter((l) => !/^\s*#/.test(l)).join('\n');
  return instructions(a.after) === instructions(b.after);
}

/**
 * Glue the migration leaves as it is that builds a Dockerfile it deletes: after the migration
 * that glue would fail, so the migration is refused, at each such build.
 */
export function staleGlue(plan: MigrationPlan, others: readonly GlueInterpretation[]): Finding[] {
  const deleted = new Set(plan.files.filter((f) => f.after === null).map((f) => f.path));
  const part = new Set([...(plan.setup.scripts ?? [plan.setup.glue]), ...plan.files.map((f) => f.path)]);
  const out: Finding[] = [];
  for (const g of others) {
    if (part.has(g.entry)) continue;
    for (const s of g.steps) {
      if (s.kind !== 'build' || !deleted.has(s.dockerfile) || part.has(s.origin.file)) continue;
      const stage = plan.setup.stages.find((st) => st.dockerfile === s.dockerfile)?.name;
      const instead = stage ? `, or make it build the stage instead (\`docker build -f ${plan.setup.runtime} --target ${stage}\`)` : '';
      out.push(finding('GLUE_NOT_REWRITTEN', `${g.entry} builds ${s.dockerfile}, which the migration of ${plan.setup.glue} deletes, and it is not part of that migration; keep the builder Dockerfiles with --keep-legacy${instead}`, { file: s.origin.file, line: s.origin.line }));
    }
  }
  return unique(out);
}

function unique<T>(xs: T[]): T[] {
  const seen = new Set<string>();
  return xs.filter((x) => {
    const k = JSON.stringify(x);
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}
