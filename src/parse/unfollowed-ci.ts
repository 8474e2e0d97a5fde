/**
 * CI files this version does not follow as glue (Drone, Woodpecker, Codeship, Bitbucket
 * Pipelines, CircleCI, Buildkite, Azure Pipelines, AppVeyor, Semaphore, Wercker, Cloud Build):
 * known by their path, so that a builder pattern they run is seen and refused
 * (PIPELINE_NOT_FOLLOWED), and a build of a Dockerfile the migration deletes is seen
 * (GLUE_NOT_REWRITTEN). Read line by line as the other CI files are; Cloud Build's
 * `args:` lists of a docker builder step are read as the docker command they run.
 */
import { isMap, isScalar, isSeq, parseAllDocuments } from 'yaml';
import { baseName, dirName } from '../core/paths';
import { YAML_OPTIONS } from './yaml-structure';

/** The folders, below a directory, where these CI systems keep their files. */
export const UNFOLLOWED_CI_FOLDERS = ['.circleci', '.buildkite', '.semaphore', '.woodpecker'];

/** The CI a file belongs to, by its path, when this version does not follow it; null otherwise. */
export function unfollowedCi(path: string): string | null {
  const name = baseName(path);
  const folder = baseName(dirName(path));
  const yml = /\.ya?ml$/.test(name);
  if (name === '.drone.yml' || name === '.drone.yaml') return 'Drone';
  if (name === '.woodpecker.yml' || name === '.woodpecker.yaml' || (folder === '.woodpecker' && yml)) return 'Woodpecker';
  if (/^codeship-steps\.ya?ml$/.test(name)) return 'Codeship';
  if (name === 'bitbucket-pipelines.yml' || name === 'bitbucket-pipelines.yaml') return 'Bitbucket Pipelines';
  if (folder === '.circleci' && /^config\.ya?ml$/.test(name)) return 'CircleCI';
  if (folder === '.buildkite' && yml) return 'Buildkite';
  if (/^azure-pipelines\.ya?ml$/.test(name)) return 'Azure Pipelines';
  if (/^\.?appveyor\.ya?ml$/.test(name)) return 'AppVeyor';
  if (folder === '.semaphore' && yml) return 'Semaphore';
  if (/^wercker\.ya?ml$/.test(name)) return 'Wercker';
  if (/^cloudbuild\.ya?ml$/.test(name)) return 'Cloud Build';
  return null;
}

/**
 * The text to read the file's commands from, line for line as the file: for Cloud Build, the
 * line of each `args:` of a step run by a docker builder (`name: gcr.io/cloud-builders/docker`)
 * becomes `docker ARGS…`, and of a step whose entrypoint is a shell (`entrypoint: bash`,
 * `args: ['-c', 'docker build … && docker cp …']`) the script; other files are as written.
 */
export function unfollowedCiText(path: string, text: string): string {
  if (unfollowedCi(path) !== 'Cloud Build') return text;
  const lines = text.split('\n');
  const lineOf = (offset: number): number => text.slice(0, offset).split('\n').length - 1;
  let docs;
  try {
    docs = parseAllDocuments(text, YAML_OPTIONS);
  } catch {
    return text;
  }
  if (!Array.isArray(docs)) return text;
  for (const doc of docs) {
    const steps = isMap(doc.contents) ? doc.contents.get('steps') : null;
    if (!isSeq(steps)) continue;
    for (const step of steps.items) {
      if (!isMap(step)) continue;
      const args = step.get('args');
      if (!isSeq(args) || !args.range || !args.items.every((a) => isScalar(a))) continue;
      const words = args.items.map((a) => String((a as { value: unknown }).value));
      const name = String(step.get('name') ?? '');
      const entrypoint = String(step.get('entrypoint') ?? '');
      const at = lineOf(args.range[0]);
      const shell = /(^|\/)(ba|da|a)?sh$/.test(entrypoint);
      if (shell && words[0] === '-c' && words.length >= 2 && !words[1].includes('\n')) lines[at] = words[1];
      else if (!shell && /(^|\/)docker$/.test(entrypoint || name.replace(/[:@].*$/, '')) && !words.some((w) => w.includes('\n'))) lines[at] = ['docker', ...words.map(quoted)].join(' ');
      else continue;
      // The list's other lines (a block list) are read as nothing.
      const last = lineOf(Math.max(args.range[0], args.range[1] - 1));
      for (let k = at + 1; k <= last && k < lines.length; k++) lines[k] = '';
    }
  }
  return lines.join('\n');
}

function quoted(word: string): string {
  return /^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}
