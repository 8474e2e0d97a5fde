/**
 * One build context for builds that had their own: the merged context's .dockerignore keeps
 * its rules, re-includes each rebased build's directory and adds that build's own rules with
 * the directory as prefix. Docker applies the last matching rule (IG-6), so each directory then
 * sends what it sent before. The result is checked file by file on the clean checkout.
 */
import { Finding, excerpt, finding } from '../core/findings';
import { isWithin, joinRelative, relativeWithin } from '../core/paths';
import type { RepoView } from '../core/repo';
import { DockerignoreRules, doubtFindings } from './dockerignore';

export interface ContextBuild {
  /** Repository-relative legacy context. */
  context: string;
  /** Where the glue ran it, for findings. */
  at: { file: string; line: number };
  /** The build's context sources (after rebasing), to check nothing it copies changes. */
  reads: string[];
}

export interface MergedIgnore {
  /** New text of `<merged context>/.dockerignore`, or null when it needs no change. */
  text: string | null;
  findings: Finding[];
}

export function mergeDockerignore(repo: RepoView, context: string, builds: ContextBuild[]): MergedIgnore {
  const rebased = builds.filter((b) => b.context !== context);
  if (rebased.length === 0) return { text: null, findings: [] };
  const rootPath = joinRelative(context, '.dockerignore');
  const rootText = repo.readText(rootPath);
  const rootUsed = builds.some((b) => b.context === context);
  const ownTexts = rebased.map((b) => repo.readText(joinRelative(b.context, '.dockerignore')));
  if (ownTexts.every((t) => t === null) && (rootText === null || !rebased.some((b) => new DockerignoreRules(rootText).touches(relativeWithin(b.context, context))))) {
    return { text: null, findings: [] };
  }
  const lines: string[] = [];
  const findings: Finding[] = [];
  rebased.forEach((b, i) => {
    const prefix = relativeWithin(b.context, context);
    lines.push(`!${prefix}`);
    for (const rule of new DockerignoreRules(ownTexts[i]).all) {
      // `**x` matches any path ending in x, `^` anchors at the start: neither means the same behind a prefix.
      if (/^\*\*[^/]|\^/.test(rule.pattern)) {
        findings.push(finding('DOCKERIGNORE_CONTEXT_CHANGED', `\`${excerpt(rule.pattern)}\` cannot be moved below ${prefix}/ with the same meaning`, { file: joinRelative(b.context, '.dockerignore'), line: rule.line }));
      }
      lines.push(`${rule.negated ? '!' : ''}${prefix}/${rule.pattern}`);
    }
  });
  const head = rootUsed && rootText !== null ? rootText.replace(/\s*$/, '\n') : '';
  const eol = rootText?.includes('\r\n') ? '\r\n' : '\n';
  const text = `${head}${head ? '\n' : ''}# Added by multistage-migrate: the build contexts below are now inside this one;\n# each keeps the files its own context and .dockerignore let through.\n${lines.join('\n')}\n`.replace(/\n/g, eol);

  // Proof on the clean checkout: every build sees under its directory exactly what it saw.
  const merged = new DockerignoreRules(text);
  const rootRules = new DockerignoreRules(rootUsed ? rootText : null);
  const owns = new Map<number, DockerignoreRules>();
  const ownRules = (i: number): DockerignoreRules => {
    if (!owns.has(i)) owns.set(i, new DockerignoreRules(ownTexts[i]));
    return owns.get(i) as DockerignoreRules;
  };
  for (const b of builds) {
    const own = b.context === context ? rootRules : ownRules(rebased.indexOf(b));
    for (const f of filesUnder(repo, b.context)) {
      const rel = relativeWithin(f, b.context);
      const other = rebased.find((r) => r !== b && isWithin(f, r.context) && r.context !== b.context);
      // A file of another build's directory: this build must not copy it (checked below).
      if (other && b.context === context) continue;
      if (own.ignores(rel) !== merged.ignores(relativeWithin(f, context))) {
        findings.push(finding('DOCKERIGNORE_CONTEXT_CHANGED', `no single .dockerignore keeps ${f} ${own.ignores(rel) ? 'out of' : 'in'} this build as before`, b.at));
        break;
      }
    }
  }
  // A build whose context holds a rebased directory now sees its files: it must not copy them.
  for (const b of builds.filter((x) => x.context === context)) {
    for (const r of rebased) {
      const prefix = relativeWithin(r.context, context);
      const hit = b.reads.find((src) => isWithin(src, prefix) || isWithin(prefix, src));
      if (hit !== undefined && rootRules.touches(prefix)) {
        findings.push(finding('DOCKERIGNORE_CONTEXT_CHANGED', `this build copies \`${hit || '.'}\`, which would now include ${prefix}/ that its .dockerignore kept out`, b.at));
      }
    }
  }
  findings.push(...doubtFindings(rootRules, rootPath), ...doubtFindings(merged, rootPath));
  rebased.forEach((b, i) => findings.push(...doubtFindings(owns.get(i) ?? new DockerignoreRules(null), joinRelative(b.context, '.dockerignore'))));
  return { text, findings };
}

/** Files of the clean checkout below `dir`. */
function filesUnder(repo: RepoView, dir: string, limit = 100000): string[] {
  const out: string[] = [];
  const stack = [dir];
  while (stack.length > 0 && out.length < limit) {
    const d = stack.pop() as string;
    for (const name of repo.listDir(d) ?? []) {
      const p = joinRelative(d, name);
      if (repo.typeOf(p) === 'dir') stack.push(p);
      else out.push(p);
    }
  }
  return out.sort();
}

/**
 * Artifact paths the runtime's context COPYs reach (`COPY . /app` with wheels/ extracted into
 * it): the legacy glue removed or replaced them before each runtime build, but nothing writes
 * them after the migration, so a working copy would send whatever an earlier run left there.
 * Ignoring them makes a working copy build what a clean checkout builds, where they do not
 * exist (paths the checkout has, and the context root, are left alone). `text` is the
 * .dockerignore the merged build would use (null: none); returns the new text, or null when
 * nothing needs adding.
 */
export function ignoreArtifacts(repo: RepoView, context: string, text: string | null, artifacts: string[], runtimeReads: string[]): string | null {
  const rules = new DockerignoreRules(text);
  const paths = [...new Set(artifacts)]
    .filter((p) => isWithin(p, context) && p !== context && repo.typeOf(p) === null && !/\s$/.test(p))
    .map((p) => relativeWithin(p, context))
    .filter((p) => runtimeReads.some((r) => r !== p && isWithin(p, r)) && !rules.ignores(p))
    .sort();
  // Only the outermost of nested paths: ignoring a directory ignores what is inside it.
  const outer = paths.filter((p) => !paths.some((q) => q !== p && isWithin(p, q)));
  if (outer.length === 0) return null;
  const eol = text?.includes('\r\n') ? '\r\n' : '\n';
  const head = text === null || text.trim() === '' ? '' : `${text.replace(/(\r?\n)*$/, '')}${eol}${eol}`;
  const block = [
    '# Added by multistage-migrate: the old glue copied these out of the builder before each build;',
    '# now nothing writes them, and what an earlier run left in a working copy must not reach the image.',
    ...outer.map((p) => `/${p.replace(/[*?[\]\\]/g, '\\$&')}`),
  ];
  return `${head}${block.join(eol)}${eol}`;
}
