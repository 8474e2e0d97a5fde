/**
 * What to do next, for every finding code: one line a user can act on, shown after a refusal,
 * by `explain` and in the markdown report. Kept apart from the catalogue (src/core/findings.ts)
 * so that adding a code and saying what to do about it are separate edits; a test checks that
 * every catalogue code and every batch code has its line here.
 */
import { FINDING_CATALOGUE, type FindingCode } from '../core/findings';

const SCRIPT = 'name the glue with --script';
const BY_HAND = 'migrate this part by hand, then run --check to confirm nothing is left';

export const NEXT_STEPS: { [K in FindingCode]?: string } = {
  GLUE_PARSE_ERROR: 'fix the syntax error (sh -n FILE or make -n shows it), then run the tool again',
  GLUE_UNRESOLVED_VALUE: 'give the value a literal or a default in the glue (VAR=${VAR:-value}), or migrate by hand',
  GLUE_POSITIONAL_PARAMETER: 'replace $1/$@ on the docker lines with a variable with a default, or migrate by hand',
  GLUE_CONDITIONAL_DOCKER: 'move the docker build and extraction out of the if/case, or migrate by hand',
  GLUE_LOOP_DOCKER: 'write the loop out for its known values, or migrate by hand',
  GLUE_DYNAMIC_COMMAND: 'spell the docker command out instead of eval or a command in a variable',
  GLUE_INTERACTIVE: 'take the answer from a variable with a default instead of read',
  GLUE_MIXED_STATEMENT: 'split the statement so the docker steps stand on their own lines',
  GLUE_CALL_ARGUMENT: 'pass the value as a variable set before the call, or inline the function for this build',
  GLUE_NOT_REWRITTEN: `name every glue file that builds the builder (--script a.sh --script b.sh), or ${BY_HAND}`,
  GLUE_AMBIGUOUS: `${SCRIPT} (the file the pipeline starts from), or --builder/--runtime`,
  GLUE_WORKDIR_UNKNOWN: 'make the glue cd to a literal directory (or none), or run it from the repository root',
  PIPELINE_NOT_FOLLOWED: `${SCRIPT} pointing at the file that runs the pattern (for a CI file this version does not follow, move its docker commands into a script the CI runs), or ${BY_HAND}`,
  CI_GLUE_UNSUPPORTED: 'move the docker commands into a script the CI file runs, then run the tool on that script',
  CI_REWRITE_UNSAFE: 'move the docker commands into a script the CI file runs, or edit the CI file by hand',
  ENV_DEFAULT_ASSUMED: 'nothing, unless the variable is set where the glue runs: then check the migrated build with that value',
  GLUE_DEFAULT_FROZEN: 'pass the value as a build arg (ARG) instead of writing it into a path, or migrate by hand',
  DOCKER_UNKNOWN_FLAG: 'drop or replace the flag if it is not needed; otherwise migrate by hand',
  DOCKER_UNSUPPORTED_FORM: `write the command in a plain form (a local context, -f FILE), or ${BY_HAND}`,
  UNKNOWN_CONTAINER: 'create the container in the same glue from an image the glue builds (docker create IMAGE)',
  UNKNOWN_IMAGE: 'build the image in the same glue, or pass --script for the glue that builds it first',
  EXTRACTION_UNSUPPORTED: `extract with docker create + docker cp, or ${BY_HAND}`,
  RUN_HAS_ENTRYPOINT: 'use docker create + docker cp, or docker run --entrypoint, for the extraction',
  RUN_COMMAND_UNKNOWN: 'give the docker run an explicit command, or set CMD in the builder Dockerfile the glue builds',
  RUN_INPUTS_CHANGED: 'check the files the build sees (.dockerignore, mounts), then prove the result with multistage-migrate verify',
  RUN_NEEDS_CONTAINER: 'run that step outside the build, or migrate by hand',
  ARTIFACT_OVER_NETWORK: 'copy the artifact with docker cp instead of serving it, or migrate by hand',
  RUN_COMMAND_NOT_IDLE: 'extract from a container that does not run (docker create), or one that runs sleep',
  LEGACY_CP_FAILS: 'fix the docker cp line (the legacy pipeline fails there too), then run the tool again',
  LEGACY_COPY_FAILS: 'fix the runtime COPY (the legacy build fails there too), then run the tool again',
  PATH_OUTSIDE_REPOSITORY: 'keep the files the build uses inside the repository, or run the tool on the folder that holds them',
  RUNTIME_NOT_BUILT: 'build the runtime image in the same glue, or use --script for glue run after it',
  BUILDER_IMAGE_USED: 'keep the builder build for that other use (--keep-legacy), or migrate by hand',
  BUILD_ARG_CONFLICT: 'give the builder and runtime builds the same value, or rename the ARG in one Dockerfile',
  BUILD_FLAG_CONFLICT: 'use the same flag value on both builds, or migrate by hand',
  BUILD_FLAG_WIDENED: 'nothing, if the runtime stages may build with that flag too; otherwise drop it from the new build command',
  MULTIPLE_RUNTIME_BUILDS: 'migrate each runtime image with --runtime FILE, one at a time',
  ARTIFACT_NOT_CONSUMED: 'nothing, if no one needs the file on the host; otherwise keep that extraction by hand',
  ARTIFACT_USED_BY_GLUE: 'move that use of the artifact into the Dockerfile, or keep the extraction (--keep-legacy and edit by hand)',
  HOST_STEP_UNSUPPORTED: 'do that step in the builder Dockerfile (a RUN) instead of on the host',
  DOCKERIGNORE_FILTERS_ARTIFACT: 'adjust .dockerignore so it does not hide the artifact, or migrate by hand',
  DOCKERIGNORE_CONTEXT_CHANGED: 'build both images from one context, or give the merged context its own .dockerignore by hand',
  ADD_TARBALL_ARTIFACT: 'unpack the archive in the builder and COPY the files, or run with --buildkit if it offers a helper stage',
  COPY_SOURCE_UNRESOLVED: 'give the ARG a default, or pass it with --build-arg in the glue',
  FILE_UNREADABLE: 'make the file readable UTF-8 text (or smaller than 2 MiB), or name other glue with --script',
  SECRET_IN_BUILDER: 'pass the credential as a secret (RUN --mount=type=secret with --buildkit) rather than a build arg or ENV',
  SECRET_VALUE_COPIED: 'take the credential from the environment (a variable) instead of writing its value into the glue',
  SECRET_IN_RUNTIME: 'use a secret mount (--buildkit) or stop the runtime from starting FROM, or copying from, where the credential was',
  DOCKERFILE_MISSING: 'restore the Dockerfile or fix its name in the glue (-f), then run the tool again',
  DOCKERFILE_NO_FROM: 'add the FROM line to the Dockerfile, then run the tool again',
  DOCKERFILE_INVALID: 'fix the instruction (docker build rejects it too), then run the tool again',
  ESCAPE_MISMATCH: 'use the same # escape= directive in both Dockerfiles',
  BUILDKIT_REQUIRED: 'run again with --buildkit if every build of this image uses BuildKit',
  BUILDER_HAS_NO_SHELL: `add a shell to the builder image (or build from one that has it), or ${BY_HAND}`,
  EXPORT_NEEDS_BUILDKIT: 'build with BuildKit (DOCKER_BUILDKIT=1 or docker buildx) where the new glue runs',
  SYNTAX_DIRECTIVE_DROPPED: 'add the # syntax= line back to the merged Dockerfile if your builds can reach that registry',
  STAGE_RENAMED: 'nothing: every reference was renamed with it',
  ARG_RENAMED: 'nothing: the new build command passes the renamed ARG',
  CAPABILITIES_IN_BUILDER: 'build with the builder you used before (classic or BuildKit) and check with multistage-migrate verify',
  MIGRATED_FILE_IN_IMAGE: 'add the glue and Dockerfiles to .dockerignore if the image need not hold them',
  BUILDER_VOLUME: 'keep building with the same builder (classic or BuildKit) as before, and check with multistage-migrate verify',
  GLUE_NAMES_DELETED_FILE: 'drop the deleted file from that line (a make prerequisite), or keep it with --keep-legacy',
  DOCKERIGNORE_INVALID: 'fix the .dockerignore line (docker build rejects it too), then run the tool again',
  DOCKERIGNORE_UNSUPPORTED: `write the .dockerignore line in a plain form (no ambiguous pattern), or ${BY_HAND}`,
  STAGE_NAME_CLASH: 'rename the stage (AS name) or the image tag so they differ, then run the tool again',
  INTERNAL_SELF_CHECK: 'report it as a bug of multistage-migrate with the repository (or a small copy of its shape); migrate by hand meanwhile',
  GLUE_USES_REMOVED_VALUE: 'set the variable in the glue without the docker step (or drop the line that reads it), then run the tool again',
  TARGET_RULE_UNKNOWN: 'name a target the Makefile has a rule for (make -pn | grep lists them), or leave --target-rule out to follow the default goal',
  ASSEMBLED_CONTEXT_UNTRACED: 'put that file into the directory from a repository file or a named builder path (cp, tar -x of a known archive), or write the runtime Dockerfile against the repository by hand',
  RUN_MOUNT_MISSING: 'make the glue fill the mounted folder from the repository or a builder before the run (or mount a folder of the repository), then run the tool again',
  RUN_CACHE_DROPPED: 'nothing needed; pass --buildkit to keep the cache as a RUN --mount=type=cache',
  EXPORT_DIRECTORY_ASSUMED: 'check that the exported path is a directory in the builder; if it is a file, export its folder instead',
  HALF_MIGRATED: 'put the files back (git checkout, or multistage-migrate undo) and migrate again, answering y for all files',
  NO_BUILDER_PATTERN: 'nothing to migrate here; if there is a builder pattern, name its glue with --script',
  ALREADY_MULTI_STAGE: 'nothing to do',
};

/** The batch run's own codes (src/batch/run-repository.ts). */
export const BATCH_NEXT_STEPS: Record<string, string> = {
  UNCOMMITTED_CHANGES: 'commit or stash the changes, or pass --allow-dirty to batch --write',
  SETUPS_OVERLAP: 'migrate the setups one at a time with the single-repository command and --script',
  INTERRUPTED_MIGRATION: 'run with --write (or --yes) to finish it, or multistage-migrate undo to roll it back',
  BACKUP_FOLDER_UNSAFE: 'remove the link from .multistage-migrate-backup, then run again',
  REPOSITORY_BUSY: 'run again once the other multistage-migrate run has finished',
};

/** The next step for `code`, or null for a code without one. */
export function nextStep(code: string): string | null {
  return (NEXT_STEPS as Record<string, string>)[code] ?? BATCH_NEXT_STEPS[code] ?? null;
}

/** The catalogue's sentence for `code` (a batch code's from BATCH_CODES is the caller's). */
export function codeSummary(code: string): string | null {
  return (FINDING_CATALOGUE as Record<string, { summary: string }>)[code]?.summary ?? null;
}

/**
 * `What to do:` and one line per distinct code among `codes` (first seen first):
 * `  CODE: the next step`, with the catalogue's sentence when `summary` (where only the code was
 * printed). Empty when none has a next step.
 */
export function nextStepLines(codes: readonly string[], options: { indent?: string; summary?: boolean } = {}): string[] {
  const unique = [...new Set(codes)].filter((c) => nextStep(c) !== null);
  if (unique.length === 0) return [];
  const said = (c: string) => (options.summary && codeSummary(c) ? ` (${codeSummary(c)})` : '');
  return ['What to do:', ...unique.map((c) => `${options.indent ?? '  '}${c}${said(c)}: ${nextStep(c)}`)];
}
