/**
 * A repository's patch re-rooted under its path from the roots' parent (`a/Dockerfile` →
 * `a/clones/api/Dockerfile`), without computing the diff again. Only file headers change —
 * the lines from `diff --git` to the first `@@` — never hunk lines, whatever they hold.
 */
export function prefixPatch(patch: string, prefix: string): string {
  const p = prefix.replace(/\/+$/, '');
  if (!p || !patch) return patch;
  const lines = patch.split('\n');
  let header = false;
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i];
    if (l.startsWith('diff --git a/')) {
      header = true;
      const path = l.slice('diff --git a/'.length, (l.length - 'diff --git a/'.length - ' b/'.length) / 2 + 'diff --git a/'.length);
      lines[i] = `diff --git a/${p}/${path} b/${p}/${path}`;
    } else if (header && l.startsWith('@@')) {
      header = false;
    } else if (header && l.startsWith('--- a/')) {
      lines[i] = `--- a/${p}/${l.slice(6)}`;
    } else if (header && l.startsWith('+++ b/')) {
      lines[i] = `+++ b/${p}/${l.slice(6)}`;
    }
  }
  return lines.join('\n');
}
