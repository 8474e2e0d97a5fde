/**
 * The last look at a finished plan before it is reported as a migration: whatever went wrong
 * in the planner, a plan that would write a Dockerfile Docker rejects, copy from a stage that
 * is not there, or leave glue that runs a deleted file or a removed function is an internal
 * error (INTERNAL_SELF_CHECK), never "Migrated". Generic on purpose: it knows the shape of the
 * output, not how the planner made it.
 */
import { Finding, finding } from '../core/findings';
import { dirName, hasGlob, isWithin, normalizeRelative, relativePath } from '../core/paths';
import type { RepoView } from '../core/repo';
import { DockerInstruction, DockerStage, DockerfileModel, argumentValues, parseDockerfile } from '../parse/dockerfile';
import { dockerfileErrors } from '../parse/dockerfile-validate';
import { namedAsGlue } from '../parse/glue-kind';
import { unfollowedCi, unfollowedCiText } from '../parse/unfollowed-ci';
import { walkStatements } from '../parse/shell/ast';
import type { GlueFile } from '../render/glue';
import type { MigrationPlan } from './types';

export interface SelfCheckInput {
  plan: MigrationPlan;
  repo: RepoView;
  /** The Dockerfiles the plan was made from, as read: the image names they use are the user's own. */
  inputs: readonly DockerfileModel[];
  /** The merged (or export) Dockerfile the plan writes, and how many stages it must have. */
  dockerfile: { path: string; stages: number };
  /** Stages the planner made up (helpers, run and export stages), by name. */
  generated: readonly string[];
  /** Every glue file the pipeline came from. */
  glue: readonly GlueFile[];
}

const ROOTS = ['/host', '/export'];
/** One operand of `mkdir -p`: a word that is not a shell operator (`&&` ends the command). */
const MKDIR_ARG = '[^\\s;&|()]+';

/** INTERNAL_SELF_CHECK findings; none when the plan passes. */
export function selfCheck(input: SelfCheckInput): Finding[] {
  const out: Finding[] = [];
  const written = input.plan.files.find((f) => f.path === input.dockerfile.path)?.after ?? null;
  if (written === null) {
    out.push(problem(`the plan writes no ${input.dockerfile.path}`, input.dockerfile.path, 1));
    return out;
  }
  out.push(...dockerfileChecks(written, input));
  out.push(...glueChecks(input));
  return out;
}

function problem(what: string, file: string, line: number): Finding {
  return finding('INTERNAL_SELF_CHECK', `internal error, nothing was written: ${what}. This is a bug of multistage-migrate; please report it with this repository's shape`, { file, line });
}

function dockerfileChecks(text: string, input: SelfCheckInput): Finding[] {
  const path = input.dockerfile.path;
  const at = (line: number, what: string) => problem(`the ${path} it would write (line ${line} of the new text) ${what}`, path, line);
  const errors = dockerfileErrors(text);
  if (errors.length > 0) return errors.slice(0, 3).map((e) => at(e.line, `does not pass Docker's parser: ${e.message}`));
  const model = parseDockerfile(path, text);
  const out: Finding[] = [];
  if (model.stages.length !== input.dockerfile.stages) {
    out.push(at(model.stages[model.stages.length - 1]?.from.line ?? 1, `has ${model.stages.length} stages where the plan made ${input.dockerfile.stages}`));
  }
  const names = new Map<string, number>();
  for (const s of model.stages) {
    if (s.name && names.has(s.name)) out.push(at(s.from.line, `names two stages "${s.name}"`));
    if (s.name && !names.has(s.name)) names.set(s.name, s.index);
  }
  for (const want of input.plan.setup.stages.map((s) => s.name.toLowerCase())) {
    if (!names.has(want)) out.push(at(1, `has no stage "${want}", which the plan reports`));
  }
  const userNames = userReferences(input.inputs);
  // A build at run time becomes a stage FROM the image the glue ran: the glue names it.
  const glueText = input.glue.map((g) => input.repo.readText(g.path) ?? '').join('\n');
  for (const s of model.stages) if (input.generated.includes(s.name ?? '') && glueText.includes(s.base)) userNames.add(s.base.toLowerCase());
  for (const s of model.stages) {
    out.push(...referenceChecks(s, names, userNames, at));
    if (input.generated.includes(s.name ?? '')) out.push(...generatedStageChecks(s, model, input, at));
  }
  return out;
}

/** Everything the input Dockerfiles name as an image or stage, as written (lower case), so a reference they already made is theirs. */
function userReferences(inputs: readonly DockerfileModel[]): Set<string> {
  const out = new Set<string>();
  for (const m of inputs) {
    for (const s of m.stages) {
      out.add(s.base.toLowerCase());
      for (const ins of s.instructions) for (const r of stageRefs(ins)) out.add(r.toLowerCase());
    }
  }
  return out;
}

/** `--from=` of COPY/ADD and `from=` of RUN --mount. */
function stageRefs(ins: DockerInstruction): string[] {
  const out: string[] = [];
  for (const f of ins.flags) {
    if (f.name === 'from' && f.value !== null) out.push(f.value);
    if (f.name === 'mount' && f.value) {
      const m = /(?:^|,)from=([^,]+)/.exec(f.value);
      if (m) out.push(m[1]);
    }
  }
  return out;
}

function referenceChecks(s: DockerStage, names: Map<string, number>, user: Set<string>, at: (line: number, what: string) => Finding): Finding[] {
  const out: Finding[] = [];
  const earlier = (ref: string): boolean => {
    if (/^[0-9]+$/.test(ref)) return Number(ref) < s.index;
    const i = names.get(ref.toLowerCase());
    return i !== undefined && i < s.index;
  };
  const judge = (ref: string, line: number, what: string): void => {
    // An ARG in the reference (renamed or not) is resolved by Docker at build time.
    if (earlier(ref) || ref.includes('$')) return;
    const later = /^[0-9]+$/.test(ref) || names.has(ref.toLowerCase());
    if (later) out.push(at(line, `${what} ${ref}, a stage that is not defined before it`));
    else if (!user.has(ref.toLowerCase()) && ref.toLowerCase() !== 'scratch') out.push(at(line, `${what} ${ref}, which is neither an earlier stage nor an image the input Dockerfiles name`));
  };
  judge(s.base, s.from.line, 'starts FROM');
  for (const ins of s.instructions) for (const ref of stageRefs(ins)) judge(ref, ins.line, `${ins.keyword} takes files from`);
  return out;
}

/**
 * A stage the planner made: it starts from an earlier stage (or scratch), runs nothing where
 * there is no shell, reads its own folders (/host, /export) only after it made them, and
 * copies from the build context only what the repository holds.
 */
function generatedStageChecks(s: DockerStage, model: DockerfileModel, input: SelfCheckInput, at: (line: number, what: string) => Finding): Finding[] {
  const out: Finding[] = [];
  const runs = s.instructions.filter((i) => i.keyword === 'RUN');
  if (runs.length > 0 && fromScratch(s, model)) out.push(at(runs[0].line, `runs a command in stage "${s.name}", which starts from scratch and has no shell`));
  // A stage FROM an earlier generated stage starts with the folders that one made.
  const parent = model.stages.find((x) => x.name === s.base.toLowerCase() && x.index < s.index && input.generated.includes(x.name ?? ''));
  let made = parent ? foldersMade(parent, model) : '';
  for (const ins of s.instructions) {
    const body = model.text.slice(ins.start, ins.end);
    if (ins.keyword === 'RUN') {
      for (const root of ROOTS) {
        const first = body.search(new RegExp(`(^|[\\s'"(=])${root}(/|\\b)`));
        if (first < 0) continue;
        const makes = new RegExp(`mkdir -p (${MKDIR_ARG} )*${root}(/[^\\s;&|()]*)?(\\s|$)`).exec(body);
        if (!new RegExp(`(^| )${root}(/\\S*)? `).test(made) && (!makes || makes.index > first)) out.push(at(ins.line, `reads ${root} in stage "${s.name}" before anything makes it`));
      }
    }
    made += folderMade(ins, body);
    if ((ins.keyword === 'COPY' || ins.keyword === 'ADD') && !ins.flags.some((f) => f.name === 'from') && !ins.heredoc) {
      for (const src of argumentValues(ins).slice(0, -1)) {
        if (hasGlob(src) || src.includes('$')) continue;
        const p = normalizeRelative(src, input.plan.setup.context);
        if (p !== null && isWithin(p, input.plan.setup.context) && input.repo.typeOf(p) === null) out.push(at(ins.line, `copies ${src} from the build context in stage "${s.name}", which the repository does not hold`));
      }
    }
  }
  return out;
}

/** The folders (space-separated, each followed by a space) one instruction makes: `mkdir -p` arguments, a COPY's destination. */
function folderMade(ins: DockerInstruction, body: string): string {
  if (ins.keyword === 'RUN') return [...body.matchAll(new RegExp(`mkdir -p ((?:${MKDIR_ARG} ?)+)`, 'g'))].map((m) => `${m[1]} `).join('');
  if ((ins.keyword === 'COPY' || ins.keyword === 'ADD') && !ins.heredoc) return `${argumentValues(ins).at(-1) ?? ''} `;
  return '';
}

/** What a generated stage and the generated stages it starts FROM made, in folderMade's form. */
function foldersMade(s: DockerStage, model: DockerfileModel, depth = 0): string {
  const parent = depth < model.stages.length ? model.stages.find((x) => x.name === s.base.toLowerCase() && x.index < s.index) : undefined;
  const inherited = parent ? foldersMade(parent, model, depth + 1) : '';
  return inherited + s.instructions.map((ins) => folderMade(ins, model.text.slice(ins.start, ins.end))).join('');
}

function fromScratch(s: DockerStage, model: DockerfileModel): boolean {
  let stage: DockerStage | undefined = s;
  for (let guard = 0; stage && guard <= model.stages.length; guard++) {
    const base: string = stage.base.toLowerCase();
    if (base === 'scratch') return true;
    const index: number = stage.index;
    stage = model.stages.find((x) => x.name === base && x.index < index);
  }
  return false;
}

/** The glue after the migration: no line runs a file the plan deletes, or a function it removed. */
function glueChecks(input: SelfCheckInput): Finding[] {
  const out: Finding[] = [];
  const deleted = input.plan.files.filter((f) => f.after === null).map((f) => f.path);
  for (const g of input.glue) {
    const change = input.plan.files.find((f) => f.path === g.path);
    if (change && change.after === null) continue;
    const text = change ? (change.after as string) : input.repo.readText(g.path);
    if (text === null) continue;
    const lines = text.split(/\r?\n/);
    lines.forEach((line, i) => {
      if (/^\s*(#|echo\b|printf\b|- *echo\b)/.test(line.replace(/^\s*-\s+/, ''))) return;
      for (const d of deleted) {
        const forms = [...new Set([d, relativePath(dirName(g.path), d), `./${relativePath(dirName(g.path), d)}`])];
        if (forms.some((form) => namesPath(line, form))) out.push(problem(`${g.path} would still name ${d} (line ${i + 1}), which the migration deletes`, g.path, i + 1));
      }
    });
    if (g.kind === 'shell' && change) out.push(...removedFunctionCalls(g, lines));
  }
  return out;
}

/**
 * Other scripts, Makefiles and CI files of the repository that run docker with a file the
 * (final, possibly combined) plan deletes: GLUE_NOT_REWRITTEN at the line. Judged once for the
 * whole migration, not per glue file: a sibling script migrated with it is not "other".
 * Also sees files the glue interpretation does not follow (any folder, any name given as glue).
 */
export function unrewrittenGlue(plan: MigrationPlan, repo: RepoView): Finding[] {
  const out: Finding[] = [];
  const deleted = plan.files.filter((f) => f.after === null).map((f) => f.path);
  if (deleted.length === 0) return out;
  const seen = new Set([...(plan.setup.scripts ?? [plan.setup.glue]), ...plan.files.map((f) => f.path)]);
  for (const path of glueNamedFiles(repo).filter((p) => !seen.has(p))) {
    const lines = unfollowedCiText(path, repo.readText(path) ?? '').split(/\r?\n/);
    lines.forEach((line, i) => {
      // A CI build step that names the Dockerfile under a key of its own (Drone's plugins/docker `dockerfile:`, Azure's `Dockerfile:`).
      const keyed = unfollowedCi(path) !== null && /^\s*(-\s+)?[\w-]*dockerfile\w*\s*:/i.test(line);
      if ((!/\bdocker\b/.test(line) && !keyed) || /^\s*#/.test(line)) return;
      for (const d of deleted) {
        const forms = [...new Set([d, relativePath(dirName(path), d), `./${relativePath(dirName(path), d)}`])];
        if (forms.some((form) => namesPath(line, form))) out.push(finding('GLUE_NOT_REWRITTEN', `${path} runs docker with ${d}, which the migration of ${plan.setup.glue} deletes, and it is not part of that migration; keep the builder Dockerfiles with --keep-legacy, or change it by hand`, { file: path, line: i + 1 }));
      }
    });
  }
  return out;
}

const glueFilesOf = new WeakMap<RepoView, string[]>();

/** Files named as glue is named (scripts, Makefiles, CI files, followed or not) anywhere in the repository; node_modules and .git are not searched. */
function glueNamedFiles(repo: RepoView): string[] {
  const known = glueFilesOf.get(repo);
  if (known) return known;
  const out: string[] = [];
  const stack = [''];
  let budget = 20000;
  while (stack.length > 0 && budget-- > 0) {
    const dir = stack.pop() as string;
    for (const name of repo.listDir(dir) ?? []) {
      const path = dir ? `${dir}/${name}` : name;
      const type = repo.typeOf(path);
      if (type === 'dir' && !['.git', 'node_modules', '.multistage-migrate-backup'].includes(name)) stack.push(path);
      else if (type === 'file' && (namedAsGlue(path) || unfollowedCi(path) !== null)) out.push(path);
    }
  }
  glueFilesOf.set(repo, out);
  return out;
}

function namesPath(line: string, path: string): boolean {
  let from = 0;
  for (;;) {
    const k = line.indexOf(path, from);
    if (k < 0) return false;
    const before = k === 0 ? '' : line[k - 1];
    const after = line[k + path.length] ?? '';
    if ((before === '' || /[\s'"=:(/]/.test(before)) && (after === '' || /[\s'";)|&>]/.test(after))) return true;
    from = k + 1;
  }
}

/** Calls, in the new text, of shell functions the old text defined and the new one no longer does. */
function removedFunctionCalls(g: Extract<GlueFile, { kind: 'shell' }>, lines: string[]): Finding[] {
  const defined: string[] = [];
  walkStatements(g.script.statements, (s) => {
    if (s.type === 'function' && s.name) defined.push(s.name);
  });
  const out: Finding[] = [];
  const text = lines.join('\n');
  for (const name of new Set(defined)) {
    const n = name.replace(/[\\^$.*+?()[\]{}|]/g, '\\$&');
    if (new RegExp(`^\\s*(function\\s+${n}\\b|${n}\\s*\\(\\s*\\))`, 'm').test(text)) continue;
    const call = new RegExp(`(^|[;&|({\`]|\\$\\(|\\b(then|do|else)\\s)\\s*${n}(\\s|;|$|\\))`);
    const at = lines.findIndex((l) => !/^\s*#/.test(l) && call.test(l));
    if (at >= 0) out.push(problem(`${g.path} would still call ${name} (line ${at + 1}), whose definition the migration removed`, g.path, at + 1));
  }
  return out;
}
