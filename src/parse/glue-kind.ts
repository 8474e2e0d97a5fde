/**
 * Which files can be glue, by name (and, for a script without an extension, its shebang).
 * Kept apart from the parsers so that finding repositories (the batch's main thread) loads no
 * more than these patterns.
 */
import { baseName } from '../core/paths';

export type CiFlavor = 'github' | 'gitlab' | 'travis';
export type GlueKind = 'shell' | 'make' | 'ci' | 'jenkins';

export const MAKEFILE = /^(GNUmakefile|makefile|Makefile)$|\.mk$/;
const SCRIPT = /\.(sh|bash)$/;
const SHEBANG = /^#!\s*\S*(\/|\s)(ba|da|k|z)?sh\b/;
const JENKINSFILE = /^Jenkinsfile(\.[\w.-]+)?$/;

/** Which CI a file belongs to, by its path; null for other files. */
export function ciFlavor(path: string): CiFlavor | null {
  const name = baseName(path);
  if (name === '.gitlab-ci.yml' || name === '.gitlab-ci.yaml') return 'gitlab';
  if (name === '.travis.yml' || name === '.travis.yaml') return 'travis';
  if (/(^|\/)\.github\/workflows\/[^/]+\.ya?ml$/.test(path)) return 'github';
  return null;
}

/** `ci`: a GitHub Actions workflow, .gitlab-ci.yml or .travis.yml; `jenkins`: a Jenkinsfile (detected, not migrated). */
export function glueKind(path: string, text: string): GlueKind | null {
  const name = baseName(path);
  if (MAKEFILE.test(name)) return 'make';
  if (ciFlavor(path)) return 'ci';
  if (JENKINSFILE.test(name)) return 'jenkins';
  if (SCRIPT.test(name) || (!name.includes('.') && SHEBANG.test(text))) return 'shell';
  return null;
}

/** Named as glue is named: a Makefile, a shell script, a CI file or a Jenkinsfile (whatever the content). */
export function namedAsGlue(path: string): boolean {
  const name = baseName(path);
  return MAKEFILE.test(name) || SCRIPT.test(name) || ciFlavor(path) !== null || JENKINSFILE.test(name);
}
