/**
 * Container-engine commands wherever they are written — glue the interpreter may not follow, a
 * README, a Dockerfile comment — read line by line: words, pipes, redirections, the engine by
 * any name (`docker`, `sudo -E docker`, `$(DOCKER)` with `DOCKER ?= docker`, `podman`, a
 * wrapper function) and commands split over lines. It finds glue and sees a builder pattern;
 * it never plans a migration (the interpreter does).
 */
import { parseDockerArgs } from '../interpret/docker-cli';
import { matchingClose } from '../interpret/make-expand';
import { Value, asLiteral, literal } from '../interpret/value';

export type TextKind = 'shell' | 'make' | 'ci' | 'doc' | 'dockerfile';

/** The tools that build or run images, by the names they are run with. */
const TOOLS: Record<string, string> = { docker: 'docker', 'docker.exe': 'docker', podman: 'podman', nerdctl: 'nerdctl', buildah: 'buildah', buildctl: 'buildctl' };

/** A variable that holds the engine when the file does not say (`$DOCKER build`, `$(CONTAINER_ENGINE) build`). */
const ENGINE_VARIABLE = /^(SUDO_)?(DOCKER|PODMAN|NERDCTL)(_?(CMD|BIN|CLI|EXE|COMMAND|BINARY))?$|^CONTAINER_(ENGINE|RUNTIME|CLI|TOOL|CMD|BIN)$|^(OCI|ENGINE)_?(BIN|CMD)?$/i;

/** Words in front of a command that do not change which command it is. */
const PREFIX_WORDS = new Set(['if', 'then', 'else', 'elif', 'do', 'while', 'until', '!', '{', '}', 'time', 'exec', 'command', 'nohup', 'nice', 'travis_wait', 'travis_retry', 'shell']);

/** Engine-wide flags before the subcommand that take a value. */
const GLOBAL_VALUE_FLAGS = new Set(['-H', '--host', '-c', '--context', '--config', '-l', '--log-level', '--url', '--connection', '--root', '--runroot', '--namespace', '-n', '--addr']);

export interface EngineCommand {
  line: number;
  endLine: number;
  /** The command name as written (`docker`, `$(DOCKER)`, `podman`, `d`). */
  engine: string;
  /** What it runs: docker, podman, nerdctl, buildah or buildctl. */
  tool: string;
  /** Canonical subcommand: build, run, create, cp, rm, … */
  subcommand: string;
  /** For builds: tags, the Dockerfile named with -f (null: the default), the context (`-` for stdin). */
  tags: string[];
  dockerfile: string | null;
  context: string | null;
  /** For run/create: the image, and whether it runs detached or mounts a host directory. */
  image: string | null;
  detached: boolean;
  bindMount: boolean;
  /** For run/create: `--name`. */
  name: string | null;
  /** For cp: the `CONTAINER:PATH` it copies out of (null when it copies into a container). */
  copiesOut: string | null;
  stdout: 'file' | 'pipe' | 'capture' | null;
  /** The command that pipes into this one, and the one this one pipes into. */
  producer: EngineCommand | null;
  consumer: EngineCommand | null;
  /** The command as written, on one line. */
  text: string;
}

interface LogicalLine {
  text: string;
  line: number;
  endLine: number;
}

/** Recent answers: the same file is read to find glue, then for a pipeline, then after the rewrite. */
const recent = new Map<string, EngineCommand[]>();
const RECENT_MAX = 64;

/** Every engine command in `text`, in order (shared results: do not change them). */
export function engineCommands(text: string, kind: TextKind): EngineCommand[] {
  const k = `${kind}\u0000${text}`;
  let hit = recent.get(k);
  if (!hit) {
    hit = readCommands(text, kind);
    if (recent.size >= RECENT_MAX) recent.delete(recent.keys().next().value as string);
    recent.set(k, hit);
  }
  return hit;
}

function readCommands(text: string, kind: TextKind): EngineCommand[] {
  const lines = logicalLines(text, kind);
  const bindings = kind === 'doc' || kind === 'dockerfile' ? new Map<string, string>() : variableBindings(lines, kind);
  const wrappers = kind === 'shell' || kind === 'ci' ? wrapperFunctions(lines, bindings) : new Map<string, string>();
  const out: EngineCommand[] = [];
  for (const l of lines) out.push(...commandsOfLine(l, bindings, wrappers));
  return out;
}

/** True when the text runs an image build, by whatever name the engine has: what makes a file glue. */
export function runsImageBuild(text: string, kind: TextKind): boolean {
  // Cheap first: no engine-like word at all, no build.
  if (!/build|\bbud\b/.test(text) || !/docker|podman|nerdctl|buildah|buildctl|\$|\w\s*\(\)/i.test(text)) return false;
  // buildctl alone is BuildKit's client, never the docker glue this tool rewrites.
  return engineCommands(text, kind).some((c) => c.subcommand === 'build' && c.tool !== 'buildctl');
}

// ---------------------------------------------------------------------------------------------
// Lines

function logicalLines(text: string, kind: TextKind): LogicalLine[] {
  const raw = text.split(/\r?\n/);
  const out: LogicalLine[] = [];
  let fence = false;
  let heredoc: string | null = null;
  for (let i = 0; i < raw.length; i++) {
    const start = i;
    let line = unprefixed(raw[i], kind);
    if (line === null) continue;
    if (kind === 'doc' || kind === 'dockerfile') {
      if (/^\s*(```|~~~)/.test(line)) {
        fence = !fence;
        continue;
      }
    }
    if (heredoc !== null) {
      if (line.trim() === heredoc) heredoc = null;
      continue;
    }
    // Backslash continuations (in comments too: the next comment line goes on).
    while (/(^|[^\\])(\\\\)*\\\s*$/.test(line) && i + 1 < raw.length) {
      const next = continued(raw[i + 1], kind);
      if (next === null) break;
      line = line.replace(/\\\s*$/, ' ') + next.trimStart();
      i++;
    }
    const doc = kind === 'doc' || kind === 'dockerfile';
    for (const piece of doc && !fence ? inlineCode(line, kind === 'dockerfile') : [line]) out.push({ text: piece.replace(/^\s*[$>]\s+/, ''), line: start + 1, endLine: i + 1 });
    const here = /<<-?\s*['"]?([A-Za-z_][A-Za-z0-9_]*)['"]?/.exec(line);
    if (here && (kind === 'shell' || kind === 'ci' || kind === 'make')) heredoc = here[1];
  }
  return out;
}

/** The part of a raw line that holds commands; null when the line holds none. */
function unprefixed(raw: string, kind: TextKind): string | null {
  switch (kind) {
    case 'make':
      // Recipe lines; other lines are kept for their assignments.
      if (raw.startsWith('\t')) return raw.slice(1).replace(/^[@+\-\s]+/, '').replace(/\$\$/g, '$');
      return /^\s*#/.test(raw) ? null : raw;
    case 'dockerfile': {
      const m = /^\s*#\s?(.*)$/.exec(raw);
      return m ? m[1] : null;
    }
    case 'ci':
      return raw.replace(/^\s*(-\s+)?([A-Za-z_][\w-]*:\s*[|>]?-?\s*)?/, '');
    case 'doc':
      return raw.replace(/^\s*([*+-]|\d+\.)\s+/, '');
    default:
      return raw;
  }
}

/** A line that continues the one before: make strips one tab (not the `@`/`-` a recipe starts with). */
function continued(raw: string, kind: TextKind): string | null {
  if (kind === 'make') return raw.replace(/^\t/, '').replace(/\$\$/g, '$');
  return unprefixed(raw, kind);
}

/**
 * Outside code blocks, a prose line holds commands only in its `code spans` (or as an indented
 * or prompted line); a comment line that starts with the command is one too.
 */
function inlineCode(line: string, comment: boolean): string[] {
  const spans = [...line.matchAll(/`([^`]+)`/g)].map((m) => m[1]);
  if (spans.length > 0) return spans;
  return comment || /^(\s{4,}|\t|\s*[$>]\s)/.test(line) ? [line] : [];
}

// ---------------------------------------------------------------------------------------------
// Words and commands

type Token = { word: string } | { op: string };

/** Splits a line into words and operators (quotes, `$( )` and backquotes kept inside words). */
function tokenize(line: string, nested: string[]): Token[] {
  const out: Token[] = [];
  let word = '';
  let inWord = false;
  const flush = (): void => {
    if (inWord) out.push({ word });
    word = '';
    inWord = false;
  };
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (ch === "'" || ch === '"') {
      const close = line.indexOf(ch, i + 1);
      const end = close < 0 ? line.length : close;
      const inner = line.slice(i + 1, end);
      if (ch === '"') collectSubstitutions(inner, nested);
      word += inner;
      inWord = true;
      i = end;
      continue;
    }
    if (ch === '\\' && i + 1 < line.length) {
      word += line[++i];
      inWord = true;
      continue;
    }
    if (ch === '$' && (line[i + 1] === '(' || line[i + 1] === '{')) {
      const end = matchingClose(line, i + 1);
      const inner = line.slice(i, end + 1);
      if (line[i + 1] === '(' && line[i + 2] !== '(') nested.push(inner.slice(2, -1));
      word += inner;
      inWord = true;
      i = end;
      continue;
    }
    if (ch === '`') {
      const close = line.indexOf('`', i + 1);
      const end = close < 0 ? line.length : close;
      nested.push(line.slice(i + 1, end));
      word += line.slice(i, end + 1);
      inWord = true;
      i = end;
      continue;
    }
    if (ch === '#' && !inWord) break;
    if (/\s/.test(ch)) {
      flush();
      continue;
    }
    const op = /^(&&|\|\||>>|&>|[0-9]?>&?[0-9-]?|[;|&<>()])/.exec(line.slice(i))?.[0];
    if (op && !(inWord && /^[0-9]/.test(op))) {
      flush();
      out.push({ op });
      i += op.length - 1;
      continue;
    }
    word += ch;
    inWord = true;
  }
  flush();
  return out;
}

function collectSubstitutions(text: string, nested: string[]): void {
  for (let i = text.indexOf('$('); i >= 0; i = text.indexOf('$(', i + 2)) {
    const end = matchingClose(text, i + 1);
    nested.push(text.slice(i + 2, end));
  }
}

interface Simple {
  words: string[];
  stdout: EngineCommand['stdout'];
  pipedFrom: Simple | null;
  engine: EngineCommand | null;
}

function simpleCommands(tokens: Token[]): Simple[] {
  const out: Simple[] = [];
  let current: Simple = { words: [], stdout: null, pipedFrom: null, engine: null };
  const finish = (): void => {
    if (current.words.length > 0) out.push(current);
  };
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    if ('word' in t) {
      current.words.push(t.word);
      continue;
    }
    if (t.op === '|') {
      finish();
      const from = current;
      from.stdout ??= 'pipe';
      current = { words: [], stdout: null, pipedFrom: from.words.length > 0 ? from : null, engine: null };
      continue;
    }
    if (/^[0-9]?>&?[0-9-]?$|^>>$|^&>$/.test(t.op)) {
      const fd = /^[0-9]/.test(t.op) ? t.op[0] : '1';
      const dup = t.op.includes('&') && t.op !== '&>';
      const target = dup && /[0-9-]$/.test(t.op) ? null : tokens[i + 1];
      if (target && 'word' in target) i++;
      const to = target && 'word' in target ? target.word : '';
      if (fd === '1' && !dup && to !== '/dev/null') current.stdout = 'file';
      continue;
    }
    if (t.op === '<') {
      if (tokens[i + 1] && 'word' in tokens[i + 1]) i++;
      continue;
    }
    finish();
    current = { words: [], stdout: null, pipedFrom: null, engine: null };
  }
  finish();
  return out;
}

function commandsOfLine(l: LogicalLine, bindings: Map<string, string>, wrappers: Map<string, string>, depth = 0): EngineCommand[] {
  const nested: string[] = [];
  const simples = simpleCommands(tokenize(l.text, nested));
  const out: EngineCommand[] = [];
  for (const s of simples) {
    const c = engineCommand(s, l, bindings, wrappers);
    // `sh -c 'docker build … && docker cp …'`: the string is a script of its own.
    const script = c ? null : shellScriptArgument(s.words);
    if (script !== null && depth < 2) out.push(...commandsOfLine({ ...l, text: script }, bindings, wrappers, depth + 1));
    if (!c) continue;
    s.engine = c;
    if (s.pipedFrom?.engine) {
      c.producer = s.pipedFrom.engine;
      s.pipedFrom.engine.consumer = c;
    }
    out.push(c);
  }
  // `$(docker create img)`, `ID=$(docker build -q .)`: engine commands whose output the glue keeps.
  if (depth < 2) {
    for (const n of nested) {
      for (const c of commandsOfLine({ ...l, text: n }, bindings, wrappers, depth + 1)) {
        c.stdout ??= 'capture';
        out.push(c);
      }
    }
  }
  return out;
}

function engineCommand(s: Simple, l: LogicalLine, bindings: Map<string, string>, wrappers: Map<string, string>): EngineCommand | null {
  const words = s.words;
  let i = skipPrefix(words, 0);
  // `$cmd docker build` (cmd="" or "echo"), `$SUDO docker …`: a variable in front of an engine named as such.
  if (i + 1 < words.length && /^\$\{?\w+\}?$|^\$\(\w+\)$/.test(words[i]) && TOOLS[baseOf(words[i + 1])] && !toolOf(words[i], bindings, wrappers)) i++;
  if (i >= words.length) return null;
  const written = words[i];
  const tool = toolOf(written, bindings, wrappers);
  if (!tool) return null;
  // A variable may hold `sudo docker`: nothing more to skip, the tool is known.
  i++;
  while (i < words.length && words[i].startsWith('-')) i += GLOBAL_VALUE_FLAGS.has(words[i]) ? 2 : 1;
  let sub = words[i] ?? '';
  i++;
  if (['image', 'container', 'builder', 'buildx'].includes(sub)) {
    const second = words[i] ?? '';
    i++;
    sub = { rm: 'rm', remove: 'rmi', ls: 'ps' }[second] ?? second;
    if (sub === 'rm' && words[i - 2] === 'image') sub = 'rmi';
  }
  if (tool === 'buildah' && sub === 'bud') sub = 'build';
  if (sub === '' || sub === 'compose') return null;
  const args = words.slice(i).map((w) => substitute(w, bindings));
  const c: EngineCommand = {
    line: l.line,
    endLine: l.endLine,
    engine: written,
    tool,
    subcommand: sub,
    tags: [],
    dockerfile: null,
    context: null,
    image: null,
    detached: false,
    bindMount: false,
    name: null,
    copiesOut: null,
    stdout: s.stdout,
    producer: null,
    consumer: null,
    text: words.join(' '),
  };
  if (tool === 'buildctl') readBuildctl(c, args);
  else readDockerLike(c, args);
  return c;
}

/** The script of `sh -c SCRIPT` (`bash -ec`, `/bin/sh -c`), or null for any other command. */
function shellScriptArgument(words: string[]): string | null {
  let i = skipPrefix(words, 0);
  if (!/^(ba|da|a|z)?sh$/.test(baseOf(words[i] ?? ''))) return null;
  let script = false;
  for (i++; i < words.length && /^[-+][a-zA-Z]+$/.test(words[i]); i++) {
    if (/^[-+]o$/.test(words[i])) i++;
    else if (words[i].startsWith('-') && words[i].includes('c')) script = true;
  }
  return script && i < words.length ? words[i] : null;
}

function skipPrefix(words: string[], from: number): number {
  let i = from;
  while (i < words.length) {
    const w = words[i];
    if (/^[A-Za-z_][A-Za-z0-9_]*=/.test(w) || PREFIX_WORDS.has(w) || /^[0-9]+$/.test(w)) i++;
    else if (w === 'sudo' || w === 'env') {
      i++;
      while (i < words.length && (words[i].startsWith('-') || (w === 'env' && /^[A-Za-z_]\w*=/.test(words[i])))) i += ['-u', '-g', '-C', '-h', '-p', '-U'].includes(words[i]) ? 2 : 1;
    } else break;
  }
  return i;
}

function baseOf(word: string): string {
  return word.slice(word.lastIndexOf('/') + 1);
}

/** The tool a command name runs, or null when it is no engine. */
function toolOf(word: string, bindings: Map<string, string>, wrappers: Map<string, string>, depth = 0): string | null {
  const base = baseOf(word);
  if (TOOLS[base]) return TOOLS[base];
  if (wrappers.has(word)) return wrappers.get(word) ?? null;
  const v = /^\$\(([A-Za-z_][\w.]*)\)$|^\$\{([A-Za-z_]\w*)(?::?[-=]([^}]*))?\}$|^\$([A-Za-z_]\w*)$/.exec(word);
  if (!v || depth > 4) return null;
  const name = v[1] ?? v[2] ?? v[4];
  const bound = bindings.get(name);
  if (bound !== undefined) return valueTool(bound, bindings, wrappers, depth + 1);
  if (v[3] !== undefined) return valueTool(v[3], bindings, wrappers, depth + 1);
  if (ENGINE_VARIABLE.test(name)) return /podman/i.test(name) ? 'podman' : /nerdctl/i.test(name) ? 'nerdctl' : 'docker';
  return null;
}

/** The tool a variable's value runs (`sudo docker`, `$(shell which podman)`), or null. */
function valueTool(value: string, bindings: Map<string, string>, wrappers: Map<string, string>, depth: number): string | null {
  const which = /^\$\((?:shell\s+)?(?:which|command\s+-v|type\s+-p)\s+([\w.-]+)\)$/.exec(value.trim());
  if (which) return TOOLS[which[1]] ?? null;
  const words = value.trim().split(/\s+/).filter(Boolean);
  const i = skipPrefix(words, 0);
  return i < words.length ? toolOf(words[i], bindings, wrappers, depth) : null;
}

/** `$(NAME)`, `${NAME}`, `$NAME` replaced by a literal value the file gives NAME. */
function substitute(word: string, bindings: Map<string, string>): string {
  let w = word;
  for (let round = 0; round < 4 && w.includes('$'); round++) {
    w = w.replace(/\$\(([A-Za-z_][\w.]*)\)|\$\{([A-Za-z_]\w*)(?::?-([^}]*))?\}|\$([A-Za-z_]\w*)/g, (all, a, b, dflt, d) => {
      const value = bindings.get(a ?? b ?? d);
      return value !== undefined && !/[`(]/.test(value) ? value : dflt !== undefined ? dflt : all;
    });
  }
  return w;
}

function readDockerLike(c: EngineCommand, args: string[]): void {
  const sub = c.subcommand === 'build' ? 'build' : c.subcommand;
  const inv = parseDockerArgs([literal(sub), ...args.map((a) => literal(a))]);
  if (!inv) return;
  const values = (name: string) => inv.options.filter((o) => o.name === name && o.value).map((o) => asLiteral(o.value as Value) ?? '');
  const positionals = inv.positionals.map((p) => asLiteral(p.value) ?? '');
  switch (sub) {
    case 'build':
      c.tags = values('tag');
      c.dockerfile = values('file')[0] ?? null;
      c.context = positionals[positionals.length - 1] ?? null;
      break;
    case 'run':
    case 'create':
      c.image = positionals[0] ?? null;
      c.detached = inv.options.some((o) => o.name === 'detach');
      c.name = values('name')[0] ?? null;
      c.bindMount = values('volume').some(isHostMount) || values('mount').some((m) => /(^|,)type=bind(,|$)/.test(m));
      break;
    case 'cp':
      if (positionals.length >= 2 && isContainerPath(positionals[0]) && !isContainerPath(positionals[1])) c.copiesOut = positionals[0];
      break;
    default:
      break;
  }
}

/** `CONTAINER:PATH` (`$CID:/app`, `$(docker create img):/out`), not a host path or a drive letter. */
function isContainerPath(p: string): boolean {
  return /^[^/:]+:/.test(p.replace(/\$\([^)]*\)/g, 'x')) && !/^[A-Za-z]:[\\/]/.test(p);
}

/** `-v HOST:CTR` whose host side is a path (a bare name is a named volume). */
function isHostMount(v: string): boolean {
  const host = v.split(':')[0];
  return v.includes(':') && /^[/.~$]|\//.test(host);
}

/** `buildctl build --local context=DIR --opt filename=FILE --output type=image,name=TAG`. */
function readBuildctl(c: EngineCommand, args: string[]): void {
  for (let i = 0; i < args.length; i++) {
    const next = args[i + 1] ?? '';
    if (args[i] === '--local' && next.startsWith('context=')) c.context = next.slice(8);
    if (args[i] === '--opt' && next.startsWith('filename=')) c.dockerfile = next.slice(9);
    if (args[i] === '--output') c.tags.push(...[...next.matchAll(/(?:^|,)name=([^,]+)/g)].flatMap((m) => m[1].split(',')));
  }
}

// ---------------------------------------------------------------------------------------------
// What the file says about names

/** `DOCKER ?= docker`, `DOCKER="sudo docker"`, `export IMG=app`, `alias d=docker`: literal values of names. */
function variableBindings(lines: LogicalLine[], kind: TextKind): Map<string, string> {
  const out = new Map<string, string>();
  for (const l of lines) {
    const text = l.text.trim();
    const m =
      kind === 'make'
        ? /^(?:(?:export|override)\s+)?([A-Za-z_][\w.]*)\s*(?:\?=|:=|::=|=)\s*(.*)$/.exec(text)
        : /^(?:(?:export|readonly|local|declare)\s+)?(?:alias\s+)?([A-Za-z_]\w*)=(.*)$/.exec(text);
    if (!m) continue;
    let value = m[2].trim().replace(/\s+#.*$/, '');
    if (kind !== 'make') value = value.replace(/^(['"])(.*)\1$/, '$2');
    // `DOCKER=${DOCKER:-docker}`: the default is the value the file gives.
    const self = /^\$\{([A-Za-z_]\w*):?[-=](.*)\}$/.exec(value);
    if (self && self[1] === m[1]) value = self[2];
    if (!out.has(m[1]) || kind === 'make') out.set(m[1], value);
  }
  return out;
}

/** Shell functions that pass their arguments to an engine (`docker() { sudo docker "$@"; }`, `d() { podman "$@"; }`). */
function wrapperFunctions(lines: LogicalLine[], bindings: Map<string, string>): Map<string, string> {
  const out = new Map<string, string>();
  for (let i = 0; i < lines.length; i++) {
    const head = /^\s*(?:function\s+)?([A-Za-z_][\w-]*)\s*(\(\s*\))?\s*\{?(.*)$/.exec(lines[i].text);
    if (!head || (!head[2] && !/^\s*function\b/.test(lines[i].text))) continue;
    const body: string[] = [head[3]];
    const oneLine = /\}\s*;?\s*$/.test(head[3]);
    for (let j = i + 1; !oneLine && j < lines.length && body.length < 40; j++) {
      if (/^\s*\}/.test(lines[j].text)) break;
      body.push(lines[j].text);
    }
    for (const b of body) {
      if (!/"?\$[@*]"?/.test(b)) continue;
      const words = b.replace(/[;}]\s*$/, '').trim().split(/\s+/);
      const k = skipPrefix(words, 0);
      const tool = k < words.length ? toolOf(words[k].replace(/^"|"$/g, ''), bindings, out) : null;
      if (tool && words.slice(k + 1).some((w) => /\$[@*]/.test(w))) out.set(head[1], tool);
    }
  }
  return out;
}
