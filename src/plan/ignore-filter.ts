/**
 * .dockerignore rules as shell commands: what a legacy context hid from extracted files must
 * be deleted from a stage before the runtime copies from it (COPY --from ignores
 * .dockerignore, and COPY --exclude is BuildKit-only, FE-1). Only rules `find` can express
 * exactly are translated; for the others the caller refuses.
 */
import { matchSegment } from '../core/paths';
import { shellQuoted as quote } from '../core/quote';
import { DockerignoreRules, Rule } from './dockerignore';
import { CompiledPattern, mayMatchBelow } from './dockerignore-pattern';

export type FilterResult = { commands: string[] } | { unsupported: Rule };

/**
 * Commands deleting, below `stageDir` (the stage's copy of context path `hostDir`), every
 * entry the rules exclude. A rule with `*` or `?` at a fixed depth becomes
 * `find -mindepth k -maxdepth k -path …` (at a fixed depth `*` cannot reach across a `/`);
 * `**` followed by one segment becomes `find -name …`.
 */
export function ignoreFilter(rules: DockerignoreRules, hostDir: string, stageDir: string): FilterResult {
  const commands: string[] = [];
  const root = stageDir.replace(/\/+$/, '');
  for (const rule of rules.all) {
    const compiled = rules.compiledOf(rule);
    if (!mayMatchBelow(compiled, hostDir)) continue;
    // A re-inclusion below the directory would need the order of rules: not expressible here.
    if (rule.negated || !segmentwise(compiled)) return { unsupported: rule };
    for (const rest of residuals(rule.pattern.split('/'), hostDir === '' ? [] : hostDir.split('/'))) {
      const command = findCommand(root, rest);
      if (command === null) return { unsupported: rule };
      commands.push(command);
    }
  }
  return { commands: [...new Set(commands)] };
}

/**
 * True when Docker's reading of the pattern is the segment-by-segment glob that `find`
 * reproduces: `**` only as a whole segment, no character Docker versions read apart
 * (`+()|{}^`), no escapes, and no class that could match a `/` (Docker's classes can:
 * they become regular-expression classes over the whole path) or that `find` negates (`[!`).
 */
function segmentwise(p: CompiledPattern): boolean {
  if (p.cleaned.split('/').some((seg) => seg !== '**' && seg.includes('**'))) return false;
  if (/[+(){}|^\\]/.test(p.cleaned)) return false;
  return p.tokens.every((t) => t.t !== 'class' || (!t.negated && !t.ranges.some(([lo, hi]) => lo <= '/' && hi >= '/') && !t.ranges.some(([lo]) => lo === '!')));
}

/** What remains of a pattern once it has matched `dir` (each way `**` can split). */
function residuals(ps: string[], ds: string[]): string[][] {
  const out: string[][] = [];
  const go = (pi: number, di: number): void => {
    if (di === ds.length) {
      if (pi < ps.length) out.push(ps.slice(pi));
      return;
    }
    if (pi === ps.length) return;
    if (ps[pi] === '**') {
      go(pi + 1, di);
      go(pi, di + 1);
      return;
    }
    if (matchSegment(ps[pi], ds[di])) go(pi + 1, di + 1);
  };
  go(0, 0);
  return out;
}

function findCommand(root: string, rest: string[]): string | null {
  const star = rest.indexOf('**');
  const prune = '-prune -exec rm -rf {} +';
  if (star < 0) {
    const k = rest.length;
    return `find ${root} -mindepth ${k} -maxdepth ${k} -path ${quote(`${root}/${rest.join('/')}`)} ${prune}`;
  }
  const prefix = rest.slice(0, star);
  const tail = rest.slice(star + 1);
  if (prefix.some((seg) => /[*?[\\]/.test(seg)) || tail.includes('**')) return null;
  const base = [root, ...prefix].join('/');
  if (tail.length === 0) return `find ${base} -mindepth 1 -maxdepth 1 ${prune}`;
  if (tail.length === 1) return `find ${base} -mindepth 1 -name ${quote(tail[0])} ${prune}`;
  return null;
}
