/**
 * Quoting words for the two languages the tool writes: POSIX shell (glue, RUN commands) and
 * Dockerfile instruction arguments. One place, so a path with a space or a quote is written
 * the same way everywhere.
 */

/** Characters a shell word may hold without quotes. */
const SHELL_SAFE = /^[A-Za-z0-9_./:@%+=,-]+$/;
/** The same, plus the wildcard characters a pattern leaves to the shell. */
const SHELL_SAFE_PATTERN = /^[A-Za-z0-9_./:@%+=,*?[\]-]+$/;

/** `text` as one single-quoted shell word, always quoted. */
export function shellQuoted(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}

/** `text` as one shell word: bare when that is safe, single-quoted otherwise (the empty word too). */
export function shellWord(text: string): string {
  return SHELL_SAFE.test(text) ? text : shellQuoted(text);
}

/** As shellWord, but `*`, `?` and `[…]` stay unquoted so the shell expands them. */
export function shellPattern(text: string): string {
  return SHELL_SAFE_PATTERN.test(text) ? text : shellQuoted(text);
}

/**
 * A literal path as one Dockerfile COPY/ADD word. Docker processes every word of these
 * instructions, in JSON form too, like a shell word without splitting: quotes are removed and
 * `$` expands. So `\`, `'`, `"` and `$` get the file's escape character in front.
 */
export function dockerLiteral(text: string, escapeChar = '\\'): string {
  const special = new Set(['\\', "'", '"', '$', escapeChar]);
  let out = '';
  for (const c of text) out += special.has(c) ? `${escapeChar}${c}` : c;
  return out;
}

/**
 * Dockerfile words (already in Dockerfile syntax) as the arguments of an instruction: the JSON
 * form when asked for, or when a word holds white space (the plain form splits there first,
 * so `COPY /out/my app /srv/` would read two sources); otherwise the words joined by spaces.
 */
export function dockerArguments(words: readonly string[], json: boolean): string {
  return json || words.some(needsJsonForm) ? jsonArray(words) : words.join(' ');
}

/** True when a Dockerfile word can only be written in the JSON form (white space, or empty). */
export function needsJsonForm(word: string): boolean {
  return word === '' || /\s/.test(word);
}

/** `["a", "b"]`: a JSON array in the spacing Dockerfiles use. */
export function jsonArray(words: readonly string[]): string {
  return `[${words.map((w) => JSON.stringify(w)).join(', ')}]`;
}
