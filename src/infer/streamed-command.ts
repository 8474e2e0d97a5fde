/**
 * The command a stream runs when the glue gives none: `docker run --rm app.build > app.tar`
 * runs the builder image's own CMD/ENTRYPOINT, often `CMD ["tar", "-cf", "-", "app"]`. Read
 * from the builder Dockerfile the glue built that image from, so what the archive holds can
 * be named as it is for a command the glue writes out.
 */
import type { DockerfileModel } from '../parse/dockerfile';
import type { BuildStep, GlueStep, StreamStep } from '../interpret/events';
import { asLiteral } from '../interpret/value';
import { imageCommand, imageDefaults } from './image-command';
import { imageKey } from './images';

/** Words a shell runs as one plain command: no quoting, expansion or operator to read. */
const PLAIN_SHELL_TEXT = /^[\w@%+=:,./ \t-]+$/;

/**
 * The argv of the image's own command for a stream at `steps[index]` whose `docker run` names
 * none; null when the glue writes a command, the image is not built by an earlier step, or its
 * command is not known word for word (a base image's CMD, a shell form with quoting or `$`).
 */
export function streamedImageCommand(steps: readonly GlueStep[], index: number, dockerfileOf: (b: BuildStep) => DockerfileModel | null): string[] | null {
  const s = steps[index] as StreamStep | undefined;
  if (s?.kind !== 'stream' || s.producer.kind !== 'run' || s.producer.command.length > 0) return null;
  const image = imageKey(s.producer.image);
  const build = [...steps.slice(0, index)].reverse().find((b): b is BuildStep => b.kind === 'build' && b.tags.some((t) => imageKey(t) === image));
  const model = build ? dockerfileOf(build) : null;
  const stage = model && build && (build.target ? model.stages.find((st) => st.name === build.target) : model.stages[model.stages.length - 1]);
  if (!model || !stage) return null;
  const entrypointValue = s.producer.run.entrypoint;
  const entrypoint = entrypointValue ? asLiteral(entrypointValue) : undefined;
  if (entrypoint === null) return null;
  const cmd = imageCommand(imageDefaults(model, stage), [], entrypoint);
  if (!cmd.ok) return null;
  if (cmd.shellText === null) return cmd.argv;
  const text = cmd.shellText.trim();
  return PLAIN_SHELL_TEXT.test(text) ? text.split(/\s+/) : null;
}

/** The image's own command of every stream of the glue that names none, where it is known. */
export function streamCommandsOf(steps: readonly GlueStep[], dockerfileOf: (b: BuildStep) => DockerfileModel | null): Map<GlueStep, string[]> {
  const out = new Map<GlueStep, string[]>();
  steps.forEach((s, i) => {
    const argv = streamedImageCommand(steps, i, dockerfileOf);
    if (argv) out.set(s, argv);
  });
  return out;
}
