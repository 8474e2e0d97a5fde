/** What interpreting a glue file (or a sequence of them) gives the planner. */
import type { Finding } from '../core/findings';
import type { GlueStep } from '../interpret/events';
import type { GlueFile } from '../render/glue';

export interface GlueInterpretation {
  entry: string;
  kind: 'shell' | 'make' | 'ci';
  /** The Makefile goal or CI job that runs the pipeline; null for scripts. */
  goal: string | null;
  /** For a Makefile not run as plain `make`: the goals as make runs the legacy pipeline (`make build deploy`), the followed goal last. */
  goals?: string[];
  steps: GlueStep[];
  findings: Finding[];
  /** Every file the pipeline's steps come from, parsed for the rewrite. */
  files: GlueFile[];
  /** The directory the glue is taken to run from. */
  cwd: string;
  /** For glue files run one after the other (interpretSequence): their entries, in order. */
  sequence?: string[];
}
