/**
 * File changes → a unified diff in git's format (`a/` and `b/` prefixes, new and deleted file
 * modes), which `git apply`, `patch -p1` and reviewdog accept.
 */
import { structuredPatch } from 'diff';
import type { FileChange } from '../core/file-change';

/**
 * The patch for `changes`. `prefix` is prepended to every path (for batch patches applied
 * from the parent of several repositories).
 */
export function gitPatch(changes: readonly FileChange[], prefix = ''): string {
  return [...changes]
    .sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0))
    .map((c) => filePatch(c, prefix))
    .join('');
}

function filePatch(c: FileChange, prefix: string): string {
  const path = prefix ? `${prefix.replace(/\/+$/, '')}/${c.path}` : c.path;
  const mode = c.mode.toString(8);
  const a = quotePath(`a/${path}`);
  const b = quotePath(`b/${path}`);
  const header = [`diff --git ${a} ${b}`];
  if (c.before === null) header.push(`new file mode ${mode}`);
  if (c.after === null) header.push(`deleted file mode ${mode}`);
  const before = c.before ?? '';
  const after = c.after ?? '';
  if (before === after) return '';
  const p = structuredPatch(path, path, before, after, '', '', { context: 3 });
  header.push(c.before === null ? '--- /dev/null' : `--- ${a}`);
  header.push(c.after === null ? '+++ /dev/null' : `+++ ${b}`);
  const hunks = p.hunks.map((h) => {
    const oldRange = c.before === null ? '0,0' : range(h.oldStart, h.oldLines);
    const newRange = c.after === null ? '0,0' : range(h.newStart, h.newLines);
    return [`@@ -${oldRange} +${newRange} @@`, ...h.lines].join('\n');
  });
  return `${header.join('\n')}\n${hunks.join('\n')}\n`;
}

const C_ESCAPES: Record<string, string> = { '\x07': '\\a', '\b': '\\b', '\t': '\\t', '\n': '\\n', '\v': '\\v', '\f': '\\f', '\r': '\\r', '"': '\\"', '\\': '\\\\' };

/**
 * A path as git writes it in a patch header (core.quotePath, git's default): left alone
 * unless it holds a control character, `"`, `\` or a non-ASCII byte; then in double quotes
 * with C escapes, and every byte of a non-ASCII character as a three-digit octal escape.
 */
export function quotePath(path: string): string {
  if (!/[\x00-\x1f"\\\x7f-\uffff]/.test(path)) return path;
  let out = '';
  for (const ch of path) {
    if (C_ESCAPES[ch]) out += C_ESCAPES[ch];
    else if (ch < ' ' || ch === '\x7f' || ch > '\x7f') out += [...Buffer.from(ch, 'utf8')].map((byte) => `\\${byte.toString(8).padStart(3, '0')}`).join('');
    else out += ch;
  }
  return `"${out}"`;
}

function range(start: number, lines: number): string {
  return lines === 1 ? `${start}` : `${lines === 0 ? start : start},${lines}`;
}

/** Files changed by a patch, for summaries: `M path`, `A path`, `D path`. */
export function changeSummary(changes: readonly FileChange[]): string[] {
  return [...changes].sort((a, b) => (a.path < b.path ? -1 : 1)).map((c) => `${c.before === null ? 'A' : c.after === null ? 'D' : 'M'} ${c.path}`);
}

/**
 * A patch of gitPatch re-rooted under `prefix` (`a/Dockerfile` → `a/clones/api/Dockerfile`)
 * without computing the diff again: only file headers change (the lines from `diff --git` to
 * the first `@@`), quoted again where the new path needs it. Gives what gitPatch(changes, prefix) gives.
 */
export function prefixPatch(patch: string, prefix: string): string {
  const p = prefix.replace(/\/+$/, '');
  if (!p || !patch) return patch;
  const lines = patch.split('\n');
  let header = false;
  const moved = (side: 'a' | 'b', path: string) => quotePath(`${side}/${p}/${path}`);
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i];
    if (l.startsWith('diff --git ')) {
      header = true;
      const path = headerPath(l.slice('diff --git '.length));
      if (path !== null) lines[i] = `diff --git ${moved('a', path)} ${moved('b', path)}`;
    } else if (header && l.startsWith('@@')) {
      header = false;
    } else if (header && (l.startsWith('--- ') || l.startsWith('+++ ')) && !l.endsWith(' /dev/null')) {
      const name = l.slice(4);
      const path = name.startsWith('"') ? unquotePath(name)?.path.slice(2) : name.slice(2);
      if (path !== undefined) lines[i] = `${l.slice(0, 4)}${moved(l.startsWith('---') ? 'a' : 'b', path)}`;
    }
  }
  return lines.join('\n');
}

/** The path of a `diff --git` line's names (`a/X b/X`, either quoted), without `a/`. */
function headerPath(names: string): string | null {
  if (names.startsWith('"')) return unquotePath(names)?.path.slice(2) ?? null;
  // Unquoted, both names are the same path: `a/X b/X`.
  return names.slice(2, 2 + (names.length - 5) / 2);
}

/** Reads a git-quoted path at the start of `text`: its value and what follows, or null when it is not one. */
export function unquotePath(text: string): { path: string; rest: string } | null {
  if (!text.startsWith('"')) return null;
  const bytes: number[] = [];
  const simple: Record<string, number> = { a: 7, b: 8, t: 9, n: 10, v: 11, f: 12, r: 13, '"': 34, '\\': 92 };
  for (let i = 1; i < text.length; i++) {
    const c = text[i];
    if (c === '"') return { path: Buffer.from(bytes).toString('utf8'), rest: text.slice(i + 1) };
    if (c !== '\\') {
      bytes.push(...Buffer.from(c, 'utf8'));
      continue;
    }
    const next = text[++i];
    if (/[0-7]/.test(next ?? '')) {
      bytes.push(parseInt(text.slice(i, i + 3), 8));
      i += 2;
    } else if (next !== undefined && next in simple) bytes.push(simple[next]);
    else return null;
  }
  return null;
}
