/**
 * Export-only glue: the builder's files are copied out to a host folder (release binaries,
 * a site to upload) and no image is built from them. It becomes a `FROM scratch AS export`
 * stage after the builder, and the glue's `docker build --target export --output
 * type=local,dest=DIR`, which writes the same files to the same folder (BuildKit only:
 * `--output` has no classic form).
 */
import { Finding, finding, hasErrors } from '../core/findings';
import { dirName, isWithin, joinRelative, relativePath, relativeWithin } from '../core/paths';
import { shellWord } from '../core/quote';
import type { RepoView } from '../core/repo';
import type { GlueInterpretation } from './glue-interpretation';
import { builderPathKind, stageChain } from '../infer/builder-paths';
import { Placement, replayHost } from '../infer/host-layout';
import { imageKey } from '../infer/images';
import { type ExportRoles, type Roles, runDestinations } from '../infer/roles';
import type { BuildStep, GlueStep } from '../interpret/events';
import { key } from '../interpret/value';
import type { DockerStage, DockerfileModel } from '../parse/dockerfile';
import { closeFinalContinuation } from '../parse/dockerfile-lines';
import { rewriteGlue } from '../render/glue';
import { commentText } from '../render/templates';
import { ignoreFileFindings } from './dockerignore';
import { selfCheck } from './self-check';
import { StageNamer, builderStageName } from './stage-names';
import { madeBefore, planRunStages } from './run-stages';
import { DockerignoreRules } from './dockerignore';
import { declarations } from './dockerfile-vars';
import { mountFillerOf } from './mount-fillers';
import type { FileChange, MigrationPlan } from './types';

export type ExportOutcome = { status: 'migrate'; plan: MigrationPlan } | { status: 'refused'; findings: Finding[] };

const DROPPED_OPTIONS = new Set(['tag', 'iidfile', 'quiet', 'label', 'output', 'target', 'load', 'push']);

export function planExportOnly(repo: RepoView, glue: GlueInterpretation, roles: ExportRoles, model: DockerfileModel, findings: Finding[], mode: (path: string) => number): ExportOutcome {
  const build = roles.builders[0];
  const at = { file: build.origin.file, line: build.origin.line };
  if (roles.builders.length !== 1) {
    return { status: 'refused', findings: [...findings, finding('EXTRACTION_UNSUPPORTED', 'the glue copies artifacts out of several builders and builds no image: export-only glue is migrated for one builder', at)] };
  }
  const image = build.target ? model.stages.find((s) => s.name === build.target) : model.stages[model.stages.length - 1];
  if (!image) return { status: 'refused', findings: [...findings, finding('DOCKERFILE_INVALID', `--target ${build.target} names no stage of ${model.path}`, at)] };
  findings.push(...ignoreFileFindings(repo, [build.context]));
  if (roles.runs.length > 0) return planRunExport({ repo, glue, roles, model, image, build, findings, mode });
  if (roles.extractions.some((e) => e.step.kind === 'stream')) {
    return { status: 'refused', findings: [...findings, finding('EXTRACTION_UNSUPPORTED', 'export-only glue that streams archives is not migrated by this version', at)] };
  }
  const lastExtraction = Math.max(...roles.extractions.map((e) => glue.steps.indexOf(e.step)));
  const asRoles: Roles = { ...roles, runtime: build, moreRuntimes: [], runs: [], unrelated: [], tagReferences: [] };
  const layout = replayHost(glue.steps, asRoles, repo, (_b, path) => builderPathKind(model, image, path), lastExtraction);
  findings.push(...layout.findings);
  const placements = layout.placements;
  if (placements.length === 0) return { status: 'refused', findings: [...findings, finding('RUNTIME_NOT_BUILT', 'nothing the glue copies out reaches the repository', at)] };
  // The folder `--output` writes to: the one the copies went into, or the one a single
  // directory copy made (`rm -rf site; docker cp C:/app/dist ./site`). A copy of unknown kind
  // is taken as that directory: `cp -a SRC/.` fails the build if it is a file.
  const whole = (p: Placement) => p.merged || (placements.length === 1 && p.kind.kind !== 'file' && p.hostPath !== '' && dirName(p.hostPath) === '');
  const folderOf = (p: Placement) => (whole(p) ? p.hostPath : dirName(p.hostPath));
  let dest = folderOf(placements[0]);
  for (const p of placements) while (!isWithin(folderOf(p), dest)) dest = dirName(dest);
  const assumed = placements.find((p) => whole(p) && !p.merged && p.kind.kind === 'unknown');
  if (assumed) findings.push(finding('EXPORT_DIRECTORY_ASSUMED', `${assumed.source} is taken to be a directory whose files make ${assumed.hostPath}/ (nothing in ${model.path} says); if it is a file, the export stage stops at \`cp -a ${assumed.source}/.\``, { file: assumed.step.origin.file, line: assumed.step.origin.line }));
  if (dest === '') {
    findings.push(finding('EXTRACTION_UNSUPPORTED', 'the artifacts are copied to the top of the repository; `--output` would need the repository itself as its destination', { file: placements[0].step.origin.file, line: placements[0].step.origin.line }));
  }
  if (hasErrors(findings)) return { status: 'refused', findings };

  const namer = new StageNamer(model.stages.map((s) => s.name).filter((n): n is string => n !== null));
  const stage = image.name ?? namer.claim(builderStageName(build, 1));
  const files = namer.claim(`${stage}-files`);
  const exportName = namer.claim('export');
  const asRoot = stageChain(model, image).some((st) => st.instructions.some((i) => i.keyword === 'USER' && !/^(root|0)(:.*)?$/.test(i.args[0]?.value ?? '')));
  const copies = placements.map((p) => {
    const rel = relativeWithin(p.hostPath, dest);
    return whole(p) || rel === '' ? `cp -a ${shellWord(`${p.source}/.`)} ${shellWord(`/export/${rel}`.replace(/\/$/, ''))}` : `cp -a${p.follow ? 'H' : ''} ${shellWord(p.source)} ${shellWord(`/export/${rel}`)}`;
  });
  const eol = model.eol;
  const extraction = commentText(`${placements[0].step.origin.file}:${placements[0].step.origin.line}`);
  const appended = [
    `# Stage "${files}": what ${extraction} copied out to ${commentText(dest)}/, laid out as the glue left it.`,
    `FROM ${stage} AS ${files}`,
    ...(asRoot ? ['USER 0'] : []),
    `RUN mkdir -p ${[...new Set(placements.map((p) => shellWord(`/export/${relativeWithin(folderOf(p), dest)}`.replace(/\/$/, ''))))].join(' ')} \\`,
    ...copies.map((c, i) => `    && ${c}${i < copies.length - 1 ? ' \\' : ''}`),
    '',
    `# Stage "${exportName}": what \`docker build --output\` writes to ${commentText(dest)}/.`,
    `FROM scratch AS ${exportName}`,
    `COPY --from=${files} /export/ /`,
  ].join(eol);
  const removed = new Set<GlueStep>([...roles.extractions.map((e) => e.step), ...roles.extractionContainers]);
  const moves = placements.map((p) => ({
    builderStage: stage,
    builderPath: p.source,
    hostPath: p.hostPath,
    runtimeLine: { file: p.step.origin.file, line: p.step.origin.line },
    destination: p.hostPath,
    form: 'export' as const,
    evidence: [`${p.step.origin.file}:${p.step.origin.line}: docker cp …:${p.source} → ${p.hostPath}`, `--output writes ${dest}/ as the copies did`],
  }));
  // Where the files were copied out, after the glue has prepared the folder (rm -rf, mkdir).
  const moveTo = roles.extractions.map((e) => e.step).sort((a, b) => glue.steps.indexOf(b) - glue.steps.indexOf(a))[0];
  return finishExport({ repo, glue, roles, model, image, build, findings, mode }, { stage, stages: [files, exportName], exportName, appended, removed, moveTo, dest, extraArgs: [], moves });
}

/**
 * A build at run time whose product is the folder it writes through its mount
 * (`docker run -v "$PWD/out:/out" IMG`, no image built from it): the run becomes a build
 * step, and the export stage holds what it left in the mounted folder.
 */
function planRunExport(c: ExportContext): ExportOutcome {
  const { repo, glue, roles, model, image, build, findings } = c;
  const run = roles.runs[0];
  const at = { file: run.step.origin.file, line: run.step.origin.line };
  const refuse = (why: string): ExportOutcome => ({ status: 'refused', findings: [...findings, finding('EXTRACTION_UNSUPPORTED', why, at)] });
  if (roles.runs.length > 1 || roles.extractions.length > 0) return refuse('files leave the builder in more than one way and no image is built from them: export-only glue is migrated for one way out');
  const namer = new StageNamer(model.stages.map((s) => s.name).filter((n): n is string => n !== null));
  const stage = image.name ?? namer.claim(builderStageName(build, 1));
  const planned = planRunStages([run], {
    repo,
    context: build.context,
    ignore: new DockerignoreRules(repo.readText(joinRelative(build.context, '.dockerignore'))),
    namer,
    buildkit: false,
    builderOf: () => ({ name: stage, model, image, hasShell: true }),
    takenArgs: new Set([...model.preamble, ...model.stages.flatMap((st) => st.instructions)].filter((i) => i.keyword === 'ARG').flatMap((i) => declarations(i).map((d) => d.name)).concat(build.buildArgs.map((a) => a.name))),
    inMakefile: (file) => glue.files.some((f) => f.path === file && f.kind === 'make'),
    madeByGlue: madeBefore(glue.steps),
    filledElsewhere: mountFillerOf(repo, glue.files),
  });
  findings.push(...planned.findings);
  const writable = runDestinations(run.step);
  if (writable.length !== 1) return refuse(`the run writes into ${writable.join(', ')}; \`--output\` writes one folder`);
  const dest = writable[0];
  const target = (run.step.mounts.find((m) => m.kind === 'bind' && m.host === dest) as { target: string }).target;
  if (dest === '') return refuse('the run writes into the whole repository; `--output` would need the repository itself as its destination');
  if (repo.typeOf(dest) === 'file') return refuse(`the run writes the file ${dest} through its mount; \`--output\` writes a folder`);
  if (!isWithin(dest, build.context)) return refuse(`${dest} is outside the builder's context ${build.context || '.'}, so the build step cannot start from what it holds`);
  const rs = planned.stages[0];
  if (hasErrors(findings) || !rs) return { status: 'refused', findings };
  const exportName = namer.claim('export');
  const appended = [
    `# Stage "${rs.name}": the \`docker run\` at ${rs.glue}, now a build step.`,
    `FROM ${rs.base} AS ${rs.name}`,
    ...rs.lines,
    '',
    `# Stage "${exportName}": what \`docker build --output\` writes to ${dest}/: what the run left in the folder it mounted.`,
    `FROM scratch AS ${exportName}`,
    `COPY --from=${rs.name} ${target} /`,
  ].join(model.eol);
  const moves = [{ builderStage: rs.name, builderPath: target, hostPath: dest, runtimeLine: at, destination: dest, form: 'export' as const, evidence: [`${at.file}:${at.line}: docker run writes ${dest}/ through the mount at ${target}`, `--output writes ${dest}/ as the run did`] }];
  return finishExport(c, { stage, stages: [rs.name, exportName], exportName, appended, removed: new Set<GlueStep>([run.step]), moveTo: run.step, dest, extraArgs: rs.buildArgs.map((a) => a.written), moves });
}

interface ExportContext {
  repo: RepoView;
  glue: GlueInterpretation;
  roles: ExportRoles;
  model: DockerfileModel;
  image: DockerStage;
  build: BuildStep;
  findings: Finding[];
  mode: (path: string) => number;
}

interface ExportShape {
  /** The builder image's stage name (named in the file if it was not). */
  stage: string;
  /** The stages appended after it, the export stage last. */
  stages: string[];
  exportName: string;
  appended: string;
  /** Glue steps the rewrite drops besides builder cleanup. */
  removed: Set<GlueStep>;
  /** The step whose place the export build takes. */
  moveTo: GlueStep;
  dest: string;
  /** More arguments for the build command (build args of values the run took). */
  extraArgs: string[];
  moves: MigrationPlan['moves'];
}

/** The builder file with the export stages appended, the glue rewritten, and the plan. */
function finishExport(c: ExportContext, x: ExportShape): ExportOutcome {
  const { repo, glue, roles, model, image, build, findings, mode } = c;
  const { stage, exportName, appended, removed, dest } = x;
  const at = { file: build.origin.file, line: build.origin.line };
  const eol = model.eol;
  const named = image.name ? model.text : model.text.slice(0, image.from.end) + ` AS ${stage}` + model.text.slice(image.from.end);
  // A continuation open at the end of the file would run into the stages appended below.
  const body = closeFinalContinuation(named, model.escapeChar).replace(/(\r?\n)*$/, '');
  const after = `${body}${eol}${eol}${appended}${eol}`;

  const builderImages = new Set(build.tags.map((t) => imageKey(t)));
  const containers = new Set(roles.extractionContainers.flatMap((c) => c.handles.map((h) => key(h))));
  for (const s of glue.steps) {
    if (s.kind === 'container-cleanup' && s.containers.every((c) => containers.has(key(c)))) removed.add(s);
    if (s.kind === 'image-cleanup' && s.images.every((i) => builderImages.has(imageKey(i)))) removed.add(s);
  }
  const relDest = relativePath(build.cwd, dest);
  const rewrite = rewriteGlue(glue.files, glue.steps, removed, build, {
    extraArgs: [...x.extraArgs, '--target', exportName, '--output', `type=local,dest=${relDest}`],
    context: null,
    dockerfile: null,
    envPrefix: build.buildkit === true ? null : 'DOCKER_BUILDKIT=1',
    dropWords: build.optionWords.filter((o) => DROPPED_OPTIONS.has(o.name)).flatMap((o) => o.words),
    moveTo: x.moveTo,
  });
  findings.push(...rewrite.findings);
  if (hasErrors(findings)) return { status: 'refused', findings };
  const changes: FileChange[] = [{ path: model.path, before: model.text, after, mode: mode(model.path) }];
  for (const [path, text] of rewrite.texts) changes.push({ path, before: repo.readText(path), after: text, mode: mode(path) });
  findings.push(finding('EXPORT_NEEDS_BUILDKIT', `the glue now writes ${dest}/ with \`docker build --output\`, which needs BuildKit (the rewritten command sets DOCKER_BUILDKIT=1)`, at));
  const plan: MigrationPlan = {
    setup: {
      glue: glue.entry,
      ...(glue.sequence && glue.sequence.length > 1 ? { scripts: glue.sequence } : {}),
      ...(glue.goal ? { goal: glue.goal } : {}),
      ...(glue.goals ? { makeGoals: glue.goals } : {}),
      builders: [model.path],
      runtime: model.path,
      context: build.context,
      stages: [stage, ...x.stages].map((name) => ({ name, dockerfile: model.path })),
      buildCommand: `DOCKER_BUILDKIT=1 docker build --target ${exportName} --output type=local,dest=${relDest} …`,
      exportDir: dest,
    },
    moves: x.moves,
    files: changes,
    findings,
  };
  const check = hasErrors(plan.findings) ? [] : selfCheck({ plan, repo, inputs: [model], dockerfile: { path: model.path, stages: model.stages.length + x.stages.length }, generated: x.stages, glue: glue.files });
  // Errors in the plan's findings: the caller refuses it (after its own, more specific, checks of the plan).
  if (check.length > 0) plan.findings = [...plan.findings, ...check];
  return { status: 'migrate', plan };
}

