/**
 * Values the caller can change. `APP=${APP:-greeter}` is `greeter` only while the caller leaves
 * APP unset; a migrated file that holds `greeter` where the legacy glue used `$APP` builds
 * another image once APP is set. Such a value stays symbolic where Docker can expand it (an
 * ARG in a COPY source), or the migration is refused (GLUE_DEFAULT_FROZEN).
 */
import { Finding, finding } from '../core/findings';
import { normalizeAbsolute, normalizeRelative } from '../core/paths';
import { dockerLiteral } from '../core/quote';
import type { Value } from '../interpret/value';

/** How the glue wrote the environment variables whose defaults `v` takes (`${APP:-greeter}`); empty when none. */
export function assumedDefaults(v: Value | null | undefined): string[] {
  if (!v) return [];
  return v.parts.flatMap((p) => ('sym' in p && p.fallback ? [p.display, ...assumedDefaults(p.fallback)] : []));
}

/** The value as text with each symbol as a marker: equal texts mean equal values for every choice of the caller. */
function symbolic(v: Value): string | null {
  let out = '';
  for (const p of v.parts) {
    if ('lit' in p) out += p.lit;
    else if ('sym' in p && p.kind === 'env') out += `\u0001${p.sym}\u0001`;
    else return null;
  }
  return out;
}

export interface SymbolicSource {
  /** The runtime COPY source as written (`${BIN}`, `bin/$BIN`). */
  written: string;
  /** The legacy runtime build's context and the build args it passes (name → value). */
  context: string;
  buildArgs: ReadonlyMap<string, Value | null>;
  /** True when ARG `name` is declared where the COPY runs. */
  inScope: (name: string) => boolean;
  /** The docker cp that made the artifact: its source and destination values, and the glue's directory. */
  cp: { source: Value; dest: Value; cwd: string };
  escapeChar: string;
}

/**
 * `docker cp C:/out/$APP ./$APP` read by `COPY ${BIN} …` where the runtime build passes
 * `--build-arg BIN=$APP`: the COPY --from source `/out/${BIN}` names the same builder file
 * whatever APP is. Returns that Dockerfile word, or null when the source cannot be written so:
 * the COPY word must be a literal directory and one build arg, the host path that directory and
 * that arg's value, and the builder path a literal directory and the same value.
 */
export function symbolicBuilderPath(s: SymbolicSource): string | null {
  const m = /^([^$]*?)\$(?:\{([A-Za-z_][A-Za-z0-9_]*)\}|([A-Za-z_][A-Za-z0-9_]*))$/.exec(s.written);
  if (!m) return null;
  const name = m[2] ?? m[3];
  const arg = s.buildArgs.get(name);
  if (!arg || !s.inScope(name) || assumedDefaults(arg).length === 0) return null;
  const value = symbolic(arg);
  const dest = symbolic(s.cp.dest);
  const source = symbolic(s.cp.source);
  if (value === null || dest === null || source === null || value.includes('/') || !value.includes('\u0001')) return null;
  // The host path the cp wrote and the context path the COPY reads: the same for every value.
  if (normalizeRelative(dest, s.cp.cwd) !== normalizeRelative(`${m[1]}${value}`, s.context)) return null;
  if (!source.endsWith(value)) return null;
  const dir = source.slice(0, source.length - value.length);
  if (dir.includes('\u0001') || !dir.endsWith('/')) return null;
  return `${dockerLiteral(normalizeAbsolute(dir).replace(/\/?$/, '/'), s.escapeChar)}\${${name}}`;
}

/**
 * Defaults the glue assumed (ENV_DEFAULT_ASSUMED) at the lines of steps whose values the
 * migration writes into files: the builds it merges (Dockerfile, context, target) and the
 * extractions it replays in a stage. Each becomes GLUE_DEFAULT_FROZEN at the same line.
 */
export function frozenAt(assumed: readonly Finding[], steps: readonly { origin: { file: string; line: number; endLine: number } }[]): Finding[] {
  return assumed
    .filter((f) => f.code === 'ENV_DEFAULT_ASSUMED' && f.location !== null)
    .filter((f) => steps.some((s) => s.origin.file === f.location?.file && f.location.line >= s.origin.line && f.location.line <= s.origin.endLine))
    .map((f) => finding('GLUE_DEFAULT_FROZEN', `${f.message}; the migrated files would hold that default where the legacy glue follows the caller's value`, f.location));
}
