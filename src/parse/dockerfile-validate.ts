/**
 * Dockerfile validation through dockerfile-utils (the rules of the Docker builder's own
 * parser): only its errors count, converted to plain `{ line, message }` at this boundary.
 * Never throws: a validator failure gives no problems (the migration's own checks still run).
 */
import { validate } from 'dockerfile-utils';

export interface DockerfileProblem {
  /** 1-based. */
  line: number;
  message: string;
}

const ERROR = 1; // DiagnosticSeverity.Error
/** "No source image provided with FROM": the planner's DOCKERFILE_NO_FROM says it already. */
const NO_SOURCE_IMAGE = 20;

/** Errors Docker would also stop at (missing arguments, unknown instructions, bad flags…), in line order. */
export function dockerfileErrors(text: string): DockerfileProblem[] {
  try {
    return validate(text)
      .filter((d) => d.severity === ERROR && d.code !== NO_SOURCE_IMAGE)
      .map((d) => ({ line: d.range.start.line + 1, message: typeof d.message === 'string' ? d.message : d.message.value }))
      .sort((a, b) => a.line - b.line);
  } catch {
    return [];
  }
}
