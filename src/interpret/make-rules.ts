/**
 * The rules of a Makefile as make sees them after reading it: targets and prerequisites with
 * their variables and simple functions expanded (`$(OUT)/app`, `$(addprefix image-,$(TOOLS))`),
 * and the rule that makes a target, explicit or by pattern (`$(OUT)/%: builder`, with its stem).
 */
import type { MakeRule, MakeVariable, MakefileModel } from '../parse/makefile';
import { CURDIR_VAR, matchingClose } from './make-expand';

/** A rule with its names expanded; `names` null where a word cannot be computed statically. */
export interface ExpandedRule {
  rule: MakeRule;
  targets: string[];
  /** Every prerequisite name, and for each the index of the word of `rule.prerequisites` it came from. */
  prerequisites: { name: string; word: number }[];
  /** The targets hold a `%`. */
  pattern: boolean;
}

/** The rule chosen for a target: an explicit one, or a pattern rule with the stem it matched. */
export interface TargetRule {
  rule: ExpandedRule;
  /** `$*`: the part `%` matched; null for an explicit rule. */
  stem: string | null;
  /** Prerequisites with `%` replaced by the stem. */
  prerequisites: { name: string; word: number }[];
}

export class MakeRules {
  readonly rules: ExpandedRule[];
  private readonly values: Map<string, MakeVariable>;
  private readonly expander: NameExpander;

  constructor(readonly model: MakefileModel) {
    this.values = makeValues(model.variables);
    this.expander = new NameExpander(this.values);
    this.rules = model.rules.map((rule) => {
      const targets = rule.targets.flatMap((t) => this.names(t) ?? [t]);
      const prerequisites = rule.prerequisites.flatMap((p, word) => (this.names(p) ?? [p]).map((name) => ({ name, word })));
      return { rule, targets, prerequisites, pattern: targets.some((t) => t.includes('%')) };
    });
  }

  /** Targets a user can name: neither special (`.PHONY`) nor patterns, in the order they appear. */
  goals(): string[] {
    return [...new Set(this.rules.filter((r) => !r.pattern).flatMap((r) => r.targets))].filter((t) => !t.startsWith('.') && !t.includes('%'));
  }

  /** What plain `make` builds: `.DEFAULT_GOAL`, else the first target that is not special. */
  defaultGoal(): string | null {
    const set = this.values.get('.DEFAULT_GOAL');
    const named = set ? this.names(set.value) : null;
    return named?.[0] ?? this.goals()[0] ?? null;
  }

  /**
   * The rules make runs for `target`: every explicit rule naming it, and when none of them has
   * a recipe, the pattern rule with the shortest stem (GNU make ≥ 3.82) that has one.
   */
  rulesFor(target: string): TargetRule[] {
    const explicit = this.rules.filter((r) => !r.pattern && r.targets.includes(target)).map((rule) => ({ rule, stem: null, prerequisites: rule.prerequisites }));
    if (explicit.some((r) => r.rule.rule.recipe.length > 0)) return explicit;
    let best: TargetRule | null = null;
    for (const rule of this.rules) {
      if (!rule.pattern || rule.rule.recipe.length === 0) continue;
      for (const t of rule.targets) {
        const stem = matchPattern(t, target);
        if (stem === null || (best && best.stem !== null && best.stem.length <= stem.length)) continue;
        best = { rule, stem, prerequisites: rule.prerequisites.map((p) => ({ name: p.name.replace('%', stem), word: p.word })) };
      }
    }
    return best ? [...explicit, best] : explicit;
  }

  /** See NameExpander.names. */
  names(text: string): string[] | null {
    return this.expander.names(text);
  }
}

/** Make's expansion of names (targets, prerequisites, `.DEFAULT_GOAL`), over a table of variables. */
class NameExpander {
  constructor(private readonly values: ReadonlyMap<string, MakeVariable>) {}

  /**
   * The words of `text` after make's expansion (variables, `addprefix`, `addsuffix`, `subst`,
   * `patsubst`, `strip`); null when a part can only be known when make runs (`$(shell …)`,
   * `$(wildcard …)`, `!=`).
   */
  names(text: string): string[] | null {
    const out = this.expand(text, 0);
    return out === null ? null : out.split(/\s+/).filter(Boolean);
  }

  expand(text: string, depth: number): string | null {
    if (depth > 20) return null;
    let out = '';
    for (let i = 0; i < text.length; i++) {
      const c = text[i];
      if (c !== '$') {
        out += c;
        continue;
      }
      const next = text[i + 1];
      if (next === '$') {
        out += '$';
        i++;
        continue;
      }
      let inner: string;
      if (next === '(' || next === '{') {
        const close = matchingClose(text, i + 1);
        inner = text.slice(i + 2, close);
        i = close;
      } else if (next !== undefined) {
        inner = next;
        i++;
      } else {
        return null;
      }
      const value = this.reference(inner, depth);
      if (value === null) return null;
      out += value;
    }
    return out;
  }

  private reference(inner: string, depth: number): string | null {
    const fn = /^([a-z-]+)\s+([\s\S]*)$/.exec(inner);
    if (fn) return this.call(fn[1], splitArgs(fn[2]), depth);
    if (inner === 'CURDIR') return '${' + CURDIR_VAR + '}';
    const v = this.values.get(inner);
    if (!v) return '';
    if (v.op === '!=') return null;
    return this.expand(v.value, depth + 1);
  }

  private call(name: string, rawArgs: string[], depth: number): string | null {
    const args: string[] = [];
    for (const a of rawArgs) {
      const v = this.expand(a, depth + 1);
      if (v === null) return null;
      args.push(v);
    }
    const words = (s: string | undefined) => (s ?? '').split(/\s+/).filter(Boolean);
    switch (name) {
      case 'addprefix':
        return words(args[1]).map((w) => args[0] + w).join(' ');
      case 'addsuffix':
        return words(args[1]).map((w) => w + args[0]).join(' ');
      case 'subst':
        return (args[2] ?? '').split(args[0] ?? '').join(args[1] ?? '');
      case 'patsubst':
        return words(args[2]).map((w) => patsubst(args[0] ?? '', args[1] ?? '', w)).join(' ');
      case 'strip':
        return words(args[0]).join(' ');
      default:
        return null;
    }
  }
}

/** The stem `%` matches when `target` fits `pattern`; null otherwise. */
export function matchPattern(pattern: string, target: string): string | null {
  const at = pattern.indexOf('%');
  if (at < 0) return null;
  const before = pattern.slice(0, at);
  const after = pattern.slice(at + 1);
  if (target.length < before.length + after.length + 1 || !target.startsWith(before) || !target.endsWith(after)) return null;
  return target.slice(before.length, target.length - after.length);
}

function patsubst(pattern: string, replacement: string, word: string): string {
  if (!pattern.includes('%')) return word === pattern ? replacement : word;
  const stem = matchPattern(pattern, word);
  if (stem === null) return word;
  return replacement.includes('%') ? replacement.replace('%', stem) : replacement;
}

/** A function's arguments: split at top-level commas. */
function splitArgs(s: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let cur = '';
  for (const c of s) {
    if (c === '(' || c === '{') depth++;
    if (c === ')' || c === '}') depth--;
    if (c === ',' && depth === 0) {
      out.push(cur);
      cur = '';
    } else cur += c;
  }
  out.push(cur);
  return out;
}

/**
 * Variables as make holds them once the file is read, for names: `?=` takes its default (the
 * environment is taken to leave it unset, as the recipes' `${NAME:-default}` do), `:=` is
 * expanded where it is defined, `+=` appends.
 */
function makeValues(defs: readonly MakeVariable[]): Map<string, MakeVariable> {
  const table = new Map<string, MakeVariable>();
  const expander = new NameExpander(table);
  for (const d of defs) {
    const before = table.get(d.name);
    if (d.op === '?=' && before) continue;
    if (d.op === '+=' && before) {
      table.set(d.name, { ...before, value: `${before.value} ${d.value}` });
      continue;
    }
    if (d.op === ':=' || d.op === '::=') {
      const now = expander.expand(d.value, 0);
      table.set(d.name, now === null ? { ...d, op: '!=' } : { ...d, op: '=', value: now.replace(/\$/g, '$$$$') });
      continue;
    }
    table.set(d.name, d);
  }
  return table;
}
