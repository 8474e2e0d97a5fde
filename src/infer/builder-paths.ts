/**
 * What a builder Dockerfile tells about a path in its image: is it a file (`go build -o
 * /go/bin/app`), a directory (`WORKDIR /app/dist`, `mkdir -p /out`) or a symbolic link
 * (`ln -s v1.4 /opt/app/current`)? Evidence, never a guess: no evidence means "unknown", and
 * the plan chooses forms that are exact either way.
 */
import { baseName, dirName, normalizeAbsolute } from '../core/paths';
import type { DockerfileModel, DockerStage } from '../parse/dockerfile';
import { argumentValues } from '../parse/dockerfile';

export interface PathKind {
  kind: 'file' | 'dir' | 'link' | 'unknown';
  /** `Dockerfile.build:7` style evidence, or null. */
  evidence: string | null;
  /** For a link: its target as `ln -s` wrote it (relative to the link's directory unless absolute). */
  link?: string;
}

/** The builder path a link resolves to (its target made absolute from the link's directory). */
export function linkTarget(linkPath: string, target: string): string {
  return normalizeAbsolute(target.startsWith('/') ? target : `${dirName(normalizeAbsolute(linkPath)) || ''}/${target}`);
}

/**
 * The kind of what `path` names once links on it are followed (docker cp -L, or `A/.`):
 * the last link's target, up to a few links deep; unknown when a target is not known.
 */
export function followedKind(kindOf: (path: string) => PathKind, path: string): PathKind & { path: string } {
  let current = normalizeAbsolute(path);
  let kind = kindOf(current);
  for (let hops = 0; kind.kind === 'link' && kind.link !== undefined && hops < 8; hops++) {
    current = linkTarget(current, kind.link);
    const next = kindOf(current);
    kind = next.kind === 'link' ? next : { ...next, evidence: next.evidence ?? kind.evidence };
  }
  return kind.kind === 'link' ? { kind: 'unknown', evidence: null, path: current } : { ...kind, path: current };
}

/** The stages whose file systems make up `stage`'s image (its FROM chain inside the file). */
export function stageChain(model: DockerfileModel, stage: DockerStage): DockerStage[] {
  const chain: DockerStage[] = [];
  let current: DockerStage | undefined = stage;
  const seen = new Set<number>();
  while (current && !seen.has(current.index)) {
    seen.add(current.index);
    chain.unshift(current);
    const base = current.base.toLowerCase();
    current = model.stages.find((s) => s.index < (current as DockerStage).index && s.name === base);
  }
  return chain;
}

export function builderPathKind(model: DockerfileModel, stage: DockerStage, path: string): PathKind {
  const target = normalizeAbsolute(path);
  let found: PathKind = { kind: 'unknown', evidence: null };
  for (const s of stageChain(model, stage)) {
    let workdir = '/';
    for (const ins of s.instructions) {
      const at = `${model.path}:${ins.line}`;
      const resolve = (p: string): string => normalizeAbsolute(p.startsWith('/') ? p : `${workdir}/${p}`);
      if (ins.keyword === 'WORKDIR' && ins.args[0]) {
        workdir = resolve(ins.args[0].value);
        if (classify(workdir, target, 'dir')) found = { kind: 'dir', evidence: at };
      } else if (ins.keyword === 'RUN') {
        const text = model.text.slice(ins.start, ins.end);
        const kind = runEvidence(text, resolve, target, found.kind);
        if (kind) found = { ...kind, evidence: at };
      } else if ((ins.keyword === 'COPY' || ins.keyword === 'ADD') && ins.args.length >= 2) {
        const values = argumentValues(ins);
        const dest = values[values.length - 1];
        if (resolve(dest) === target && (dest.endsWith('/') || values.length > 2)) found = { kind: 'dir', evidence: at };
      }
    }
  }
  return found;
}

/**
 * Looks for `-o PATH` style outputs (files), `mkdir PATH` (directories) and `ln -s T PATH`
 * (links) in a RUN line. `before` is what earlier lines made of `target`.
 */
function runEvidence(text: string, resolve: (p: string) => string, target: string, before: PathKind['kind']): { kind: PathKind['kind']; link?: string } | null {
  // Operators stay tokens of their own: they end the argument list of the command before them.
  const tokens = text
    .replace(/\\\r?\n/g, ' ')
    .split(/\s+|(&&|\|\||[;&|()])/)
    .filter((t): t is string => t !== undefined && t !== '')
    .map((t) => t.replace(/^["']|["']$/g, ''));
  let kind: { kind: PathKind['kind']; link?: string } | null = null;
  const made = (k: 'file' | 'dir' | null) => (k === null ? kind : { kind: k });
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    const next = tokens[i + 1];
    const outArg = t === '-o' || t === '--output' || t === '-out' ? next : /^(-o|--output=)(.+)$/.exec(t)?.[2];
    if (outArg && !outArg.startsWith('-')) kind = made(classify(resolve(outArg), target, 'file'));
    if (t === 'mkdir') {
      for (let k = i + 1; k < tokens.length && !OPERATOR.test(tokens[k]); k++) {
        if (!tokens[k].startsWith('-')) kind = made(classify(resolve(tokens[k]), target, 'dir'));
      }
    }
    if (t === 'touch' && next) kind = made(classify(resolve(next), target, 'file'));
    if (t === 'ln') kind = lnEvidence(tokens.slice(i + 1), resolve, target, kind?.kind ?? before) ?? kind;
  }
  return kind;
}

const OPERATOR = /^(&&|\|\||[;&|()])$/;

/**
 * `ln [-sfn] TARGET NAME`: NAME becomes a link (`-s`) or a second name of a file. Into an
 * existing directory NAME (or `NAME/`) the link goes inside it, unless -n/-T says otherwise.
 */
function lnEvidence(rest: string[], resolve: (p: string) => string, target: string, before: PathKind['kind']): { kind: PathKind['kind']; link?: string } | null {
  const end = rest.findIndex((w) => OPERATOR.test(w));
  const words = end < 0 ? rest : rest.slice(0, end);
  const flags = words.filter((w) => w.startsWith('-')).join('');
  const operands = words.filter((w) => !w.startsWith('-'));
  if (operands.length !== 2 || /[tr]/.test(flags.replace(/^-+/, ''))) return null;
  const [to, name] = operands;
  const noDeref = /[nT]/.test(flags);
  const into = name.endsWith('/') || (!noDeref && before === 'dir' && resolve(name) === target);
  const made = into ? resolve(`${name.replace(/\/+$/, '')}/${baseName(to)}`) : resolve(name);
  if (made === target) return flags.includes('s') ? { kind: 'link', link: to } : { kind: 'file' };
  const above = classify(made, target, 'file');
  return above === 'dir' ? { kind: 'dir' } : null;
}

/** `made` is what an instruction created at `path`; anything strictly below `target` makes it a directory. */
function classify(path: string, target: string, made: 'file' | 'dir'): 'file' | 'dir' | null {
  if (path === target) return made;
  if (path.startsWith(target === '/' ? '/' : `${target}/`)) return 'dir';
  return null;
}
