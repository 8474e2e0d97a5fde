/**
 * Which docker build is the builder, which is the runtime, and which container each
 * extraction reads from: found by following the glue's tags and container ids, never by
 * file names.
 */
import { Finding, finding } from '../core/findings';
import { isWithin } from '../core/paths';
import type { BuildStep, CatOutStep, ContainerStep, CopyOutStep, GlueStep, RunStep, StreamStep } from '../interpret/events';
import { Value, asLiteral, display, key } from '../interpret/value';
import type { DockerfileModel } from '../parse/dockerfile';
import { flagValue } from '../parse/dockerfile';
import { imageKey, imageKeyText } from './images';

export interface Extraction {
  step: CopyOutStep | CatOutStep | StreamStep;
  build: BuildStep;
  /** The container it read from; null for `docker run … cat`. */
  container: ContainerStep | null;
}

/**
 * A `docker run` that builds at run time: it writes into bind-mounted repository directories.
 * It runs an image the glue built (`build`) or a public toolchain image (`image`).
 */
export interface RunExtraction {
  step: RunStep;
  build: BuildStep | null;
  /** The image reference when the glue does not build it (`golang:1.22`); null otherwise. */
  image: string | null;
  /** Set when the run's output is its stdout (`docker run IMG > out.tar`), not its mounts. */
  stdout?: StreamStep;
}

export interface Roles {
  /** Builds whose images the runtime needs, in the order the glue builds them. */
  builders: BuildStep[];
  runtime: BuildStep;
  /** Other runtime images built from the same artifacts, in glue order (empty for one image). */
  moreRuntimes: BuildStep[];
  extractions: Extraction[];
  /** Builds at run time that write into the repository through bind mounts. */
  runs: RunExtraction[];
  /** Containers created only to copy artifacts out. */
  extractionContainers: ContainerStep[];
  /** Builds that are neither (a test image…): the rewritten glue keeps them. */
  unrelated: BuildStep[];
  /** Runtime Dockerfile references (`FROM app-builder`, `COPY --from=app-builder`) → the builder they name. */
  tagReferences: { build: BuildStep; ref: string; line: number; by: BuildStep }[];
}

/** Export-only glue: artifacts are copied out to the host, and no image is built from them. */
export interface ExportRoles {
  builders: BuildStep[];
  extractions: Extraction[];
  extractionContainers: ContainerStep[];
  /** Builds at run time in a builder image that write into the repository through a mount. */
  runs: RunExtraction[];
}

export type RolesResult =
  | { ok: true; roles: Roles }
  | { ok: 'export-only'; roles: ExportRoles }
  | { ok: false; findings: Finding[]; nothingToDo: boolean };

/** Reads a build's Dockerfile; null when it is missing (reported elsewhere). */
export type DockerfileOf = (build: BuildStep) => DockerfileModel | null;

/** `fed`: builds whose context the glue assembles from artifacts through host steps (see infer/assembled-context.ts). */
export function assignRoles(steps: readonly GlueStep[], dockerfileOf: DockerfileOf, fed: ReadonlySet<BuildStep> = new Set()): RolesResult {
  const findings: Finding[] = [];
  const images = new Map<string, BuildStep>();
  const containers = new Map<string, { step: ContainerStep; build: BuildStep | null }>();
  const extractions: Extraction[] = [];
  const runs: RunExtraction[] = [];
  const builds: BuildStep[] = [];
  const tagReferences: Roles['tagReferences'] = [];
  const at = (s: GlueStep) => ({ file: s.origin.file, line: s.origin.line });

  for (const step of steps) {
    switch (step.kind) {
      case 'build': {
        builds.push(step);
        for (const ref of referencedImages(dockerfileOf(step))) {
          const target = images.get(imageKeyText(ref.image));
          if (target) tagReferences.push({ build: target, ref: ref.image, line: ref.line, by: step });
        }
        for (const tag of step.tags) images.set(imageKey(tag), step);
        break;
      }
      case 'docker-other':
        if (step.invocation.subcommand === 'tag' && step.invocation.positionals.length === 2) {
          const src = images.get(imageKey(step.invocation.positionals[0].value));
          if (src) images.set(imageKey(step.invocation.positionals[1].value), src);
        }
        break;
      case 'container': {
        const build = images.get(imageKey(step.image)) ?? null;
        for (const h of step.handles) containers.set(key(h), { step, build });
        break;
      }
      case 'cp': {
        const c = containers.get(key(step.container));
        if (!c) {
          findings.push(finding('UNKNOWN_CONTAINER', `docker cp reads from ${display(step.container)}, which no \`docker create\` or \`docker run -d\` earlier in the glue made`, at(step)));
        } else if (!c.build) {
          findings.push(finding('UNKNOWN_IMAGE', `the container ${display(step.container)} runs ${display(c.step.image)}, which the glue does not build; it cannot become a stage`, at(step)));
        } else {
          extractions.push({ step, build: c.build, container: c.step });
        }
        break;
      }
      case 'run': {
        const writes = step.mounts.some((m) => m.kind === 'bind' && !m.readOnly && m.host !== null);
        if (!writes) break;
        const build = images.get(imageKey(step.image)) ?? null;
        const image = build ? null : asLiteral(step.image);
        if (!build && image === null) {
          findings.push(finding('GLUE_UNRESOLVED_VALUE', `the image \`docker run\` uses (${display(step.image)}) is only known when the glue runs`, at(step)));
          break;
        }
        const linked = ['link', 'network', 'volumes-from'].flatMap((n) => step.invocation.options.filter((o) => o.name === n && o.value !== null).map((o) => `--${n} ${display(o.value as Value)}`)).filter((w) => !/^--network (host|none|bridge|default)$/.test(w));
        if (linked.length > 0) {
          findings.push(finding('RUN_NEEDS_CONTAINER', `the build at run time uses ${linked.join(', ')}: it needs another running container (a database?), which a build step cannot reach`, at(step)));
          break;
        }
        runs.push({ step, build, image });
        break;
      }
      case 'stream': {
        const p = step.producer;
        if (p.kind === 'cp') {
          const c = containers.get(key(p.container));
          if (!c) findings.push(finding('UNKNOWN_CONTAINER', `docker cp reads from ${display(p.container)}, which no \`docker create\` or \`docker run -d\` earlier in the glue made`, at(step)));
          else if (!c.build) findings.push(finding('UNKNOWN_IMAGE', `the container ${display(p.container)} runs ${display(c.step.image)}, which the glue does not build`, at(step)));
          else extractions.push({ step, build: c.build, container: c.step });
        } else {
          const build = images.get(imageKey(p.image));
          if (!build) findings.push(finding('UNKNOWN_IMAGE', `docker run streams from ${display(p.image)}, which the glue does not build`, at(step)));
          else extractions.push({ step, build, container: null });
        }
        break;
      }
      case 'cat': {
        const build = images.get(imageKey(step.image));
        if (!build) findings.push(finding('UNKNOWN_IMAGE', `docker run reads ${display(step.image)}, which the glue does not build`, at(step)));
        else extractions.push({ step, build, container: null });
        break;
      }
      default:
        break;
    }
  }
  if (findings.length > 0) return { ok: false, findings, nothingToDo: false };
  const served = overTheNetwork(steps, images);
  if (served.length > 0) return { ok: false, findings: served, nothingToDo: false };
  if (extractions.length === 0 && tagReferences.length === 0 && runs.length === 0) {
    return { ok: false, findings: [finding('NO_BUILDER_PATTERN', 'the glue builds images but copies nothing out of one into another', null)], nothingToDo: true };
  }
  const builderSet = new Set<BuildStep>([...extractions.map((e) => e.build), ...tagReferences.map((r) => r.build), ...runs.flatMap((r) => (r.build ? [r.build] : []))]);
  const firstExtraction = Math.min(...[...extractions, ...runs].map((e) => steps.indexOf(e.step)));
  const destinations = [...extractions.flatMap((e) => extractionDests(e.step).map((dest) => ({ at: steps.indexOf(e.step), dest, build: e.build as BuildStep | null }))), ...runs.flatMap((r) => runDestinations(r.step).map((dest) => ({ at: steps.indexOf(r.step), dest, build: r.build })))];
  const referencing = new Set(tagReferences.map((r) => r.by));
  const candidates = builds.filter(
    (b) =>
      !builderSet.has(b) &&
      (referencing.has(b) || (steps.indexOf(b) > firstExtraction && (fed.has(b) || destinations.some((d) => isWithin(d.dest, b.context))))),
  );
  // No image is built from what comes out: the files are the product (export-only). A build
  // at run time counts when it runs an image the glue builds, which its Dockerfile can extend.
  if (candidates.length === 0 && tagReferences.length === 0 && (extractions.length > 0 || runs.length > 0) && runs.every((r) => r.build !== null)) {
    const exported = new Set([...extractions.map((e) => e.build), ...runs.map((r) => r.build as BuildStep)]);
    const roles: ExportRoles = { builders: builds.filter((b) => exported.has(b)), extractions, extractionContainers: [...new Set(extractions.map((e) => e.container).filter((c): c is ContainerStep => c !== null))], runs };
    const conditional = conditionalPipeline([...roles.builders, ...extractions.map((e) => e.step), ...roles.extractionContainers, ...runs.map((r) => r.step)]);
    if (conditional.length > 0) return { ok: false, findings: conditional, nothingToDo: false };
    return { ok: 'export-only', roles };
  }
  if (candidates.length === 0) {
    const last = [...extractions, ...runs].sort((a, b) => steps.indexOf(a.step) - steps.indexOf(b.step)).pop()?.step;
    return {
      ok: false,
      findings: [finding('RUNTIME_NOT_BUILT', 'artifacts are copied out of the builder, but no later docker build has them in its context', last ? at(last) : null)],
      nothingToDo: false,
    };
  }
  // Several runtime images from one builder: one Dockerfile with a final stage per image.
  const runtime = candidates[0];
  const moreRuntimes = candidates.slice(1);
  const chained = [...builderSet].filter((b) => destinations.some((d) => d.at < steps.indexOf(b) && isWithin(d.dest, b.context) && d.build !== b));
  if (chained.length > 0) {
    return {
      ok: false,
      findings: chained.map((b) => finding('EXTRACTION_UNSUPPORTED', 'this builder is itself built from artifacts of another builder; chained builders are not migrated by this version', at(b))),
      nothingToDo: false,
    };
  }
  const builderUses = builderImageUses(steps, builderSet, runtime, tagReferences, extractions, runs);
  if (builderUses.length > 0) return { ok: false, findings: builderUses, nothingToDo: false };
  const usedContainers = new Set(extractions.map((e) => e.container).filter((c): c is ContainerStep => c !== null));
  const conditional = conditionalPipeline([...builderSet, runtime, ...moreRuntimes, ...extractions.map((e) => e.step), ...usedContainers, ...runs.map((r) => r.step)]);
  if (conditional.length > 0) return { ok: false, findings: conditional, nothingToDo: false };
  return {
    ok: true,
    roles: {
      builders: builds.filter((b) => builderSet.has(b)),
      runtime,
      moreRuntimes,
      extractions,
      runs,
      extractionContainers: [...usedContainers],
      unrelated: builds.filter((b) => !builderSet.has(b) && b !== runtime && !moreRuntimes.includes(b)),
      tagReferences: tagReferences.filter((r) => r.by === runtime),
    },
  };
}

/**
 * After the migration no builder image is tagged any more: a glue step that still uses one
 * (runs tests in it, pushes it, builds another image FROM it) would break.
 */
function builderImageUses(steps: readonly GlueStep[], builders: Set<BuildStep>, runtime: BuildStep, refs: Roles['tagReferences'], extractions: Extraction[], runs: RunExtraction[]): Finding[] {
  const out: Finding[] = [];
  const builderKeys = new Map<string, BuildStep>();
  for (const step of steps) {
    if (step.kind === 'build' && builders.has(step)) for (const t of step.tags) builderKeys.set(imageKey(t), step);
    const usedByRun = step.kind === 'run' && !runs.some((r) => r.step === step) && builderKeys.has(imageKey(step.image));
    if (usedByRun || (step.kind === 'docker-other' && step.image && builderKeys.has(imageKey(step.image)) && step.invocation.subcommand !== 'tag' && step.invocation.subcommand !== 'images')) {
      const sub = step.kind === 'run' ? 'run' : step.invocation.subcommand;
      out.push(finding('BUILDER_IMAGE_USED', `\`docker ${sub}\` uses the builder image ${display(step.image as Value)}, which the migrated glue no longer builds`, { file: step.origin.file, line: step.origin.line }));
    }
    if (step.kind === 'container' && builderKeys.has(imageKey(step.image)) && !extractions.some((e) => e.container === step)) {
      out.push(finding('BUILDER_IMAGE_USED', `a container of the builder image ${display(step.image)} is used for something other than copying artifacts out`, { file: step.origin.file, line: step.origin.line }));
    }
  }
  for (const r of refs) {
    if (r.by !== runtime) out.push(finding('BUILDER_IMAGE_USED', `${r.by.dockerfile} builds on the builder image ${r.ref}, which the migrated glue no longer builds`, { file: r.by.origin.file, line: r.by.origin.line }));
  }
  return out;
}

/**
 * The steps the migration removes or rewrites may not run only under a condition: the tool
 * could not say whether the legacy pipeline ran them. (Cleanup may, and so may everything the
 * rewritten glue keeps as it was: a test run, a push.)
 */
function conditionalPipeline(pipeline: GlueStep[]): Finding[] {
  return [...new Set(pipeline)]
    .filter((s) => s.origin.conditional)
    .sort((a, b) => a.origin.line - b.origin.line)
    .map((s) => finding('GLUE_CONDITIONAL_DOCKER', `this ${describeStep(s)} runs only under a condition; the migration cannot tell whether the legacy pipeline ran it (make it unconditional or migrate by hand)`, { file: s.origin.file, line: s.origin.line }));
}

function describeStep(s: GlueStep): string {
  if (s.kind === 'build') return `\`docker build\` of ${s.dockerfile}`;
  if (s.kind === 'container') return `\`docker ${s.mode}\` of ${display(s.image)}`;
  if (s.kind === 'cp' || (s.kind === 'stream' && s.producer.kind === 'cp')) return '`docker cp`';
  return '`docker run`';
}

/** Images a Dockerfile reads by name: FROM bases and `COPY --from=` values that are not its own stages. */
export function referencedImages(model: DockerfileModel | null): { image: string; line: number }[] {
  if (!model) return [];
  const own = new Set(model.stages.map((s) => s.name).filter((n): n is string => n !== null));
  const out: { image: string; line: number }[] = [];
  for (const stage of model.stages) {
    if (!own.has(stage.base.toLowerCase())) out.push({ image: stage.base, line: stage.from.line });
    for (const ins of stage.instructions) {
      if (ins.keyword !== 'COPY') continue;
      const from = flagValue(ins, 'from');
      if (from && !own.has(from.toLowerCase()) && !/^[0-9]+$/.test(from)) out.push({ image: from, line: ins.line });
    }
  }
  return out;
}

/**
 * A container of an image the glue built keeps running (it serves something) and a later
 * `curl`/`wget` downloads into the repository: the artifact travels over the network, which a
 * build cannot reproduce.
 */
function overTheNetwork(steps: readonly GlueStep[], images: Map<string, BuildStep>): Finding[] {
  const out: Finding[] = [];
  let serving = false;
  for (const s of steps) {
    if (s.kind === 'container' && s.mode === 'run' && images.has(imageKey(s.image))) serving = true;
    if (serving && s.kind === 'host' && (s.command === 'curl' || s.command === 'wget') && s.args.some((a) => a !== null && /(localhost|127\.0\.0\.1|0\.0\.0\.0|\$|:\d{2,5}\/)/.test(a))) {
      out.push(finding('ARTIFACT_OVER_NETWORK', `\`${s.command}\` downloads what a container of the builder serves; an artifact handed over the network cannot become a COPY --from (copy it out with docker cp, or build it in a stage)`, { file: s.origin.file, line: s.origin.line }));
    }
  }
  return out;
}

/** Repository paths an extraction writes. */
export function extractionDests(step: CopyOutStep | CatOutStep | StreamStep): string[] {
  return step.kind === 'stream' ? step.dests : [step.dest];
}

/** Repository paths a build at run time may write: its writable bind mounts. */
export function runDestinations(step: RunStep): string[] {
  return step.mounts.flatMap((m) => (m.kind === 'bind' && !m.readOnly && m.host !== null ? [m.host] : []));
}

/** All the handles of containers used for extraction, as value keys (for the rewrite). */
export function containerKeys(roles: Roles): Set<string> {
  return new Set(roles.extractionContainers.flatMap((c) => c.handles.map((h: Value) => key(h))));
}
