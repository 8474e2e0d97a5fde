/**
 * One repository, end to end but without I/O: find the glue that runs a builder pattern,
 * interpret it, plan the migration. The outcome's status is one of a fixed vocabulary.
 */
import { Finding, finding, hasErrors, onePerPlace, sortFindings } from '../core/findings';
import type { RepoView } from '../core/repo';
import { MigrateOptions, planMigration } from '../plan/migrate';
import { unrewrittenGlue } from '../plan/self-check';
import type { MigrationPlan } from '../plan/types';
import type { Templates } from '../render/templates';
import { GlueInterpretation, ParseShell, glueCandidates, interpretGlue } from './glue';
import { combinePlanned, glueSets, staleGlue } from './glue-sets';
import { glueStillBuildsBuilders } from './rewrite-check';
import { glueKind } from '../parse/glue-kind';
import { makeGoalDoubts, pipelineHints, unfollowedPipelines } from './unfollowed';

export interface MigrateRequest extends MigrateOptions {
  /** Repository-relative directory to look in ("" for the root). */
  dir: string;
  /** Glue file to use instead of searching (repository-relative). */
  script?: string;
  /** More glue files named with `script`, in the order they run after it. */
  moreScripts?: string[];
  /** Only accept a setup whose builder / runtime Dockerfile is this path. */
  builder?: string;
  runtime?: string;
  /** The Makefile target to follow (`--target-rule`); only Makefiles are then taken as glue. */
  targetRule?: string;
}

export type RepoStatus = 'migrate' | 'nothing' | 'already-multi-stage' | 'refused';

export interface RepoOutcome {
  status: RepoStatus;
  /** Present when status is `migrate`. */
  plan: MigrationPlan | null;
  /** Sorted; error findings explain a refusal. */
  findings: Finding[];
  /** The glue the outcome is about, or null when none was found. */
  glue: string | null;
}

export function migrateRepository(repo: RepoView, parseShell: ParseShell, templates: Templates, request: MigrateRequest): RepoOutcome {
  // The same script is read by several candidates and again for the rewrite: parse it once.
  // (Syntax trees are never changed after parsing, and their statement ids depend only on the text.)
  const parsed = new Map<string, ReturnType<ParseShell>>();
  const parse: ParseShell = (text) => {
    let tree = parsed.get(text);
    if (!tree) parsed.set(text, (tree = parseShell(text)));
    return tree;
  };
  const named = request.script ? [request.script, ...(request.moreScripts ?? [])] : [];
  const found = request.script ? named : glueCandidates(repo, request.dir);
  // A target rule names a Makefile's target: scripts and CI files are not what the user means.
  const candidates = request.targetRule !== undefined && !request.script ? found.filter((c) => glueKind(c, repo.readText(c) ?? '') === 'make') : found;
  const notFiles = named.filter((s) => repo.typeOf(s) !== 'file');
  if (notFiles.length > 0) {
    return done('refused', null, notFiles.map((s) => finding('GLUE_AMBIGUOUS', `--script ${s} is not a file in the repository`, null)), null);
  }
  const options = request.targetRule !== undefined ? { targetRule: request.targetRule } : {};
  const interpreted = candidates.map((c) => interpretGlue(repo, parse, c, options)).filter((g): g is GlueInterpretation => g !== null);
  // A script that another candidate already runs (a Makefile calling build.sh) is not a setup of its own.
  const outer = interpreted.filter((g) => !interpreted.some((h) => h !== g && h.files.some((f) => f.path === g.entry)));
  const plan = (g: GlueInterpretation) => planMigration(repo, g, request, templates);
  const outcomes = glueSets(outer.map((g) => ({ glue: g, outcome: plan(g) })), plan, named.length > 1);
  const matching = outcomes.filter(({ outcome }) => outcome.status !== 'nothing' && matchesOverrides(outcome, request));
  if (matching.length === 0) {
    const already = alreadyMultiStage(repo, request.dir);
    const unfollowed = seenButNotFollowed(repo, request, interpreted, already !== null);
    if (unfollowed) return done('refused', null, unfollowed, null);
    const note = request.builder || request.runtime ? finding('NO_BUILDER_PATTERN', `no glue builds ${request.builder ?? ''}${request.builder && request.runtime ? ' and ' : ''}${request.runtime ?? ''} as ${request.builder ? 'builder' : 'runtime'}`, null) : null;
    if (note) return done('refused', null, [{ ...note, severity: 'error' }], null);
    return done(already ? 'already-multi-stage' : 'nothing', null, already ? [finding('ALREADY_MULTI_STAGE', `${already} already copies artifacts from a build stage`, { file: already, line: 1 })] : [], null);
  }
  // Several glue files that each run a pipeline are migrated together, or refused together.
  const { glue, outcome } = matching.length > 1 ? combinePlanned(matching) : matching[0];
  if (outcome.status === 'migrate') {
    // These say what went wrong where the plan's self-check could only call it a bug.
    const verdict = outcome.plan.findings.filter((f) => f.code !== 'INTERNAL_SELF_CHECK');
    const stillUsed = [...makeGoalDoubts(repo, glue, outcome.plan.setup), ...glueStillBuildsBuilders(repo, glue, outcome.plan)];
    if (stillUsed.length > 0) return done('refused', null, [...verdict, ...stillUsed], glue.entry);
    const stale = onePerPlace([...staleGlue(outcome.plan, [...interpreted, ...otherGlue(repo, parse, request, candidates)]), ...unrewrittenGlue(outcome.plan, repo)]);
    if (stale.length > 0) return done('refused', null, [...stale, ...verdict], glue.entry);
  }
  if (outcome.status === 'refused' || hasErrors(outcome.status === 'migrate' ? outcome.plan.findings : [])) {
    const refusal = outcome.status === 'refused' ? outcome.findings : outcome.status === 'migrate' ? outcome.plan.findings : [];
    return done('refused', null, [...refusal, ...pipelineHints(repo, parse, glue, interpreted, refusal)], glue.entry);
  }
  if (outcome.status !== 'migrate') return done('nothing', null, outcome.findings, glue.entry);
  return done('migrate', outcome.plan, outcome.plan.findings, glue.entry);
}

/**
 * No glue came out as a builder pattern, but one is written there (glue the tool could not
 * follow, a README, a Dockerfile comment): the findings that say where and why; null when
 * there is none. A documented pipeline does not outweigh a Dockerfile already multi-stage.
 */
function seenButNotFollowed(repo: RepoView, request: MigrateRequest, interpreted: readonly GlueInterpretation[], alreadyMultiStage: boolean): Finding[] | null {
  if (request.builder || request.runtime) return null;
  const findings = unfollowedPipelines(repo, request.dir, interpreted, request.script, alreadyMultiStage);
  return findings.length > 0 ? findings : null;
}

/** With --script, the glue found by content that was not named: it may still build what the migration deletes. */
function otherGlue(repo: RepoView, parse: ParseShell, request: MigrateRequest, named: string[]): GlueInterpretation[] {
  if (!request.script) return [];
  return glueCandidates(repo, request.dir)
    .filter((c) => !named.includes(c))
    .map((c) => interpretGlue(repo, parse, c))
    .filter((g): g is GlueInterpretation => g !== null);
}

function done(status: RepoStatus, plan: MigrationPlan | null, findings: Finding[], glue: string | null): RepoOutcome {
  return { status, plan, findings: sortFindings(findings), glue };
}

function matchesOverrides(outcome: ReturnType<typeof planMigration>, request: MigrateRequest): boolean {
  if (outcome.status !== 'migrate') return !request.builder && !request.runtime;
  const s = outcome.plan.setup;
  return (!request.builder || s.builders.includes(request.builder)) && (!request.runtime || s.runtime === request.runtime);
}

/** A Dockerfile in `dir` that already copies from one of its own stages: the target shape. */
function alreadyMultiStage(repo: RepoView, dir: string): string | null {
  for (const name of repo.listDir(dir) ?? []) {
    if (!/dockerfile/i.test(name)) continue;
    const path = dir ? `${dir}/${name}` : name;
    const text = repo.readText(path);
    if (text && /^\s*FROM\s+\S+\s+AS\s+\S+/im.test(text) && /^\s*COPY\s+--from=/im.test(text)) return path;
  }
  return null;
}
