/**
 * Builder patterns the tool sees but cannot follow become PIPELINE_NOT_FOLLOWED findings that
 * name the line and the reason, never a silent "no builder pattern": a pipeline only written in
 * a README or a Dockerfile comment, run by another engine, on lines the followed goal never
 * reaches, spread over two scripts or make goals, or into a context the glue assembles.
 */
import { Finding, FindingCode, finding, onePerPlace } from '../core/findings';
import { baseName, dirName, isWithin, normalizeRelative } from '../core/paths';
import type { RepoView } from '../core/repo';
import type { BuildStep, GlueStep, HostStep } from '../interpret/events';
import { isExtraction, runGoal } from '../interpret/makefile';
import { MakeRules } from '../interpret/make-rules';
import { parseMakefile } from '../parse/makefile';
import { EngineCommand, engineCommands } from './engine-commands';
import { GlueInterpretation, ParseShell, glueFolders } from './glue';
import { PipelineEvidence, cite, patternsIn, pipelineEvidence } from './pipeline-evidence';
import { glueKind } from '../parse/glue-kind';
import { unfollowedCi } from '../parse/unfollowed-ci';

const CODE: FindingCode = 'PIPELINE_NOT_FOLLOWED';

/** Engines and build tools the interpreter reads as plain commands. */
const OTHER_TOOLS = new Set(['podman', 'nerdctl', 'buildah', 'buildctl']);

/**
 * For a directory where no followed glue came out as a builder pattern: every builder pattern
 * written there anyway, each as a finding at the line that uses the builder image.
 * `onlyFile`: the user named the glue (`--script`); only that file is looked at. `glueOnly`:
 * READMEs and Dockerfile comments are not read (a Dockerfile already multi-stage outweighs them).
 */
export function unfollowedPipelines(repo: RepoView, dir: string, interpreted: readonly GlueInterpretation[], onlyFile?: string, glueOnly = false): Finding[] {
  const evidence = onlyFile ? evidenceOf(repo, onlyFile) : pipelineEvidence(repo, dir, glueFolders(dir), !glueOnly);
  const findings = evidence.map((e) => evidenceFinding(repo, e, interpreted));
  return dedupe(findings);
}

function evidenceOf(repo: RepoView, path: string): PipelineEvidence[] {
  const text = repo.readText(path);
  if (text !== null && unfollowedCi(path) !== null) return patternsIn(repo, path, text, 'ci', 'ci');
  const kind = text === null ? null : glueKind(path, text);
  if (text === null || kind === null) return [];
  return patternsIn(repo, path, text, kind === 'make' ? 'make' : kind === 'shell' ? 'shell' : 'ci', 'glue');
}

function evidenceFinding(repo: RepoView, e: PipelineEvidence, interpreted: readonly GlueInterpretation[]): Finding {
  const at = { file: e.file, line: e.use.line, ...(e.use.endLine !== e.use.line ? { endLine: e.use.endLine } : {}) };
  const what = `${cite(e.file, e.build)} builds an image and ${cite(e.file, e.use)} ${e.how}`;
  if (e.source === 'doc') {
    return finding(CODE, `${what}, but this pipeline is only documented in ${e.file}: no script, Makefile or CI file here runs it. Put these commands in a script (e.g. build.sh) and run the tool again`, at);
  }
  if (e.source === 'comment') {
    return finding(CODE, `${what}, but this pipeline is only described in a comment of ${e.file}: no script, Makefile or CI file here runs it. Put these commands in a script (e.g. build.sh) and run the tool again`, at);
  }
  if (e.source === 'ci') {
    return finding(CODE, `${what}, but ${e.file} is a ${unfollowedCi(e.file) ?? 'CI'} file, which this version does not follow (it follows shell scripts, Makefiles, GitHub Actions, GitLab CI and Travis CI): move these commands into a script (e.g. build.sh) that the CI runs, and run the tool again`, at);
  }
  const tool = [e.build, e.use].find((c) => c.tool !== 'docker');
  if (tool) return finding(CODE, `${what}, but it runs ${tool.tool} (${e.file}:${tool.line}); this version reads, rewrites and verifies the docker command only`, at);
  const g = interpreted.find((i) => i.entry === e.file || i.files.some((f) => f.path === e.file));
  if (!g) return finding(CODE, `${what}, but the tool found no way to follow ${e.file} as glue; name it with --script to see why`, at);
  if (!reaches(g.steps, e.file, e.use)) return finding(CODE, `${what}, but ${unreachedReason(repo, e, g)}`, at);
  return finding(CODE, `${what}, but the tool reads ${e.file}:${e.use.line} as a command that takes nothing out of the builder (${stepKinds(g.steps, e.file, e.use)}); this form of extraction is not followed by this version`, at);
}

function reaches(steps: readonly GlueStep[], file: string, c: EngineCommand): boolean {
  return steps.some((s) => s.origin.file === file && s.origin.line <= c.endLine && s.origin.endLine >= c.line);
}

function stepKinds(steps: readonly GlueStep[], file: string, c: EngineCommand): string {
  const kinds = steps.filter((s) => s.origin.file === file && s.origin.line <= c.endLine && s.origin.endLine >= c.line).map((s) => s.kind);
  return [...new Set(kinds)].join(', ');
}

/** Why the followed glue never runs the line: for a Makefile, the goal and the target holding it. */
function unreachedReason(repo: RepoView, e: PipelineEvidence, g: GlueInterpretation): string {
  if (g.kind === 'make' && g.entry === e.file) {
    const model = parseMakefile(e.file, repo.readText(e.file) ?? '');
    const rule = model.rules.find((r) => r.recipe.some((l) => l.line <= e.use.line && e.use.line <= l.endLine));
    const patterns = model.rules.flatMap((r) => r.targets).filter((t) => t.includes('%'));
    const target = rule ? `target \`${rule.targets.join(' ')}\` (${e.file}:${rule.line})` : 'this line';
    const hint = patterns.length > 0 ? `; pattern rules (${patterns.map((p) => `\`${p}\``).join(', ')}) are not followed by this version` : '';
    return `make ${g.goal ?? ''}, the goal this tool followed, never runs ${target}${hint}`;
  }
  return `the glue as the tool reads it (${g.entry}) never reaches ${e.file}:${e.use.line} (a function it does not call, a branch, or a line after exit)`;
}

/**
 * For a refused pipeline: the reasons behind the refusal that the steps alone do not tell —
 * another engine in the pipeline, a runtime context the glue assembles, a runtime built by
 * another script or make goal.
 */
export function pipelineHints(repo: RepoView, parse: ParseShell, g: GlueInterpretation, others: readonly GlueInterpretation[], refusal: readonly Finding[]): Finding[] {
  const out = [...otherTools(g.steps)];
  const codes = new Set(refusal.map((f) => f.code));
  if (codes.has('RUNTIME_NOT_BUILT') || codes.has('EXTRACTION_UNSUPPORTED') || codes.has('DOCKERFILE_MISSING')) {
    // An assembled context the tool traced already names its own cause.
    if (!codes.has('ASSEMBLED_CONTEXT_UNTRACED')) out.push(...assembledContexts(g.steps));
    if (out.length === 0) out.push(...runtimeElsewhere(repo, parse, g, others));
  }
  return dedupe(out);
}

/** `buildctl build`, `podman build` … in the steps: the interpreter keeps them as plain commands. */
function otherTools(steps: readonly GlueStep[]): Finding[] {
  const out: Finding[] = [];
  for (const s of steps) {
    if (s.kind !== 'other' && s.kind !== 'host') continue;
    const sub = s.args[0] ?? '';
    if (!OTHER_TOOLS.has(baseName(s.command)) || !['build', 'bud', 'run', 'cp', 'create', 'from', 'copy', 'commit'].includes(sub)) continue;
    out.push(finding(CODE, `\`${baseName(s.command)} ${sub}\` is part of this pipeline; this version reads, rewrites and verifies the docker command only, so the pipeline cannot be migrated as a whole`, { file: s.origin.file, line: s.origin.line }));
  }
  return out;
}

/**
 * A build after the extraction whose context the glue fills (`mkdir deploy; tar -xf app.tar -C
 * deploy; cp Dockerfile.run config deploy/; docker build deploy`).
 */
function assembledContexts(steps: readonly GlueStep[]): Finding[] {
  const first = steps.findIndex(isExtraction);
  if (first < 0) return [];
  const out: Finding[] = [];
  for (let i = first + 1; i < steps.length; i++) {
    const b = steps[i];
    if (b.kind !== 'build' || b.context === '') continue;
    const fillers = steps.slice(first, i).filter((s): s is HostStep => s.kind === 'host' && writesInto(s, b.context));
    if (fillers.length === 0) continue;
    // The line that moves an artifact in says most.
    const dests = extractionDests(steps);
    const filler = fillers.find((f) => f.args.some((a) => a !== null && dests.some((d) => normalizeRelative(a, f.cwd) === d))) ?? fillers[0];
    out.push(
      finding(
        CODE,
        `this build's context ${b.context}/ is assembled by the glue (${filler.origin.file}:${filler.origin.line} \`${filler.command} ${filler.args.map((a) => a ?? '?').join(' ')}\`) from the artifacts and repository files; this version does not rebase an assembled context onto the repository`,
        { file: b.origin.file, line: b.origin.line },
      ),
    );
  }
  return out;
}

/** A host copy, move or unpack whose destination lies in `dir`. */
function writesInto(s: HostStep, dir: string): boolean {
  const args = s.args;
  let dest: string | null = null;
  if (s.command === 'tar') {
    const k = args.findIndex((a) => a === '-C' || a === '--directory');
    dest = k >= 0 ? (args[k + 1] ?? null) : (args.find((a) => a !== null && a.startsWith('--directory='))?.slice(12) ?? null);
  } else if (['cp', 'mv', 'install', 'ln', 'rsync'].includes(s.command)) {
    const operands = args.filter((a) => a === null || !a.startsWith('-'));
    dest = operands.length >= 2 ? operands[operands.length - 1] : null;
  }
  if (dest === null) return false;
  const path = normalizeRelative(dest, s.cwd);
  return path !== null && isWithin(path, dir);
}

/**
 * The runtime image built by another script of the directory, or another make goal, from what
 * this glue extracted (it names the artifact, or its Dockerfile COPYs from it).
 */
function runtimeElsewhere(repo: RepoView, parse: ParseShell, g: GlueInterpretation, others: readonly GlueInterpretation[]): Finding[] {
  const dests = extractionDests(g.steps);
  if (dests.length === 0) return [];
  const extraction = g.steps.find(isExtraction) as GlueStep;
  const where = `${extraction.origin.file}:${extraction.origin.line}`;
  const seenLines = new Set(g.steps.map((s) => `${s.origin.file}:${s.origin.line}`));
  const out: Finding[] = [];
  for (const other of [...others.filter((o) => o !== g), ...otherGoals(repo, parse, g)]) {
    const b = other.steps.find((s): s is BuildStep => s.kind === 'build' && !seenLines.has(`${s.origin.file}:${s.origin.line}`) && usesArtifacts(repo, other, s, dests));
    if (!b) continue;
    const unit = other.entry === g.entry && other.goal ? `make goal \`${other.goal}\`` : other.entry;
    out.push(
      finding(
        CODE,
        `${unit} builds ${b.dockerfile} from what ${where} takes out of the builder (${dests.join(', ')}), but the glue followed (${g.entry}${g.goal ? ` goal \`${g.goal}\`` : ''}) does not run it: the pipeline is spread over ${other.entry === g.entry ? 'several make goals' : 'several glue files'} run one after the other, which this version does not follow`,
        { file: b.origin.file, line: b.origin.line },
      ),
    );
  }
  return out;
}

function extractionDests(steps: readonly GlueStep[]): string[] {
  const out = steps.flatMap((s) => {
    if (s.kind === 'cp' || s.kind === 'cat') return [s.dest];
    if (s.kind === 'stream') return s.dests;
    if (s.kind === 'run') return s.mounts.flatMap((m) => (m.kind === 'bind' && !m.readOnly && m.host !== null ? [m.host] : []));
    return [];
  });
  return [...new Set(out)].filter((d) => d !== '');
}

/** Other goals of the same Makefile, each as the interpreter runs it. */
function otherGoals(repo: RepoView, parse: ParseShell, g: GlueInterpretation): GlueInterpretation[] {
  if (g.kind !== 'make') return [];
  const text = repo.readText(g.entry);
  if (text === null) return [];
  const model = parseMakefile(g.entry, text);
  const world = { readText: (p: string) => repo.readText(p), listDir: (p: string) => repo.listDir(p), parseShell: parse };
  const goals = new MakeRules(model).goals().filter((t) => t !== g.goal).slice(0, 40);
  return goals.map((goal) => {
    const r = runGoal(model, world, goal);
    return { ...g, goal, steps: r.steps, findings: r.findings, files: [] };
  });
}

/** The build names an artifact: its glue text or its Dockerfile mentions a destination. */
function usesArtifacts(repo: RepoView, unit: GlueInterpretation, b: BuildStep, dests: readonly string[]): boolean {
  const glueText = unitText(repo, unit, b);
  const dockerfile = repo.readText(b.dockerfile) ?? '';
  return dests.some((d) => {
    const copied = isWithin(d, b.context) && new RegExp(`^\\s*(COPY|ADD)\\s[^\\n]*${escape(d.slice(b.context ? b.context.length + 1 : 0))}`, 'im').test(dockerfile);
    return copied || new RegExp(`(^|[\\s/'"=:])${escape(baseName(d))}($|[\\s/'";:])`, 'm').test(glueText);
  });
}

/** The text of the unit that holds the build: a make goal's rules and recipes, or the script. */
function unitText(repo: RepoView, unit: GlueInterpretation, b: BuildStep): string {
  const text = repo.readText(b.origin.file) ?? '';
  if (unit.kind !== 'make' || !unit.goal) return text;
  const model = parseMakefile(b.origin.file, text);
  const lines = new Set(unit.steps.map((s) => s.origin.line));
  return model.rules
    .filter((r) => r.targets.includes(unit.goal as string) || r.recipe.some((l) => lines.has(l.line)))
    .map((r) => `${r.prerequisites.join(' ')}\n${r.recipe.map((l) => l.command).join('\n')}`)
    .join('\n');
}

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function dedupe(findings: Finding[]): Finding[] {
  return onePerPlace(findings);
}

/**
 * A make goal about to be migrated whose doubts refuse it: other goals that still use the
 * builder, or — when the goal only exports files — images built in targets the goal does not
 * run, where the pipeline may go on with what it exported (`build-%: prepare` rules).
 */
export function makeGoalDoubts(repo: RepoView, g: GlueInterpretation, setup: { builders: readonly string[]; exportDir?: string }): Finding[] {
  if (g.kind !== 'make') return [];
  const out = otherGoalsUsingBuilder(repo, g, setup.builders);
  if (setup.exportDir === undefined) return out;
  const text = repo.readText(g.entry) ?? '';
  const model = parseMakefile(g.entry, text);
  for (const c of engineCommands(text, 'make')) {
    if (c.subcommand !== 'build' || c.tool === 'buildctl' || reaches(g.steps, g.entry, c)) continue;
    const rule = model.rules.find((r) => r.recipe.some((l) => l.line <= c.line && c.line <= l.endLine));
    const target = rule ? `target \`${rule.targets.join(' ')}\`` : 'a line';
    out.push(finding(CODE, `${target} builds another image here, which make ${g.goal ?? ''} (the goal followed, which only exports ${setup.exportDir}/) does not run; the pipeline may go on there with the exported files, and this version migrates one goal`, { file: g.entry, line: c.line }));
  }
  return out;
}

/**
 * A make goal about to be migrated: lines of the Makefile its goal does not run that still use
 * the builder — run its image, or build its Dockerfile, which the migration changes — would
 * break (other goals are run by hand: `make test`, `make push`).
 */
function otherGoalsUsingBuilder(repo: RepoView, g: GlueInterpretation, builders: readonly string[]): Finding[] {
  const text = repo.readText(g.entry);
  if (text === null) return [];
  const commands = engineCommands(text, 'make');
  const builderBuilds = g.steps.filter((s): s is BuildStep => s.kind === 'build' && builders.includes(s.dockerfile));
  const builderLines = new Set(builderBuilds.filter((b) => b.origin.file === g.entry).map((b) => b.origin.line));
  const tags = commands.filter((c) => c.subcommand === 'build' && builderLines.has(c.line)).flatMap((c) => c.tags);
  const out: Finding[] = [];
  for (const c of commands) {
    if (reaches(g.steps, g.entry, c)) continue;
    const image = c.subcommand === 'run' || c.subcommand === 'create' || c.subcommand === 'push' || c.subcommand === 'tag' ? (c.image ?? c.text.split(/\s+/).find((w) => tags.includes(w)) ?? null) : null;
    const dockerfile = c.subcommand === 'build' ? normalizeRelative(c.dockerfile ?? `${c.context ?? '.'}/Dockerfile`, dirName(g.entry)) : null;
    if (image !== null && tags.includes(image)) {
      out.push(finding('BUILDER_IMAGE_USED', `\`${c.engine} ${c.subcommand}\` uses the builder image ${image} in a goal \`make ${g.goal ?? ''}\` does not run; the migrated Makefile no longer builds it`, { file: g.entry, line: c.line }));
    } else if (dockerfile !== null && builders.includes(dockerfile)) {
      out.push(finding('BUILDER_IMAGE_USED', `this line builds ${dockerfile}, which the migration of goal \`${g.goal ?? ''}\` changes, in a goal that goal does not run`, { file: g.entry, line: c.line }));
    }
  }
  return out;
}
