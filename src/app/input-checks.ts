/**
 * Bad input gets a clear answer: files the pipeline needs that cannot be read as text, paths
 * that reach outside the repository through a link, and Dockerfiles Docker itself would reject.
 * Each gives a finding with a code and a line instead of a crash or a silent "nothing to do".
 */
import { Finding, finding } from '../core/findings';
import type { PathProblem, RepoView } from '../core/repo';
import type { GlueStep } from '../interpret/events';
import { dockerfileProblems } from '../parse/dockerfile-validate';

/** The finding for a file that cannot be read, at `at` for links (where the path was used) or at the file's own line. */
export function problemFinding(p: PathProblem, what: string, at: { file: string; line: number }): Finding {
  if (p.kind === 'outside') return finding('PATH_OUTSIDE_REPOSITORY', `${what}: ${p.detail}`, at);
  if (p.kind === 'loop') return finding('FILE_UNREADABLE', `${what}: ${p.detail}`, at);
  return finding('FILE_UNREADABLE', `${what}: ${p.detail}`, { file: p.via, line: p.line });
}

/** Findings about the files and paths the glue's steps use. */
export function inputFindings(repo: RepoView, steps: readonly GlueStep[]): Finding[] {
  const out: Finding[] = [];
  const seen = new Set<string>();
  const extracts = steps.some((s) => s.kind === 'cp' || s.kind === 'cat' || s.kind === 'stream' || s.kind === 'container' || s.kind === 'run');
  const check = (path: string | null, what: string, s: GlueStep, written = false): boolean => {
    if (path === null || !repo.problem) return false;
    const p = repo.problem(path);
    // A file the pipeline writes (a stale binary committed where docker cp puts the new one) is never read: only a link that leaves or loops matters.
    if (!p || (written && p.kind !== 'outside' && p.kind !== 'loop')) return false;
    const f = problemFinding(p, what, { file: s.origin.file, line: s.origin.line });
    const k = `${f.code}:${f.location?.file}:${f.location?.line}`;
    if (!seen.has(k)) out.push(f);
    seen.add(k);
    return true;
  };
  for (const s of steps) {
    switch (s.kind) {
      case 'build': {
        check(s.context === '' ? null : s.context, `the build context ${s.context}`, s);
        if (check(s.dockerfile, `the Dockerfile ${s.dockerfile}`, s) || !extracts || seen.has(`valid:${s.dockerfile}`)) break;
        seen.add(`valid:${s.dockerfile}`);
        for (const e of dockerfileProblems(repo, s.dockerfile) ?? []) {
          out.push(finding('DOCKERFILE_INVALID', `${e.message} (Docker rejects this line too)`, { file: s.dockerfile, line: e.line }));
        }
        break;
      }
      case 'cp':
      case 'cat':
        check(s.dest, `the ${s.kind === 'cp' ? 'docker cp' : 'docker run … cat'} destination ${s.dest}`, s, true);
        break;
      case 'stream':
        for (const d of s.dests) check(d, `the stream's destination ${d}`, s, true);
        break;
      case 'run':
        for (const m of s.mounts) if (m.kind === 'bind') check(m.host, `the bind mount ${m.written}`, s, true);
        break;
      case 'host':
        for (const w of s.writes) check(w, `the file ${w} the glue writes`, s, true);
        break;
      default:
        break;
    }
  }
  return out;
}
