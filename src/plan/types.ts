/** The migration plan: plain data that render turns into files and report turns into words. */
import type { Finding } from '../core/findings';
import type { DockerInstruction } from '../parse/dockerfile';
import type { FileChange } from '../core/file-change';

export type { FileChange };

/** One COPY/ADD line of the merged Dockerfile, before formatting. */
export interface CopyLine {
  keyword: 'COPY' | 'ADD';
  /** Stage to copy from; null for the build context. */
  from: string | null;
  chown: string | null;
  /** Other flags exactly as written in the legacy line (`--chmod=755`, `--link`). */
  flags: string[];
  /** Dockerfile words: as written in the legacy line, or literal paths escaped (core/quote dockerLiteral). */
  sources: string[];
  dest: string;
  /** Write it in JSON form, as the legacy line was (a word with white space always is). */
  json: boolean;
}

/**
 * A stage that rebuilds part of the legacy host layout, so the runtime COPY keeps its own
 * destination rules. `scratch` based stages only COPY; builder based ones can `cp -a`, which
 * keeps directory modes that COPY would reset (CO-2).
 */
export interface HelperStage {
  name: string;
  /** `scratch` or the name of a builder stage. */
  base: string;
  /** The directory inside the stage that stands for the legacy build context ("/" for scratch). */
  root: string;
  copies: CopyLine[];
  /** Shell commands for one RUN (builder-based stages only). */
  commands: string[];
  /** True when the builder runs as another user: the commands need root to read and copy everything. */
  asRoot: boolean;
  /** Why the stage exists, for the comment above it. */
  reason: string;
}

/** How one artifact travels from the builder to the runtime image, with the evidence. */
export interface ArtifactMove {
  builderStage: string;
  /** Absolute path in the builder image. */
  builderPath: string;
  /** Where the legacy glue put it on the host (repository-relative). */
  hostPath: string;
  /** The legacy runtime line that consumed it. */
  runtimeLine: { file: string; line: number };
  destination: string;
  form: 'direct' | 'layout' | 'export';
  /** `file:line` of every glue and Dockerfile line the inference relied on, with what each showed. */
  evidence: string[];
}

export interface CopyRewrite {
  instruction: DockerInstruction;
  lines: CopyLine[];
}

export interface Setup {
  glue: string;
  /**
   * Every glue file of the migration, in the order they run, when there is more than one
   * (a compile script then a package script, or two scripts that each run a pipeline); `glue`
   * is the first. Absent for one.
   */
  scripts?: string[];
  /** The Makefile goal or CI job that runs the pipeline; absent for scripts. */
  goal?: string;
  /**
   * For a Makefile whose pipeline is not plain `make`: the goals to run, in order
   * (`make build deploy` when `deploy` needs a file `build` writes). Absent otherwise.
   */
  makeGoals?: string[];
  builders: string[];
  runtime: string;
  /** Context of the merged build (repository-relative, "" for the root). */
  context: string;
  stages: { name: string; dockerfile: string }[];
  /** The docker build command the rewritten glue runs. */
  buildCommand: string;
  /** Export-only glue: the repository folder `docker build --output` writes; absent otherwise. */
  exportDir?: string;
}

export interface MigrationPlan {
  setup: Setup;
  moves: ArtifactMove[];
  files: FileChange[];
  findings: Finding[];
}
