/**
 * A build context's .dockerignore, read and matched as Docker does (moby's ignorefile and
 * patternmatcher, see dockerignore-pattern.ts): `#` comments, a leading `/` ignored, `!`
 * re-includes, every pattern checked against the path and each of its parent directories,
 * the last matching line winning, and the walk that never enters an excluded directory unless
 * a `!` pattern starts with it. Plus the questions the migration asks: could these rules hide
 * anything at or below a path, and where do Docker versions and builders read them apart?
 */
import { Finding, excerpt, finding } from '../core/findings';
import type { RepoView } from '../core/repo';
import { CompiledPattern, PatternProblem, compilePattern, goCleanPath, goTrimSpace, matchesPath, mayMatchBelow as patternMayMatchBelow } from './dockerignore-pattern';

export interface Rule {
  pattern: string;
  negated: boolean;
  line: number;
}

/** A line Docker rejects, or reads in a way not reproduced here (the caller refuses). */
export interface RuleProblem extends PatternProblem {
  line: number;
}

/** A path the rules put in or out of the context differently depending on the Docker version or builder. */
export interface RuleDoubt {
  path: string;
  line: number;
  message: string;
}

/** Docker reads .dockerignore with bufio.Scanner: a line of 64 KiB or more stops the build. */
const MAX_LINE_BYTES = 65535;

type Reading = 'modern' | 'parent-results' | 'legacy';

export class DockerignoreRules {
  private readonly rules: Rule[] = [];
  private readonly compiled: CompiledPattern[] = [];
  private readonly lineProblems: RuleProblem[] = [];
  private readonly doubtsFound = new Map<string, RuleDoubt>();
  private readonly cache = new Map<string, boolean>();
  private legacyUsable: boolean;

  /** `text` null: no .dockerignore. */
  constructor(readonly text: string | null) {
    for (const raw of readLines(text ?? '')) {
      if (Buffer.byteLength(raw.text, 'utf8') > MAX_LINE_BYTES) {
        this.lineProblems.push({ line: raw.line, kind: 'invalid', message: `the line is longer than Docker's limit of ${MAX_LINE_BYTES} bytes: Docker stops with "token too long"` });
        continue;
      }
      const parsed = parsePattern(raw.text);
      if (parsed === null) continue;
      if ('problem' in parsed) {
        this.lineProblems.push({ line: raw.line, ...parsed.problem });
        continue;
      }
      const compiled = compilePattern(parsed.pattern);
      if (compiled.problem) {
        this.lineProblems.push({ line: raw.line, kind: compiled.problem.kind, message: `\`${excerpt(raw.text.trim())}\`: ${compiled.problem.message}` });
        continue;
      }
      this.rules.push({ pattern: parsed.pattern, negated: parsed.negated, line: raw.line });
      this.compiled.push(compiled);
    }
    // A Docker that could not build with one of the patterns is not one the legacy build ran on.
    this.legacyUsable = this.compiled.every((c) => c.legacy !== null);
  }

  get empty(): boolean {
    return this.rules.length === 0 && this.lineProblems.length === 0;
  }

  /** The rules in file order (patterns as Docker keeps them: cleaned, no leading `/`, no `!`). */
  get all(): readonly Rule[] {
    return this.rules;
  }

  /** Lines Docker rejects or that are not reproduced here; they match nothing, and the planner refuses. */
  get problems(): readonly RuleProblem[] {
    return this.lineProblems;
  }

  /** Paths asked about so far whose answer depends on the Docker version or the builder. */
  get doubts(): RuleDoubt[] {
    return [...this.doubtsFound.values()];
  }

  /** True when `path` is excluded from the context. */
  ignores(path: string): boolean {
    if (path === '' || this.rules.length === 0) return false;
    const known = this.cache.get(path);
    if (known !== undefined) return known;
    const answer = this.walk(path, 'modern');
    this.cache.set(path, answer);
    const legacy = this.legacyUsable && this.walk(path, 'legacy') !== answer && this.legacyUsable;
    const other: Reading | undefined = this.walk(path, 'parent-results') !== answer ? 'parent-results' : legacy ? 'legacy' : undefined;
    if (other) this.noteDoubt(path, other, answer);
    return answer;
  }

  /**
   * True when the rules may drop `path` or, for a directory whose contents are not known
   * here, anything below it.
   */
  hides(path: string, isDir: boolean): boolean {
    if (this.ignores(path)) return true;
    return isDir && this.rules.some((r, i) => !r.negated && patternMayMatchBelow(this.compiled[i], path));
  }

  /** The first exclusion rule that hides `path` or something below it, or null. */
  ruleHiding(path: string, isDir: boolean): Rule | null {
    const ignored = this.ignores(path);
    const levels = ancestorsAndSelf(path);
    return this.rules.find((r, i) => !r.negated && ((isDir && patternMayMatchBelow(this.compiled[i], path)) || (ignored && levels.some((p) => this.matchOne(i, p, 'modern'))))) ?? null;
  }

  /** True when some exclusion rule could match a path at or below `dir`. */
  touches(dir: string): boolean {
    return this.rules.some((r, i) => !r.negated && (patternMayMatchBelow(this.compiled[i], dir) || this.ignores(dir)));
  }

  /** The compiled form of rule `rule` (one of `all`). */
  compiledOf(rule: Rule): CompiledPattern {
    return this.compiled[this.rules.indexOf(rule)];
  }

  /**
   * What the context walk does with `path`: a directory above it that is excluded is not
   * entered (so nothing below it is sent) unless a `!` pattern starts with that directory.
   */
  private walk(path: string, reading: Reading): boolean {
    const levels = ancestorsAndSelf(path);
    let parentInfo: boolean[] | null = null;
    for (let k = 0; k < levels.length; k++) {
      const level = levels[k];
      let excluded: boolean;
      if (reading === 'parent-results') {
        const r = this.matchUsingParentResults(level, parentInfo);
        excluded = r.matched;
        parentInfo = r.info;
      } else {
        excluded = this.matchOrParents(level, reading);
      }
      if (k === levels.length - 1) return excluded;
      if (excluded && !this.entered(level)) return true;
    }
    return false;
  }

  private entered(dir: string): boolean {
    return this.rules.some((r) => r.negated && `${r.pattern}/`.startsWith(`${dir}/`));
  }

  /** patternmatcher's MatchesOrParentMatches (the classic builder, and BuildKit before Docker 23). */
  private matchOrParents(path: string, reading: Reading): boolean {
    const levels = ancestorsAndSelf(path);
    let matched = false;
    this.rules.forEach((r, i) => {
      if (r.negated !== matched) return;
      if (levels.some((p) => this.matchOne(i, p, reading))) matched = !r.negated;
    });
    return matched;
  }

  /** patternmatcher's MatchesUsingParentResults (BuildKit since Docker 23): a skipped pattern forgets its parents' matches. */
  private matchUsingParentResults(path: string, parent: boolean[] | null): { matched: boolean; info: boolean[] } {
    let matched = false;
    const info = this.rules.map(() => false);
    this.rules.forEach((r, i) => {
      let match = parent ? parent[i] : false;
      if (!match) {
        if (r.negated !== matched) return;
        match = this.matchOne(i, path, 'modern') || (parent === null && ancestorsAndSelf(path).slice(0, -1).some((p) => this.matchOne(i, p, 'modern')));
      }
      info[i] = match;
      if (match) matched = !r.negated;
    });
    return { matched, info };
  }

  private matchOne(i: number, path: string, reading: Reading): boolean {
    const c = this.compiled[i];
    if (reading !== 'legacy') return matchesPath(c, path);
    try {
      return c.legacy?.test(path) ?? false;
    } catch {
      // V8 compiles lazily: an expression too large to run means that Docker could not have built either.
      this.legacyUsable = false;
      return false;
    }
  }

  private noteDoubt(path: string, reading: Reading, modern: boolean): void {
    const levels = ancestorsAndSelf(path);
    const differing = this.rules.findIndex((_r, i) => levels.some((p) => this.matchOne(i, p, 'modern') !== this.matchOne(i, p, 'legacy')));
    const rule = reading === 'legacy' && differing >= 0 ? this.rules[differing] : (this.rules.find((r) => r.negated) ?? this.rules[0]);
    const who = reading === 'legacy' ? 'Docker before 23.0 (which reads `+()|{}^` as regular-expression operators)' : 'BuildKit since Docker 23.0';
    const message = `\`${excerpt(path)}\` is ${modern ? 'left out of' : 'sent with'} the context by Docker's current matcher but ${modern ? 'sent' : 'left out'} by ${who}; the migration cannot be exact for both`;
    if (!this.doubtsFound.has(path)) this.doubtsFound.set(path, { path, line: rule.line, message });
  }
}

/** Lines as Go's bufio.ScanLines gives them (a trailing `\r` dropped), with a first-line byte order mark removed. */
function readLines(text: string): { text: string; line: number }[] {
  const body = text.startsWith('\uFEFF') ? text.slice(1) : text;
  if (body === '') return [];
  const lines = body.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  return lines.map((l, i) => ({ text: l.endsWith('\r') ? l.slice(0, -1) : l, line: i + 1 }));
}

/**
 * One line as ignorefile.ReadAll and patternmatcher.New read it: a `#` in the first column is
 * a comment, spaces around are trimmed, `!` negates, the path is cleaned and loses a leading
 * `/`. Null for comments and blank lines.
 */
function parsePattern(raw: string): { pattern: string; negated: boolean } | { problem: PatternProblem } | null {
  if (raw.startsWith('#')) return null;
  let p = goTrimSpace(raw);
  if (p === '') return null;
  const invert = p.startsWith('!');
  if (invert) p = goTrimSpace(p.slice(1));
  if (p !== '') {
    p = goCleanPath(p);
    if (p.length > 1 && p.startsWith('/')) p = p.slice(1);
  }
  // patternmatcher.New cleans once more, with the `!` in front.
  let full = goCleanPath(goTrimSpace(invert ? `!${p}` : p));
  const negated = full.startsWith('!');
  if (negated) {
    if (full.length === 1) return { problem: { kind: 'invalid', message: 'a `!` without a pattern: Docker stops with "illegal exclusion pattern"' } };
    full = full.slice(1);
  }
  return { pattern: full, negated };
}

/** `a`, `a/b`, `a/b/c` for `a/b/c`. */
function ancestorsAndSelf(path: string): string[] {
  const segs = path.split('/');
  return segs.map((_s, i) => segs.slice(0, i + 1).join('/'));
}

/** Could `pattern` (cleaned, no `!`) match some path strictly below `dir`? `**` matches any number of segments. */
export function mayMatchBelow(pattern: string, dir: string): boolean {
  return patternMayMatchBelow(compilePattern(pattern), dir);
}

/**
 * Findings about the .dockerignore files of `contexts` (repository-relative directories):
 * unreadable files and lines Docker rejects or this tool does not reproduce.
 */
export function ignoreFileFindings(repo: RepoView, contexts: readonly string[]): Finding[] {
  const out: Finding[] = [];
  for (const dir of [...new Set(contexts)]) {
    const path = dir ? `${dir}/.dockerignore` : '.dockerignore';
    const problem = repo.problem?.(path) ?? null;
    if (problem) {
      out.push(finding(problem.kind === 'outside' ? 'PATH_OUTSIDE_REPOSITORY' : 'FILE_UNREADABLE', `${path}: ${problem.detail}`, { file: problem.kind === 'outside' || problem.kind === 'loop' ? problem.via : path, line: problem.line }));
      continue;
    }
    for (const p of new DockerignoreRules(repo.readText(path)).problems) {
      out.push(finding(p.kind === 'invalid' ? 'DOCKERIGNORE_INVALID' : 'DOCKERIGNORE_UNSUPPORTED', p.message, { file: path, line: p.line }));
    }
  }
  return out;
}

/** Findings for the doubts the planner's questions ran into (`file`: the .dockerignore the rules came from). */
export function doubtFindings(rules: DockerignoreRules, file: string): Finding[] {
  return rules.doubts.map((d) => finding('DOCKERIGNORE_UNSUPPORTED', d.message, { file, line: d.line }));
}
