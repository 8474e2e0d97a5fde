/**
 * Every Dockerfile a migration reads is checked the way Docker would check it, whatever the
 * glue does with it (an extraction, a `FROM <builder tag>`, a build at run time): a file
 * Docker rejects, or that Docker and this tool's parser read apart, is refused at its line.
 */
import { parseMakefile } from '../parse/makefile';
import { Finding, finding } from '../core/findings';
import type { RepoView } from '../core/repo';
import { dirName, normalizeRelative } from '../core/paths';
import type { DockerStage, DockerfileModel } from '../parse/dockerfile';
import type { GlueFile } from '../render/glue';
import { MAX_DOCKERFILE_LINE_BYTES } from '../parse/dockerfile-lines';
import { dockerfileProblems } from '../parse/dockerfile-validate';

/** DOCKERFILE_INVALID findings for `paths` that `existing` does not hold yet. */
export function validationFindings(repo: RepoView, paths: readonly string[], existing: readonly Finding[]): Finding[] {
  const known = new Set(existing.map((f) => `${f.code}:${f.location?.file}:${f.location?.line}`));
  const out: Finding[] = [];
  for (const path of [...new Set(paths)]) {
    for (const p of dockerfileProblems(repo, path) ?? []) {
      const f = finding('DOCKERFILE_INVALID', p.message, { file: path, line: p.line });
      const k = `${f.code}:${path}:${p.line}`;
      if (!known.has(k)) out.push(f);
      known.add(k);
    }
  }
  return out;
}

/**
 * Lines of a Dockerfile the planner wrote that are longer than Docker reads (the input
 * Dockerfiles were checked, so such a line comes from the glue: a `docker run` command or a
 * path become a RUN), at the place they came from: a source whose text holds the line's
 * middle (`at` null: the line of the source that holds it), else `fallback`.
 */
export function generatedLineFindings(written: string, sources: readonly { text: string | null; file: string; at: number | null }[], fallback: { file: string; line: number }): Finding[] {
  for (const line of written.split('\n')) {
    const bytes = Buffer.byteLength(line, 'utf8');
    if (bytes <= MAX_DOCKERFILE_LINE_BYTES) continue;
    const probe = line.slice(Math.floor(line.length / 2), Math.floor(line.length / 2) + 200);
    let where = fallback;
    for (const src of sources) {
      const k = src.text?.indexOf(probe) ?? -1;
      if (k < 0 || src.text === null) continue;
      where = { file: src.file, line: src.at ?? src.text.slice(0, k).split('\n').length };
      break;
    }
    return [finding('DOCKER_UNSUPPORTED_FORM', `this becomes a Dockerfile line of ${bytes} bytes, longer than Docker's limit of ${MAX_DOCKERFILE_LINE_BYTES}`, where)];
  }
  return [];
}

/** One Dockerfile going into the merge: its stages there, and the names they will have. */
export interface MergedPart {
  model: DockerfileModel;
  stages: readonly DockerStage[];
  names: readonly string[];
}

/**
 * An image one Dockerfile names (`FROM builder`, `COPY --from=builder`) that another one
 * has as a stage: merged into one file, the reference would take that stage instead of the
 * image. `rewritten`: references the migration turns into stage references on purpose (the
 * builder's tags).
 */
export function imageNameClashes(parts: readonly MergedPart[], rewritten: ReadonlySet<string>): Finding[] {
  const out: Finding[] = [];
  for (const part of parts) {
    const own = new Set(part.model.stages.map((s) => s.name).filter((n): n is string => n !== null));
    const others = new Set(parts.filter((p) => p !== part).flatMap((p) => p.names));
    for (const s of part.stages) {
      // `FROM builder` before the stage of that name is the image builder (stages are looked up in order).
      const laterOwn = part.model.stages.find((x) => x.index > s.index && x.name === s.base.toLowerCase());
      if (laterOwn) out.push(finding('STAGE_NAME_CLASH', `\`${s.base}\` is an image here, and the name of a stage defined later in this file; merged, the reference would be taken for the stage`, { file: part.model.path, line: s.from.line }));
      const refs: { ref: string; line: number }[] = [{ ref: s.base, line: s.from.line }];
      for (const ins of s.instructions) {
        for (const f of ins.flags) {
          const ref = f.name === 'from' && ins !== s.from ? f.value : f.name === 'mount' ? (/(?:^|,)from=([^,]+)/.exec(f.value ?? '')?.[1] ?? null) : null;
          if (ref) refs.push({ ref, line: ins.line });
        }
      }
      for (const { ref, line } of refs) {
        const r = ref.toLowerCase();
        if (own.has(r) || rewritten.has(r) || /^[0-9]+$/.test(r) || r.includes('$') || !others.has(r)) continue;
        out.push(finding('STAGE_NAME_CLASH', `\`${ref}\` is an image here but the name of a stage of another Dockerfile of the merge; in one file it would refer to that stage`, { file: part.model.path, line }));
      }
    }
  }
  return out;
}

/**
 * Make rules whose prerequisites name a file the migration deletes (`package: Dockerfile`):
 * make would stop with "No rule to make target". Judged on the Makefile as the migration
 * writes it (the rewrite drops prerequisites of the recipes it follows, not others), and
 * refused at the rule.
 */
export function deletedPrerequisites(glue: readonly GlueFile[], deleted: readonly string[], rewritten: ReadonlyMap<string, string>): Finding[] {
  const out: Finding[] = [];
  for (const g of glue) {
    if (g.kind !== 'make') continue;
    const written = rewritten.get(g.path);
    const model = written === undefined ? g.model : parseMakefile(g.path, written);
    for (const rule of model.rules) {
      const hit = rule.prerequisites.find((p) => deleted.includes(normalizeRelative(p, dirName(g.path)) ?? ''));
      if (!hit) continue;
      const before = g.model.rules.find((r) => r.targets.join(' ') === rule.targets.join(' '));
      out.push(finding('GLUE_NAMES_DELETED_FILE', `the rule for ${rule.targets.join(' ')} needs ${hit}, which the migration deletes: make would stop with "No rule to make target"; keep it (--keep-legacy) or change the rule by hand`, { file: g.path, line: (before ?? rule).line }));
    }
  }
  return out;
}
