/**
 * The legacy pipeline as the glue runs it: an ordered list of steps (docker builds, containers,
 * copies out of them, host commands), each citing the glue line it came from and the
 * statement the rewrite would remove or replace.
 */
import type { Word } from '../parse/shell/ast';
import type { DockerInvocation } from './docker-cli';
import type { Value } from './value';

/** Where a step came from, and which statement of which glue file carries it. */
export interface Origin {
  file: string;
  line: number;
  endLine: number;
  /**
   * Statement ids from the outermost statement of the file down to the one holding the step
   * (for Makefiles, the recipe line's id first).
   */
  chain: number[];
  /**
   * The calls that led here, outermost first: a shell function's call, a script run or sourced
   * by another. Absent when the step's own statement ran directly.
   */
  calls?: CallSite[];
  /** The step runs only under a condition (an `if` body, the right side of `||`, `test && …`). */
  conditional?: boolean;
}

/** A statement that ran the code a step comes from: a call of a shell function, or of another script. */
export interface CallSite {
  file: string;
  line: number;
  /** Statement ids down to the calling statement, as in Origin.chain. */
  chain: number[];
  /**
   * What was called: a function (its definition's file and chain) or a script (its path, chain
   * empty). `shares` is false for a script run in its own process, which cannot change the
   * caller's variables or directory.
   */
  callee: { file: string; chain: number[]; shares: boolean };
}

export interface BuildArg {
  name: string;
  /** Null for `--build-arg NAME` (value taken from the environment). */
  value: Value | null;
  /** The argument as written in the glue, to carry it over verbatim. */
  written: string;
}

export interface BuildFlag {
  name: string;
  value: Value | null;
  /** The flag as written (one or two words), to carry it over verbatim. */
  written: string;
}

export interface BuildStep {
  kind: 'build';
  origin: Origin;
  /** Repository-relative path of the Dockerfile. */
  dockerfile: string;
  /** True when the glue named it with -f (otherwise `<context>/Dockerfile`). */
  dockerfileNamed: boolean;
  /** Repository-relative build context directory. */
  context: string;
  tags: Value[];
  buildArgs: BuildArg[];
  target: string | null;
  /** Every other flag (`--no-cache`, `--network`, `--label`…), in order. */
  flags: BuildFlag[];
  /** `DOCKER_BUILDKIT=1`/`0` on the command or in the glue, or buildx; null when the glue leaves it to the engine. */
  buildkit: boolean | null;
  /** The docker command's words as written, command name included. */
  words: Word[];
  /** How many leading words precede `docker` (`sudo`, `sudo -E`). */
  prefixWords: number;
  /** Index in `words` of the context argument. */
  contextWord: number;
  /** The directory the glue ran it from (repository-relative). */
  cwd: string;
  /** For each option, the indices in `words` it was written with. */
  optionWords: { name: string; words: number[] }[];
  invocation: DockerInvocation;
}

export interface ContainerStep {
  kind: 'container';
  origin: Origin;
  /** `create`, or `run` for `docker run -d`. */
  mode: 'create' | 'run';
  /** The values by which the glue may name this container: its --name and/or the id it captured. */
  handles: Value[];
  image: Value;
  /** Command and arguments after the image; empty when none. */
  command: Value[];
  invocation: DockerInvocation;
}

export interface CopyOutStep {
  kind: 'cp';
  origin: Origin;
  container: Value;
  /** Container path as written (relative paths are from `/`, CP-13). */
  source: string;
  /** Repository-relative destination, canonical. */
  dest: string;
  /** The destination ends with `/` as written (CP-2/CP-5). */
  destSlash: boolean;
  followLink: boolean;
  /** Source and destination as the glue computes them (symbols kept), and the directory it ran in. */
  values?: { source: Value; dest: Value; cwd: string };
}

/** `docker run --rm IMG cat PATH > FILE`: the file's bytes, written by the host shell. */
export interface CatOutStep {
  kind: 'cat';
  origin: Origin;
  image: Value;
  source: string;
  dest: string;
  append: boolean;
  invocation: DockerInvocation;
}

/**
 * A builder's output streamed to the host: `docker run IMG tar -c … > out.tar`,
 * `docker run IMG tar -c … | tar -x -C web`, `docker cp C:/app/dist - | gzip > dist.tgz`.
 */
export interface StreamStep {
  kind: 'stream';
  origin: Origin;
  producer:
    | {
        kind: 'run';
        image: Value;
        /** The words after the image; empty when the image's own CMD/ENTRYPOINT runs. */
        command: string[];
        workdir: string | null;
        invocation: DockerInvocation;
        /** The run as a build at run time would read it: mounts, environment, user, entrypoint. */
        run: RunStep;
      }
    | { kind: 'cp'; container: Value; source: string };
  /** Host commands the stream runs through, in order (`tar -x -C web`, `gzip`); empty when it goes straight to a file. */
  consumers: { command: string; args: string[]; cwd: string }[];
  /** The file the last command writes (repository-relative), or null. */
  file: string | null;
  /** Repository paths the stream writes: the file, or the directories tar extracts into. */
  dests: string[];
}

export interface ContainerCleanupStep {
  kind: 'container-cleanup';
  origin: Origin;
  containers: Value[];
}

export interface ImageCleanupStep {
  kind: 'image-cleanup';
  origin: Origin;
  images: Value[];
}

/** A mount of a foreground `docker run`. */
export type RunMount =
  /** A host directory or file: repository-relative, or null when it lies outside the repository. */
  | { kind: 'bind'; host: string | null; target: string; readOnly: boolean; written: string; /** `--mount type=bind` fails when the source is missing; `-v` creates it. */ mustExist?: boolean }
  | { kind: 'volume'; name: string; target: string; written: string }
  | { kind: 'tmpfs'; target: string; written: string };

/**
 * A foreground `docker run` (not an extraction by `cat`): it may compile at run time and
 * write into bind-mounted host directories, or only run tests.
 */
export interface RunStep {
  kind: 'run';
  origin: Origin;
  image: Value;
  /** Command and arguments after the image; empty when the image's own CMD runs. */
  command: Value[];
  mounts: RunMount[];
  /** `-w`; null when the image's WORKDIR applies. */
  workdir: string | null;
  /** `-e NAME=value` (value null: taken from the glue's environment). */
  env: { name: string; value: Value | null }[];
  user: string | null;
  /** `--entrypoint`; null when the image's applies. */
  entrypoint: Value | null;
  stdout: 'terminal' | 'file' | 'pipe';
  invocation: DockerInvocation;
}

/** Any other docker command (tag, push, run of something that is not an extraction…). */
export interface DockerOtherStep {
  kind: 'docker-other';
  origin: Origin;
  invocation: DockerInvocation;
  /** Set when the step reads an image by reference (run, tag, push). */
  image: Value | null;
  /** Where a foreground `docker run` sends its output; absent for the terminal. */
  stdout?: 'file' | 'pipe';
}

/** A host command the migration may need to understand (mkdir, rm, cp, mv, chmod, …). */
export interface HostStep {
  kind: 'host';
  origin: Origin;
  command: string;
  /** Arguments after the command name; null where unknowable. */
  args: (string | null)[];
  /** The directory it ran in (repository-relative). */
  cwd: string;
  /** Files written through redirections (`> file`), repository-relative; null where unknowable. */
  writes: (string | null)[];
  /** True when it runs only under a condition (an `if` body, `test && …`). */
  conditional?: boolean;
}

/** A command the migration keeps as it is and need not understand. */
export interface OtherStep {
  kind: 'other';
  origin: Origin;
  command: string;
  /** Arguments as resolved (null where unknowable), to spot reads of artifacts. */
  args: (string | null)[];
  cwd: string;
}

export type GlueStep =
  | BuildStep
  | ContainerStep
  | CopyOutStep
  | CatOutStep
  | StreamStep
  | ContainerCleanupStep
  | ImageCleanupStep
  | DockerOtherStep
  | RunStep
  | HostStep
  | OtherStep;

/** Host commands whose effect on files the migration must understand. */
export const FILE_COMMANDS = new Set(['mkdir', 'rm', 'rmdir', 'cp', 'mv', 'chmod', 'chown', 'tar', 'touch', 'ln', 'install', 'unzip', 'gunzip', 'gzip', 'sed', 'tee', 'curl', 'wget', 'rsync', 'strip', 'upx', 'truncate']);

/**
 * Moves a step to the lines it has in its file (a recipe or CI script read on its own starts
 * at line 1). A stream's run carries the origin too, for the stage that replays it: both move.
 */
export function moveOrigin(s: GlueStep, to: (o: Origin) => Origin): void {
  s.origin = to(s.origin);
  if (s.kind === 'stream' && s.producer.kind === 'run') s.producer.run = { ...s.producer.run, origin: s.origin };
}
