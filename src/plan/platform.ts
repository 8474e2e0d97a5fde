/**
 * `--platform` of one legacy build in a merged build: a flag of the one `docker build` would
 * choose the platform of every stage, runtime included. The builder's platform moves onto its
 * own FROM lines (`FROM --platform=linux/amd64 golang:1.22`) instead, which picks the same base
 * images as the builder's build did; where that is not the same, the migration is refused.
 */
import { Finding, finding } from '../core/findings';
import type { BuildFlag, BuildStep } from '../interpret/events';
import { asLiteral } from '../interpret/value';
import type { DockerStage, DockerfileModel } from '../parse/dockerfile';
import { declarations } from './dockerfile-vars';

export interface PlatformSide {
  build: BuildStep;
  model: DockerfileModel;
  /** The builder's stages that go into the merged file. */
  stages: DockerStage[];
}

export interface PlatformPlan {
  /** Per builder: the platform its FROM lines get (null: none to add). */
  fromPlatform: Map<BuildStep, string>;
  findings: Finding[];
}

/** ARGs that BuildKit fills from the build's --platform, not from a FROM's (ARG-10). */
const TARGET_ARGS = new Set(['TARGETPLATFORM', 'TARGETOS', 'TARGETARCH', 'TARGETVARIANT']);

export function planPlatforms(runtime: BuildStep, builders: PlatformSide[]): PlatformPlan {
  const out: PlatformPlan = { fromPlatform: new Map(), findings: [] };
  const runtimeFlag = platformFlag(runtime);
  for (const side of builders) {
    const own = platformFlag(side.build);
    if (own?.written === runtimeFlag?.written) continue;
    const at = { file: side.build.origin.file, line: side.build.origin.line };
    const open = stagesTakingPlatform(side);
    if (!own) {
      // The runtime's --platform would now choose the builder's base images too.
      if (open.length > 0) out.findings.push(finding('BUILD_FLAG_CONFLICT', `the runtime build's ${runtimeFlag?.written} would apply to the builder stages of ${side.model.path} too, which were built for the engine's own platform`, at));
      continue;
    }
    const value = own.value === null ? null : asLiteral(own.value);
    if (value === null || value === '') {
      out.findings.push(finding('BUILD_FLAG_CONFLICT', `the builder's ${own.written} is only known when the glue runs; it cannot be moved onto the builder's FROM lines`, at));
      continue;
    }
    const reader = targetArgReader(side);
    if (reader !== null) {
      out.findings.push(finding('BUILD_FLAG_CONFLICT', `${side.model.path}:${reader} reads a TARGET* build arg, which takes the platform of the whole build, not ${own.written} of the builder (ARG-10)`, at));
      continue;
    }
    if (open.length > 0) out.fromPlatform.set(side.build, value);
  }
  return out;
}

/** The builder's stages whose FROM names an image without a platform of its own (stage references and scratch inherit nothing). */
export function stagesTakingPlatform(side: { stages: DockerStage[] }): DockerStage[] {
  return side.stages.filter((s) => s.platform === null && s.base.toLowerCase() !== 'scratch' && !side.stages.some((e) => e.index < s.index && e.name === s.base.toLowerCase()));
}

function platformFlag(b: BuildStep): BuildFlag | undefined {
  return b.flags.find((f) => f.name === 'platform');
}

/** Line of the first `ARG TARGETPLATFORM` (or OS/ARCH/VARIANT) in the builder's stages, or null. */
function targetArgReader(side: PlatformSide): number | null {
  for (const ins of side.stages.flatMap((s) => s.instructions)) {
    if (ins.keyword === 'ARG' && declarations(ins).some((d) => TARGET_ARGS.has(d.name))) return ins.line;
  }
  return null;
}
