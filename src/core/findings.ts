/**
 * Findings: everything the tool wants to tell the user about a repository, as data.
 * Codes are stable (tests and scripts match on them); messages are for humans.
 * An `error` finding means the migration is refused and nothing is written.
 */

export type Severity = 'error' | 'warning' | 'info';

/** A place in a repository file. `line` is 1-based; `file` is relative to the repository root. */
export interface SourceLocation {
  file: string;
  line: number;
  /** Last line of a multi-line construct; equal to `line` when it fits on one line. */
  endLine?: number;
}

export interface Finding {
  code: FindingCode;
  severity: Severity;
  message: string;
  /** Null when the finding is about the repository as a whole (e.g. no glue found). */
  location: SourceLocation | null;
}

/** The one catalogue of finding codes, with their severity and what they mean. */
export const FINDING_CATALOGUE = {
  // Glue (scripts, Makefiles): what cannot be understood statically.
  GLUE_PARSE_ERROR: { severity: 'error', summary: 'the glue script or Makefile has a syntax error' },
  GLUE_UNRESOLVED_VALUE: { severity: 'error', summary: 'a path, image or container the migration needs cannot be worked out without running the glue' },
  GLUE_POSITIONAL_PARAMETER: { severity: 'error', summary: 'the pipeline depends on command-line arguments ($1, $@, getopts)' },
  GLUE_CONDITIONAL_DOCKER: { severity: 'error', summary: 'a docker build or extraction runs only under a condition' },
  GLUE_LOOP_DOCKER: { severity: 'error', summary: 'a docker build or extraction runs inside a loop whose values are not all known' },
  GLUE_DYNAMIC_COMMAND: { severity: 'error', summary: 'the glue builds commands at run time (eval, a command name from a variable)' },
  GLUE_INTERACTIVE: { severity: 'error', summary: 'the glue asks the user for input (read)' },
  GLUE_MIXED_STATEMENT: { severity: 'error', summary: 'one statement mixes docker steps the migration removes with other commands it cannot separate' },
  GLUE_NAMES_DELETED_FILE: { severity: 'error', summary: 'a glue line the migration keeps (a make prerequisite) names a file the migration deletes' },
  GLUE_USES_REMOVED_VALUE: { severity: 'error', summary: 'a kept glue line reads a variable that only a removed docker step set' },
  GLUE_CALL_ARGUMENT: { severity: 'error', summary: 'a word the migration must change in a docker command comes from the arguments of a function or script call' },
  GLUE_NOT_REWRITTEN: { severity: 'error', summary: 'another glue file builds a Dockerfile the migration deletes, and is not part of the migration' },
  GLUE_AMBIGUOUS: { severity: 'error', summary: 'several glue files each run a builder pattern and would change the same file in different ways (or a --script is not a file); name one with --script' },
  GLUE_WORKDIR_UNKNOWN: { severity: 'error', summary: 'the directory the glue runs from cannot be told' },
  PIPELINE_NOT_FOLLOWED: { severity: 'error', summary: 'a builder pattern is there (an image is built, then files are taken out of it or a second build uses it), but the tool cannot follow it: only documented (README, a Dockerfile comment), run by another engine or build tool or by a CI this version does not follow, spread over several scripts or make goals, or on lines the glue it follows never reaches' },
  TARGET_RULE_UNKNOWN: { severity: 'error', summary: '--target-rule names a target the Makefile has no rule for' },
  ASSEMBLED_CONTEXT_UNTRACED: { severity: 'error', summary: 'a build context the glue assembles (`mkdir deploy; cp … deploy/; docker build deploy`) holds a file whose origin (a repository file or an artifact) cannot be traced' },
  CI_GLUE_UNSUPPORTED: { severity: 'error', summary: 'a CI file runs docker in a way this version does not read or rewrite (Jenkinsfile steps, build actions, other shells, scripts shared between jobs)' },
  CI_REWRITE_UNSAFE: { severity: 'error', summary: 'the rewritten CI file would not read back as the same YAML with only the docker commands changed' },
  ENV_DEFAULT_ASSUMED: { severity: 'info', summary: 'an environment variable is assumed unset, so its default is used' },
  GLUE_DEFAULT_FROZEN: { severity: 'error', summary: 'a value the caller can set (an environment variable with a default) would be written into a migrated file as its default' },
  // Docker command lines.
  DOCKER_UNKNOWN_FLAG: { severity: 'error', summary: 'a docker command uses a flag this tool does not know' },
  DOCKER_UNSUPPORTED_FORM: { severity: 'error', summary: 'a docker command is used in a form the migration cannot reproduce' },
  UNKNOWN_CONTAINER: { severity: 'error', summary: 'docker cp reads from a container whose image cannot be traced to a build in the glue' },
  UNKNOWN_IMAGE: { severity: 'error', summary: 'an extraction uses an image that the glue does not build' },
  EXTRACTION_UNSUPPORTED: { severity: 'error', summary: 'artifacts leave the builder in a way this version cannot migrate exactly' },
  RUN_HAS_ENTRYPOINT: { severity: 'error', summary: 'docker run of a builder image with an ENTRYPOINT: the command is passed to it' },
  RUN_MOUNT_MISSING: { severity: 'error', summary: 'a build at run time mounts a repository path that neither the repository nor the glue provides (and --mount needs, or another script or build tool fills)' },
  RUN_CACHE_DROPPED: { severity: 'info', summary: 'a cache the run mounted (a named volume, the host\'s ~/.m2) only made it faster: the build step starts without it' },
  RUN_COMMAND_UNKNOWN: { severity: 'error', summary: 'a docker run that builds at run time uses an image default command this tool cannot see' },
  RUN_INPUTS_CHANGED: { severity: 'warning', summary: 'a build at run time saw files through its mounts that the build step will not see (.dockerignore, mounts outside the repository)' },
  RUN_NEEDS_CONTAINER: { severity: 'error', summary: 'a build at run time needs another running container (--link, a shared network): a build step cannot reach it' },
  ARTIFACT_OVER_NETWORK: { severity: 'error', summary: 'an artifact is handed over the network (a builder container serves it, the glue downloads it)' },
  RUN_COMMAND_NOT_IDLE: { severity: 'error', summary: 'a detached builder container runs a command that may change files before they are copied' },
  // The legacy pipeline itself.
  LEGACY_CP_FAILS: { severity: 'error', summary: 'this docker cp fails on a real engine, so the legacy pipeline never worked this way' },
  LEGACY_COPY_FAILS: { severity: 'error', summary: 'this runtime COPY fails in the legacy pipeline' },
  PATH_OUTSIDE_REPOSITORY: { severity: 'error', summary: 'a path leaves the repository' },
  RUNTIME_NOT_BUILT: { severity: 'error', summary: 'the glue extracts artifacts but never builds an image from them' },
  BUILDER_IMAGE_USED: { severity: 'error', summary: 'the glue uses the builder image for more than extraction; it is no longer built after the migration' },
  BUILD_ARG_CONFLICT: { severity: 'error', summary: 'the builder and runtime builds give the same build arg different values' },
  BUILD_FLAG_CONFLICT: { severity: 'error', summary: 'the builder and runtime builds use a docker build flag differently, and one merged build cannot do both' },
  BUILD_FLAG_WIDENED: { severity: 'info', summary: 'a flag of the builder build only (--pull, --no-cache, --network…) now applies to the runtime stages too' },
  MULTIPLE_RUNTIME_BUILDS: { severity: 'error', summary: 'the artifacts feed several runtime images' },
  ARTIFACT_NOT_CONSUMED: { severity: 'warning', summary: 'an extracted artifact is not used by the runtime build' },
  ARTIFACT_USED_BY_GLUE: { severity: 'error', summary: 'a glue command that stays reads an artifact that will no longer be extracted' },
  HOST_STEP_UNSUPPORTED: { severity: 'error', summary: 'a host command changes extracted files in a way that cannot be folded into the Dockerfile' },
  DOCKERIGNORE_FILTERS_ARTIFACT: { severity: 'error', summary: '.dockerignore hides part of an extracted artifact from the legacy runtime build' },
  DOCKERIGNORE_INVALID: { severity: 'error', summary: 'a .dockerignore line that Docker rejects (a bad pattern, a lone `!`, a line of 64 KiB or more): the legacy build fails' },
  DOCKERIGNORE_UNSUPPORTED: { severity: 'error', summary: 'a .dockerignore line Docker versions or builders read differently for a path the migration depends on, or that this tool does not read exactly as Docker does' },
  DOCKERIGNORE_CONTEXT_CHANGED: { severity: 'error', summary: 'the merged build uses another context than a legacy build that had a .dockerignore' },
  ADD_TARBALL_ARTIFACT: { severity: 'error', summary: 'the runtime ADDs an extracted archive (ADD extracts, COPY --from does not)' },
  COPY_SOURCE_UNRESOLVED: { severity: 'error', summary: 'a runtime COPY source uses a variable whose value is unknown' },
  // Reading the repository.
  FILE_UNREADABLE: { severity: 'error', summary: 'a glue file or Dockerfile the migration needs cannot be read as text: binary, not UTF-8, larger than the read limit, unreadable, or a link that loops' },
  // Credentials.
  SECRET_IN_BUILDER: { severity: 'warning', summary: 'a build arg or ENV of the builder looks like a credential: its value stays in the builder stage (history, build cache)' },
  SECRET_VALUE_COPIED: { severity: 'error', summary: 'the migration would copy the value of a credential into a file it writes' },
  SECRET_IN_RUNTIME: { severity: 'error', summary: 'the runtime image would carry a credential of the builder (it starts FROM the builder stage, or copies a directory a step using the credential could write into)' },
  // Dockerfiles.
  DOCKERFILE_MISSING: { severity: 'error', summary: 'a Dockerfile named by the glue does not exist' },
  DOCKERFILE_NO_FROM: { severity: 'error', summary: 'a Dockerfile has no FROM instruction' },
  DOCKERFILE_INVALID: { severity: 'error', summary: 'a Dockerfile has an instruction the migration cannot read' },
  STAGE_NAME_CLASH: { severity: 'error', summary: 'an image one Dockerfile names is the name of a stage of another: merged into one file, the reference would take the stage' },
  ESCAPE_MISMATCH: { severity: 'error', summary: 'the builder and runtime Dockerfiles use different escape characters' },
  BUILDKIT_REQUIRED: { severity: 'error', summary: 'the migrated Dockerfile would need BuildKit-only syntax; pass --buildkit to allow it' },
  BUILDER_HAS_NO_SHELL: { severity: 'error', summary: 'an exact migration needs a shell in the builder image, which it does not have' },
  EXPORT_DIRECTORY_ASSUMED: { severity: 'warning', summary: 'an exported path of unknown kind is taken to be the directory --output writes; the build stops if it is a file' },
  EXPORT_NEEDS_BUILDKIT: { severity: 'info', summary: 'export-only glue now uses docker build --output, which needs BuildKit' },
  SYNTAX_DIRECTIVE_DROPPED: { severity: 'warning', summary: 'a # syntax= directive of the builder was dropped (it needs a registry)' },
  STAGE_RENAMED: { severity: 'info', summary: 'a stage was renamed to keep names unique' },
  ARG_RENAMED: { severity: 'info', summary: 'a builder ARG was renamed because the runtime uses the same name differently' },
  CAPABILITIES_IN_BUILDER: { severity: 'warning', summary: 'the builder sets file capabilities; BuildKit keeps them on COPY --from where the legacy image lost them' },
  MIGRATED_FILE_IN_IMAGE: { severity: 'warning', summary: 'a COPY puts a glue file or Dockerfile the migration rewrites into an image, which then differs in that file' },
  BUILDER_VOLUME: { severity: 'warning', summary: 'the builder declares a VOLUME; keep building with the same builder (classic or BuildKit) as before' },
  // The planner's own check of its output.
  INTERNAL_SELF_CHECK: { severity: 'error', summary: 'the finished plan failed the self-check (a Dockerfile Docker would reject, a COPY --from of a missing stage, glue naming a deleted file or a removed function): a bug of this tool; nothing is written' },
  // Whole-repository outcomes.
  HALF_MIGRATED: { severity: 'error', summary: 'some files of a migration were written and others not (a partial write): the glue and the Dockerfiles no longer agree' },
  NO_BUILDER_PATTERN: { severity: 'info', summary: 'no builder-pattern setup was found' },
  ALREADY_MULTI_STAGE: { severity: 'info', summary: 'the runtime Dockerfile already builds its artifacts in a stage' },
} as const satisfies Record<string, { severity: Severity; summary: string }>;

export type FindingCode = keyof typeof FINDING_CATALOGUE;

/** Messages quote input; a line of 70,000 characters must not come back whole. */
const MAX_MESSAGE = 600;

/** Builds a finding with the catalogue's severity for `code` (a message longer than a screenful is cut). */
export function finding(code: FindingCode, message: string, location: SourceLocation | null): Finding {
  return { code, severity: FINDING_CATALOGUE[code].severity, message: excerpt(message, MAX_MESSAGE), location };
}

/** `text` for quoting in a message: at most `max` characters (an ellipsis marks the cut), control characters shown as escapes. */
export function excerpt(text: string, max = 80): string {
  const shown = text.replace(/[\u0000-\u001f\u007f]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
  return shown.length <= max ? shown : `${shown.slice(0, max - 1)}…`;
}

export function hasErrors(findings: readonly Finding[]): boolean {
  return findings.some((f) => f.severity === 'error');
}

/** `file:line: CODE message`, or `CODE message` for repository-wide findings. */
export function formatFinding(f: Finding): string {
  const where = f.location ? `${excerpt(f.location.file, 300)}:${f.location.line}: ` : '';
  return `${where}${f.code} ${f.message}`;
}

/** The first finding of each code at each place: two checks that saw the same line say it once. */
export function onePerPlace(findings: readonly Finding[]): Finding[] {
  const seen = new Set<string>();
  return findings.filter((f) => {
    const k = `${f.location?.file}:${f.location?.line}:${f.code}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

/** Stable order: by file, line, then code, so output does not depend on discovery order. */
export function sortFindings(findings: readonly Finding[]): Finding[] {
  return [...findings].sort((a, b) => {
    const fa = a.location?.file ?? '';
    const fb = b.location?.file ?? '';
    if (fa !== fb) return fa < fb ? -1 : 1;
    const la = a.location?.line ?? 0;
    const lb = b.location?.line ?? 0;
    if (la !== lb) return la - lb;
    return a.code < b.code ? -1 : a.code > b.code ? 1 : 0;
  });
}
