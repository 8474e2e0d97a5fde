/**
 * File changes → a unified diff in git's format (`a/` and `b/` prefixes, new and deleted file
 * modes), which `git apply`, `patch -p1` and reviewdog accept.
 */
import { structuredPatch } from 'diff';
import type { FileChange } from '../plan/types';

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
  const header = [`diff --git a/${path} b/${path}`];
  if (c.before === null) header.push(`new file mode ${mode}`);
  if (c.after === null) header.push(`deleted file mode ${mode}`);
  const before = c.before ?? '';
  const after = c.after ?? '';
  if (before === after) return '';
  const p = structuredPatch(path, path, before, after, '', '', { context: 3 });
  header.push(c.before === null ? '--- /dev/null' : `--- a/${path}`);
  header.push(c.after === null ? '+++ /dev/null' : `+++ b/${path}`);
  const hunks = p.hunks.map((h) => {
    const oldRange = c.before === null ? '0,0' : range(h.oldStart, h.oldLines);
    const newRange = c.after === null ? '0,0' : range(h.newStart, h.newLines);
    return [`@@ -${oldRange} +${newRange} @@`, ...h.lines].join('\n');
  });
  return `${header.join('\n')}\n${hunks.join('\n')}\n`;
}

function range(start: number, lines: number): string {
  return lines === 1 ? `${start}` : `${lines === 0 ? start : start},${lines}`;
}

/** Files changed by a patch, for summaries: `M path`, `A path`, `D path`. */
export function changeSummary(changes: readonly FileChange[]): string[] {
  return [...changes].sort((a, b) => (a.path < b.path ? -1 : 1)).map((c) => `${c.before === null ? 'A' : c.after === null ? 'D' : 'M'} ${c.path}`);
}
