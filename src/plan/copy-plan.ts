/**
 * Runtime COPY/ADD lines that read extracted artifacts → `COPY --from` lines that put the same
 * files at the same places (docker-semantics.md §3.3). Where the direct form cannot be proven
 * equal, a helper stage rebuilds the legacy host layout so the runtime line keeps its own
 * destination rules.
 */
import { Finding, finding } from '../core/findings';
import { baseName, endsWithSlash, hasGlob, isWithin, joinRelative, literalPrefix, matchPath, normalizeAbsolute, normalizeRelative, relativeWithin } from '../core/paths';
import type { RepoView } from '../core/repo';
import type { Placement } from '../infer/host-layout';
import { asLiteral } from '../interpret/value';
import type { DockerInstruction, DockerStage, DockerfileModel } from '../parse/dockerfile';
import { argumentValues, flagValue } from '../parse/dockerfile';
import { DockerignoreRules } from './dockerignore';
import { ignoreFilter } from './ignore-filter';
import { Vars, expand, mentionsVariable, stageVars } from './dockerfile-vars';
import type { StageNamer } from './stage-names';
import type { ArtifactMove, CopyLine, CopyRewrite, HelperStage } from './types';
import { ArtifactContent, addLikeDocker } from './add-unpack';

export interface CopyPlanInput {
  model: DockerfileModel;
  /** Stages of the runtime file. */
  stages: DockerStage[];
  /** Legacy runtime build context (repository-relative). */
  context: string;
  /** Prefix that turns a legacy runtime context path into a path of the merged context ("" if the same). */
  rebase: string;
  buildArgs: Vars;
  placements: Placement[];
  stageOf: (p: Placement) => string;
  repo: RepoView;
  ignore: DockerignoreRules;
  namer: StageNamer;
  /** True when the placement's builder image has a shell with cp (for export stages). */
  hasShell: (p: Placement) => boolean;
  /** True when the builder image runs as a user other than root. */
  runsAsUser: (p: Placement) => boolean;
  /**
   * Set when the glue's host steps are replayed in a stage: runtime sources at or around these
   * repository paths are read from it (under its root, which stands for the repository).
   */
  replay?: { helper: HelperStage; derived: string[]; contentOf?: (repoPath: string) => ArtifactContent };
  /** Shared across the runtime Dockerfiles of one migration: placements some runtime reads. */
  consumed?: Set<Placement>;
  /** Report placements no runtime reads (false until the last runtime Dockerfile is planned). */
  reportUnconsumed?: boolean;
}

export interface CopyPlan {
  rewrites: CopyRewrite[];
  helpers: HelperStage[];
  moves: ArtifactMove[];
  findings: Finding[];
  /** Placements part of which the runtime .dockerignore hid: the commands that delete that part. */
  filters: Map<Placement, string[]>;
}

/**
 * Does the legacy context's .dockerignore hide anything the runtime read at `subtree` (a path
 * at or below placement `p`)? When it does, the commands that delete the same part of `p` are
 * recorded in `out.filters` for its export stage, or the rule that cannot be carried is
 * reported.
 */
function needsFilter(input: CopyPlanInput, out: CopyPlan, p: Placement, placementPath: string, subtree: string, isDir: boolean): boolean {
  if (!input.ignore.hides(subtree, isDir)) return false;
  if (out.filters.has(p)) return true;
  const filter = input.ignore.ignores(placementPath) ? null : ignoreFilter(input.ignore, placementPath, `${EXPORT_ROOT}/${placementPath}`.replace(/\/$/, ''));
  if (filter && 'commands' in filter) {
    out.filters.set(p, filter.commands);
    return true;
  }
  const rule = filter && 'unsupported' in filter ? filter.unsupported : input.ignore.ruleHiding(subtree, isDir);
  const origin = `${p.step.origin.file}:${p.step.origin.line}`;
  out.findings.push(
    finding(
      'DOCKERIGNORE_FILTERS_ARTIFACT',
      rule?.negated
        ? `\`!${rule.pattern}\` brings back part of \`${placementPath}\` (written by ${origin}) after other rules hid it; the order of rules cannot be carried into the migrated build exactly`
        : `\`${rule?.pattern ?? '…'}\` ${input.ignore.ignores(placementPath) ? 'hides' : 'hides part of'} \`${placementPath}\`, which ${origin} writes; this rule cannot be carried into the migrated build exactly`,
      { file: joinRelative(input.context, '.dockerignore'), line: rule?.line ?? 1 },
    ),
  );
  out.filters.set(p, []);
  return true;
}

/** A path inside a placement is known to be a file when the run's command wrote it with `-o`. */
function knownFile(p: Placement, innerContainerPath: string): boolean {
  if (!p.run) return false;
  const words = p.run.step.command.map((v) => asLiteral(v) ?? '');
  const base = p.run.step.workdir ?? p.source;
  const tokens = words.flatMap((w) => w.split(/\s+/));
  return tokens.some((t, i) => (t === '-o' || t === '--output') && i + 1 < tokens.length && normalizeAbsolute(tokens[i + 1].startsWith('/') ? tokens[i + 1] : `${base}/${tokens[i + 1]}`) === normalizeAbsolute(innerContainerPath));
}

const ARCHIVE = /\.(tar|tar\.gz|tgz|tar\.bz2|tbz2?|tar\.xz|txz|tar\.zst)$/i;
const EXPORT_ROOT = '/export';

type Route =
  | { kind: 'context'; source: string }
  | { kind: 'from'; stage: string; source: string; dest?: string; placement: Placement }
  /** Copy from a helper stage; `source` is the path inside it. */
  | { kind: 'helper'; helper: HelperStage; source: string; dest?: string; placements: Placement[]; keepOwners?: boolean };

/** Plans every runtime context COPY/ADD that reads artifacts (or needs rebasing onto a new context). */
export function planCopies(input: CopyPlanInput): CopyPlan {
  const out: CopyPlan = { rewrites: [], helpers: input.replay ? [input.replay.helper] : [], moves: [], findings: [], filters: new Map() };
  const local = input.placements
    .filter((p) => isWithin(p.hostPath, input.context))
    .map((p) => ({ placement: p, path: relativeWithin(p.hostPath, input.context) }));
  const consumed = input.consumed ?? new Set<Placement>();
  for (const stage of input.stages) {
    stage.instructions.forEach((ins, index) => {
      if ((ins.keyword !== 'COPY' && ins.keyword !== 'ADD') || flagValue(ins, 'from') !== null || ins.heredoc) return;
      const rewrite = planInstruction(input, out, local, stage, index, ins, consumed);
      if (rewrite) out.rewrites.push(rewrite);
    });
  }
  for (const { placement } of input.reportUnconsumed === false ? [] : local) {
    if (!consumed.has(placement)) out.findings.push(finding('ARTIFACT_NOT_CONSUMED', `${placement.source} is copied out to \`${placement.hostPath}\`, but no runtime COPY reads it; after the migration it would no longer be written to the host`, at(placement)));
  }
  for (const p of input.reportUnconsumed === false ? [] : input.placements) {
    if (!isWithin(p.hostPath, input.context)) out.findings.push(finding('ARTIFACT_NOT_CONSUMED', `${p.source} is copied out to \`${p.hostPath}\`, outside the runtime build context ${input.context || '.'}`, at(p)));
  }
  return out;
}

function at(p: Placement): { file: string; line: number } {
  return { file: p.step.origin.file, line: p.step.origin.line };
}

function planInstruction(
  input: CopyPlanInput,
  out: CopyPlan,
  local: { placement: Placement; path: string }[],
  stage: DockerStage,
  index: number,
  ins: DockerInstruction,
  consumed: Set<Placement>,
): CopyRewrite | null {
  const values = argumentValues(ins);
  if (values.length < 2) return null;
  const written = values.slice(0, -1);
  const dest = values[values.length - 1];
  const where = { file: input.model.path, line: ins.line };
  const vars = stageVars(input.model, stage, index, input.buildArgs);
  const routes: Route[][] = [];
  let touched = false;
  for (const src of written) {
    if (/^(https?:\/\/|git@)/.test(src)) {
      routes.push([{ kind: 'context', source: src }]);
      continue;
    }
    const expanded = mentionsVariable(src) ? expand(src, vars, input.model.escapeChar) : src;
    if (expanded === null) {
      if (local.length > 0) out.findings.push(finding('COPY_SOURCE_UNRESOLVED', `the source ${src} uses a build arg whose value is unknown, so it cannot be told whether it reads an artifact`, where));
      routes.push([{ kind: 'context', source: rebased(input, src) }]);
      continue;
    }
    const path = normalizeRelative(expanded);
    const r = path === null ? null : routeSource(input, out, local, ins, src, path, dest, written.length, where, consumed);
    if (r === null) routes.push([{ kind: 'context', source: rebased(input, src) }]);
    else {
      touched = true;
      routes.push(r);
    }
  }
  if (!touched && input.rebase === '') return null;
  return { instruction: ins, lines: toLines(ins, routes.flat(), dest) };
}

function rebased(input: CopyPlanInput, src: string): string {
  if (input.rebase === '') return src;
  const clean = src.replace(/^\.?\/+/, '');
  return clean === '' || clean === '.' ? input.rebase : `${input.rebase}/${clean}`;
}

/** Routes for one source that involves artifacts; null when it reads only repository files. */
function routeSource(
  input: CopyPlanInput,
  out: CopyPlan,
  local: { placement: Placement; path: string }[],
  ins: DockerInstruction,
  written: string,
  path: string,
  dest: string,
  sourceCount: number,
  where: { file: string; line: number },
  consumed: Set<Placement>,
): Route[] | null {
  if (input.replay) return routeReplay(input, input.replay, out, ins, written, path, dest, where);
  const glob = hasGlob(path);
  const isAdd = ins.keyword === 'ADD';
  const move = (p: Placement, form: ArtifactMove['form'], finalDest: string): void => {
    consumed.add(p);
    out.moves.push({
      builderStage: input.stageOf(p),
      builderPath: p.source,
      hostPath: p.hostPath,
      runtimeLine: where,
      destination: finalDest,
      form,
      evidence: evidenceFor(p, written, where),
    });
  };
  if (!glob) {
    const exact = local.find((l) => l.path === path && !l.placement.merged);
    if (exact && isAdd && exact.placement.kind.kind !== 'dir') return viaAdd(input, out, ins, exact.placement, path, where, move, dest);
    if (exact) return [routeExact(input, out, exact.placement, written, path, dest, sourceCount, where, move)];
    const around = local.find((l) => !l.placement.merged && l.path !== path && isWithin(path, l.path));
    if (around) {
      if (around.placement.kind.kind === 'file' || around.placement.via === 'cat') {
        out.findings.push(finding('LEGACY_COPY_FAILS', `\`${written}\` lies inside \`${around.path}\`, which the glue made a file`, where));
        return [];
      }
      const inner = `${around.placement.source}/${relativeWithin(path, around.path)}`;
      if (isAdd) return viaAdd(input, out, ins, around.placement, path, where, move, dest);
      if (needsFilter(input, out, around.placement, around.path, path, !knownFile(around.placement, inner))) return viaExport(input, out, around.placement, path, where, move, dest);
      move(around.placement, 'direct', dest);
      return [{ kind: 'from', stage: input.stageOf(around.placement), source: inner, placement: around.placement }];
    }
    const below = local.filter((l) => isWithin(l.path, path) && (l.path !== path || l.placement.merged));
    if (below.length === 0) {
      const mergedAbove = local.find((l) => l.placement.merged && isWithin(path, l.path) && l.path !== path);
      if (mergedAbove) {
        out.findings.push(finding('EXTRACTION_UNSUPPORTED', `\`${written}\` lies in \`${mergedAbove.path}\`, where both the repository and the builder may put files; the migration cannot tell which one the legacy build read`, where));
        return [];
      }
      return null;
    }
    return routeContaining(input, out, below, ins, written, path, dest, where, move);
  }

  // A glob: inside one artifact directory, or reaching artifacts through several paths.
  const prefix = literalPrefix(path);
  const inside = local.find((l) => !l.placement.merged && l.placement.kind.kind !== 'file' && isWithin(prefix, l.path) && path.split('/').length > l.path.split('/').length);
  if (inside && isAdd && !addable(out, ins, true, where)) return [];
  if (inside) {
    if (needsFilter(input, out, inside.placement, inside.path, literalPrefix(path), true)) return viaExport(input, out, inside.placement, path, where, move, dest);
    move(inside.placement, 'direct', dest);
    return [{ kind: 'from', stage: input.stageOf(inside.placement), source: `${inside.placement.source}/${relativeWithin(path, inside.path)}`, placement: inside.placement }];
  }
  const hits = local.filter((l) => globReaches(path, l.path));
  if (hits.length === 0) return null;
  if (isAdd && !addable(out, ins, true, where)) return [];
  return routeGlob(input, out, hits, written, path, dest, where, move);
}

/** The source names an artifact exactly (`COPY server /usr/local/bin/`). */
function routeExact(
  input: CopyPlanInput,
  out: CopyPlan,
  p: Placement,
  written: string,
  path: string,
  dest: string,
  sourceCount: number,
  where: { file: string; line: number },
  move: (p: Placement, form: ArtifactMove['form'], d: string) => void,
): Route {
  const stage = input.stageOf(p);
  if (p.via === 'cat' || needsFilter(input, out, p, path, path, p.kind.kind !== 'file')) {
    const helper = exportStage(input, out, p, where);
    if (!helper) return { kind: 'context', source: written };
    move(p, 'export', dest);
    return { kind: 'helper', helper, source: helperPath(helper, path), placements: [p] };
  }
  const sameName = baseName(p.source) === baseName(path);
  const destIsDir = endsWithSlash(dest) || sourceCount > 1;
  if (p.kind.kind === 'dir' || sameName) {
    move(p, 'direct', dest);
    return { kind: 'from', stage, source: p.source, placement: p };
  }
  if (p.kind.kind === 'file' && destIsDir) {
    const renamed = `${dest.replace(/\/+$/, '')}/${baseName(path)}`;
    move(p, 'direct', renamed);
    return { kind: 'from', stage, source: p.source, dest: renamed, placement: p };
  }
  // A renamed file (or something of unknown kind) whose destination may or may not be an
  // existing directory of the base image: rebuild the legacy name and keep the legacy line (X2).
  const helper = layoutStage(input, out, [{ placement: p, path }], where);
  move(p, 'layout', dest);
  return { kind: 'helper', helper, source: helperPath(helper, path), placements: [p] };
}

/**
 * A source in replay mode: what the glue built on the host is read from the replay stage
 * (`/host/<repository path>`); an ADDed archive is unpacked there first, since COPY --from does
 * not unpack (AD-4), keeping the archive's owners as ADD does (AD-2).
 */
function routeReplay(
  input: CopyPlanInput,
  replay: NonNullable<CopyPlanInput['replay']>,
  out: CopyPlan,
  ins: DockerInstruction,
  written: string,
  path: string,
  dest: string,
  where: { file: string; line: number },
): Route[] | null {
  const repoPath = joinRelative(input.context, path);
  const hostPath = `${replay.helper.root}/${repoPath}`.replace(/\/$/, '');
  const glob = hasGlob(path);
  const prefix = glob ? joinRelative(input.context, literalPrefix(path)) : repoPath;
  const inside = replay.derived.some((d) => isWithin(prefix, d) && (!glob || prefix !== d || path.split('/').length > d.split('/').length));
  const contains = !glob && replay.derived.some((d) => isWithin(d, repoPath) && d !== repoPath);
  const note = (form: ArtifactMove['form']) =>
    out.moves.push({ builderStage: replay.helper.name, builderPath: hostPath, hostPath: repoPath, runtimeLine: where, destination: dest, form, evidence: [replay.helper.reason, `${where.file}:${where.line}: the runtime copies ${written}`] });
  if (glob && !inside && replay.derived.some((d) => globReaches(path, relativeWithin(d, input.context)))) {
    out.findings.push(finding('EXTRACTION_UNSUPPORTED', `the pattern \`${written}\` reaches files the glue builds on the host in a way this version cannot rebuild exactly`, where));
    return [];
  }
  if (!inside && !contains) return null;
  const content = replay.contentOf?.(repoPath) ?? { kind: 'unknown' };
  if (ins.keyword === 'ADD' && inside && content.kind !== 'dir') {
    // ADD decides by content, not by name: unpack it as ADD would, in the stage.
    if (!addable(out, ins, glob, where)) return [];
    note('export');
    return [{ kind: 'helper', helper: replay.helper, source: addLikeDocker(replay.helper.commands, hostPath, baseName(path), content, shellQuote), placements: [], keepOwners: true }];
  }
  note('export');
  const routes: Route[] = [];
  if (contains && input.repo.typeOf(repoPath) === 'dir') routes.push({ kind: 'context', source: rebased(input, written) });
  routes.push({ kind: 'helper', helper: replay.helper, source: hostPath, dest: contains ? dest : undefined, placements: [] });
  return routes;
}

/**
 * Whether an ADD of an artifact can be done as ADD would: not through a pattern (each match
 * would be unpacked or not), and without --chown or --chmod (AD-5: the builders differ).
 */
function addable(out: CopyPlan, ins: DockerInstruction, glob: boolean, where: { file: string; line: number }): boolean {
  const flag = ins.flags.find((f) => f.name !== 'link');
  if (!glob && !flag) return true;
  out.findings.push(finding('ADD_TARBALL_ARTIFACT', glob ? 'ADD of a pattern that matches artifacts unpacks each archive among them; this version does not reproduce that' : `ADD --${flag?.name} of an artifact that may be an archive: classic and BuildKit treat unpacked files differently (AD-5)`, where));
  return false;
}

/** `ADD path` of (a file inside) placement `p`: the legacy host file, then what ADD makes of it. */
function viaAdd(input: CopyPlanInput, out: CopyPlan, ins: DockerInstruction, p: Placement, path: string, where: { file: string; line: number }, move: (p: Placement, form: ArtifactMove['form'], d: string) => void, dest: string): Route[] {
  if (!addable(out, ins, false, where)) return [];
  const helper = exportStage(input, out, p, where, 'the artifacts as the legacy glue left them, then what the runtime\'s ADD makes of each (unpacked when its content is an archive)');
  if (!helper) return [];
  move(p, 'export', dest);
  return [{ kind: 'helper', helper, source: addLikeDocker(helper.commands, helperPath(helper, path), baseName(path), { kind: 'unknown' }, shellQuote), placements: [p], keepOwners: true }];
}

/** Serves `path` (at or inside placement `p`) from an export stage. */
function viaExport(
  input: CopyPlanInput,
  out: CopyPlan,
  p: Placement,
  path: string,
  where: { file: string; line: number },
  move: (p: Placement, form: ArtifactMove['form'], d: string) => void,
  dest: string,
): Route[] {
  const helper = exportStage(input, out, p, where);
  if (!helper) return [];
  move(p, 'export', dest);
  return [{ kind: 'helper', helper, source: helperPath(helper, path), placements: [p] }];
}

/**
 * The source is a directory holding artifacts (`COPY . /app`, `COPY out /srv`): the repository
 * part stays a context COPY, then each artifact follows into the same relative place.
 */
function routeContaining(
  input: CopyPlanInput,
  out: CopyPlan,
  below: { placement: Placement; path: string }[],
  ins: DockerInstruction,
  written: string,
  path: string,
  dest: string,
  where: { file: string; line: number },
  move: (p: Placement, form: ArtifactMove['form'], d: string) => void,
): Route[] {
  const routes: Route[] = [];
  const legacyContextPath = joinRelative(input.context, path);
  if (input.repo.typeOf(legacyContextPath) === 'dir') routes.push({ kind: 'context', source: rebased(input, written) });
  let pendingExport: { helper: HelperStage; placements: Placement[] } | null = null;
  const flush = (): void => {
    if (!pendingExport) return;
    routes.push({ kind: 'helper', helper: pendingExport.helper, source: helperPath(pendingExport.helper, path), dest, placements: pendingExport.placements });
    pendingExport = null;
  };
  for (const { placement: p, path: ppath } of below) {
    needsFilter(input, out, p, ppath, ppath, p.kind.kind !== 'file');
    const rel = relativeWithin(ppath, path);
    const target = joinDest(dest, rel);
    if (ins.keyword === 'ADD' && ARCHIVE.test(ppath) && ppath === path) {
      tarball(out, written, where);
      continue;
    }
    if (!out.filters.has(p) && (p.merged || (p.kind.kind === 'file' && p.via === 'cp'))) {
      flush();
      move(p, 'direct', target);
      routes.push({ kind: 'from', stage: input.stageOf(p), source: p.source, dest: target, placement: p });
      continue;
    }
    // A directory (or unknown) inside the copied one keeps its own mode in the legacy image (CO-2 only resets the top).
    const helper = exportStage(input, out, p, where);
    if (!helper) continue;
    move(p, 'export', target);
    if (pendingExport && pendingExport.helper !== helper) flush();
    pendingExport ??= { helper, placements: [] };
    pendingExport.placements.push(p);
  }
  flush();
  return routes;
}

/** A glob that reaches artifacts: rebuild every matching path in a scratch stage and keep the glob. */
function routeGlob(
  input: CopyPlanInput,
  out: CopyPlan,
  hits: { placement: Placement; path: string }[],
  written: string,
  path: string,
  dest: string,
  where: { file: string; line: number },
  move: (p: Placement, form: ArtifactMove['form'], d: string) => void,
): Route[] {
  const nested = hits.filter((h) => path.split('/').length < h.path.split('/').length && h.placement.kind.kind !== 'file');
  if (nested.length > 0 || hits.some((h) => h.placement.via === 'cat' || h.placement.merged)) {
    out.findings.push(finding('EXTRACTION_UNSUPPORTED', `the pattern \`${written}\` reaches extracted paths in a way this version cannot rebuild exactly`, where));
    return [];
  }
  const helper = layoutStage(input, out, hits, where);
  for (const repoPath of repoMatches(input, path)) {
    if (!hits.some((h) => isWithin(repoPath, h.path) || isWithin(h.path, repoPath))) {
      helper.copies.unshift({ keyword: 'COPY', from: null, chown: null, flags: [], sources: [rebased(input, repoPath)], dest: `/${repoPath}`, json: false });
    }
  }
  for (const h of hits) move(h.placement, 'layout', dest);
  return [{ kind: 'helper', helper, source: helperPath(helper, path), placements: hits.map((h) => h.placement) }];
}

/** Could the glob `pattern` match `path` itself, a directory above it, or something below it? */
function globReaches(pattern: string, path: string): boolean {
  const ps = pattern.split('/');
  const ns = path.split('/');
  const n = Math.min(ps.length, ns.length);
  for (let i = 0; i < n; i++) if (!matchPath(ps[i], ns[i])) return false;
  return true;
}

/** Repository paths (in the legacy runtime context, not ignored) matching a COPY glob. */
function repoMatches(input: CopyPlanInput, pattern: string): string[] {
  const segs = pattern.split('/');
  let frontier = [''];
  for (const seg of segs) {
    const next: string[] = [];
    for (const dir of frontier) {
      for (const name of input.repo.listDir(joinRelative(input.context, dir)) ?? []) {
        const candidate = joinRelative(dir, name);
        if (matchPath(seg, name) && !input.ignore.hides(candidate, false)) next.push(candidate);
      }
    }
    frontier = next;
  }
  return frontier;
}

function tarball(out: CopyPlan, written: string, where: { file: string; line: number }): Route[] {
  out.findings.push(finding('ADD_TARBALL_ARTIFACT', `ADD extracts the archive \`${written}\` that the glue copied out; COPY --from would not extract it, and this version does not migrate that`, where));
  return [];
}

function joinDest(dest: string, rel: string): string {
  if (rel === '') return dest;
  const base = dest.replace(/\/+$/, '');
  if (base === '' && dest.startsWith('/')) return `/${rel}`;
  if (base === '.' || base === '') return `./${rel}`;
  return `${base}/${rel}`;
}

function helperPath(helper: HelperStage, contextPath: string): string {
  const root = helper.root.replace(/\/+$/, '');
  return contextPath === '' ? `${root}/` : `${root}/${contextPath}`;
}

/** A `FROM scratch` stage holding artifacts at their legacy context paths (one per runtime line). */
function layoutStage(input: CopyPlanInput, out: CopyPlan, items: { placement: Placement; path: string }[], where: { file: string; line: number }): HelperStage {
  const helper: HelperStage = {
    name: input.namer.claim('legacy-context'),
    base: 'scratch',
    root: '/',
    copies: items.map(({ placement, path }) => ({ keyword: 'COPY', from: input.stageOf(placement), chown: null, flags: [], sources: [placement.source], dest: `/${path}`, json: false })),
    commands: [],
    asRoot: false,
    reason: `the build context as the legacy glue left it, for ${where.file}:${where.line}`,
  };
  out.helpers.push(helper);
  return helper;
}

/**
 * A stage on top of the builder that copies artifacts with `cp -a` (modes kept) or `cat`
 * (as the host shell wrote them) to their legacy context paths under /export.
 */
function exportStage(input: CopyPlanInput, out: CopyPlan, p: Placement, where: { file: string; line: number }, purpose?: string): HelperStage | null {
  if (!input.hasShell(p)) {
    out.findings.push(finding('BUILDER_HAS_NO_SHELL', `copying ${p.source} exactly needs \`cp -a\` in the builder image, which has no shell`, where));
    return null;
  }
  const builder = input.stageOf(p);
  // One stage per runtime line, or one for every line with the same purpose.
  const reason = purpose ?? `artifacts laid out as the legacy glue left them, for ${where.file}:${where.line}`;
  let helper = out.helpers.find((h) => h.base === builder && h.root === EXPORT_ROOT && (purpose ? h.reason.startsWith(purpose) : h.reason.endsWith(`${where.file}:${where.line}`)));
  if (!helper) {
    helper = { name: input.namer.claim(`${builder}-${purpose ? 'add' : 'export'}`), base: builder, root: EXPORT_ROOT, copies: [], commands: [], asRoot: input.runsAsUser(p), reason };
    out.helpers.push(helper);
  }
  const rel = relativeWithin(p.hostPath, input.context);
  const target = `${EXPORT_ROOT}/${rel}`;
  const parent = target.slice(0, target.lastIndexOf('/'));
  if (p.merged || rel === '') {
    const dir = target.replace(/\/$/, '');
    helper.commands.push(`mkdir -p ${shellQuote(dir)}`, `cp -a ${shellQuote(p.source)}/. ${shellQuote(dir)}/`);
  } else {
    if (!helper.commands.includes(`mkdir -p ${shellQuote(parent)}`)) helper.commands.push(`mkdir -p ${shellQuote(parent)}`);
    helper.commands.push(p.via === 'cat' ? `cat ${shellQuote(p.source)} > ${shellQuote(target)}` : `cp -a ${shellQuote(p.source)} ${shellQuote(target)}`);
  }
  const filter = out.filters.get(p);
  if (filter && filter.length > 0) {
    helper.commands.push(...filter);
    helper.reason = `${helper.reason}, without what .dockerignore hid`;
  }
  return helper;
}

function shellQuote(s: string): string {
  return /^[A-Za-z0-9_./:@%+=-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;
}

function evidenceFor(p: Placement, written: string, where: { file: string; line: number }): string[] {
  const o = p.step.origin;
  const how =
    p.via === 'cat'
      ? `docker run … cat ${p.source} > ${p.hostPath}`
      : p.via === 'run'
        ? `docker run builds at run time and writes ${p.hostPath || '.'} through the mount at ${p.source}`
        : `docker cp …:${p.source} → ${p.hostPath}${p.merged ? ' (contents merged into an existing directory)' : ''}`;
  const ev = [`${o.file}:${o.line}: ${how}`];
  if (p.kind.evidence) ev.push(`${p.kind.evidence}: ${p.source} is a ${p.kind.kind === 'dir' ? 'directory' : 'file'}`);
  ev.push(`${where.file}:${where.line}: the runtime copies ${written}`);
  return ev;
}

/** Groups routes into lines: consecutive routes from the same place with the same destination share one. */
function toLines(ins: DockerInstruction, routes: Route[], dest: string): CopyLine[] {
  const chownFlag = flagValue(ins, 'chown');
  const other = ins.flags.filter((f) => f.name !== 'chown' && f.name !== 'from').map((f) => (f.value === null ? `--${f.name}` : `--${f.name}=${f.value}`));
  const json = ins.json !== null;
  const lines: CopyLine[] = [];
  for (const r of routes) {
    const from = r.kind === 'context' ? null : r.kind === 'from' ? r.stage : r.helper.name;
    const lineDest = r.kind === 'context' ? dest : (r.dest ?? dest);
    const keyword = r.kind === 'context' ? (ins.keyword as 'COPY' | 'ADD') : 'COPY';
    // COPY --from keeps the builder's owners; the legacy context COPY gave root (OW-1, OW-2).
    const chown = r.kind === 'context' || (r.kind === 'helper' && r.keepOwners) ? chownFlag : (chownFlag ?? '0:0');
    const last = lines[lines.length - 1];
    if (last && last.from === from && last.dest === lineDest && last.keyword === keyword && r.kind !== 'helper' && !(r.kind === 'from' && r.dest) && endsWithSlash(lineDest)) {
      last.sources.push(r.source);
      continue;
    }
    lines.push({ keyword, from, chown, flags: other, sources: [r.source], dest: lineDest, json });
  }
  return lines;
}
