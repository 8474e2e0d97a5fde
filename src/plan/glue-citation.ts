import type { RepoView } from '../core/repo';
import type { Origin } from '../interpret/events';

/**
 * The glue line a stage comment names as "built by". A wrapper function (`dk() { "$DOCKER" "$@"; }`)
 * makes every docker command come from its one body line, which tells the reader nothing; the
 * call (`dk build -f Dockerfile.build …`) is the line they wrote for this build.
 */
export function buildCitation(origin: Origin, repo: RepoView): string {
  let at: { file: string; line: number } = origin;
  const calls = origin.calls ?? [];
  for (let i = calls.length - 1; i >= 0 && forwardsArguments(repo, at); i--) at = calls[i];
  return `${at.file}:${at.line}`;
}

function forwardsArguments(repo: RepoView, at: { file: string; line: number }): boolean {
  const line = repo.readText(at.file)?.split('\n')[at.line - 1] ?? '';
  return /"?\$(@|\*|\{@\}|\{\*\})"?/.test(line);
}
