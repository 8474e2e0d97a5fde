/**
 * The pure core: a legacy pipeline (interpreted glue) and the repository → a migration plan
 * (new files, moves, findings) or a refusal. No I/O: the repository is read through RepoView.
 */
import { Finding, finding, hasErrors } from '../core/findings';
import { dirName, hasGlob, isWithin, literalPrefix, normalizeRelative, relativePath, relativeWithin } from '../core/paths';
import { RepoView, withEmptiedDir } from '../core/repo';
import { buildCitation } from './glue-citation';
import { memoByFile } from '../core/view-memo';
import type { GlueInterpretation } from './glue-interpretation';
import { builderPathKind, stageChain } from '../infer/builder-paths';
import { Placement, replayHost, operands } from '../infer/host-layout';
import { imageCommand, imageDefaults, isIdleCommand } from '../infer/image-command';
import { imageKeyText } from '../infer/images';
import { Roles, assignRoles, containerKeys, runDestinations } from '../infer/roles';
import type { BuildStep, GlueStep } from '../interpret/events';
import { Value, asLiteral, key, resolve } from '../interpret/value';
import { DockerStage, DockerfileModel, argumentValues, parseDockerfile, syntaxDirective } from '../parse/dockerfile';
import { closeFinalContinuation } from '../parse/dockerfile-lines';
import { BuilderBlock, renderMergedDockerfile } from '../render/dockerfile';
import { BuildCommandEdit, rewriteGlue } from '../render/glue';
import type { Templates } from '../render/templates';
import { ArgSide, planArgs } from './args';
import { planCopies } from './copy-plan';
import { planExportOnly } from './export-only';
import { ignoreArtifacts, mergeDockerignore } from './dockerignore-merge';
import { migratedFilesInImage } from './migrated-in-image';
import { madeBefore, planRunStages, stagedStreams } from './run-stages';
import { planPlatforms } from './platform';
import { frozenAt } from './caller-values';
import { planReplayStage } from './replay-plan';
import { mountFillerOf } from './mount-fillers';
import { secretFindings } from './secrets';
import { planHostReplay } from '../infer/host-replay';
import { AssembledContext, originOf, traceAssembledContexts } from '../infer/assembled-context';
import { streamCommandsOf } from '../infer/streamed-command';
import { DockerignoreRules, doubtFindings, ignoreFileFindings } from './dockerignore';
import { Vars, declarations } from './dockerfile-vars';
import { deletedPrerequisites, generatedLineFindings, imageNameClashes, validationFindings } from './dockerfile-checks';
import { buildkitOnlyFeatures, builderWarnings } from './features';
import { StageNamer, builderStageName } from './stage-names';
import { selfCheck } from './self-check';
import type { CopyRewrite, FileChange, MigrationPlan } from './types';

export interface MigrateOptions {
  /** Allow (and ask the rewritten glue for) BuildKit-only output. */
  buildkit: boolean;
  /** Keep builder Dockerfiles instead of deleting them. */
  keepLegacy: boolean;
}

export type MigrateOutcome =
  | { status: 'migrate'; plan: MigrationPlan }
  | { status: 'refused'; findings: Finding[] }
  | { status: 'nothing'; findings: Finding[] };

/**
 * Build flags that shape how builder RUN steps execute: they follow the builder into the merged
 * build, where they apply to the runtime stages too (BUILD_FLAG_WIDENED says so). `--platform`
 * is not one: it moves onto the builder's FROM lines (platform.ts).
 */
const CARRIED_FLAGS = new Set([
  'network', 'add-host', 'shm-size', 'ulimit', 'memory', 'memory-swap', 'cpu-period', 'cpu-quota', 'cpu-shares', 'cpuset-cpus',
  'cpuset-mems', 'cgroup-parent', 'security-opt', 'isolation', 'pull', 'no-cache', 'cache-from', 'secret', 'ssh', 'allow', 'progress',
]);

const dockerfileModel = memoByFile(parseDockerfile);

export function planMigration(repo: RepoView, interpreted: GlueInterpretation, options: MigrateOptions, templates: Templates): MigrateOutcome {
  // A runtime context the glue assembles (`cp Dockerfile.run app deploy/`) is read through what went into it.
  const dockerfileOf = (b: BuildStep): DockerfileModel | null => dockerfileModel(repo, b.dockerfile);
  const assembled = traceAssembledContexts(interpreted.steps, repo, dockerfileOf);
  const glue: GlueInterpretation = { ...interpreted, steps: assembled.steps };
  const assembledDirOf = (b: BuildStep) => assembled.contexts.find((c) => c.build === b)?.dir ?? null;
  const findings: Finding[] = [...glue.findings, ...assembled.findings];
  for (const b of glue.steps.filter((s): s is BuildStep => s.kind === 'build')) {
    const m = dockerfileOf(b);
    // An assembled context whose Dockerfile cannot be traced has said why already.
    const untraced = assembled.findings.some((f) => f.location?.file === b.origin.file && f.location.line === b.origin.line);
    if (!m && !untraced) findings.push(finding('DOCKERFILE_MISSING', `${b.dockerfile} does not exist (or is not a readable text file)`, { file: b.origin.file, line: b.origin.line }));
    else if (!m) continue;
    else if (m.stages.length === 0) findings.push(finding('DOCKERFILE_NO_FROM', `${b.dockerfile} has no FROM instruction`, { file: b.dockerfile, line: 1 }));
    else if (!m.escapeUnderstood) findings.push(finding('DOCKERFILE_INVALID', `the escape directive of ${b.dockerfile} is written in a form this tool's parser reads differently from Docker; put \`# escape=…\` alone on the first line`, { file: b.dockerfile, line: 1 }));
  }
  if (hasErrors(findings)) return { status: 'refused', findings };
  const rolesResult = assignRoles(glue.steps, dockerfileOf, new Set(assembled.contexts.filter((c) => c.fed).map((c) => c.build)));
  if (!rolesResult.ok) {
    const all = [...findings, ...rolesResult.findings];
    return rolesResult.nothingToDo && !hasErrors(findings) ? { status: 'nothing', findings: all } : { status: 'refused', findings: all };
  }
  findings.push(...validationFindings(repo, rolesResult.ok === 'export-only' ? rolesResult.roles.builders.map((b) => b.dockerfile) : [...rolesResult.roles.builders, rolesResult.roles.runtime, ...rolesResult.roles.moreRuntimes].map((b) => b.dockerfile), findings));
  if (rolesResult.ok === 'export-only') {
    const builder = rolesResult.roles.builders[0];
    return planExportOnly(repo, glue, rolesResult.roles, dockerfileOf(builder) as DockerfileModel, findings, (p) => modeOf(repo, p));
  }
  const roles = rolesResult.roles;
  const runtimeModel = dockerfileOf(roles.runtime) as DockerfileModel;
  const extraRuntimes = roles.moreRuntimes.map((b) => ({ build: b, model: dockerfileOf(b) as DockerfileModel }));
  findings.push(...checkMoreRuntimes(roles.runtime, runtimeModel, extraRuntimes));
  // One line building every runtime image cannot be rewritten for each: that is the whole reason, said alone.
  const repeated = repeatedRuntimeLine([roles.runtime, ...roles.moreRuntimes]);
  if (repeated) return { status: 'refused', findings: [...findings.filter((f) => f.code !== 'MULTIPLE_RUNTIME_BUILDS'), repeated] };
  const sideOfBuild = (b: BuildStep) => sides.find((s) => s.build === b);

  // Builder stages and names.
  const sides: { build: BuildStep; model: DockerfileModel; stages: DockerStage[]; image: DockerStage }[] = [];
  for (const b of roles.builders) {
    const model = dockerfileOf(b) as DockerfileModel;
    const image = b.target ? model.stages.find((s) => s.name === b.target) : model.stages[model.stages.length - 1];
    if (!image) {
      findings.push(finding('DOCKERFILE_INVALID', `--target ${b.target} names no stage of ${model.path}`, { file: b.origin.file, line: b.origin.line }));
      continue;
    }
    if (sides.some((s) => s.model === model)) {
      findings.push(finding('DOCKER_UNSUPPORTED_FORM', `${model.path} is built twice as a builder; this version merges each builder Dockerfile once`, { file: b.origin.file, line: b.origin.line }));
      continue;
    }
    const converted = model.escapeChar !== runtimeModel.escapeChar ? escapeConversion(model, runtimeModel.escapeChar) : null;
    // A continuation open at the end of the builder would run into the next stage: close it.
    const closed = closeFinalContinuation(converted ?? model.text, runtimeModel.escapeChar);
    // Re-parse the changed text so every offset below refers to what will be written.
    const usable = closed === model.text ? model : parseDockerfile(model.path, closed);
    const usableImage = usable.stages[image.index];
    sides.push({ build: b, model: usable, stages: usable.stages.slice(0, image.index + 1), image: usableImage });
  }
  findings.push(...checkFiles(runtimeModel, sides.map((s) => s.model), options));
  findings.push(...checkRunningContainers(roles, sideOfBuild));
  const builderTagKeys = new Set(roles.builders.flatMap((b) => b.tags.map((t) => asLiteral(t)).filter((t): t is string => t !== null).map(imageKeyText)));
  const reserved = [
    ...[runtimeModel, ...extraRuntimes.map((r) => r.model)].flatMap((m) => m.stages.map((s) => s.name)).filter((n): n is string => n !== null),
    ...[runtimeModel, ...extraRuntimes.map((r) => r.model), ...sides.map((s) => s.model)].flatMap((m) => untaggedBases(m)).filter((b) => !builderTagKeys.has(imageKeyText(b))),
  ];
  const namer = new StageNamer(reserved);
  const blocks: BuilderBlock[] = [];
  const stageNameOf = new Map<BuildStep, string>();
  let shift = 0;
  for (const side of sides) {
    const renames = new Map<string, string>();
    let imageName = '';
    for (const s of side.stages) {
      const wanted = s.name ?? (s === side.image ? builderStageName(side.build, sides.length) : null);
      if (wanted === null) continue;
      const name = namer.claim(wanted);
      if (s.name && name !== s.name) {
        renames.set(s.name, name);
        findings.push(finding('STAGE_RENAMED', `stage "${s.name}" of ${side.model.path} is now "${name}": the name was taken`, { file: side.model.path, line: s.from.line }));
      } else if (s.name && s.writtenName !== s.name) {
        // `AS Build`: Docker already knows the stage as `build`; writing it so makes every reference agree.
        renames.set(s.name, name);
      }
      if (s === side.image) imageName = name;
    }
    stageNameOf.set(side.build, imageName);
    blocks.push({
      model: side.model,
      stages: side.stages,
      imageStage: side.image,
      imageStageName: imageName,
      renames,
      indexShift: shift,
      argEdits: [],
      argRenames: new Map(),
      droppedGlobals: [],
      rebase: '',
      glue: buildCitation(side.build.origin, repo),
    });
    shift += side.stages.length;
  }

  findings.push(
    ...imageNameClashes(
      [
        ...blocks.map((b) => ({ model: b.model, stages: b.stages, names: b.stages.map((s) => (s === b.imageStage ? b.imageStageName : s.name ? (b.renames.get(s.name) ?? s.name) : '')).filter(Boolean) })),
        ...[runtimeModel, ...extraRuntimes.map((r) => r.model)].map((m) => ({ model: m, stages: m.stages, names: m.stages.map((s) => s.name ?? '').filter(Boolean) })),
      ],
      new Set(roles.tagReferences.map((r) => r.ref.toLowerCase())),
    ),
  );
  // One build context for everything: the nearest directory holding every legacy context
  // (and every directory a build at run time mounted).
  const streamInputs = roles.extractions.flatMap((e) => (e.step.kind === 'stream' && e.step.producer.kind === 'run' ? e.step.producer.run.mounts.flatMap((m) => (m.kind === 'bind' && m.host !== null ? [m.host] : [])) : []));
  const context = commonAncestor([roles.runtime.context, ...sides.map((s) => s.build.context), ...roles.runs.flatMap((r) => runDestinations(r.step)), ...streamInputs]);
  sides.forEach((s, i) => (blocks[i].rebase = relativeWithin(s.build.context, context)));
  findings.push(...checkSpecificIgnores(repo, [roles.runtime, ...sides.map((s) => s.build)]));
  findings.push(...ignoreFileFindings(repo, [context, roles.runtime.context, ...sides.map((s) => s.build.context)]));
  const ignoreMerge = mergeDockerignore(repo, context, [
    // An assembled context had no .dockerignore of its own (traced): its files come from the host replay, not the repository.
    ...(assembledDirOf(roles.runtime) !== null ? [] : [{ context: roles.runtime.context, at: { file: roles.runtime.origin.file, line: roles.runtime.origin.line }, reads: contextReads(runtimeModel, runtimeModel.stages, roles.runtime.context, context) }]),
    ...sides.map((s) => ({ context: s.build.context, at: { file: s.build.origin.file, line: s.build.origin.line }, reads: contextReads(s.model, s.stages, s.build.context, context) })),
  ]);
  findings.push(...ignoreMerge.findings);

  // An image the runtime or a run-time build starts from (or copies from, to be safe) would inherit its stages' ENV.
  const inheritsFrom = (b: BuildStep) => roles.runs.some((r) => r.build === b) || roles.tagReferences.some((t) => t.build === b);
  const args = planArgs(toArgSide(roles.runtime, runtimeModel), sides.map((s) => ({ build: s.build, model: s.model, stages: s.stages, inherited: inheritsFrom(s.build) })));
  findings.push(...args.findings);
  args.builders.forEach((p, i) => {
    blocks[i].argEdits = p.edits;
    blocks[i].argRenames = p.renames;
    blocks[i].droppedGlobals = p.droppedGlobals;
  });

  const ignoreRules = new DockerignoreRules(repo.readText(joinPath(context, '.dockerignore')));
  const streamRuns = stagedStreams(roles.extractions, sideOfBuild);
  const runStages = planRunStages([...roles.runs, ...streamRuns], {
    repo,
    context,
    ignore: ignoreRules,
    namer,
    buildkit: options.buildkit,
    builderOf: (r) => {
      const side = r.build ? sideOfBuild(r.build) : undefined;
      return side && r.build ? { name: stageNameOf.get(r.build) ?? 'build', model: side.model, image: side.image, hasShell: builderHasShell(side) } : null;
    },
    takenArgs: new Set([...[runtimeModel, ...sides.map((s) => s.model)].flatMap((m) => [...m.preamble, ...m.stages.flatMap((st) => st.instructions)].filter((i) => i.keyword === 'ARG').flatMap((i) => declarations(i).map((d) => d.name))), ...roles.runtime.buildArgs.map((a) => a.name), ...args.builders.flatMap((b) => [...b.renames.values()])]),
    inMakefile: (file) => glue.files.some((f) => f.path === file && f.kind === 'make'),
    madeByGlue: madeBefore(glue.steps),
    filledElsewhere: mountFillerOf(repo, glue.files),
  });
  findings.push(...runStages.findings);
  const runStageName = new Map(runStages.stages.map((s) => [s.run, s.name]));
  // Streams and host steps on artifacts are replayed in a stage; otherwise each copy is placed.
  const hostReplay = planHostReplay(glue.steps, roles, repo, streamCommandsOf(glue.steps, dockerfileOf));
  const layout = hostReplay
    ? { placements: [], plumbing: new Set<GlueStep>(), findings: [] }
    : replayHost(glue.steps, roles, repo, (b, path) => {
        const side = sides.find((s) => s.build === b);
        return side ? builderPathKind(side.model, side.image, path) : { kind: 'unknown', evidence: null };
      });
  findings.push(...layout.findings);
  const replayStage = hostReplay
    ? planReplayStage({
        replay: hostReplay,
        roles,
        context,
        stageOf: (b) => stageNameOf.get(b) ?? 'build',
        runsAsUser: (b) => builderUser(sideOfBuild(b)) !== null,
        hasShell: (b) => builderHasShell(sideOfBuild(b)),
        namer,
        ignore: ignoreRules,
        streamFrom: (s) => {
          const staged = runStages.stages.find((r) => r.run.stdout === s);
          return staged?.stdout ? { stage: staged.name, path: staged.stdout } : null;
        },
        ownContexts: assembled.contexts.map((c) => c.dir),
      })
    : null;
  // The run-stage planner may have refused the same run already: its reason is the precise one.
  const placed = (f: Finding) => `${f.location?.file}:${f.location?.line}`;
  const refusedAt = new Set(findings.filter((f) => f.severity === 'error').map(placed));
  if (replayStage) findings.push(...replayStage.findings.filter((f) => f.severity !== 'error' || !refusedAt.has(placed(f))));
  const runtimeIgnore = roles.runtime.context === context ? ignoreRules : new DockerignoreRules(repo.readText(joinPath(roles.runtime.context, '.dockerignore')));
  const consumed = new Set<Placement>();
  const copyInput = (b: BuildStep, m: DockerfileModel, last: boolean) => ({
    model: m,
    stages: m.stages,
    context: b.context,
    rebase: relativeWithin(b.context, context),
    buildArgs: buildArgVars(b),
    buildArgValues: new Map(b.buildArgs.map((a) => [a.name, a.value])),
    consumed,
    reportUnconsumed: last,
    placements: layout.placements,
    stageOf: (p: Placement) => (p.run ? runStageName.get(p.run) : p.builder ? stageNameOf.get(p.builder) : undefined) ?? 'build',
    // What a working copy holds in an assembled context never reached the legacy image: the glue emptied it first.
    repo: assembledDirOf(b) === null ? repo : withEmptiedDir(repo, assembledDirOf(b) as string),
    ignore: roles.runtime.context === context ? ignoreRules : assembledDirOf(b) !== null ? new DockerignoreRules(null) : runtimeIgnore,
    namer,
    hasShell: (p: Placement) => (p.builder ? builderHasShell(sideOfBuild(p.builder)) : true),
    replay: replayStage ? { helper: replayStage.helper, derived: replayStage.derived, inputs: replayStage.inputs, opaque: replayStage.opaque, contentOf: replayStage.contentOf } : undefined,
    kindOf: (p: Placement, path: string) => {
      const side = p.builder && !p.run ? sideOfBuild(p.builder) : undefined;
      return side ? builderPathKind(side.model, side.image, path) : { kind: 'unknown' as const, evidence: null };
    },
    runsAsUser: (p: Placement) => (p.run?.step.user ? !/^(root|0)(:.*)?$/.test(p.run.step.user) : false) || (p.builder ? builderUser(sideOfBuild(p.builder)) !== null : false),
  });
  const copies = planCopies(copyInput(roles.runtime, runtimeModel, extraRuntimes.length === 0));
  const extraCopies = extraRuntimes.map((r, i) => planCopies(copyInput(r.build, r.model, i === extraRuntimes.length - 1)));
  findings.push(...copies.findings, ...extraCopies.flatMap((c) => c.findings));
  // With several runtime images each gets a named final stage, built with --target.
  const finalName = (b: BuildStep, m: DockerfileModel) => m.stages[m.stages.length - 1].name ?? namer.claim(builderStageName(b, 2));
  const targets = extraRuntimes.length > 0 ? [finalName(roles.runtime, runtimeModel), ...extraRuntimes.map((r) => finalName(r.build, r.model))] : [];

  const tagReferences = new Map<string, string>();
  for (const r of roles.tagReferences) tagReferences.set(r.ref.toLowerCase(), stageNameOf.get(r.build) ?? r.ref);
  const removed = removedSteps(glue.steps, roles, layout.plumbing, layout.placements, hostReplay?.derived ?? []);
  for (const s of hostReplay?.steps ?? []) removed.add(s);
  keepAssembledDirs(glue.steps, assembled.contexts, removed);
  findings.push(...artifactReaders(glue.steps, removed, roles, layout.placements, hostReplay?.derived ?? []));
  // Values the merged Dockerfile takes from these lines are written as the defaults the glue assumed.
  findings.push(...frozenAt(glue.findings, [...roles.builders, roles.runtime, ...roles.moreRuntimes, ...(hostReplay?.steps ?? []), ...roles.extractions.map((e) => e.step).filter((s) => s.kind !== 'cp')]));
  const runArgs = runStages.stages.flatMap((r) => r.buildArgs.map((a) => ({ text: a.written, from: roles.runtime })));
  const platforms = planPlatforms(roles.runtime, sides);
  findings.push(...platforms.findings);
  sides.forEach((s, i) => (blocks[i].platform = platforms.fromPlatform.get(s.build) ?? null));
  const edit = buildCommandEdit(roles, sides.map((s) => s.build), [...args.extraBuildArgs, ...runArgs], context, glue, options, findings, assembledDirOf(roles.runtime) !== null);
  if (targets.length > 0) {
    edit.extraArgs = [...edit.extraArgs, '--target', targets[0]];
    edit.more = new Map(
      extraRuntimes.map((r, i) => [
        r.build,
        {
          ...edit,
          more: undefined,
          extraArgs: [...edit.extraArgs.slice(0, -2), '--target', targets[i + 1]],
          dockerfile: relativePath(r.build.cwd, runtimeModel.path),
          dropWords: r.build.optionWords.filter((o) => o.name === 'file').flatMap((o) => o.words),
        },
      ]),
    );
  }
  const deleted = options.keepLegacy ? [] : deletedDockerfiles(runtimeModel, roles, sides.map((s) => s.model), extraRuntimes.map((r) => r.model));
  const glueRewrite = rewriteGlue(glue.files, glue.steps, removed, roles.runtime, edit, new Set(deleted.map((m) => m.path)));
  findings.push(...glueRewrite.findings);
  findings.push(...secretFindings({ roles, runtime: runtimeModel, builders: sides, buildkit: options.buildkit }));
  findings.push(...doubtFindings(ignoreRules, joinPath(context, '.dockerignore')));
  if (runtimeIgnore !== ignoreRules) findings.push(...doubtFindings(runtimeIgnore, joinPath(roles.runtime.context, '.dockerignore')));
  if (hasErrors(findings)) return { status: 'refused', findings };

  const syntax = options.buildkit ? (sides.map((s) => syntaxDirective(s.model)).find((x) => x !== null) ?? null) : null;
  const helpers = [...new Set([...copies.helpers, ...extraCopies.flatMap((c) => c.helpers)])];
  let extraShift = shift + runStages.stages.length + helpers.length + runtimeModel.stages.length;
  const extraBlocks = extraRuntimes.map((r, i) => {
    const block = { model: r.model, rewrites: extraCopies[i].rewrites, tagReferences, indexShift: extraShift, finalName: targets[i + 1] };
    extraShift += r.model.stages.length;
    return block;
  });
  const merged = renderMergedDockerfile(
    blocks,
    runStages.stages,
    helpers,
    { model: runtimeModel, rewrites: copies.rewrites, tagReferences, indexShift: shift + runStages.stages.length + helpers.length, finalName: targets[0] },
    templates,
    { syntax },
    extraBlocks,
  );

  const tooLong = generatedLineFindings(
    merged,
    [...runStages.stages.map((r) => ({ text: r.lines.join('\n'), file: r.run.step.origin.file, at: r.run.step.origin.line })), ...glue.files.map((f) => ({ text: repo.readText(f.path), file: f.path, at: null }))],
    { file: glue.entry, line: 1 },
  );
  if (tooLong.length > 0) return { status: 'refused', findings: [...findings, ...tooLong] };
  const files: FileChange[] = [{ path: runtimeModel.path, before: runtimeModel.text, after: merged, mode: modeOf(repo, runtimeModel.path) }];
  for (const [path, text] of glueRewrite.texts) files.push({ path, before: repo.readText(path), after: text, mode: modeOf(repo, path) });
  const ignorePath = joinPath(context, '.dockerignore');
  const runtimeReads = [{ build: roles.runtime, model: runtimeModel, plan: copies }, ...extraRuntimes.map((r, i) => ({ ...r, plan: extraCopies[i] }))].flatMap((r) => contextReads(r.model, r.model.stages, r.build.context, context, r.plan.rewrites));
  const artifactPaths = [...layout.placements.filter((p) => p.via !== 'run').map((p) => p.hostPath), ...(hostReplay?.derived ?? [])];
  const mergedIgnore = ignoreArtifacts(repo, context, ignoreMerge.text ?? repo.readText(ignorePath), artifactPaths, runtimeReads) ?? ignoreMerge.text;
  if (mergedIgnore !== null) files.push({ path: ignorePath, before: repo.readText(ignorePath), after: mergedIgnore, mode: 0o100644 });
  for (const m of deleted) files.push({ path: m.path, before: repo.readText(m.path), after: null, mode: modeOf(repo, m.path) });
  findings.push(...deletedPrerequisites(glue.files, deleted.map((m) => m.path), glueRewrite.texts));
  // Stages whose files reach the runtime image whole: the runtime's, and builders it starts FROM.
  const inherited = sides.filter((s) => roles.tagReferences.some((r) => r.build === s.build && runtimeModel.stages.some((st) => st.base === r.ref)));
  const copying = (b: BuildStep, model: DockerfileModel, stages: DockerStage[]) => ({ model, stages, context: b.context, buildArgs: buildArgVars(b) });
  findings.push(...assembledFilesCopied(files, assembled.contexts.filter((c) => c.build === roles.runtime), runtimeModel, glue.steps, repo));
  findings.push(
    ...migratedFilesInImage(
      files,
      [...inherited.map((s) => copying(s.build, s.model, stageChain(s.model, s.image))), copying(roles.runtime, runtimeModel, runtimeModel.stages), ...extraRuntimes.map((r) => copying(r.build, r.model, r.model.stages))],
      sides.filter((s) => !inherited.includes(s)).map((s) => ({ ...copying(s.build, s.model, stageChain(s.model, s.image)), stageName: stageNameOf.get(s.build) ?? '' })),
      [...copies.moves, ...extraCopies.flatMap((c) => c.moves)],
    ),
  );
  const plan: MigrationPlan = {
    setup: {
      glue: glue.entry,
      ...(glue.sequence && glue.sequence.length > 1 ? { scripts: glue.sequence } : {}),
      ...(glue.goal ? { goal: glue.goal } : {}),
      ...(glue.goals ? { makeGoals: glue.goals } : {}),
      builders: sides.map((s) => s.model.path),
      runtime: runtimeModel.path,
      context,
      stages: [
        ...blocks.map((b) => ({ name: b.imageStageName, dockerfile: b.model.path })),
        ...runStages.stages.map((r) => ({ name: r.name, dockerfile: r.glue })),
        ...helpers.map((h) => ({ name: h.name, dockerfile: runtimeModel.path })),
        ...targets.map((t, i) => ({ name: t, dockerfile: i === 0 ? runtimeModel.path : extraRuntimes[i - 1].model.path })),
      ],
      buildCommand: [describeBuild(roles.runtime, edit), ...extraRuntimes.map((r) => describeBuild(r.build, edit.more?.get(r.build) ?? edit))].join('; '),
    },
    moves: [...copies.moves, ...extraCopies.flatMap((c) => c.moves)],
    files,
    findings,
  };
  // A plan already refused needs no verdict on its output.
  const check = hasErrors(plan.findings) ? [] : selfCheck({
    plan,
    repo,
    inputs: [runtimeModel, ...sides.map((s) => s.model), ...extraRuntimes.map((r) => r.model)],
    dockerfile: { path: runtimeModel.path, stages: extraShift },
    generated: [...runStages.stages.map((r) => r.name), ...helpers.map((h) => h.name)],
    glue: glue.files,
  });
  // Errors in the plan's findings: the caller refuses it (after its own, more specific, checks of the plan).
  if (check.length > 0) plan.findings = [...plan.findings, ...check];
  return { status: 'migrate', plan };
}

function checkFiles(runtime: DockerfileModel, builders: DockerfileModel[], options: MigrateOptions): Finding[] {
  const out: Finding[] = [];
  for (const b of builders) {
    if (b.escapeChar !== runtime.escapeChar && escapeConversion(b, runtime.escapeChar) === null) {
      out.push(finding('ESCAPE_MISMATCH', `${b.path} uses the escape character ${b.escapeChar} and ${runtime.path} uses ${runtime.escapeChar}; one merged file can only have one (PD-6)`, { file: b.path, line: b.directives.find((d) => d.name === 'escape')?.line ?? 1 }));
    }
    const syntax = b.directives.find((d) => d.name === 'syntax');
    if (syntax && !options.buildkit) out.push(finding('SYNTAX_DIRECTIVE_DROPPED', `\`# syntax=${syntax.value}\` makes offline BuildKit builds fail (PD-1) and means nothing to the classic builder; it is left out (pass --buildkit to keep it)`, { file: b.path, line: syntax.line }));
    out.push(...builderWarnings(b));
  }
  if (!options.buildkit) {
    for (const m of [...builders, runtime]) {
      for (const f of buildkitOnlyFeatures(m)) out.push(finding('BUILDKIT_REQUIRED', `${f.what} needs BuildKit; the merged Dockerfile would not build with the classic builder (pass --buildkit)`, { file: m.path, line: f.line }));
    }
  }
  return out;
}

/**
 * The builder's text rewritten for the runtime's escape character, when that is exact: the
 * builder's escape character only ends lines (continuations) and the runtime's never occurs
 * in it, so swapping them changes nothing else. Null when it would not be exact.
 */
export function escapeConversion(b: DockerfileModel, to: string): string | null {
  const from = b.escapeChar;
  const body = b.text.slice(b.directives.length > 0 ? b.lines.lineEndWithTerminator(b.directives[b.directives.length - 1].line) : 0);
  const esc = (c: string) => c.replace(/[\\^$.*+?()[\]{}|]/g, '\\$&');
  const continuation = new RegExp(`${esc(from)}(?=\\r?\\n)`, 'g');
  if (body.replace(continuation, '').includes(from) || body.includes(to)) return null;
  return body.replace(continuation, to);
}

/**
 * Context COPYs of a runtime whose context the glue assembled, taking a file the glue copied
 * there that the migration rewrites or deletes (`cp Dockerfile.run deploy/`, then `COPY .
 * /app`): the replay copies the rewritten one, so that image will differ in it, by design.
 */
function assembledFilesCopied(files: FileChange[], contexts: AssembledContext[], runtime: DockerfileModel, steps: readonly GlueStep[], repo: RepoView): Finding[] {
  const out: Finding[] = [];
  for (const c of contexts) {
    const changed = files.map((f) => f.path).filter((p) => c.sources.some((src) => isWithin(p, src)));
    if (changed.length === 0) continue;
    for (const ins of runtime.stages.flatMap((st) => st.instructions)) {
      if ((ins.keyword !== 'COPY' && ins.keyword !== 'ADD') || ins.flags.some((f) => f.name === 'from') || ins.heredoc) continue;
      const hit = argumentValues(ins)
        .slice(0, -1)
        .flatMap((src) => takenFrom(c, normalizeRelative(src, c.dir), changed, steps, repo));
      if (hit.length > 0) out.push(finding('MIGRATED_FILE_IN_IMAGE', `the glue copies ${[...new Set(hit)].join(', ')} into this build's context, which the migration rewrites or deletes; where this COPY takes ${hit.length > 1 ? 'them' : 'it'}, the image will differ in ${hit.length > 1 ? 'those files' : 'that file'}`, { file: runtime.path, line: ins.line }));
    }
  }
  return out;
}

/** Which of `changed` a COPY source of the assembled context reaches: traced back where it can be, all of them where not. */
function takenFrom(c: AssembledContext, source: string | null, changed: string[], steps: readonly GlueStep[], repo: RepoView): string[] {
  if (source === null || source === c.dir || hasGlob(source)) return changed;
  const o = originOf(source, steps, steps.indexOf(c.build), repo, c.streamCommands);
  if (o.kind === 'repo') return changed.filter((p) => isWithin(p, o.path));
  return o.kind === 'artifact' ? [] : changed;
}

/** FROM references without tag or digest that are images, not stages of the same file. */
function untaggedBases(m: DockerfileModel): string[] {
  const own = new Set(m.stages.map((s) => s.name));
  return m.stages.map((s) => s.base).filter((b) => !/[:@$]/.test(b) && !own.has(b.toLowerCase())).map((b) => b.toLowerCase());
}

function commonAncestor(paths: string[]): string {
  let common = paths[0] ?? '';
  for (const p of paths.slice(1)) while (!isWithin(p, common)) common = dirName(common);
  return common;
}

function joinPath(dir: string, name: string): string {
  return dir ? `${dir}/${name}` : name;
}

/** What merging several runtime images into one Dockerfile supports in this version. */
function checkMoreRuntimes(primary: BuildStep, primaryModel: DockerfileModel, more: { build: BuildStep; model: DockerfileModel }[]): Finding[] {
  const out: Finding[] = [];
  const seen = new Set([primaryModel.path]);
  for (const r of [{ build: primary, model: primaryModel }, ...more]) {
    const at = { file: r.build.origin.file, line: r.build.origin.line };
    if (more.length === 0) break;
    if (r.build.target) out.push(finding('MULTIPLE_RUNTIME_BUILDS', `this runtime build picks --target ${r.build.target}; several runtime images are merged only when each builds a whole Dockerfile`, at));
    if (r.build !== primary && seen.has(r.model.path)) out.push(finding('MULTIPLE_RUNTIME_BUILDS', `${r.model.path} is built twice as a runtime image`, at));
    if (r.build.context !== primary.context) out.push(finding('MULTIPLE_RUNTIME_BUILDS', `the runtime images are built from different contexts (${primary.context || '.'} and ${r.build.context || '.'})`, at));
    if (r.build !== primary && r.model.preamble.some((i) => i.keyword === 'ARG')) out.push(finding('MULTIPLE_RUNTIME_BUILDS', `${r.model.path} declares ARGs before its FROM; merging those with another runtime's is not done by this version`, at));
    seen.add(r.model.path);
  }
  return out;
}

/** Several runtime images built by one glue line run more than once (a make pattern rule's recipe, a function). */
function repeatedRuntimeLine(runtimes: BuildStep[]): Finding | null {
  const key = (b: BuildStep) => `${b.origin.file}:${b.origin.line}:${b.origin.chain.join(',')}`;
  const twice = runtimes.find((b, i) => runtimes.findIndex((o) => key(o) === key(b)) !== i);
  if (!twice) return null;
  const n = runtimes.filter((b) => key(b) === key(twice)).length;
  return finding('MULTIPLE_RUNTIME_BUILDS', `this one build line makes ${n} runtime images (it runs once per target of a make pattern rule, or once per call of a function); the merged Dockerfile would need a different final stage for each, which one rewritten line cannot name: write a build line per image`, { file: twice.origin.file, line: twice.origin.line });
}

/** BuildKit's per-Dockerfile ignore files (IG-2) have no place in one merged build. */
function checkSpecificIgnores(repo: RepoView, builds: BuildStep[]): Finding[] {
  return builds
    .filter((b) => repo.typeOf(`${b.dockerfile}.dockerignore`) === 'file')
    .map((b) => finding('DOCKERIGNORE_CONTEXT_CHANGED', `${b.dockerfile}.dockerignore applies to this build under BuildKit only (IG-2); the merged build cannot reproduce per-Dockerfile ignore files`, { file: b.origin.file, line: b.origin.line }));
}

/**
 * The context sources a Dockerfile's stages read, as paths of the merged context. With
 * `rewrites`, a rewritten line reads only its lines' context sources (already paths of the
 * merged context); the others read what they name.
 */
function contextReads(m: DockerfileModel, stages: DockerStage[], legacyContext: string, context: string, rewrites: CopyRewrite[] = []): string[] {
  const rewritten = new Map(rewrites.map((r) => [r.instruction, r.lines]));
  const prefix = (src: string, base: string) => normalizeRelative(literalPrefix(src.replace(/\$\{?[A-Za-z_][A-Za-z0-9_]*\}?.*$/, '')), base);
  return stages
    .flatMap((st) => st.instructions)
    .filter((i) => (i.keyword === 'COPY' || i.keyword === 'ADD') && !i.flags.some((f) => f.name === 'from') && !i.heredoc)
    .flatMap((i) => {
      const lines = rewritten.get(i);
      if (lines) return lines.filter((l) => l.from === null).flatMap((l) => l.sources.map((src) => prefix(src, context)));
      return argumentValues(i).slice(0, -1).map((src) => prefix(src, legacyContext));
    })
    .filter((p): p is string => p !== null && isWithin(p, context))
    .map((p) => relativeWithin(p, context));
}

function toArgSide(build: BuildStep, m: DockerfileModel): ArgSide {
  return { build, model: m, stages: m.stages };
}

function buildArgVars(b: BuildStep): Vars {
  const vars: Vars = new Map();
  for (const a of b.buildArgs) vars.set(a.name, a.value ? (resolve(a.value)?.text ?? null) : null);
  return vars;
}

/** A builder image can run `cp -a` unless it starts from scratch (distroless images are refused the same way). */
function builderHasShell(side: { model: DockerfileModel; image: DockerStage } | undefined): boolean {
  if (!side) return false;
  let stage: DockerStage | undefined = side.image;
  for (let guard = 0; stage && guard < 20; guard++) {
    const base: string = stage.base.toLowerCase();
    if (base === 'scratch' || /distroless/.test(base)) return false;
    const parent: DockerStage | undefined = side.model.stages.find((s) => s.name === base && s.index < (stage as DockerStage).index);
    if (!parent) return true;
    stage = parent;
  }
  return true;
}

/** The last USER of the builder image's stage chain when it is not root; null for root. */
function builderUser(side: { model: DockerfileModel; image: DockerStage } | undefined): string | null {
  if (!side) return null;
  let user: string | null = null;
  for (const st of stageChain(side.model, side.image)) {
    for (const ins of st.instructions) if (ins.keyword === 'USER' && ins.args[0]) user = ins.args[0].value;
  }
  return user === null || /^(root|0)(:(root|0))?$/.test(user) ? null : user;
}

/** The ENTRYPOINT the builder image's own Dockerfile sets, or null (base images are not known here). */
function builderEntrypoint(side: { model: DockerfileModel; image: DockerStage } | undefined): { line: number } | null {
  if (!side) return null;
  let found: { line: number } | null = null;
  for (const st of stageChain(side.model, side.image)) {
    for (const ins of st.instructions) {
      if (ins.keyword === 'ENTRYPOINT') found = ins.json && ins.json.length === 0 ? null : { line: ins.line };
    }
  }
  return found;
}

/**
 * Containers that run (`docker run -d`, `docker run … cat`) must not change the files before
 * they are copied: what the container runs (its command, or the image's CMD/ENTRYPOINT) must
 * be idle, and no ENTRYPOINT may run before `cat`.
 */
function checkRunningContainers(roles: Roles, sideOf: (b: BuildStep) => { model: DockerfileModel; image: DockerStage } | undefined): Finding[] {
  const out: Finding[] = [];
  for (const e of roles.extractions) {
    const inv = e.step.kind === 'cat' ? e.step.invocation : e.container?.mode === 'run' ? e.container.invocation : null;
    if (!inv) continue;
    const origin = e.step.kind === 'cat' ? e.step.origin : (e.container as NonNullable<typeof e.container>).origin;
    const at = { file: origin.file, line: origin.line };
    const side = sideOf(e.build);
    const entry = builderEntrypoint(side);
    const entrypointOption = inv.options.find((o) => o.name === 'entrypoint');
    if (e.step.kind === 'cat' || !e.container) {
      if (entry && !entrypointOption) out.push(finding('RUN_HAS_ENTRYPOINT', `the builder image has ENTRYPOINT (${side?.model.path}:${entry.line}), so \`docker run\` hands the command to it and it may change files first; add --entrypoint or migrate by hand`, at));
      continue;
    }
    const args = e.container.command.map((c) => asLiteral(c));
    const entrypoint = entrypointOption?.value ? asLiteral(entrypointOption.value) : undefined;
    if (args.some((a) => a === null) || entrypoint === null || !side) {
      const shown = e.container.command.map((c) => asLiteral(c) ?? '…').join(' ') || 'the image\'s default command';
      out.push(finding('RUN_COMMAND_NOT_IDLE', `the container runs \`${shown}\`, which may change files before docker cp copies them; only idle commands (sleep, tail -f /dev/null, cat) are migrated`, at));
      continue;
    }
    const cmd = imageCommand(imageDefaults(side.model, side.image), args as string[], entrypoint);
    if (!cmd.ok) {
      out.push(finding('RUN_COMMAND_UNKNOWN', `${cmd.problem}; whether it changes files before docker cp copies them cannot be told`, at));
    } else if (!isIdleCommand(cmd.argv)) {
      if (entry && !entrypointOption && args.length > 0 && isIdleCommand(args as string[])) {
        out.push(finding('RUN_HAS_ENTRYPOINT', `the builder image has ENTRYPOINT (${side.model.path}:${entry.line}), so \`docker run\` hands the command to it and it may change files first; add --entrypoint or migrate by hand`, at));
      } else {
        out.push(finding('RUN_COMMAND_NOT_IDLE', `the container runs ${cmd.described}, which may change files before docker cp copies them; only idle commands (sleep, tail -f /dev/null, cat) are migrated`, at));
      }
    }
  }
  return out;
}

/** Glue steps the migration removes: the builder builds and everything that only served extraction. */
function removedSteps(steps: readonly GlueStep[], roles: Roles, plumbing: Set<GlueStep>, placements: Placement[], derived: string[]): Set<GlueStep> {
  const removed = new Set<GlueStep>(plumbing);
  const builders = new Set<GlueStep>(roles.builders);
  const containers = containerKeys(roles);
  const builderImages = new Set(roles.builders.flatMap((b) => b.tags.map((t) => key(t))));
  const builderImageKeys = new Set(roles.builders.flatMap((b) => b.tags.map((t) => imageKeyText(asLiteral(t) ?? `\u0000${key(t)}`))));
  const runtimeAt = steps.indexOf(roles.runtime);
  for (const s of roles.extractions) removed.add(s.step);
  for (const r of roles.runs) removed.add(r.step);
  for (const c of roles.extractionContainers) removed.add(c);
  steps.forEach((s, i) => {
    if (builders.has(s)) removed.add(s);
    if (s.kind === 'container-cleanup' && s.containers.length > 0 && s.containers.every((c) => containers.has(key(c)))) removed.add(s);
    // `docker rmi IMG` or `docker rmi $(docker images -q IMG)` of a builder image, and that lookup itself.
    const builderImage = (im: Value) => builderImages.has(key(im)) || builderImageKeys.has(imageKeyText(asLiteral(im) ?? '')) || im.parts.every((p) => 'sym' in p && p.sym.startsWith('image-id:') && builderImages.has(p.sym.slice('image-id:'.length)));
    if (s.kind === 'image-cleanup' && s.images.length > 0 && s.images.every(builderImage)) removed.add(s);
    if (s.kind === 'docker-other' && s.invocation.subcommand === 'images' && s.image && builderImage(s.image)) removed.add(s);
    // Host cleanup of artifacts after the runtime build is no longer needed.
    if (s.kind === 'host' && i > runtimeAt && (s.command === 'rm' || s.command === 'rmdir')) {
      const paths = operands(s);
      const artifact = (p: string) => placements.some((pl) => isWithin(p, pl.hostPath) || (isWithin(pl.hostPath, p) && p !== '')) || derived.some((d) => isWithin(p, d) || (isWithin(d, p) && p !== ''));
      if (paths.length > 0 && paths.every((p) => p !== null && artifact(p))) removed.add(s);
    }
  });
  return removed;
}

/** Builder Dockerfiles, and other runtime Dockerfiles (now stages of the merged one), that no build uses any more. */
function deletedDockerfiles(runtime: DockerfileModel, roles: Roles, builders: DockerfileModel[], moreRuntimes: DockerfileModel[]): DockerfileModel[] {
  const stillUsed = new Set([runtime.path, ...roles.unrelated.map((b) => b.dockerfile)]);
  const out = [...builders, ...moreRuntimes].filter((m) => !stillUsed.has(m.path));
  return out.filter((m, i) => out.findIndex((o) => o.path === m.path) === i);
}

/**
 * The glue goes on running in an assembled context's directory (`cd deploy; docker build …;
 * docker save …`): the `mkdir deploy` that made it (and the `rm -rf deploy` before) stays.
 */
function keepAssembledDirs(steps: readonly GlueStep[], contexts: readonly AssembledContext[], removed: Set<GlueStep>): void {
  for (const c of contexts) {
    const at = steps.indexOf(c.build);
    const usedAfter = steps.slice(at).some((s) => !removed.has(s) && 'cwd' in s && typeof s.cwd === 'string' && isWithin(s.cwd, c.dir));
    if (usedAfter) for (const m of c.makers) removed.delete(m);
  }
}

/** Commands that only show something about files (or test them): when they only look at artifacts, they go with them. */
const DISPLAY_ONLY = new Set(['ls', 'file', 'du', 'stat', 'tree', 'wc', 'md5sum', 'sha1sum', 'sha256sum', 'sha512sum', 'test']);

/**
 * Kept glue steps that read artifacts would break once nothing is extracted any more; those
 * that only display or test them (`ls -l dist`, `[ -f app ] || exit 1`) are removed with the
 * extraction (added to `removed`). Artifacts are what was copied out and what a replay stage
 * rebuilds (`derived`); running one (`./app --version`) reads it too.
 */
function artifactReaders(steps: readonly GlueStep[], removed: Set<GlueStep>, roles: Roles, placements: Placement[], derived: readonly string[]): Finding[] {
  const out: Finding[] = [];
  const first = Math.min(...[...roles.extractions, ...roles.runs].map((e) => steps.indexOf(e.step)));
  const artifacts = [...placements.map((p) => p.hostPath), ...derived];
  const artifactAt = (x: string | null) => (x === null || x === '' ? undefined : artifacts.find((a) => isWithin(x, a)));
  const runtimeAt = steps.indexOf(roles.runtime);
  steps.forEach((s, i) => {
    if (i <= first || removed.has(s) || (s.kind !== 'host' && s.kind !== 'other')) return;
    // Host steps before the runtime build are the replay stage's to judge; `rm -f` of a path that is gone succeeds.
    if (s.kind === 'host' && ((derived.length > 0 && i < runtimeAt) || (s.command === 'rm' && s.args.some((a) => a !== null && /^-[a-zA-Z]*f/.test(a))))) return;
    const resolveArg = (a: string | null) => (a === null || a.startsWith('-') ? null : normalizeRelative(a, s.cwd));
    const run = s.kind === 'other' && s.command.includes('/') ? normalizeRelative(s.command, s.cwd) : null;
    const paths = s.kind === 'host' ? [...operands(s), ...s.writes] : s.args.filter((a) => a === null || !a.startsWith('-')).map(resolveArg);
    const hit = [run, ...paths].map(artifactAt).find((a) => a !== undefined);
    if (hit === undefined) return;
    if (s.kind === 'other' && run === null && DISPLAY_ONLY.has(s.command) && paths.length > 0 && paths.every((x) => artifactAt(x) !== undefined)) {
      removed.add(s);
      return;
    }
    out.push(finding('ARTIFACT_USED_BY_GLUE', `\`${s.command}\` ${run !== null && artifactAt(run) ? 'runs' : 'reads'} \`${hit}\`, which the migrated glue no longer copies out of the builder`, { file: s.origin.file, line: s.origin.line }));
  });
  return out;
}

function buildCommandEdit(roles: Roles, builders: BuildStep[], extraArgs: { text: string; from: BuildStep }[], context: string, glue: GlueInterpretation, options: MigrateOptions, findings: Finding[], assembled: boolean): BuildCommandEdit {
  const runtime = roles.runtime;
  const kind = (b: BuildStep) => glue.files.find((f) => f.path === b.origin.file)?.kind ?? 'shell';
  // Text moves between a script and a Makefile: make needs `$$` where the shell has `$`.
  const convert = (text: string, from: BuildStep) => (kind(from) === kind(runtime) ? text : kind(runtime) === 'make' ? text.replace(/\$/g, '$$$$') : text.replace(/\$\$/g, '$'));
  const extra = extraArgs.map((a) => convert(a.text, a.from));
  for (const b of builders) {
    for (const f of b.flags) {
      if (!CARRIED_FLAGS.has(f.name)) continue;
      const same = runtime.flags.filter((r) => r.name === f.name);
      if (same.some((r) => r.written === f.written) || extra.includes(convert(f.written, b))) continue;
      if (same.length > 0 && f.value !== null && f.name !== 'cache-from' && f.name !== 'add-host' && f.name !== 'secret' && f.name !== 'ulimit') {
        findings.push(finding('BUILD_FLAG_CONFLICT', `the builder build uses ${f.written} and the runtime build ${same[0].written}; one merged build cannot do both`, { file: b.origin.file, line: b.origin.line }));
        continue;
      }
      if (same.length === 0 || f.value !== null) {
        extra.push(convert(f.written, b));
        findings.push(finding('BUILD_FLAG_WIDENED', `${f.written} was given to the builder build only; in the one merged build it applies to the runtime stages too`, { file: b.origin.file, line: b.origin.line }));
      }
    }
  }
  const contextChanged = context !== runtime.context;
  const rel = (p: string) => relativePath(runtime.cwd, p);
  return {
    extraArgs: extra,
    context: contextChanged ? rel(context) : null,
    // An assembled context's Dockerfile was a copy: the build now names the repository file (the merged one).
    dockerfile: (contextChanged && !runtime.dockerfileNamed) || assembled ? rel(runtime.dockerfile) : null,
    envPrefix: options.buildkit && runtime.buildkit !== true ? 'DOCKER_BUILDKIT=1' : null,
    ...(assembled && runtime.dockerfileNamed ? { dropWords: runtime.optionWords.filter((o) => o.name === 'file').flatMap((o) => o.words) } : {}),
  };
}

function describeBuild(runtime: BuildStep, edit: BuildCommandEdit): string {
  const dropped = new Set(edit.dropWords ?? []);
  // Dropped words stay as empty slots so the context word keeps its index.
  const words = runtime.words.map((w, i) => (dropped.has(i) ? '' : w.text));
  const ctx = runtime.contextWord;
  const inserted = [...(edit.dockerfile ? [`-f ${edit.dockerfile}`] : []), ...edit.extraArgs];
  const out = [...words.slice(0, ctx), ...inserted, edit.context ?? words[ctx], ...words.slice(ctx + 1)];
  if (edit.envPrefix) out.splice(runtime.prefixWords, 0, edit.envPrefix);
  return out.filter((w) => w !== '').join(' ');
}

function modeOf(repo: RepoView, path: string): number {
  const m = repo.modeOf(path);
  return m !== null && (m & 0o111) !== 0 ? 0o100755 : 0o100644;
}
