/**
 * A repository left half-migrated (a partial write: some files of one migration applied, the
 * others not) must not read as "nothing to do" nor be migrated a second time:
 *
 * - the merged Dockerfile is there, but the glue still builds the builder Dockerfile and copies
 *   out of it (the plan would merge the builder's stages in again);
 * - the glue is rewritten (one build, no extraction), but the runtime Dockerfile still copies an
 *   artifact from the context that is not in the repository, beside a Dockerfile no glue builds.
 *
 * Pure: reads the repository view, returns a finding (HALF_MIGRATED) or null.
 */
import { Finding, finding, sortFindings } from '../core/findings';
import type { RepoView } from '../core/repo';
import { baseName, dirName, hasGlob, normalizeRelative } from '../core/paths';
import type { BuildStep } from '../interpret/events';
import { parseDockerfile } from '../parse/dockerfile';
import { GlueInterpretation, ParseShell, glueCandidates, interpretGlue } from './glue';
import type { RepoOutcome } from './migrate';

const DOCKERFILE_NAME = /^(Dockerfile|Containerfile)([.-].*)?$|\.dockerfile$/i;

export function halfMigrated(repo: RepoView, parse: ParseShell, dir: string, outcome: RepoOutcome): Finding | null {
  if (outcome.status === 'migrate' && outcome.plan) return mergedWithoutGlue(repo, outcome);
  if (outcome.status === 'nothing') return glueWithoutMerge(repo, parse, dir);
  return null;
}

/** The runtime already holds every builder's stages, line for line, while the glue still builds them apart. */
function mergedWithoutGlue(repo: RepoView, outcome: RepoOutcome): Finding | null {
  const setup = outcome.plan?.setup;
  if (!setup) return null;
  const runtimeText = repo.readText(setup.runtime);
  if (runtimeText === null || parseDockerfile(setup.runtime, runtimeText).stages.length < 2) return null;
  const runtimeLines = instructionLines(runtimeText).map(withoutStageName);
  const merged = setup.builders.filter((b) => {
    const text = repo.readText(b);
    return text !== null && containsInOrder(runtimeLines, instructionLines(text).map(withoutStageName));
  });
  if (merged.length === 0 || merged.length < setup.builders.length) return null;
  return finding(
    'HALF_MIGRATED',
    `${setup.runtime} already holds the stages of ${merged.join(', ')}, but ${setup.glue} still builds ${merged.length === 1 ? 'it' : 'them'} apart and copies the artifacts out: the repository is half-migrated (a partial write)`,
    { file: setup.runtime, line: 1 },
  );
}

/** The glue builds only runtimes, one of which copies a missing context file, and a Dockerfile beside it is built by nothing. */
function glueWithoutMerge(repo: RepoView, parse: ParseShell, dir: string): Finding | null {
  const builds = glueCandidates(repo, dir)
    .map((c) => interpretGlue(repo, parse, c))
    .filter((g): g is GlueInterpretation => g !== null)
    .flatMap((g) => g.steps.filter((s): s is BuildStep => s.kind === 'build'));
  const built = new Set(builds.map((b) => b.dockerfile));
  for (const b of builds) {
    const missing = missingContextCopy(repo, b);
    if (!missing) continue;
    const folder = dirName(b.dockerfile);
    const unbuilt = (repo.listDir(folder) ?? []).map((n) => (folder ? `${folder}/${n}` : n)).filter((p) => DOCKERFILE_NAME.test(baseName(p)) && repo.typeOf(p) === 'file' && !built.has(p));
    if (unbuilt.length === 0) continue;
    return finding(
      'HALF_MIGRATED',
      `${b.dockerfile} copies ${missing.source}, which is not in the repository, and no glue builds ${unbuilt.join(', ')} any more: the repository looks half-migrated (the glue rewritten, the Dockerfile not)`,
      { file: b.dockerfile, line: missing.line },
    );
  }
  return null;
}

/** A COPY/ADD of the last stage from the build context whose literal source is absent. */
function missingContextCopy(repo: RepoView, build: BuildStep): { source: string; line: number } | null {
  const text = repo.readText(build.dockerfile);
  if (text === null) return null;
  const last = parseDockerfile(build.dockerfile, text).stages.at(-1);
  for (const ins of last?.instructions ?? []) {
    if ((ins.keyword !== 'COPY' && ins.keyword !== 'ADD') || ins.flags.some((f) => f.name === 'from')) continue;
    const words = ins.json ?? ins.args.map((a) => a.value);
    for (const source of words.slice(0, -1)) {
      if (/[$]|:\/\//.test(source) || hasGlob(source)) continue;
      const path = normalizeRelative(source, build.context);
      if (path !== null && path !== '' && repo.typeOf(path) === null) return { source, line: ins.line };
    }
  }
  return null;
}

/** Instruction lines without comments, blanks or surrounding space. */
function instructionLines(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l !== '' && !l.startsWith('#'));
}

/** `FROM golang:1.22 AS myapp-builder` and `FROM golang:1.22` read alike. */
function withoutStageName(line: string): string {
  return line.replace(/^(FROM\s+.*?)\s+AS\s+\S+$/i, '$1');
}

function containsInOrder(haystack: string[], needles: string[]): boolean {
  let i = 0;
  for (const line of haystack) if (i < needles.length && line === needles[i]) i++;
  return needles.length > 0 && i === needles.length;
}

/** The outcome, refused with HALF_MIGRATED when the repository is half-migrated. */
export function refuseHalfMigrated(repo: RepoView, parse: ParseShell, dir: string, outcome: RepoOutcome): RepoOutcome {
  const half = halfMigrated(repo, parse, dir, outcome);
  return half ? { ...outcome, status: 'refused', plan: null, findings: sortFindings([...outcome.findings, half]) } : outcome;
}
