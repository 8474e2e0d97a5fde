/**
 * Dockerfile validation: the errors Docker's own parser stops at. Two sources: dockerfile-utils
 * (missing arguments, unknown instructions, bad flags…), and a reading of the lines the way
 * BuildKit's parser does (dockerfile-lines.ts: lines of 64 KiB or more, unterminated heredocs,
 * instructions before the first FROM), compared with this tool's own parse so that a file the
 * two read apart is refused rather than migrated. Converted to plain `{ line, message }` here.
 * Never throws.
 */
import { validate } from 'dockerfile-utils';
import { memoByFile } from '../core/view-memo';
import { parseDockerfile } from './dockerfile';
import { readDockerLines } from './dockerfile-lines';

export interface DockerfileProblem {
  /** 1-based. */
  line: number;
  message: string;
}

const ERROR = 1; // DiagnosticSeverity.Error
/** "No source image provided with FROM": the planner's DOCKERFILE_NO_FROM says it already. */
const NO_SOURCE_IMAGE = 20;

/** dockerfileErrors of a repository file, computed once per repository view (null: no readable file). */
export const dockerfileProblems = memoByFile((_path, text) => dockerfileErrors(text));

/** Errors Docker would also stop at, in line order. */
export function dockerfileErrors(text: string): DockerfileProblem[] {
  const body = text.startsWith('\uFEFF') ? text.slice(1) : text;
  const structure = structureProblems(body);
  // A file Docker cannot even read line by line gives no further meaningful errors.
  if (structure.length > 0) return structure;
  return utilsErrors(body);
}

function utilsErrors(text: string): DockerfileProblem[] {
  try {
    return validate(text)
      .filter((d) => d.severity === ERROR && d.code !== NO_SOURCE_IMAGE)
      .map((d) => ({ line: d.range.start.line + 1, message: typeof d.message === 'string' ? d.message : d.message.value }))
      .sort((a, b) => a.line - b.line);
  } catch (e) {
    return [{ line: 1, message: `the Dockerfile could not be checked (${(e as Error).message.slice(0, 80)})` }];
  }
}

/** What BuildKit's line reader stops at, and where it reads the instructions apart from this tool's parser. */
function structureProblems(text: string): DockerfileProblem[] {
  const model = parseDockerfile('Dockerfile', text);
  const lines = readDockerLines(text, model.escapeChar);
  if (lines.problems.length > 0) return lines.problems;
  const out: DockerfileProblem[] = [];
  const firstFrom = lines.instructions.findIndex((i) => i.keyword === 'FROM');
  for (const ins of lines.instructions.slice(0, firstFrom < 0 ? lines.instructions.length : firstFrom)) {
    if (ins.keyword !== 'ARG' && firstFrom >= 0) out.push({ line: ins.line, message: `${ins.keyword} before the first FROM: Docker accepts only ARG there ("no build stage in current context")` });
  }
  out.push(...stageReferenceProblems(model));
  const ours = [...model.preamble, ...model.stages.flatMap((s) => s.instructions)].map((i) => i.line);
  const theirs = lines.instructions.map((i) => i.line);
  const differs = theirs.find((l, k) => ours[k] !== l) ?? (ours.length > theirs.length ? ours[theirs.length] : undefined);
  if (differs !== undefined && out.length === 0) {
    out.push({ line: differs, message: "Docker's parser reads the instructions from this line on differently from this tool's parser; the file cannot be migrated safely" });
  }
  return out;
}

/**
 * `COPY --from` (or `RUN --mount=from=`) naming the stage it stands in (BuildKit stops with a
 * circular dependency) or a later one (BuildKit takes that stage, the classic builder an image
 * of that name).
 */
function stageReferenceProblems(model: ReturnType<typeof parseDockerfile>): DockerfileProblem[] {
  const out: DockerfileProblem[] = [];
  for (const s of model.stages) {
    for (const ins of s.instructions) {
      for (const f of ins.flags) {
        const ref = f.name === 'from' ? f.value : f.name === 'mount' ? (/(?:^|,)from=([^,]+)/.exec(f.value ?? '')?.[1] ?? null) : null;
        if (ref === null || ins === s.from) continue;
        const index = /^[0-9]+$/.test(ref) ? Number(ref) : model.stages.find((x) => x.name === ref.toLowerCase())?.index;
        if (index !== undefined && index >= s.index) {
          const why = index === s.index ? 'the stage it stands in (BuildKit: circular dependency)' : 'defined only after it (BuildKit takes that stage, the classic builder an image of that name)';
          out.push({ line: ins.line, message: `${ins.keyword} takes files from stage ${ref}, which is ${why}` });
        }
      }
    }
  }
  return out;
}
