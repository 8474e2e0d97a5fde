/**
 * Dockerfile features that decide how the merged file can be built: BuildKit-only syntax
 * (FE-1: the classic builder rejects it) and builder habits whose result differs between
 * builders (VOLUME, VO-1; file capabilities, XA-1).
 */
import { Finding, finding } from '../core/findings';
import type { DockerfileModel } from '../parse/dockerfile';

export function buildkitOnlyFeatures(m: DockerfileModel): { what: string; line: number }[] {
  const out: { what: string; line: number }[] = [];
  for (const s of m.stages) {
    for (const ins of s.instructions) {
      if (ins.heredoc) out.push({ what: `the heredoc in ${ins.keyword}`, line: ins.line });
      for (const f of ins.flags) {
        if (ins.keyword === 'RUN' && (f.name === 'mount' || f.name === 'network' || f.name === 'security')) out.push({ what: `RUN --${f.name}`, line: ins.line });
        if ((ins.keyword === 'COPY' || ins.keyword === 'ADD') && ['chmod', 'link', 'parents', 'exclude', 'keep-git-dir', 'checksum'].includes(f.name)) out.push({ what: `${ins.keyword} --${f.name}`, line: ins.line });
      }
    }
  }
  return out;
}

export function builderWarnings(m: DockerfileModel): Finding[] {
  const out: Finding[] = [];
  for (const s of m.stages) {
    for (const ins of s.instructions) {
      if (ins.keyword === 'VOLUME') out.push(finding('BUILDER_VOLUME', 'files written under this VOLUME later in the builder are kept by BuildKit and dropped by the classic builder (VO-1); build the merged Dockerfile with the same builder as before', { file: m.path, line: ins.line }));
      if (ins.keyword === 'RUN' && /\bsetcap\b/.test(m.text.slice(ins.start, ins.end))) out.push(finding('CAPABILITIES_IN_BUILDER', 'file capabilities set here never reached the legacy image (a context COPY drops them) but survive COPY --from under BuildKit (XA-1)', { file: m.path, line: ins.line }));
    }
  }
  return out;
}
