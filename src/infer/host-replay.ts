/**
 * When artifacts reach the runtime context through more than plain copies — a tar stream, or
 * host commands that rename, chmod, unpack or add to them — the migration replays those steps
 * in a stage: the same commands, on a copy of the legacy host layout under /host. This module
 * decides which glue steps that takes, and which repository files they read.
 */
import { Finding, finding } from '../core/findings';
import { baseName, isWithin, joinRelative, normalizeRelative } from '../core/paths';
import type { RepoView } from '../core/repo';
import { FILE_COMMANDS, type GlueStep, type HostStep, type StreamStep } from '../interpret/events';
import { tarDirectory, tarMode } from '../interpret/stream-step';
import { StreamCommands, archiveMembers, tarArchive } from './archive-members';
import { operands } from './host-layout';
import { Roles, extractionDests } from './roles';

export interface HostReplay {
  /** Extractions and host steps to replay, in glue order. */
  steps: GlueStep[];
  /** Repository paths whose legacy content the stage rebuilds (and the runtime must read from it). */
  derived: string[];
  /** Repository paths the replayed host steps read: copied into the stage from the context. */
  inputs: string[];
  /** Directories a tar stream unpacks into whose entries the glue does not name: anything in them may come from the builder. */
  opaque: string[];
  findings: Finding[];
}

/** Host commands whose effect on files is the same when replayed in a stage. */
const REPLAYABLE = new Set(['mkdir', 'rm', 'rmdir', 'cp', 'mv', 'chmod', 'chown', 'chgrp', 'ln', 'touch', 'tar', 'gzip', 'gunzip', 'install', 'unzip']);
/** Commands that read their last operand(s) and write the final one. */
const COPYING = new Set(['cp', 'mv', 'install', 'ln']);

/**
 * The replay plan, or null when plain copies suffice (no stream, no host step touching what
 * docker cp wrote).
 */
export function planHostReplay(steps: readonly GlueStep[], roles: Roles, repo: RepoView, commands: StreamCommands = new Map()): HostReplay | null {
  const runtimeAt = steps.indexOf(roles.runtime);
  const extractions = new Set<GlueStep>(roles.extractions.map((e) => e.step));
  const allDests = roles.extractions.flatMap((e) => extractionDests(e.step));
  const related = (paths: (string | null)[], derived: string[]) => paths.some((p) => p === null || [...derived, ...allDests].some((d) => isWithin(p, d) || isWithin(d, p)));
  const hasStream = roles.extractions.some((e) => e.step.kind === 'stream');
  const firstExtraction = Math.min(...roles.extractions.map((e) => steps.indexOf(e.step)));
  const touching = steps.some((s, i) => s.kind === 'host' && i > firstExtraction && i < runtimeAt && related(hostPaths(s), []));
  if (!hasStream && !touching) return null;

  // What the replay writes decides which earlier steps belong to it (a `mkdir dist` before
  // `tar -x -C dist`): collect until nothing new is written.
  let known: string[] = [];
  for (let round = 0; round < 5; round++) {
    const pass = replayPass(steps, runtimeAt, extractions, repo, commands, (paths, derived) => related(paths, [...derived, ...known]));
    const grown = pass.derived.filter((d) => !known.includes(d));
    known = [...known, ...grown];
    if (grown.length === 0 || round === 4) return pass;
  }
  return null;
}

function replayPass(steps: readonly GlueStep[], runtimeAt: number, extractions: Set<GlueStep>, repo: RepoView, commands: StreamCommands, related: (paths: (string | null)[], derived: string[]) => boolean): HostReplay {
  const findings: Finding[] = [];
  const replayed: GlueStep[] = [];
  const derived: string[] = [];
  const opaque: string[] = [];
  const inputs = new Set<string>();
  // Directories `tar -x` unpacked an archive of unknown members into: a repository file read there may or may not be the archive's.
  const unpackedUnknown: { dir: string; at: HostStep }[] = [];
  steps.forEach((s, i) => {
    if (i >= runtimeAt) return;
    const at = { file: s.origin.file, line: s.origin.line };
    if (extractions.has(s) && (s.kind === 'cp' || s.kind === 'cat' || s.kind === 'stream')) {
      replayed.push(s);
      const members = s.kind === 'stream' ? streamMembers(s) : null;
      derived.push(...(members ?? extractionDests(s)));
      if (s.kind === 'stream' && members === null) opaque.push(...s.consumers.some((c) => c.command === 'tar') ? extractionDests(s).filter((d) => d !== s.file) : []);
      return;
    }
    if (s.kind !== 'host' || !related(hostPaths(s), derived)) return;
    if (s.conditional) {
      findings.push(finding('HOST_STEP_UNSUPPORTED', `\`${s.command}\` changes extracted files only under a condition; the migrated build cannot know whether to`, at));
      return;
    }
    if (!REPLAYABLE.has(s.command)) {
      findings.push(finding('HOST_STEP_UNSUPPORTED', `\`${s.command}\` changes extracted files on the host; only file commands (${[...REPLAYABLE].join(', ')}) can be replayed in a stage`, at));
      return;
    }
    const paths = operands(s);
    if (paths.some((p) => p === null) || s.args.some((a) => a === null)) {
      findings.push(finding('GLUE_UNRESOLVED_VALUE', `an argument of \`${s.command}\` is only known when the glue runs, so the step cannot be replayed`, at));
      return;
    }
    if (s.writes.length > 0) {
      findings.push(finding('HOST_STEP_UNSUPPORTED', `\`${s.command}\` writes through a redirection next to extracted files; that is not replayed by this version`, at));
      return;
    }
    const unpacked = s.command === 'tar' ? unpackedNames(s, steps.slice(0, i), commands) : null;
    const written = unpacked ?? writtenBy(s);
    if (s.command === 'tar' && unpacked === null) unpackedUnknown.push(...written.map((dir) => ({ dir, at: s })));
    const read = (paths as string[]).filter((p) => !written.includes(p) || COPYING.has(s.command));
    for (const p of read) {
      const from = derived.filter((d) => isWithin(p, d));
      const guessed = unpackedUnknown.find((u) => isWithin(p, u.dir) && from.every((d) => d === u.dir));
      if (from.length > 0 && guessed && repo.typeOf(p) !== null) {
        findings.push(finding('HOST_STEP_UNSUPPORTED', `\`${s.command}\` reads \`${p}\`, a repository file, after \`tar -x\` (${guessed.at.origin.file}:${guessed.at.origin.line}) unpacked an archive whose members are not named into ${guessed.dir || 'the repository root'}: whether it reads the archive's file or the repository's cannot be told`, at));
        return;
      }
      if (from.length > 0) continue;
      if (repo.typeOf(p) !== null) {
        // A repository file the replay needs; moving or deleting it would leave it in the migrated context.
        if (s.command === 'mv' || s.command === 'rm' || s.command === 'rmdir') {
          findings.push(finding('HOST_STEP_UNSUPPORTED', `\`${s.command}\` moves or deletes the repository file \`${p}\` before the runtime build; the migrated build context would still have it`, at));
          return;
        }
        if (!written.includes(p)) inputs.add(p);
      }
    }
    replayed.push(s);
    derived.push(...written);
  });
  return { steps: replayed, derived: [...new Set(derived)], inputs: [...inputs].sort(), opaque: [...new Set(opaque)], findings };
}

/**
 * What `docker cp C:SRC - | tar -x [-C dir]` writes: the archive holds one entry named after
 * SRC (CP-22), so `dir/<name of SRC>` is written and nothing else in dir. Null when the entries
 * are not known that way (another producer, `SRC/.`, tar options that pick or rename entries).
 */
function streamMembers(s: StreamStep): string[] | null {
  if (s.producer.kind !== 'cp' || s.file !== null || s.consumers.length !== 1) return null;
  const tar = s.consumers[0];
  const source = s.producer.source;
  if (tar.command !== 'tar' || /\/\.?$/.test(source) || !plainExtract(tar.args)) return null;
  const name = baseName(source);
  const dir = s.dests[0];
  return name === '' || dir === undefined ? null : [joinRelative(dir, name)];
}

/** A tar command line that extracts all of stdin as it is: only -x, -v, -p, -f -, -C dir. */
function plainExtract(args: string[]): boolean {
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === '-C' || a === '--directory') i++;
    else if (a.startsWith('--directory=') || a === '--extract' || a === '--file=-' || a === '-') continue;
    else if (/^-?[xvp]+$/.test(a)) continue;
    else if (/^-?[xvp]*f$/.test(a) && args[i + 1] === '-') i++;
    else return false;
  }
  return true;
}

/** Paths a host step touches: file commands name them as operands; any command writes through `>`. */
function hostPaths(s: HostStep): (string | null)[] {
  return [...(FILE_COMMANDS.has(s.command) ? operands(s) : []), ...s.writes];
}

/**
 * What `tar -x` writes when the archive's members are named where it was made (`docker run
 * IMG tar -cf - app > app.tar`, or the image's CMD saying so) and the command unpacks it
 * plainly: `dir/app` and nothing else. Null when they are not known that way.
 */
function unpackedNames(s: HostStep, before: readonly GlueStep[], commands: StreamCommands): string[] | null {
  const args = s.args.filter((a): a is string => a !== null);
  if (args.length !== s.args.length || tarMode(args) !== 'x' || !plainUnpack(args)) return null;
  const archive = tarArchive(s);
  const into = normalizeRelative(tarDirectory(args) ?? '.', s.cwd);
  const maker = [...before].reverse().find((b) => b.kind === 'stream' && b.file === archive);
  const members = maker ? archiveMembers(maker, commands) : null;
  return archive === null || into === null || members === null ? null : members.map((m) => joinRelative(into, m));
}

/** `tar -x` that unpacks every member as it is: only -x, -v, -p, -f FILE, -C DIR (bundled or apart). */
function plainUnpack(args: string[]): boolean {
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === '-C' || a === '--directory' || a === '-f' || a === '--file') i++;
    else if (a.startsWith('--directory=') || a.startsWith('--file=') || a === '--extract') continue;
    else if (/^-?[xvp]+f$/.test(a)) i++;
    else if (!/^-?[xvp]+$/.test(a)) return false;
  }
  return true;
}

/** Repository paths a replayable command creates or changes. */
function writtenBy(s: HostStep): string[] {
  const paths = operands(s).filter((p): p is string => p !== null);
  switch (s.command) {
    case 'cp':
    case 'mv':
    case 'install':
    case 'ln':
      return paths.slice(-1);
    case 'tar': {
      if (tarMode(s.args.filter((a): a is string => a !== null)) !== 'x') return [];
      const dir = tarDirectory(s.args.filter((a): a is string => a !== null));
      const out = normalizeRelative(dir ?? '.', s.cwd);
      return out === null ? [] : [out];
    }
    case 'gzip':
    case 'gunzip':
      return paths.map((p) => (s.command === 'gzip' ? `${p}.gz` : p.replace(/\.gz$/, '')));
    default:
      return paths;
  }
}
