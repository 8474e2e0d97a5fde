/**
 * Export-only glue: the builder's files are copied out to a host folder (release binaries,
 * a site to upload) and no image is built from them. It becomes a `FROM scratch AS export`
 * stage after the builder, and the glue's `docker build --target export --output
 * type=local,dest=DIR`, which writes the same files to the same folder (BuildKit only:
 * `--output` has no classic form).
 */
import { Finding, finding, hasErrors } from '../core/findings';
import { dirName, isWithin, relativePath, relativeWithin } from '../core/paths';
import { shellWord } from '../core/quote';
import type { RepoView } from '../core/repo';
import type { GlueInterpretation } from '../app/glue';
import { builderPathKind, stageChain } from '../infer/builder-paths';
import { replayHost } from '../infer/host-layout';
import { imageKey } from '../infer/images';
import type { ExportRoles, Roles } from '../infer/roles';
import type { GlueStep } from '../interpret/events';
import { key } from '../interpret/value';
import type { DockerfileModel } from '../parse/dockerfile';
import { closeFinalContinuation } from '../parse/dockerfile-lines';
import { rewriteGlue } from '../render/glue';
import { commentText } from '../render/templates';
import { ignoreFileFindings } from './dockerignore';
import { selfCheck } from './self-check';
import { StageNamer, builderStageName } from './stage-names';
import type { FileChange, MigrationPlan } from './types';

export type ExportOutcome = { status: 'migrate'; plan: MigrationPlan } | { status: 'refused'; findings: Finding[] };

const DROPPED_OPTIONS = new Set(['tag', 'iidfile', 'quiet', 'label', 'output', 'target', 'load', 'push']);

export function planExportOnly(repo: RepoView, glue: GlueInterpretation, roles: ExportRoles, model: DockerfileModel, findings: Finding[], mode: (path: string) => number): ExportOutcome {
  const build = roles.builders[0];
  const at = { file: build.origin.file, line: build.origin.line };
  if (roles.builders.length !== 1) {
    return { status: 'refused', findings: [...findings, finding('EXTRACTION_UNSUPPORTED', 'the glue copies artifacts out of several builders and builds no image: export-only glue is migrated for one builder', at)] };
  }
  if (roles.extractions.some((e) => e.step.kind === 'stream')) {
    return { status: 'refused', findings: [...findings, finding('EXTRACTION_UNSUPPORTED', 'export-only glue that streams archives is not migrated by this version', at)] };
  }
  const image = build.target ? model.stages.find((s) => s.name === build.target) : model.stages[model.stages.length - 1];
  if (!image) return { status: 'refused', findings: [...findings, finding('DOCKERFILE_INVALID', `--target ${build.target} names no stage of ${model.path}`, at)] };
  findings.push(...ignoreFileFindings(repo, [build.context]));
  const lastExtraction = Math.max(...roles.extractions.map((e) => glue.steps.indexOf(e.step)));
  const asRoles: Roles = { ...roles, runtime: build, moreRuntimes: [], runs: [], unrelated: [], tagReferences: [] };
  const layout = replayHost(glue.steps, asRoles, repo, (_b, path) => builderPathKind(model, image, path), lastExtraction);
  findings.push(...layout.findings);
  const placements = layout.placements;
  if (placements.length === 0) return { status: 'refused', findings: [...findings, finding('RUNTIME_NOT_BUILT', 'nothing the glue copies out reaches the repository', at)] };
  // The folder `--output` writes to: the one the copies went into.
  let dest = placements[0].merged ? placements[0].hostPath : dirName(placements[0].hostPath);
  for (const p of placements) while (!isWithin(p.merged ? p.hostPath : dirName(p.hostPath), dest)) dest = dirName(dest);
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
    return p.merged || rel === '' ? `cp -a ${shellWord(`${p.source}/.`)} ${shellWord(`/export/${rel}`.replace(/\/$/, ''))}` : `cp -a${p.follow ? 'H' : ''} ${shellWord(p.source)} ${shellWord(`/export/${rel}`)}`;
  });
  const eol = model.eol;
  const extraction = commentText(`${placements[0].step.origin.file}:${placements[0].step.origin.line}`);
  const appended = [
    `# Stage "${files}": what ${extraction} copied out to ${commentText(dest)}/, laid out as the glue left it.`,
    `FROM ${stage} AS ${files}`,
    ...(asRoot ? ['USER 0'] : []),
    `RUN mkdir -p ${[...new Set(placements.map((p) => shellWord(`/export/${relativeWithin(p.merged ? p.hostPath : dirName(p.hostPath), dest)}`.replace(/\/$/, ''))))].join(' ')} \\`,
    ...copies.map((c, i) => `    && ${c}${i < copies.length - 1 ? ' \\' : ''}`),
    '',
    `# Stage "${exportName}": what \`docker build --output\` writes to ${commentText(dest)}/.`,
    `FROM scratch AS ${exportName}`,
    `COPY --from=${files} /export/ /`,
  ].join(eol);
  const named = image.name ? model.text : model.text.slice(0, image.from.end) + ` AS ${stage}` + model.text.slice(image.from.end);
  // A continuation open at the end of the file would run into the stages appended below.
  const body = closeFinalContinuation(named, model.escapeChar).replace(/(\r?\n)*$/, '');
  const after = `${body}${eol}${eol}${appended}${eol}`;

  const removed = new Set<GlueStep>([...roles.extractions.map((e) => e.step), ...roles.extractionContainers]);
  const builderImages = new Set(build.tags.map((t) => imageKey(t)));
  const containers = new Set(roles.extractionContainers.flatMap((c) => c.handles.map((h) => key(h))));
  for (const s of glue.steps) {
    if (s.kind === 'container-cleanup' && s.containers.every((c) => containers.has(key(c)))) removed.add(s);
    if (s.kind === 'image-cleanup' && s.images.every((i) => builderImages.has(imageKey(i)))) removed.add(s);
  }
  const relDest = relativePath(build.cwd, dest);
  const rewrite = rewriteGlue(glue.files, glue.steps, removed, build, {
    extraArgs: ['--target', exportName, '--output', `type=local,dest=${relDest}`],
    context: null,
    dockerfile: null,
    envPrefix: build.buildkit === true ? null : 'DOCKER_BUILDKIT=1',
    dropWords: build.optionWords.filter((o) => DROPPED_OPTIONS.has(o.name)).flatMap((o) => o.words),
    // Where the files were copied out, after the glue has prepared the folder (rm -rf, mkdir).
    moveTo: roles.extractions.map((e) => e.step).sort((a, b) => glue.steps.indexOf(b) - glue.steps.indexOf(a))[0],
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
      builders: [model.path],
      runtime: model.path,
      context: build.context,
      stages: [{ name: stage, dockerfile: model.path }, { name: files, dockerfile: model.path }, { name: exportName, dockerfile: model.path }],
      buildCommand: `DOCKER_BUILDKIT=1 docker build --target ${exportName} --output type=local,dest=${relDest} …`,
      exportDir: dest,
    },
    moves: placements.map((p) => ({
      builderStage: stage,
      builderPath: p.source,
      hostPath: p.hostPath,
      runtimeLine: { file: p.step.origin.file, line: p.step.origin.line },
      destination: p.hostPath,
      form: 'export' as const,
      evidence: [`${p.step.origin.file}:${p.step.origin.line}: docker cp …:${p.source} → ${p.hostPath}`, `--output writes ${dest}/ as the copies did`],
    })),
    files: changes,
    findings,
  };
  const check = hasErrors(plan.findings) ? [] : selfCheck({ plan, repo, inputs: [model], dockerfile: { path: model.path, stages: model.stages.length + 2 }, generated: [files, exportName], glue: glue.files });
  // Errors in the plan's findings: the caller refuses it (after its own, more specific, checks of the plan).
  if (check.length > 0) plan.findings = [...plan.findings, ...check];
  return { status: 'migrate', plan };
}
