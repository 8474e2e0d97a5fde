/**
 * What a builder Dockerfile tells about a path in its image: is it a file (`go build -o
 * /go/bin/app`) or a directory (`WORKDIR /app/dist`, `mkdir -p /out`)? Evidence, never a guess:
 * no evidence means "unknown", and the plan chooses forms that are exact either way.
 */
import { normalizeAbsolute } from '../core/paths';
import type { DockerfileModel, DockerStage } from '../parse/dockerfile';
import { argumentValues } from '../parse/dockerfile';

export interface PathKind {
  kind: 'file' | 'dir' | 'unknown';
  /** `Dockerfile.build:7` style evidence, or null. */
  evidence: string | null;
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
        const kind = runEvidence(text, resolve, target);
        if (kind) found = { kind, evidence: at };
      } else if ((ins.keyword === 'COPY' || ins.keyword === 'ADD') && ins.args.length >= 2) {
        const values = argumentValues(ins);
        const dest = values[values.length - 1];
        if (resolve(dest) === target && (dest.endsWith('/') || values.length > 2)) found = { kind: 'dir', evidence: at };
      }
    }
  }
  return found;
}

/** Looks for `-o PATH` style outputs (files) and `mkdir PATH` (directories) in a RUN line. */
function runEvidence(text: string, resolve: (p: string) => string, target: string): 'file' | 'dir' | null {
  // Operators stay tokens of their own: they end the argument list of the command before them.
  const tokens = text
    .replace(/\\\r?\n/g, ' ')
    .split(/\s+|(&&|\|\||[;&|()])/)
    .filter((t): t is string => t !== undefined && t !== '')
    .map((t) => t.replace(/^["']|["']$/g, ''));
  let kind: 'file' | 'dir' | null = null;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    const next = tokens[i + 1];
    const outArg = t === '-o' || t === '--output' || t === '-out' ? next : /^(-o|--output=)(.+)$/.exec(t)?.[2];
    if (outArg && !outArg.startsWith('-')) kind = classify(resolve(outArg), target, 'file') ?? kind;
    if (t === 'mkdir') {
      for (let k = i + 1; k < tokens.length && !/^(&&|\|\||[;&|()])$/.test(tokens[k]); k++) {
        if (!tokens[k].startsWith('-')) kind = classify(resolve(tokens[k]), target, 'dir') ?? kind;
      }
    }
    if (t === 'touch' && next) kind = classify(resolve(next), target, 'file') ?? kind;
  }
  return kind;
}

/** `made` is what an instruction created at `path`; anything strictly below `target` makes it a directory. */
function classify(path: string, target: string, made: 'file' | 'dir'): 'file' | 'dir' | null {
  if (path === target) return made;
  if (path.startsWith(target === '/' ? '/' : `${target}/`)) return 'dir';
  return null;
}
