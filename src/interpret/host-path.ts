/** Turning resolved glue text into repository-relative host paths. */
import { normalizeRelative } from '../core/paths';
import { REPO_ROOT_MARK } from './value';

export type HostPath =
  | { ok: true; path: string }
  /** Leaves the repository (`../x`, `/tmp/x`): the tool never reads or writes there. */
  | { ok: false; reason: 'outside' | 'unknown-cwd' };

/** Resolves `text` (from `resolve()`) against the glue's working directory `cwd` (null: unknown). */
export function hostPath(text: string, cwd: string | null): HostPath {
  if (text.startsWith(REPO_ROOT_MARK)) {
    const rest = normalizeRelative(text.slice(REPO_ROOT_MARK.length));
    return rest === null ? { ok: false, reason: 'outside' } : { ok: true, path: rest };
  }
  if (text.startsWith('/') || text.startsWith('~')) return { ok: false, reason: 'outside' };
  if (cwd === null) return { ok: false, reason: 'unknown-cwd' };
  const p = normalizeRelative(text, cwd);
  return p === null ? { ok: false, reason: 'outside' } : { ok: true, path: p };
}

/** Replaces the repository marker by something readable (`$PWD`), for messages. */
export function displayPath(text: string): string {
  return text.split(REPO_ROOT_MARK).join('$REPO');
}
