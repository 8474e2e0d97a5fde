/**
 * Runtime COPY/ADD lines that read extracted artifacts → `COPY --from` lines that put the same
 * files at the same places (docker-semantics.md §3.3). Where the direct form cannot be proven
 * equal, a helper stage rebuilds the legacy host layout so the runtime line keeps its own
 * destination rules.
 */
import { Finding, finding } from '../core/findings';
import { dockerLiteral, shellWord } from '../core/quote';
import { baseName, dirName, endsWithSlash, hasGlob, isWithin, joinRelative, literalPrefix, matchPath, normalizeAbsolute, normalizeRelative, relativeWithin } from '../core/paths';
import type { RepoView } from '../core/repo';
import { followedKind, linkTarget, type PathKind } from '../infer/builder-paths';
import type { Placement } from '../infer/host-layout';
import { type Value, asLiteral } from '../interpret/value';
import { assumedDefaults, symbolicBuilderPath } from './caller-values';
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
  /** The values the legacy runtime build passes as build args (name → value; null: from the environment). */
  buildArgValues?: ReadonlyMap<string, Value | null>;
  /** What the builder Dockerfile tells about a path in the image placement `p` came from (default: unknown). */
  kindOf?: (p: Placement, containerPath: string) => PathKind;
  /**
   * Set when the glue's host steps are replayed in a stage: runtime sources at or around these
   * repository paths are read from it (under its root, which stands for the repository).
   */
  replay?: { helper: HelperStage; derived: string[]; inputs?: string[]; opaque?: string[]; contentOf?: (repoPath: string) => ArtifactContent };
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
  /** `word`: the source is already a Dockerfile word (a build arg kept symbolic), not a literal path. */
  | { kind: 'from'; stage: string; source: string; dest?: string; placement: Placement; word?: boolean }
  /** Copy from a helper stage; `source` is the path inside it. */
  | { kind: 'helper'; helper: HelperStage; source: string; dest?: string; placements: Placement[]; keepOwners?: boolean };

/** Plans every runtime context COPY/ADD that reads artifacts (or needs rebasing onto a new context). */
export function planCopies(given: CopyPlanInput): CopyPlan {
  const input = { ...given, consumed: given.consumed ?? new Set<Placement>() };
  const out: CopyPlan = { rewrites: [], helpers: input.replay ? [input.replay.helper] : [], moves: [], findings: [], filters: new Map() };
  const local = input.placements
    .filter((p) => isWithin(p.hostPath, input.context))
    .map((p) => ({ placement: p, path: relativeWithin(p.hostPath, input.context) }));
  const consumed = input.consumed;
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
    const r = path === null ? null : routeSource(input, out, local, ins, src, path, dest, written.length, where, consumed, (n) => vars.has(n));
    if (r === null) routes.push([{ kind: 'context', source: rebased(input, src) }]);
    else {
      touched = true;
      routes.push(r);
    }
  }
  if (!touched && input.rebase === '') return null;
  return { instruction: ins, lines: toLines(ins, routes.flat(), dest, input.model.escapeChar) };
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
  inScope: (name: string) => boolean,
): Route[] | null {
  if (input.replay) return routeReplay(input, input.replay, out, ins, written, path, dest, where);
  const glob = hasGlob(path);
  const isAdd = ins.keyword === 'ADD';
  const wordDefaults = [...written.matchAll(/\$\{?([A-Za-z_][A-Za-z0-9_]*)/g)].flatMap((m) => assumedDefaults(input.buildArgValues?.get(m[1])));
  const move = (p: Placement, form: ArtifactMove['form'], finalDest: string, symbolic = false): void => {
    const defaults = [...new Set([...wordDefaults, ...placementDefaults(p)])];
    if (defaults.length > 0 && !symbolic) frozen(out, p, written, defaults, where);
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
    if (exact) {
      if (isAdd && exact.placement.kind.kind !== 'dir') return viaAdd(input, out, ins, exact.placement, path, where, move, dest);
      // Kept symbolic only where the plain direct line would do: not an ADD, nothing the runtime .dockerignore hid.
      const kept = isAdd || input.ignore.hides(path, exact.placement.kind.kind !== 'file') ? null : keptSymbolic(input, exact.placement, written, inScope);
      if (kept !== null) {
        move(exact.placement, 'direct', dest, true);
        return [{ kind: 'from', stage: input.stageOf(exact.placement), source: kept, placement: exact.placement, word: true }];
      }
      return [routeExact(input, out, exact.placement, written, path, dest, sourceCount, where, move)];
    }
    const around = local.find((l) => !l.placement.merged && l.path !== path && isWithin(path, l.path));
    if (around) {
      if (around.placement.kind.kind === 'file' || around.placement.via === 'cat') {
        out.findings.push(finding('LEGACY_COPY_FAILS', `\`${written}\` lies inside \`${around.path}\`, which the glue made a file`, where));
        return [];
      }
      const inner = `${around.placement.source}/${relativeWithin(path, around.path)}`;
      const viaLink = around.placement.kind;
      if (viaLink.kind === 'link' && !around.placement.follow && !linkReadsSame(input, out, viaLink.link as string, around.path, around.placement.source, input.stageOf(around.placement), written, where)) return [];
      const innerKind = input.kindOf?.(around.placement, inner);
      if (innerKind?.kind === 'link' && !linkReadsSame(input, out, innerKind.link as string, path, inner, input.stageOf(around.placement), written, where)) return [];
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
    const viaLink = inside.placement.kind;
    if (viaLink.kind === 'link' && !inside.placement.follow && !linkReadsSame(input, out, viaLink.link as string, inside.path, inside.placement.source, input.stageOf(inside.placement), written, where)) return [];
    if (needsFilter(input, out, inside.placement, inside.path, literalPrefix(path), true)) return viaExport(input, out, inside.placement, path, where, move, dest);
    move(inside.placement, 'direct', dest);
    return [{ kind: 'from', stage: input.stageOf(inside.placement), source: `${globBase(input, inside.placement)}/${relativeWithin(path, inside.path)}`, placement: inside.placement }];
  }
  const hits = local.filter((l) => globReaches(path, l.path));
  if (hits.length === 0) return null;
  if (isAdd && !addable(out, ins, true, where)) return [];
  return routeGlob(input, out, hits, written, path, dest, where, move);
}

/**
 * Where a glob inside a followed extraction is matched in the builder. docker cp followed the
 * link (`A/.`, `-L`), and COPY --from follows a link on a literal path, but a pattern is
 * matched without following one (the classic builder finds no source at all, GL-6): so the
 * pattern starts at the directory the link leads to.
 */
function globBase(input: CopyPlanInput, p: Placement): string {
  if (!p.follow || !input.kindOf) return p.source;
  const kindOf = input.kindOf;
  return followedKind((q) => kindOf(p, q), p.source).path;
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
  if (p.kind.kind === 'link' && !p.follow && !linkReadsSame(input, out, p.kind.link as string, path, p.source, stage, written, where)) return { kind: 'context', source: written };
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
    const renamed = `${dest.replace(/\/+$/, '')}/${dockerLiteral(baseName(path), input.model.escapeChar)}`;
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
  const inside = replay.derived.some((d) => isWithin(prefix, d) && (!glob || prefix !== d || depth(repoPath) > depth(d)));
  const contains = !glob && replay.derived.some((d) => isWithin(d, repoPath) && d !== repoPath);
  const note = (form: ArtifactMove['form']) =>
    out.moves.push({ builderStage: replay.helper.name, builderPath: hostPath, hostPath: repoPath, runtimeLine: where, destination: dest, form, evidence: [replay.helper.reason, `${where.file}:${where.line}: the runtime copies ${written}`] });
  // The stage holds what the replay made and the files it read, nothing else of the repository.
  const held = (p: string) => replay.derived.some((d) => isWithin(p, d)) || (replay.inputs ?? []).some((i) => isWithin(p, i));
  const matches = glob ? repoMatches(input, path).map((m) => joinRelative(input.context, m)) : input.repo.typeOf(repoPath) !== null ? [repoPath] : [];
  const mixed = matches.find((m) => (replay.opaque ?? []).some((o) => isWithin(m, o)) && !(replay.inputs ?? []).some((i) => isWithin(m, i)));
  if ((inside || contains) && mixed !== undefined) {
    out.findings.push(finding('EXTRACTION_UNSUPPORTED', `\`${written}\` reads the repository's \`${mixed}\` inside a directory the glue's tar stream unpacks into without naming its entries; the migration cannot tell whether the legacy build read the repository's file or the builder's`, where));
    return [];
  }
  const reached = replay.derived.filter((d) => isWithin(d, input.context) && globReaches(path, relativeWithin(d, input.context)));
  if (glob && !inside && reached.length > 0) {
    // A pattern that names what the replay made (`app*` for `app`) reads the same from the stage,
    // when every match is a made path itself and nothing else of the repository matches.
    const whole = reached.every((d) => depth(d) === depth(repoPath)) && matches.every(held);
    if (!whole) {
      out.findings.push(finding('EXTRACTION_UNSUPPORTED', `the pattern \`${written}\` reaches files the glue builds on the host in a way this version cannot rebuild exactly`, where));
      return [];
    }
    note('export');
    return [{ kind: 'helper', helper: replay.helper, source: hostPath, placements: [] }];
  }
  if (!inside && !contains) return null;
  const content = replay.contentOf?.(repoPath) ?? { kind: 'unknown' };
  if (ins.keyword === 'ADD' && inside && content.kind !== 'dir') {
    // ADD decides by content, not by name: unpack it as ADD would, in the stage.
    if (!addable(out, ins, glob, where)) return [];
    note('export');
    return [{ kind: 'helper', helper: replay.helper, source: addLikeDocker(replay.helper.commands, hostPath, baseName(path), content, shellWord), placements: [], keepOwners: true }];
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
  if (p.kind.kind === 'link' && !p.follow) {
    out.findings.push(finding('EXTRACTION_UNSUPPORTED', `ADD of \`${path}\`, a symbolic link the glue copied out as a link: what ADD unpacks through it is not reproduced`, where));
    return [];
  }
  const helper = exportStage(input, out, p, where, 'the artifacts as the legacy glue left them, then what the runtime\'s ADD makes of each (unpacked when its content is an archive)');
  if (!helper) return [];
  move(p, 'export', dest);
  return [{ kind: 'helper', helper, source: addLikeDocker(helper.commands, helperPath(helper, path), baseName(path), { kind: 'unknown' }, shellWord), placements: [p], keepOwners: true }];
}

/**
 * A COPY source that is a symbolic link the glue copied out as a link (CP-17, CP-18): the
 * legacy COPY followed it inside the build context (SY-1), `COPY --from` follows it inside the
 * builder. Same files only when the link's target in the context is the artifact holding the
 * builder path it points to; a link that resolves to nothing there made the legacy COPY fail
 * (SY-3, row L2), and one that resolves to a repository file read that file. `link` is the
 * target as written, `hostPath` the link's context path, `builderPath` its place in the builder.
 */
function linkReadsSame(input: CopyPlanInput, out: CopyPlan, link: string, hostPath: string, builderPath: string, stage: string, written: string, where: { file: string; line: number }): boolean {
  const inContext = normalizeAbsolute(link.startsWith('/') ? link : `/${dirName(hostPath)}/${link}`).slice(1);
  const inBuilder = linkTarget(builderPath, link);
  const holder = input.placements.find((q) => isWithin(q.hostPath, input.context) && !q.merged && isWithin(inContext, relativeWithin(q.hostPath, input.context)));
  if (holder) {
    const rel = relativeWithin(inContext, relativeWithin(holder.hostPath, input.context));
    const there = rel === '' ? holder.source : `${holder.source}/${rel}`;
    const targetKind = rel === '' ? holder.kind : input.kindOf?.(holder, there);
    if (input.stageOf(holder) === stage && there === inBuilder && targetKind?.kind !== 'link') {
      // Read through the link, the holder is used even when nothing else copies it.
      input.consumed?.add(holder);
      return true;
    }
  }
  const repoPath = joinRelative(input.context, inContext);
  if (!holder && input.repo.typeOf(repoPath) === null) {
    out.findings.push(finding('LEGACY_COPY_FAILS', `\`${written}\` is a symbolic link to ${link}, which the glue copied out as a link; ${link} is not in the legacy build context, so the legacy COPY fails (SY-3)`, where));
    return false;
  }
  out.findings.push(finding('EXTRACTION_UNSUPPORTED', `\`${written}\` is a symbolic link to ${link}, which the glue copied out as a link: the legacy COPY read \`${inContext || '.'}\` of the build context, COPY --from would read ${inBuilder} of the builder, and they are not provably the same`, where));
  return false;
}

/** The defaults of caller-settable variables the docker cp of `p` took (`docker cp C:/out/$APP ./$APP`). */
function placementDefaults(p: Placement): string[] {
  return p.step.kind === 'cp' && p.step.values ? [...assumedDefaults(p.step.values.source), ...assumedDefaults(p.step.values.dest)] : [];
}

/**
 * The builder path as a Dockerfile word that keeps the caller's value (`/out/${BIN}`), when the
 * artifact's path and the runtime COPY source both come from it (caller-values.ts); null when
 * nothing needs keeping or it cannot be kept.
 */
function keptSymbolic(input: CopyPlanInput, p: Placement, written: string, inScope: (name: string) => boolean): string | null {
  if (p.step.kind !== 'cp' || !p.step.values || p.merged || p.kind.kind === 'link' || p.via !== 'cp' || placementDefaults(p).length === 0) return null;
  return symbolicBuilderPath({ written, context: input.context, buildArgs: input.buildArgValues ?? new Map(), inScope, cp: p.step.values, escapeChar: input.model.escapeChar });
}

function frozen(out: CopyPlan, p: Placement, written: string, defaults: string[], where: { file: string; line: number }): void {
  const origin = placementDefaults(p).length > 0 ? at(p) : where;
  const message = `${defaults.join(', ')} ${defaults.length > 1 ? 'are' : 'is'} taken with ${defaults.length > 1 ? 'their defaults' : 'its default'} to find what \`${written}\` reads; the migrated Dockerfile would hold that value where the legacy glue follows the caller's, so the image differs once it is set`;
  if (!out.findings.some((f) => f.code === 'GLUE_DEFAULT_FROZEN' && f.location?.file === origin.file && f.location.line === origin.line)) out.findings.push(finding('GLUE_DEFAULT_FROZEN', message, origin));
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
    const target = joinDest(dest, dockerLiteral(rel, input.model.escapeChar));
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
  // A link the glob matches is followed (GL-5): in the context by the legacy line, in the builder by the stage's COPY --from.
  for (const h of hits) {
    if (h.placement.kind.kind === 'link' && !h.placement.follow && !linkReadsSame(input, out, h.placement.kind.link as string, h.path, h.placement.source, input.stageOf(h.placement), written, where)) return [];
  }
  const helper = layoutStage(input, out, hits, where);
  for (const repoPath of repoMatches(input, path)) {
    if (!hits.some((h) => isWithin(repoPath, h.path) || isWithin(h.path, repoPath))) {
      const word = dockerLiteral(repoPath, input.model.escapeChar);
      helper.copies.unshift({ keyword: 'COPY', from: null, chown: null, flags: [], sources: [rebased(input, word)], dest: `/${word}`, json: false });
    }
  }
  for (const h of hits) move(h.placement, 'layout', dest);
  return [{ kind: 'helper', helper, source: helperPath(helper, path), placements: hits.map((h) => h.placement) }];
}

/** How many segments a repository path has; the repository root has none. */
function depth(p: string): number {
  return p === '' || p === '.' ? 0 : p.split('/').length;
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
    copies: items.map(({ placement, path }) => ({ keyword: 'COPY', from: input.stageOf(placement), chown: null, flags: [], sources: [dockerLiteral(placement.source, input.model.escapeChar)], dest: `/${dockerLiteral(path, input.model.escapeChar)}`, json: false })),
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
/** The placements each export stage already lays out. */
const laidOut = new WeakMap<HelperStage, Set<Placement>>();

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
  // Several runtime sources read one artifact: it is laid out once (a second `cp -a dir` would nest it).
  const done = laidOut.get(helper) ?? new Set<Placement>();
  laidOut.set(helper, done);
  if (done.has(p)) return helper;
  done.add(p);
  const rel = relativeWithin(p.hostPath, input.context);
  const target = `${EXPORT_ROOT}/${rel}`;
  const parent = target.slice(0, target.lastIndexOf('/'));
  if (p.merged && rel !== '') {
    // docker cp merges A's contents into the existing directory, which keeps its own mode
    // (CP-10); `cp -a A/. dir/` would give it A's. So each entry is copied on its own.
    const dir = target.replace(/\/$/, '');
    helper.commands.push(`mkdir -p ${shellWord(dir)}`, `find ${shellWord(`${p.source}/.`)} -mindepth 1 -maxdepth 1 -exec cp -a {} ${shellWord(`${dir}/`)} ';'`);
  } else if (p.merged || rel === '') {
    const dir = target.replace(/\/$/, '');
    helper.commands.push(`mkdir -p ${shellWord(dir)}`, `cp -a ${shellWord(p.source)}/. ${shellWord(dir)}/`);
  } else {
    if (!helper.commands.includes(`mkdir -p ${shellWord(parent)}`)) helper.commands.push(`mkdir -p ${shellWord(parent)}`);
    // docker cp copies a link as a link, or (with -L, `A/`, `A/.`) what it points to: cp -a / cp -aH.
    helper.commands.push(p.via === 'cat' ? `cat ${shellWord(p.source)} > ${shellWord(target)}` : `cp -a${p.follow ? 'H' : ''} ${shellWord(p.source)} ${shellWord(target)}`);
  }
  const filter = out.filters.get(p);
  if (filter && filter.length > 0) {
    helper.commands.push(...filter);
    helper.reason = `${helper.reason}, without what .dockerignore hid`;
  }
  return helper;
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
  if (p.kind.evidence) ev.push(`${p.kind.evidence}: ${p.source} ${p.follow && p.kind.kind !== 'link' ? 'leads to' : 'is'} a ${p.kind.kind === 'dir' ? 'directory' : p.kind.kind === 'link' ? `symbolic link to ${p.kind.link}` : 'file'}`);
  ev.push(`${where.file}:${where.line}: the runtime copies ${written}`);
  return ev;
}

/**
 * Groups routes into lines: consecutive routes from the same place with the same destination
 * share one. Context sources stay as written; paths in stages are literal and become words.
 */
function toLines(ins: DockerInstruction, routes: Route[], dest: string, escapeChar: string): CopyLine[] {
  const chownFlag = flagValue(ins, 'chown');
  const other = ins.flags.filter((f) => f.name !== 'chown' && f.name !== 'from').map((f) => (f.value === null ? `--${f.name}` : `--${f.name}=${f.value}`));
  const json = ins.json !== null;
  const lines: CopyLine[] = [];
  const word = (r: Route) => (r.kind === 'context' || (r.kind === 'from' && r.word) ? r.source : dockerLiteral(r.source, escapeChar));
  for (const r of routes) {
    const from = r.kind === 'context' ? null : r.kind === 'from' ? r.stage : r.helper.name;
    const lineDest = r.kind === 'context' ? dest : (r.dest ?? dest);
    const keyword = r.kind === 'context' ? (ins.keyword as 'COPY' | 'ADD') : 'COPY';
    // COPY --from keeps the builder's owners; the legacy context COPY gave root (OW-1, OW-2).
    const chown = r.kind === 'context' || (r.kind === 'helper' && r.keepOwners) ? chownFlag : (chownFlag ?? '0:0');
    const last = lines[lines.length - 1];
    if (last && last.from === from && last.dest === lineDest && last.keyword === keyword && r.kind !== 'helper' && !(r.kind === 'from' && r.dest) && endsWithSlash(lineDest)) {
      last.sources.push(word(r));
      continue;
    }
    lines.push({ keyword, from, chown, flags: other, sources: [word(r)], dest: lineDest, json });
  }
  return lines;
}
