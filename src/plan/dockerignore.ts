/**
 * A build context's .dockerignore, matched with Docker's own rules (@balena/dockerignore ports
 * moby's matcher: `**` recursive, `!` re-includes, the last matching line wins, IG-6), plus the
 * question the migration asks: could these rules hide anything at or below a path?
 */
import createIgnore from '@balena/dockerignore';
import { matchSegment } from '../core/paths';

export interface Rule {
  pattern: string;
  negated: boolean;
  line: number;
}

export class DockerignoreRules {
  private readonly rules: Rule[];
  private readonly matcher: ReturnType<typeof createIgnore>;

  /** `text` null: no .dockerignore. */
  constructor(readonly text: string | null) {
    this.rules = parseRules(text ?? '');
    this.matcher = createIgnore({ ignorecase: false }).add(this.rules.map((r) => (r.negated ? '!' : '') + r.pattern));
  }

  get empty(): boolean {
    return this.rules.length === 0;
  }

  /** The rules in file order (patterns cleaned: no leading `/` or `./`, no trailing `/`). */
  get all(): readonly Rule[] {
    return this.rules;
  }

  /** True when `path` is excluded from the context. */
  ignores(path: string): boolean {
    return path !== '' && this.matcher.ignores(path);
  }

  /**
   * True when the rules may drop `path` or, for a directory whose contents are not known
   * here, anything below it.
   */
  hides(path: string, isDir: boolean): boolean {
    if (this.ignores(path)) return true;
    return isDir && this.rules.some((r) => !r.negated && mayMatchBelow(r.pattern, path));
  }

  /** The first exclusion rule that hides `path` or something below it, or null. */
  ruleHiding(path: string, isDir: boolean): Rule | null {
    const direct = createIgnore({ ignorecase: false });
    for (const r of this.rules) {
      if (r.negated) continue;
      direct.add(r.pattern);
      if ((isDir && mayMatchBelow(r.pattern, path)) || (direct.ignores(path) && this.ignores(path))) return r;
    }
    return null;
  }

  /** True when some exclusion rule could match a path at or below `dir`. */
  touches(dir: string): boolean {
    return this.rules.some((r) => !r.negated && (mayMatchBelow(r.pattern, dir) || this.matcher.ignores(dir)));
  }
}

function parseRules(text: string): Rule[] {
  const out: Rule[] = [];
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) return;
    const negated = line.startsWith('!');
    const pattern = (negated ? line.slice(1) : line).trim().replace(/^(\.\/|\/)+/, '').replace(/\/+$/, '');
    if (pattern) out.push({ pattern, negated, line: i + 1 });
  });
  return out;
}

/** Could `pattern` match some path strictly below `dir`? `**` matches any number of segments. */
export function mayMatchBelow(pattern: string, dir: string): boolean {
  const ps = pattern.split('/');
  const ds = dir === '' ? [] : dir.split('/');
  const go = (pi: number, di: number): boolean => {
    if (di === ds.length) return pi < ps.length;
    if (pi === ps.length) return false;
    if (ps[pi] === '**') return go(pi + 1, di) || go(pi, di + 1);
    return matchSegment(ps[pi], ds[di]) && go(pi + 1, di + 1);
  };
  return go(0, 0);
}
