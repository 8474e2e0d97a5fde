/**
 * POSIX path arithmetic for repository-relative paths ("a/b", "" = the root) and container
 * paths ("/a/b"). Pure string work: the tool reasons about paths it must never touch.
 */

/**
 * Canonical repository-relative form of `p` seen from `base` (itself canonical): no `.`,
 * no `..`, no leading or trailing slash, "" for the root. A leading `/` is ignored the way
 * COPY ignores it for context paths. Null when the path climbs out of the root.
 */
export function normalizeRelative(p: string, base = ''): string | null {
  const out = base === '' ? [] : base.split('/');
  for (const seg of p.split('/')) {
    if (seg === '' || seg === '.') continue;
    if (seg === '..') {
      if (out.length === 0) return null;
      out.pop();
      continue;
    }
    out.push(seg);
  }
  return out.join('/');
}

/** Canonical absolute container path: "/" + segments, `.`/`..` resolved at the root. */
export function normalizeAbsolute(p: string): string {
  const out: string[] = [];
  for (const seg of p.split('/')) {
    if (seg === '' || seg === '.') continue;
    if (seg === '..') {
      out.pop();
      continue;
    }
    out.push(seg);
  }
  return '/' + out.join('/');
}

export function joinRelative(parent: string, child: string): string {
  if (parent === '') return child;
  if (child === '') return parent;
  return `${parent}/${child}`;
}

/** True when `child` is `parent` or lies below it (both canonical). */
export function isWithin(child: string, parent: string): boolean {
  if (parent === '') return true;
  return child === parent || child.startsWith(parent + '/');
}

/** `child` relative to `parent`; assumes isWithin(child, parent). */
export function relativeWithin(child: string, parent: string): string {
  if (parent === '' || child === parent) return parent === '' ? child : '';
  return child.slice(parent.length + 1);
}

/** Last segment, ignoring trailing slashes ("" for the root). */
export function baseName(p: string): string {
  const trimmed = p.replace(/\/+$/, '');
  const i = trimmed.lastIndexOf('/');
  return i < 0 ? trimmed : trimmed.slice(i + 1);
}

/** Everything before the last segment: "" for a top-level relative path, "/" for "/x". */
export function dirName(p: string): string {
  const trimmed = p.replace(/\/+$/, '');
  const i = trimmed.lastIndexOf('/');
  if (i < 0) return '';
  if (i === 0) return '/';
  return trimmed.slice(0, i);
}

export function endsWithSlash(p: string): boolean {
  return p.length > 1 && p.endsWith('/');
}

/** `A/.` (or `.` alone): docker cp copies the directory's contents, not the directory. */
export function endsWithSlashDot(p: string): boolean {
  return p === '.' || p.endsWith('/.');
}

/** True when a COPY source or .dockerignore segment contains Go filepath.Match syntax. */
export function hasGlob(p: string): boolean {
  return /[*?[\\]/.test(p);
}

/**
 * Go filepath.Match for one path segment (the rule COPY sources follow, GL-1): `*` and `?`
 * never cross `/`, classes `[a-z]`, negation `[!…]` or `[^…]`, `\` escapes.
 */
export function matchSegment(pattern: string, name: string): boolean {
  return matchFrom(pattern, 0, name, 0);
}

function matchFrom(pat: string, pi: number, name: string, ni: number): boolean {
  while (pi < pat.length) {
    const c = pat[pi];
    if (c === '*') {
      while (pat[pi] === '*') pi++;
      // `*` never crosses a `/`.
      for (let k = ni; k <= name.length; k++) {
        if (matchFrom(pat, pi, name, k)) return true;
        if (name[k] === '/') break;
      }
      return false;
    }
    if (ni >= name.length) return false;
    if (c === '?' && name[ni] === '/') return false;
    if (c === '?') {
      pi++;
      ni++;
      continue;
    }
    if (c === '[') {
      const end = classEnd(pat, pi);
      if (end < 0) return false;
      if (!classMatches(pat.slice(pi + 1, end), name[ni])) return false;
      pi = end + 1;
      ni++;
      continue;
    }
    const literal = c === '\\' && pi + 1 < pat.length ? pat[++pi] : c;
    if (literal !== name[ni]) return false;
    pi++;
    ni++;
  }
  return ni === name.length;
}

function classEnd(pat: string, start: number): number {
  let i = start + 1;
  if (pat[i] === '!' || pat[i] === '^') i++;
  if (pat[i] === ']') i++;
  for (; i < pat.length; i++) {
    if (pat[i] === '\\') i++;
    else if (pat[i] === ']') return i;
  }
  return -1;
}

function classMatches(body: string, ch: string): boolean {
  let negate = false;
  let i = 0;
  if (body[0] === '!' || body[0] === '^') {
    negate = true;
    i = 1;
  }
  let hit = false;
  while (i < body.length) {
    let lo = body[i];
    if (lo === '\\') lo = body[++i];
    i++;
    let hi = lo;
    if (body[i] === '-' && i + 1 < body.length) {
      hi = body[i + 1] === '\\' ? body[i + 2] : body[i + 1];
      i += body[i + 1] === '\\' ? 3 : 2;
    }
    if (ch >= lo && ch <= hi) hit = true;
  }
  return hit !== negate;
}

/** Segment-by-segment glob match of a canonical relative path. */
export function matchPath(pattern: string, path: string): boolean {
  const ps = pattern.split('/');
  const ns = path.split('/');
  if (ps.length !== ns.length) return false;
  return ps.every((seg, i) => matchSegment(seg, ns[i]));
}

/** The leading segments of a glob pattern that hold no glob syntax ("" when the first does). */
export function literalPrefix(pattern: string): string {
  const out: string[] = [];
  for (const seg of pattern.split('/')) {
    if (hasGlob(seg)) break;
    out.push(seg);
  }
  return out.join('/');
}

/** Path of repository path `to` as seen from directory `from` (both repository-relative); "." for the same. */
export function relativePath(from: string, to: string): string {
  const f = from ? from.split('/') : [];
  const t = to ? to.split('/') : [];
  let i = 0;
  while (i < f.length && i < t.length && f[i] === t[i]) i++;
  return [...f.slice(i).map(() => '..'), ...t.slice(i)].join('/') || '.';
}
