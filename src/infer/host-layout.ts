/**
 * Replays the glue's effect on the host up to the runtime build: where each `docker cp` or
 * `docker run … cat > file` left builder files (the placements), following docker cp's own
 * rules (docker-semantics.md §1, §3.1), and which host commands only served the extraction.
 */
import { Finding, finding } from '../core/findings';
import { baseName, dirName, endsWithSlashDot, isWithin, joinRelative, normalizeAbsolute, normalizeRelative } from '../core/paths';
import type { RepoView } from '../core/repo';
import { FILE_COMMANDS, type BuildStep, type CatOutStep, type CopyOutStep, type GlueStep, type HostStep, type RunStep } from '../interpret/events';
import { followedKind, type PathKind } from './builder-paths';
import { extractionDests, runDestinations, type Roles, type RunExtraction } from './roles';

/** Where one artifact landed on the host. */
export interface Placement {
  id: number;
  /** Repository-relative host path of the copied file or directory. */
  hostPath: string;
  /** The build whose image the files come from; null for a run of a public toolchain image. */
  builder: BuildStep | null;
  /** Set when a build at run time wrote the files through a bind mount: they come from its stage. */
  run: RunExtraction | null;
  /** Absolute container path of the source, without a trailing `/` or `/.`. */
  source: string;
  /** `A/.` into an existing directory: the contents were merged into `hostPath`. */
  merged: boolean;
  kind: PathKind;
  via: 'cp' | 'cat' | 'run';
  step: CopyOutStep | CatOutStep | RunStep;
  /** `hostPath` was a repository directory before (its files were in the legacy context too). */
  overRepository: boolean;
  /**
   * docker cp followed a link at the source (`-L`, or `A/` and `A/.` for a link to a
   * directory, CP-18/CP-20): `cp -aH` does the same; otherwise a link is copied as a link.
   */
  follow: boolean;
}

export interface HostLayout {
  placements: Placement[];
  /** Host steps that only prepared or cleaned up extraction paths: the rewrite drops them. */
  plumbing: Set<GlueStep>;
  findings: Finding[];
}

export type KindOf = (build: BuildStep, containerPath: string) => PathKind;


type Overlay = { type: 'dir' } | { type: 'file' } | { type: 'placement'; placement: Placement } | { type: 'deleted' };

const UNKNOWN: PathKind = { kind: 'unknown', evidence: null };

/** `until`: index of the first step not to replay (default: the runtime build's). */
export function replayHost(steps: readonly GlueStep[], roles: Roles, repo: RepoView, kindOf: KindOf, until?: number): HostLayout {
  const overlay = new Map<string, Overlay>();
  const placements: Placement[] = [];
  const findings: Finding[] = [];
  const plumbing = new Set<GlueStep>();
  const hostWritten: { path: string; step: HostStep }[] = [];
  const extractionOf = new Map(roles.extractions.map((e) => [e.step as GlueStep, e]));
  const runtimeAt = until ?? steps.indexOf(roles.runtime);
  const at = (s: GlueStep) => ({ file: s.origin.file, line: s.origin.line });

  const typeAt = (path: string): 'dir' | 'file' | 'absent' | 'unknown' => {
    for (let p: string | null = path; p !== null; p = p === '' ? null : dirName(p)) {
      const o = overlay.get(p);
      if (o?.type === 'deleted') return 'absent';
      if (o && p !== path && o.type === 'placement') return o.placement.kind.kind === 'file' ? 'absent' : 'unknown';
      if (o && p === path) return o.type === 'placement' ? (o.placement.kind.kind === 'unknown' || o.placement.kind.kind === 'link' ? 'unknown' : o.placement.kind.kind) : o.type;
    }
    const t = repo.typeOf(path);
    if (t === 'dir' || t === 'file') return t;
    if (placements.some((pl) => pl.merged && pl.hostPath !== path && isWithin(path, pl.hostPath))) return 'unknown';
    if (t === 'symlink') return 'unknown';
    for (const k of overlay.keys()) if (k !== path && isWithin(k, path) && overlay.get(k)?.type !== 'deleted') return 'dir';
    return 'absent';
  };

  const place = (hostPath: string, step: CopyOutStep | CatOutStep | RunStep, build: BuildStep | null, source: string, merged: boolean, kind: PathKind, run: RunExtraction | null = null, follow = false): void => {
    const mixed = hostWritten.find((w) => isWithin(w.path, hostPath) && repo.typeOf(w.path) === null);
    if (mixed) {
      findings.push(finding('HOST_STEP_UNSUPPORTED', `this writes \`${mixed.path}\` where ${step.origin.file}:${step.origin.line} then puts builder files; files the glue creates beside artifacts are not carried into the migrated build by this version`, at(mixed.step)));
    }
    const p: Placement = { id: placements.length, hostPath, builder: build, run, source, merged, kind, via: step.kind, step, overRepository: merged && repo.typeOf(hostPath) === 'dir', follow };
    placements.push(p);
    if (merged) return;
    // A new copy at this path replaces whatever was there before.
    for (const k of [...overlay.keys()]) if (isWithin(k, hostPath) && k !== hostPath) overlay.delete(k);
    overlay.set(hostPath, { type: 'placement', placement: p });
  };

  /** The first directory on the way to `path` that is a link of the repository (and not replaced since), or null. */
  const linkOnTheWay = (path: string): string | null => {
    const segs = path.split('/');
    for (let i = 1; i < segs.length; i++) {
      const dir = segs.slice(0, i).join('/');
      if (!overlay.has(dir) && repo.typeOf(dir) === 'symlink') return dir;
    }
    return null;
  };

  const runOf = new Map(roles.runs.map((r) => [r.step as GlueStep, r]));
  steps.forEach((step, index) => {
    if (index > runtimeAt) return;
    const run = runOf.get(step);
    if (run && step.kind === 'run') {
      // The mounted directory, as the run leaves it: repository files and outputs alike.
      for (const m of step.mounts) {
        if (m.kind !== 'bind' || m.readOnly || m.host === null) continue;
        const isFile = typeAt(m.host) === 'file';
        place(m.host, step, run.build, m.target, false, { kind: isFile ? 'file' : 'dir', evidence: `${step.origin.file}:${step.origin.line} (bind mount ${m.written})` }, run);
      }
      return;
    }
    const extraction = extractionOf.get(step);
    if (extraction && step.kind === 'cp') {
      const source = normalizeAbsolute(step.source);
      const contentsOnly = endsWithSlashDot(step.source);
      const slashed = !contentsOnly && step.source.endsWith('/');
      const follow = step.followLink || contentsOnly || slashed;
      // Followed, a link stands for what it points to; the host entry keeps the link's name (CP-19).
      let kind: PathKind = follow ? followedKind((p) => kindOf(extraction.build, p), source) : kindOf(extraction.build, source);
      const through = linkOnTheWay(step.dest);
      if (through !== null) {
        findings.push(finding('HOST_STEP_UNSUPPORTED', `\`${step.dest}\` is reached through \`${through}\`, a symbolic link of the repository; docker cp writes where the link points, which this version does not follow`, at(step)));
        return;
      }
      if ((contentsOnly || slashed) && kind.kind !== 'dir') {
        if (kind.kind === 'file') {
          findings.push(finding('LEGACY_CP_FAILS', `\`${step.source}\` ends with "/", but the builder writes a file there (${kind.evidence}); docker cp refuses that (CP-6)`, at(step)));
          return;
        }
        kind = { kind: 'dir', evidence: `${step.origin.file}:${step.origin.line} (source written with a trailing "${contentsOnly ? '/.' : '/'}")` };
      }
      const dest = typeAt(step.dest);
      const parent = step.dest === '' ? 'dir' : typeAt(dirName(step.dest));
      if (dest === 'absent' && parent === 'absent') {
        findings.push(finding('LEGACY_CP_FAILS', `the parent directory of \`${step.dest}\` does not exist when docker cp runs, so it fails (CP-7)`, at(step)));
        return;
      }
      if (dest === 'unknown') {
        findings.push(finding('HOST_STEP_UNSUPPORTED', `whether \`${step.dest}\` exists when docker cp runs cannot be known (it lies in another extracted directory)`, at(step)));
        return;
      }
      if (dest === 'file' && step.destSlash) {
        findings.push(finding('LEGACY_CP_FAILS', `\`${step.dest}/\` names a file with a trailing "/", so docker cp fails (CP-5)`, at(step)));
        return;
      }
      if (dest === 'file' && kind.kind === 'dir') {
        findings.push(finding('LEGACY_CP_FAILS', `docker cp cannot copy the directory ${source} onto the file \`${step.dest}\` (CP-11)`, at(step)));
        return;
      }
      if (dest === 'absent' && step.destSlash) {
        if (kind.kind === 'file') {
          findings.push(finding('LEGACY_CP_FAILS', `\`${step.dest}/\` does not exist and the source is a file, so docker cp fails (CP-2)`, at(step)));
          return;
        }
        kind = { kind: 'dir', evidence: `${step.origin.file}:${step.origin.line} (destination written with a trailing "/")` };
      }
      if (dest === 'dir') {
        if (contentsOnly) place(step.dest, step, extraction.build, source, true, kind, null, true);
        else place(joinRelative(step.dest, baseName(source)), step, extraction.build, source, false, kind, null, follow);
      } else {
        place(step.dest, step, extraction.build, source, false, kind, null, follow);
      }
      return;
    }
    if (extraction && step.kind === 'cat') {
      const through = linkOnTheWay(step.dest);
      if (through !== null) {
        findings.push(finding('HOST_STEP_UNSUPPORTED', `\`${step.dest}\` is reached through \`${through}\`, a symbolic link of the repository, which this version does not follow`, at(step)));
        return;
      }
      if (typeAt(step.dest) === 'dir') {
        findings.push(finding('LEGACY_CP_FAILS', `\`${step.dest}\` is a directory; the shell cannot write the file there`, at(step)));
        return;
      }
      if (step.append) {
        findings.push(finding('EXTRACTION_UNSUPPORTED', '`>>` appends the builder file to an existing one; only `>` is migrated', at(step)));
        return;
      }
      place(step.dest, step, extraction.build, normalizeAbsolute(step.source), false, { kind: 'file', evidence: `${step.origin.file}:${step.origin.line} (cat writes a file)` });
      return;
    }
    if (step.kind === 'host') hostStep(step, index);
  });

  function hostStep(step: HostStep, index: number): void {
    // Only file commands name paths in their arguments; for others (echo…) only redirections write.
    const paths = FILE_COMMANDS.has(step.command) ? operands(step) : [];
    const touches = (p: string | null) => p === null || placements.some((pl) => isWithin(p, pl.hostPath) || isWithin(pl.hostPath, p));
    if (step.command === 'mkdir') {
      const parents = step.args.includes('-p') || step.args.some((a) => a !== null && /^-[a-z]*p/.test(a));
      for (const p of paths) {
        if (p === null) continue;
        if (parents) for (let q = p; q !== ''; q = dirName(q)) if (typeAt(q) === 'absent') overlay.set(q, { type: 'dir' });
        if (typeAt(p) === 'absent') overlay.set(p, { type: 'dir' });
      }
      const later = steps.slice(index + 1, runtimeAt + 1);
      const writtenByHost = (p: string) => later.some((s) => s.kind === 'host' && s.command !== 'mkdir' && [...operands(s), ...s.writes].some((w) => w !== null && isWithin(w, p)));
      const extractsInto = (s: GlueStep, p: string) => (extractionOf.has(s) && (s.kind === 'cp' || s.kind === 'cat') && isWithin(s.dest, p)) || (runOf.has(s) && s.kind === 'run' && runDestinations(s).some((d) => isWithin(d, p)));
      const onlyForExtraction = paths.every((p) => p !== null && repo.typeOf(p) === null && !writtenByHost(p) && later.some((s) => extractsInto(s, p)));
      if (onlyForExtraction && paths.length > 0) plumbing.add(step);
      return;
    }
    if (step.command === 'rm' || step.command === 'rmdir') {
      const before = placements.length === 0;
      for (const p of paths) if (p !== null) overlay.set(p, { type: 'deleted' });
      const extractedLater = (p: string) => roles.extractions.some((e) => steps.indexOf(e.step) > index && extractionDests(e.step).some((d) => isWithin(d, p) || isWithin(p, d)));
      if (before && paths.length > 0 && paths.every((p) => p !== null && repo.typeOf(p) === null && extractedLater(p))) plumbing.add(step);
      else if (!before && paths.some(touches)) {
        findings.push(finding('HOST_STEP_UNSUPPORTED', `\`${step.command} ${step.args.join(' ')}\` removes extracted files before the runtime build; folding host steps into the Dockerfile is not done by this version`, at(step)));
      }
      return;
    }
    if (placements.length > 0 && (paths.some(touches) || step.writes.some(touches))) {
      findings.push(finding('HOST_STEP_UNSUPPORTED', `\`${step.command}\` works on extracted files between the extraction and the runtime build; the migration cannot fold it into the Dockerfile`, at(step)));
    }
    // Files the host writes are part of the legacy context like repository files, but the
    // migration only carries repository files: an extraction into a directory holding them
    // would lose them.
    for (const w of [...step.writes, ...(step.command === 'touch' || step.command === 'cp' || step.command === 'mv' ? paths.slice(-1) : [])]) {
      if (w !== null && !w.startsWith('/')) hostWritten.push({ path: w, step });
    }
  }

  // A later copy to the same path replaced an earlier one: only what is still there counts.
  const live = placements.filter((p) => {
    if (p.merged) return typeAt(p.hostPath) === 'dir';
    const o = overlay.get(p.hostPath);
    return o?.type === 'placement' && o.placement === p;
  });
  return { placements: live, plumbing, findings };
}

/** Repository-relative paths a host command names (flags skipped, and the mode or owner of chmod/chown); null where unknowable. */
export function operands(step: HostStep): (string | null)[] {
  // `chmod -x f`: there `-x` is the mode (an operand); elsewhere (`rm -r`) it is an option.
  const chmod = step.command === 'chmod';
  const args = step.args.filter((a) => a === null || !a.startsWith('-') || (chmod && /^-[rwxXst]+$/.test(a)));
  const paths = chmod || step.command === 'chown' || step.command === 'chgrp' ? args.slice(1) : args;
  return paths.map((a) => (a === null ? null : normalizeRelative(a, step.cwd)));
}
