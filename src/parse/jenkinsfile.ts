/**
 * Jenkinsfile (Groovy) → the shell steps it runs (`sh '…'`, `sh """…"""`, `sh(script: …)`,
 * `sh label: …, script: …`) and Docker Pipeline calls (`docker.build(…)`, `docker.image(…)`),
 * with their lines. Only enough of Groovy to find them: comments and the four string forms.
 * The migration does not rewrite Jenkinsfiles; this lets it say precisely where and why.
 */
import { LineIndex } from '../core/line-index';

export interface JenkinsShellStep {
  /** Line of the `sh` word. */
  line: number;
  /** The script string as written between its quotes (Groovy escapes and `${…}` left as they are). */
  script: string;
  /** The quotes around it: `'` and `'''` take the text as it is, `"` and `"""` interpolate `${…}`. */
  quote: string;
  /** File line of the script's first line. */
  scriptLine: number;
  /** The first docker command in the script and its file line; null when the script runs none. */
  docker: { line: number; command: string } | null;
}

export interface JenkinsfileModel {
  /** In file order (the order declarative stages run in). */
  shellSteps: JenkinsShellStep[];
  /** `NAME = 'value'` lines of `environment { }` blocks, in file order; null values are not string literals (credentials()…). */
  environment: { name: string; value: string | null; quote: string; line: number }[];
  /** `docker.build(…)`, `docker.image(…)`, `docker.withRegistry(…)`… and their lines. */
  dockerCalls: { line: number; call: string }[];
}

type Token =
  | { kind: 'ident'; text: string; start: number }
  | { kind: 'string'; text: string; start: number; contentStart: number; quote: string }
  | { kind: 'punct'; text: string; start: number }
  | { kind: 'newline'; start: number };

/** A docker command that builds, runs or copies (not `docker login`, `docker push`). */
const DOCKER_COMMAND = /(^|[\s;&|(`]|\$\()(sudo\s+(-\S+\s+)*)?docker(\s+--?[a-z][\w-]*(=\S+|\s+\S+)?)*?\s+(build|create|cp|run|container|image|buildx|compose|export|save)\b[^\n]*/;

export function parseJenkinsfile(text: string): JenkinsfileModel {
  const lines = new LineIndex(text);
  const tokens = tokenize(text);
  const shellSteps: JenkinsShellStep[] = [];
  const dockerCalls: { line: number; call: string }[] = [];
  const environment: JenkinsfileModel['environment'] = [];
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    if (t.kind !== 'ident') continue;
    if (t.text === 'environment' && isPunct(tokens[i + 1], '{')) {
      environment.push(...environmentBlock(tokens, i + 2, lines));
      continue;
    }
    if (t.text === 'docker' && isPunct(tokens[i + 1], '.') && tokens[i + 2]?.kind === 'ident') {
      const name = (tokens[i + 2] as { text: string }).text;
      dockerCalls.push({ line: lines.lineOf(t.start), call: `docker.${name}(…)` });
      continue;
    }
    if (t.text !== 'sh' || isPunct(tokens[i - 1], '.')) continue;
    const str = scriptArgument(tokens, i + 1);
    if (!str) continue;
    shellSteps.push({ line: lines.lineOf(t.start), script: str.text, quote: str.quote, scriptLine: lines.lineOf(str.contentStart), docker: firstDocker(str.text, str.contentStart, lines) });
  }
  return { shellSteps, environment, dockerCalls };
}

/** `NAME = 'value'` entries up to the closing brace. */
function environmentBlock(tokens: Token[], from: number, lines: LineIndex): JenkinsfileModel['environment'] {
  const out: JenkinsfileModel['environment'] = [];
  for (let i = from; i < tokens.length && !isPunct(tokens[i], '}'); i++) {
    const t = tokens[i];
    if (t.kind !== 'ident' || !isPunct(tokens[i + 1], '=')) continue;
    const v = tokens[i + 2];
    const literal = v?.kind === 'string' && !(isPunct(tokens[i + 3], '+') || isPunct(tokens[i + 3], '.'));
    out.push({ name: t.text, value: literal ? v.text : null, quote: v?.kind === 'string' ? v.quote : '', line: lines.lineOf(t.start) });
  }
  return out;
}

function isPunct(t: Token | undefined, text: string): boolean {
  return t?.kind === 'punct' && t.text === text;
}

/** The string an `sh` call runs: its first string argument, or the one after `script:`. */
function scriptArgument(tokens: Token[], from: number): Extract<Token, { kind: 'string' }> | null {
  let i = from;
  const paren = tokens[i]?.kind === 'punct' && (tokens[i] as { text: string }).text === '(';
  if (paren) i++;
  let first: Extract<Token, { kind: 'string' }> | null = null;
  let depth = 0;
  for (; i < tokens.length; i++) {
    const t = tokens[i];
    if (t.kind === 'newline') {
      const prev = tokens[i - 1];
      if (!paren && !(prev?.kind === 'punct' && prev.text === ',')) break;
      continue;
    }
    if (t.kind === 'punct' && (t.text === '(' || t.text === '[')) depth++;
    if (t.kind === 'punct' && (t.text === ')' || t.text === ']')) {
      if (depth === 0) break;
      depth--;
    }
    if (t.kind === 'punct' && (t.text === '{' || t.text === '}') && depth === 0) break;
    if (t.kind === 'ident' && t.text === 'script' && tokens[i + 1]?.kind === 'punct' && (tokens[i + 1] as { text: string }).text === ':') {
      const s = tokens[i + 2];
      if (s?.kind === 'string') return s;
    }
    if (t.kind === 'string' && !first) first = t;
  }
  return first;
}

function firstDocker(script: string, contentStart: number, lines: LineIndex): JenkinsShellStep['docker'] {
  const m = DOCKER_COMMAND.exec(script);
  if (!m) return null;
  const at = m.index + m[1].length;
  return { line: lines.lineOf(contentStart + at), command: m[0].slice(m[1].length).trim() };
}

function tokenize(text: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (c === '\n') {
      out.push({ kind: 'newline', start: i });
      i++;
    } else if (c === '/' && text[i + 1] === '/') {
      while (i < text.length && text[i] !== '\n') i++;
    } else if (c === '/' && text[i + 1] === '*') {
      const end = text.indexOf('*/', i + 2);
      i = end < 0 ? text.length : end + 2;
    } else if (c === "'" || c === '"') {
      const triple = text.startsWith(c.repeat(3), i);
      const quote = triple ? c.repeat(3) : c;
      const contentStart = i + quote.length;
      let j = contentStart;
      while (j < text.length && !text.startsWith(quote, j)) {
        if (text[j] === '\\') j++;
        else if (!triple && text[j] === '\n') break;
        j++;
      }
      out.push({ kind: 'string', text: text.slice(contentStart, Math.min(j, text.length)), start: i, contentStart, quote });
      i = Math.min(j + quote.length, text.length);
    } else if (/[A-Za-z_$]/.test(c)) {
      let j = i + 1;
      while (j < text.length && /[\w$]/.test(text[j])) j++;
      out.push({ kind: 'ident', text: text.slice(i, j), start: i });
      i = j;
    } else if (/\s/.test(c)) {
      i++;
    } else {
      out.push({ kind: 'punct', text: c, start: i });
      i++;
    }
  }
  return out;
}
