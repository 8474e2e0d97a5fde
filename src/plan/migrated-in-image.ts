/**
 * Files the migration rewrites or deletes (the glue, the Dockerfiles, .dockerignore) that a
 * context COPY puts into the final image: that image then differs in them, by design
 * (MIGRATED_FILE_IN_IMAGE). They get there three ways: the runtime copies the repository
 * (`COPY . /app`, `COPY *.sh /usr/local/bin/`, `COPY ${SRC} /src`); the runtime starts FROM a
 * builder that did; or an artifact the runtime copies out of a builder is a directory the
 * builder's own context COPY filled (`COPY . /app` there, then `docker cp C:/app ./app`).
 */
import { Finding, finding } from '../core/findings';
import { baseName, endsWithSlash, hasGlob, isWithin, matchPath, normalizeAbsolute, normalizeRelative, relativeWithin } from '../core/paths';
import type { DockerInstruction, DockerStage, DockerfileModel } from '../parse/dockerfile';
import { argumentValues } from '../parse/dockerfile';
import { Vars, expand, mentionsVariable, stageVars } from './dockerfile-vars';
import type { ArtifactMove, FileChange } from './types';

/** A Dockerfile whose context COPYs are checked, with the legacy context of its build. */
export interface CopyingDockerfile {
  model: DockerfileModel;
  stages: DockerStage[];
  context: string;
  buildArgs: Vars;
}

/** A builder whose files reach the image through the moves that name its stage. */
export interface ArtifactSource extends CopyingDockerfile {
  stageName: string;
}

export function migratedFilesInImage(files: readonly FileChange[], copying: CopyingDockerfile[], builders: ArtifactSource[], moves: readonly ArtifactMove[]): Finding[] {
  const out: Finding[] = [];
  for (const d of copying) {
    for (const { ins, landed } of contextCopies(files, d)) {
      const hit = [...new Set(landed.map((l) => l.file))];
      if (hit.length > 0) out.push(finding('MIGRATED_FILE_IN_IMAGE', `this COPY also takes ${hit.join(', ')}, which the migration rewrites or deletes; the image will differ in ${hit.length > 1 ? 'those files' : 'that file'}`, { file: d.model.path, line: ins.line }));
    }
  }
  for (const b of builders) {
    const landed = contextCopies(files, b).flatMap((c) => c.landed.map((l) => ({ ...l, line: c.ins.line })));
    for (const m of moves.filter((x) => x.builderStage === b.stageName)) {
      const hit = landed.filter((l) => isWithin(l.at.slice(1), m.builderPath.slice(1)));
      if (hit.length === 0) continue;
      const names = [...new Set(hit.map((h) => h.file))];
      out.push(finding('MIGRATED_FILE_IN_IMAGE', `${m.builderPath}, which this line copies, holds ${names.join(', ')} (${b.model.path}:${hit[0].line} copies ${names.length > 1 ? 'them' : 'it'} from the build context); the migration rewrites or deletes ${names.length > 1 ? 'those files' : 'that file'}, so the image will differ there`, m.runtimeLine));
    }
  }
  return dedupe(out);
}

/** Each context COPY/ADD of `d` with the changed files it takes and where each lands (absolute). */
function contextCopies(files: readonly FileChange[], d: CopyingDockerfile): { ins: DockerInstruction; landed: { file: string; at: string }[] }[] {
  const out: { ins: DockerInstruction; landed: { file: string; at: string }[] }[] = [];
  const changed = files.filter((f) => isWithin(f.path, d.context)).map((f) => ({ file: f.path, rel: relativeWithin(f.path, d.context) }));
  if (changed.length === 0) return out;
  for (const stage of d.stages) {
    let workdir = '/';
    stage.instructions.forEach((ins, index) => {
      if (ins.keyword === 'WORKDIR' && ins.args[0]) workdir = normalizeAbsolute(ins.args[0].value.startsWith('/') ? ins.args[0].value : `${workdir}/${ins.args[0].value}`);
      if ((ins.keyword !== 'COPY' && ins.keyword !== 'ADD') || ins.flags.some((f) => f.name === 'from') || ins.heredoc) return;
      const values = argumentValues(ins);
      if (values.length < 2) return;
      const vars = stageVars(d.model, stage, index, d.buildArgs);
      const sources = values.slice(0, -1).map((src) => (mentionsVariable(src) ? expand(src, vars, d.model.escapeChar) : src)).filter((s): s is string => s !== null && !/^(https?:\/\/|git@)/.test(s));
      const dest = values[values.length - 1];
      const destDir = normalizeAbsolute(dest.startsWith('/') ? dest : `${workdir}/${dest}`);
      const intoDir = endsWithSlash(dest) || sources.length > 1 || hasGlob(sources.join(' '));
      const landed: { file: string; at: string }[] = [];
      for (const c of changed) {
        for (const src of sources) {
          const at = landing(src, c.rel, destDir, intoDir);
          if (at !== null) landed.push({ file: c.file, at });
        }
      }
      if (landed.length > 0) out.push({ ins, landed });
    });
  }
  return out;
}

/**
 * Where the context file `rel` lands when `src` is copied to `destDir` (COPY copies a
 * directory's contents, CO-1; a file to `dest/` keeps its name, CO-5), or null when `src` does
 * not take it. A glob takes what it matches at its own depth (GL-2: a matched directory's contents).
 */
function landing(src: string, rel: string, destDir: string, intoDir: boolean): string | null {
  const pattern = normalizeRelative(src);
  if (pattern === null) return null;
  const segs = pattern === '' ? [] : pattern.split('/');
  const relSegs = rel.split('/');
  if (segs.length > relSegs.length) return null;
  const matched = relSegs.slice(0, segs.length).join('/');
  if (hasGlob(pattern) ? !matchPath(pattern, matched) : matched !== pattern) return null;
  const below = relSegs.slice(segs.length).join('/');
  if (below === '') return intoDir ? `${destDir}/${baseName(rel)}`.replace(/^\/\//, '/') : destDir;
  return destDir === '/' ? `/${below}` : `${destDir}/${below}`;
}

function dedupe(findings: Finding[]): Finding[] {
  const seen = new Set<string>();
  return findings.filter((f) => {
    const k = `${f.location?.file}:${f.location?.line}:${f.message}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}
