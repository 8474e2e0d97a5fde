/**
 * Credentials in the builder. Build args and ENV whose names look like credentials (NPM_TOKEN,
 * DB_PASSWORD, AWS_SECRET_ACCESS_KEY, …) that the glue passes to a builder build, or that the
 * builder's stages declare, give a SECRET_IN_BUILDER warning at the line: their values stay in
 * the builder stage (history, build cache). When the runtime image would carry them, the
 * migration is refused with SECRET_IN_RUNTIME:
 *
 * - the runtime's last stage starts (through its own stages) FROM the builder image: the final
 *   image then holds the builder's layers, history and ENV;
 * - the runtime copies a builder directory that a RUN step using the credential ran in (or a
 *   home directory, or a path the step names): a written `.npmrc`, `.netrc` or
 *   `~/.docker/config.json` would come along.
 *
 * Messages name the variables and lines, never a value.
 */
import { Finding, finding } from '../core/findings';
import { normalizeAbsolute } from '../core/paths';
import { stageChain } from '../infer/builder-paths';
import type { Roles } from '../infer/roles';
import type { BuildStep } from '../interpret/events';
import { resolve } from '../interpret/value';
import { DockerInstruction, DockerStage, DockerfileModel, argumentValues, flagValue } from '../parse/dockerfile';
import { declarations } from './dockerfile-vars';

/** Words that make a variable name a credential (whole words of the name: KEYBOARD is not KEY). */
const SECRET_WORDS = new Set([
  'TOKEN', 'TOKENS', 'PASSWORD', 'PASSWORDS', 'PASSWD', 'PASS', 'PASSPHRASE', 'SECRET', 'SECRETS', 'KEY', 'APIKEY', 'CREDENTIAL', 'CREDENTIALS', 'CREDS', 'AUTHTOKEN', 'PAT', 'AUTH',
]);
/** AWS_* names that are settings, not credentials. */
const AWS_SETTINGS = new Set(['AWS_REGION', 'AWS_DEFAULT_REGION', 'AWS_PROFILE', 'AWS_DEFAULT_OUTPUT', 'AWS_PAGER']);

/** True when `name` looks like a credential: `NPM_TOKEN`, `NPM_AUTH`, `dbPassword`, `AWS_SECRET_ACCESS_KEY`, `API_KEY`; not `KEYBOARD`, `PUBLIC_KEY`, `PWD`, `AUTHOR`. */
export function isSecretName(name: string): boolean {
  const upper = name.toUpperCase();
  if (upper.startsWith('AWS_')) return !AWS_SETTINGS.has(upper);
  const words = name
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .toUpperCase()
    .split(/[^A-Z0-9]+/)
    .filter(Boolean);
  if (words.includes('PUBLIC')) return false;
  return words.some((w) => SECRET_WORDS.has(w));
}

export interface SecretInput {
  roles: Roles;
  runtime: DockerfileModel;
  /** The builder builds as merged: their Dockerfile model and the stage the glue built. */
  builders: { build: BuildStep; model: DockerfileModel; image: DockerStage }[];
  buildkit: boolean;
}

interface Secret {
  name: string;
  /** Where it was passed or declared, for messages. */
  at: string;
}

export function secretFindings(input: SecretInput): Finding[] {
  const out: Finding[] = [];
  const hint = input.buildkit
    ? 'pass it as a BuildKit secret instead: `RUN --mount=type=secret,id=NAME,env=NAME …` with `docker build --secret id=NAME,env=NAME`'
    : 'with --buildkit, a `RUN --mount=type=secret` keeps it out of every layer';
  for (const side of input.builders) {
    const secrets: Secret[] = [];
    for (const a of side.build.buildArgs) {
      if (!isSecretName(a.name)) continue;
      secrets.push({ name: a.name, at: `${side.build.origin.file}:${side.build.origin.line}` });
      out.push(finding('SECRET_IN_BUILDER', `build arg ${a.name} passed to the builder looks like a credential: its value is recorded in the builder stage's history and build cache (not in the final image); ${hint.replace(/NAME/g, a.name.toLowerCase())}`, { file: side.build.origin.file, line: side.build.origin.line }));
    }
    const chain = stageChain(side.model, side.image);
    for (const ins of [...side.model.preamble, ...chain.flatMap((s) => s.instructions)]) {
      if (ins.keyword !== 'ARG' && ins.keyword !== 'ENV') continue;
      for (const d of declarations(ins)) {
        if (!isSecretName(d.name)) continue;
        secrets.push({ name: d.name, at: `${side.model.path}:${ins.line}` });
        const what = ins.keyword === 'ENV' ? `ENV ${d.name} looks like a credential: it stays in the builder stage's configuration and in every image built FROM it` : `ARG ${d.name} looks like a credential: RUN steps after it see its value, which the builder stage's history records`;
        out.push(finding('SECRET_IN_BUILDER', `${what}; ${hint.replace(/NAME/g, d.name.toLowerCase())}`, { file: side.model.path, line: ins.line }));
      }
    }
    if (secrets.length === 0) continue;
    const names = [...new Set(secrets.map((s) => s.name))].join(', ');
    const from = inheritedFrom(input, side.build);
    if (from !== null) {
      out.push(finding('SECRET_IN_RUNTIME', `the runtime image starts FROM the builder image, so it carries the builder's layers, history and ENV, with ${names} (${secrets.map((s) => s.at).join(', ')}); the tool will not carry a credential into the final image: start the runtime from a clean base and COPY --from what it needs`, { file: input.runtime.path, line: from }));
      continue;
    }
    const exposed = exposedPaths(side.model, chain);
    for (const c of copiedPaths(input, side.build)) {
      const hit = exposed.find((e) => under(e.path, c.path));
      if (!hit) continue;
      out.push(finding('SECRET_IN_RUNTIME', `this copies ${c.path} out of the builder${hit.path === c.path ? '' : `, which holds ${hit.path}`}: there ${hit.why} with ${names} in its environment and may have written it to a file (.npmrc, .netrc, a config); the legacy image got the same files, but the tool will not carry a credential into the final image: copy only the build output, or keep the credential out of the files (${hint.replace(/NAME/g, 'token')})`, c.at));
    }
  }
  for (const r of input.roles.runs) {
    const at = { file: r.step.origin.file, line: r.step.origin.line };
    for (const e of r.step.env.filter((x) => isSecretName(x.name))) {
      const fixed = e.value ? resolve(e.value) : null;
      if (fixed && fixed.assumed.length === 0) {
        // The build step would get `ENV NAME=<the value>`: the credential written into the Dockerfile.
        out.push(finding('SECRET_VALUE_COPIED', `docker run -e ${e.name} gets a value the glue spells out; as a build step it would become an ENV line holding that value in the Dockerfile. Take it from the environment instead (\`-e ${e.name}\` with the variable exported), so the migrated build passes --build-arg ${e.name} without its value`, at));
      } else {
        out.push(finding('SECRET_IN_BUILDER', `docker run -e ${e.name} looks like a credential: the build at run time becomes a build stage, whose history records it; ${hint.replace(/NAME/g, e.name.toLowerCase())}`, at));
      }
    }
  }
  return out;
}

/** The runtime Dockerfile line where its last stage reaches the builder image through FROM, or null. */
function inheritedFrom(input: SecretInput, build: BuildStep): number | null {
  const rt = input.runtime;
  const last = rt.stages[rt.stages.length - 1];
  if (!last) return null;
  const refs = new Set(input.roles.tagReferences.filter((r) => r.build === build).map((r) => r.ref.toLowerCase()));
  for (const st of stageChain(rt, last)) if (refs.has(st.base.toLowerCase())) return st.from.line;
  return null;
}

/**
 * Builder paths a RUN step with a credential in scope may have written: its WORKDIR, home
 * directories, and absolute paths its command names.
 */
function exposedPaths(model: DockerfileModel, chain: DockerStage[]): { path: string; why: string }[] {
  const out: { path: string; why: string }[] = [];
  let env = false;
  let workdir = '/';
  for (const st of chain) {
    let args = false;
    workdir = st === chain[0] ? '/' : workdir;
    for (const ins of st.instructions) {
      if (ins.keyword === 'WORKDIR' && ins.args[0]) workdir = normalizeAbsolute(ins.args[0].value.startsWith('/') ? ins.args[0].value : `${workdir}/${ins.args[0].value}`);
      if (ins.keyword === 'ARG' && declarations(ins).some((d) => isSecretName(d.name))) args = true;
      if (ins.keyword === 'ENV' && declarations(ins).some((d) => isSecretName(d.name))) env = true;
      if (ins.keyword !== 'RUN' || !(args || env || mentionsSecret(ins))) continue;
      const why = `the RUN step at ${model.path}:${ins.line} ran`;
      out.push({ path: workdir, why }, { path: '/root', why }, { path: '/home', why });
      for (const m of model.text.slice(ins.start, ins.end).matchAll(/(?:^|[\s"'=>])(\/(?!\/)[\w.@+-]+(?:\/[\w.@+-]+)*)/g)) out.push({ path: normalizeAbsolute(m[1]), why });
    }
  }
  return out;
}

function mentionsSecret(ins: DockerInstruction): boolean {
  return argumentValues(ins).some((w) => [...w.matchAll(/\$\{?([A-Za-z_][A-Za-z0-9_]*)/g)].some((m) => isSecretName(m[1])));
}

/** Builder paths the runtime receives: every extraction from this builder, and runtime `COPY --from=<builder tag>` sources. */
function copiedPaths(input: SecretInput, build: BuildStep): { path: string; at: { file: string; line: number } }[] {
  const out: { path: string; at: { file: string; line: number } }[] = [];
  for (const e of input.roles.extractions.filter((x) => x.build === build)) {
    const at = { file: e.step.origin.file, line: e.step.origin.line };
    const s = e.step;
    if (s.kind === 'cp' || s.kind === 'cat') out.push({ path: normalizeAbsolute(s.source), at });
    else if (s.producer.kind === 'cp') out.push({ path: normalizeAbsolute(s.producer.source), at });
    else out.push({ path: normalizeAbsolute(s.producer.workdir ?? '/'), at });
  }
  const refs = input.roles.tagReferences.filter((r) => r.build === build);
  for (const st of input.runtime.stages) {
    for (const ins of st.instructions) {
      const from = ins.keyword === 'COPY' ? flagValue(ins, 'from') : null;
      if (!from || !refs.some((r) => r.ref.toLowerCase() === from.toLowerCase())) continue;
      for (const src of argumentValues(ins).slice(0, -1)) out.push({ path: normalizeAbsolute(src.replace(/[*?[].*$/, '')), at: { file: input.runtime.path, line: ins.line } });
    }
  }
  return out;
}

/** `child` is `parent` or below it (absolute paths). */
function under(child: string, parent: string): boolean {
  return parent === '/' || child === parent || child.startsWith(`${parent}/`);
}

/** What a masked value shows. */
export const MASK = '***';

/**
 * A command as the tool prints it (the new build command, the line `--yes` says it now runs),
 * with every credential value the glue spells out replaced by `***`: the value of a
 * credential-like name (`--build-arg NPM_TOKEN=npm_…`, `-e DB_PASSWORD=…`, `TOKEN=… docker …`)
 * and the password of a URL (`postgres://user:pw@db/x`). A value that only names a variable
 * (`"$NPM_TOKEN"`, `${NPM_TOKEN}`, `$(cat .token)`) shows nothing and is kept. Display only: the
 * files the tool writes keep the glue's own words.
 */
export function maskSecretValues(command: string): string {
  let out = '';
  let at = 0;
  for (const w of shellWords(command)) {
    out += command.slice(at, w.start) + maskWord(command.slice(w.start, w.end));
    at = w.end;
  }
  return out + command.slice(at);
}

function maskWord(raw: string): string {
  const text = unquote(raw);
  const assignment = /^((?:--?[A-Za-z][A-Za-z-]*=)?)([A-Za-z_][A-Za-z0-9_]*)=([\s\S]*)$/.exec(text);
  if (assignment && isSecretName(assignment[2]) && !onlyReferences(assignment[3])) return `${assignment[1]}${assignment[2]}=${MASK}`;
  return raw.replace(/([A-Za-z][A-Za-z0-9+.-]*:\/\/[^\s:/@'"]*:)([^\s@/'"]+)(@)/g, (m, head: string, password: string, tail: string) => (onlyReferences(password) ? m : `${head}${MASK}${tail}`));
}

/** `$NAME`, `${NAME}` and `$(…)` only: the value is worked out when the glue runs, and nothing of it is in the text. */
function onlyReferences(value: string): boolean {
  return value === '' || /^(?:\$[A-Za-z_][A-Za-z0-9_]*|\$\{[A-Za-z_][A-Za-z0-9_]*\}|\$\((?:[^()]|\([^()]*\))*\))+$/.test(value);
}

/** A shell word without its quotes and backslashes (expansions are left as written). */
function unquote(raw: string): string {
  let out = '';
  let quote: '"' | "'" | null = null;
  for (let i = 0; i < raw.length; i++) {
    const c = raw[i];
    if (quote === "'") {
      if (c === "'") quote = null;
      else out += c;
    } else if (c === '\\' && i + 1 < raw.length) {
      out += raw[++i];
    } else if (c === '"' || (c === "'" && quote === null)) {
      quote = quote === c ? null : quote ?? c;
    } else {
      out += c;
    }
  }
  return out;
}

/** Where each word of a shell command line is: blanks outside quotes, `$(…)` and `${…}` separate words. */
function shellWords(line: string): { start: number; end: number }[] {
  const words: { start: number; end: number }[] = [];
  let start = -1;
  let quote: '"' | "'" | null = null;
  let depth = 0;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (start < 0) {
      if (/\s/.test(c)) continue;
      start = i;
    }
    if (quote === "'") {
      if (c === "'") quote = null;
    } else if (c === '\\') {
      i++;
    } else if (c === '$' && (line[i + 1] === '(' || line[i + 1] === '{')) {
      depth++;
      i++;
    } else if (depth > 0 && (c === '(' || c === '{')) {
      depth++;
    } else if (depth > 0 && (c === ')' || c === '}')) {
      depth--;
    } else if (c === '"') {
      quote = quote === '"' ? null : depth === 0 ? '"' : quote;
    } else if (c === "'" && quote === null && depth === 0) {
      quote = "'";
    } else if (/\s/.test(c) && quote === null && depth === 0) {
      words.push({ start, end: i });
      start = -1;
    }
  }
  if (start >= 0) words.push({ start, end: line.length });
  return words;
}
