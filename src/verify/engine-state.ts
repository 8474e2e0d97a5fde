/**
 * The user's images, tags and containers around a verify run: recorded before, protected
 * during, put back after. Verify only undoes what the docker wrapper saw the glue do (the
 * engine may be shared: a tag another process makes meanwhile is not ours to remove), and
 * reports every other change it notices instead of touching it.
 */
import type { DockerCli } from './docker-cli';
import type { RunEffects } from './glue-runner';

/** Repository of the temporary tags that protect the user's images; never counted as the user's. */
export const KEEP_REPOSITORY = 'multistage-migrate-verify-keep';

/** What the engine held at one moment. */
export interface EngineState {
  /** Tag (`repository:tag`, as `docker images` spells it) → image id (`sha256:…`). */
  tags: Map<string, string>;
  /** Every image id, intermediate images included. */
  imageIds: Set<string>;
  /** Every container id. */
  containers: Set<string>;
}

/** Records the engine's tags, images and containers. Rejects with DockerCommandError when docker fails. */
export async function recordEngineState(cli: DockerCli): Promise<EngineState> {
  const [listing, images, containers] = await Promise.all([
    cli.run(['images', '--no-trunc', '--format', '{{.Repository}}:{{.Tag}} {{.ID}}'], { check: true }),
    cli.run(['images', '--all', '--quiet', '--no-trunc'], { check: true }),
    cli.run(['ps', '--all', '--no-trunc', '--format', '{{.ID}}'], { check: true }),
  ]);
  return {
    tags: parseImageListing(listing.stdout),
    imageIds: new Set(lines(images.stdout)),
    containers: new Set(lines(containers.stdout)),
  };
}

/** `repo:tag id` lines → tag → id; untagged images and verify's own keep tags are left out. */
export function parseImageListing(text: string): Map<string, string> {
  const tags = new Map<string, string>();
  for (const line of lines(text)) {
    const [ref, id] = line.split(' ');
    if (!id || ref.startsWith(`${KEEP_REPOSITORY}:`) || ref.endsWith(':<none>')) continue;
    tags.set(ref, id);
  }
  return tags;
}

/**
 * Gives every tagged image one more tag, `KEEP_REPOSITORY:<token>-<short id>`, so a `docker rmi`
 * of one of its tags in the glue only untags it and restoreEngine can tag it back. (Untagged
 * images get none: removing that tag later would delete them; the wrapper's no-op prune keeps
 * them.) Returns the tags made; an image that vanished meanwhile is skipped.
 */
export async function protectImages(cli: DockerCli, state: EngineState, token: string): Promise<string[]> {
  const ids = [...new Set(state.tags.values())];
  const made = await Promise.all(
    ids.map(async (id) => {
      const keep = `${KEEP_REPOSITORY}:${token}-${shortId(id)}`;
      return (await cli.run(['tag', id, keep])).code === 0 ? keep : null;
    }),
  );
  return made.filter((tag): tag is string => tag !== null);
}

/**
 * Puts the engine back as `before` had it, as far as the runs' effects reach, in this order:
 * removes the containers the runs made; points every tag the runs wrote or removed back at its
 * old image, or untags it when it is new; removes the untagged images the runs built (their
 * untagged parents go with them); removes the keep tags. Never deletes an image that existed
 * before. Returns a warning for everything it could not undo and for every tag or container
 * that changed without a recorded cause (left alone).
 */
export async function restoreEngine(cli: DockerCli, before: EngineState, runs: readonly RunEffects[], keepTags: readonly string[]): Promise<string[]> {
  const warnings: string[] = [];
  const attempt = async (args: string[], what: string) => {
    const result = await cli.run(args);
    if (result.code !== 0 && !/no such (container|image)/i.test(result.stderr)) warnings.push(`${what}: ${firstLine(result.stderr)}`);
  };
  for (const id of unique(runs.flatMap((run) => run.containers))) {
    if (!before.containers.has(id)) await attempt(['rm', '--force', '--volumes', id], `could not remove container ${shortId(id)}`);
  }
  for (const ref of touchedTags(runs)) {
    const was = before.tags.get(ref);
    const now = await inspectImage(cli, ref);
    if (was !== undefined) {
      if (now?.id !== was) await attempt(['tag', was, ref], `could not point ${ref} back at ${shortId(was)}`);
    } else if (now && before.imageIds.has(now.id) && now.tags.length === 1) {
      warnings.push(`left the new tag ${ref} on ${shortId(now.id)}: that image existed before and removing its only tag would delete it`);
    } else if (now) {
      await attempt(['rmi', ref], `could not remove the tag ${ref}`);
    }
  }
  // Latest first: a build's image goes before the images it was built on.
  for (const id of unique(runs.flatMap((run) => run.images)).reverse()) {
    if (existedBefore(before, id)) continue;
    const now = await inspectImage(cli, id);
    if (now && now.tags.length === 0) await attempt(['rmi', id], `could not remove image ${shortId(id)}`);
  }
  for (const keep of keepTags) await attempt(['rmi', keep], `could not remove the protective tag ${keep}`);
  warnings.push(...describeDrift(before, await recordEngineState(cli)));
  return warnings;
}

/** Changes between `before` and `after` that are still there after the clean-up: not ours, or not undoable. */
export function describeDrift(before: EngineState, after: EngineState): string[] {
  const warnings: string[] = [];
  for (const [ref, id] of before.tags) {
    const now = after.tags.get(ref);
    if (now !== id) warnings.push(`tag ${ref} ${now ? `now points at ${shortId(now)}` : 'is gone'} (was ${shortId(id)}); changed by something verify did not record, left as it is`);
  }
  for (const [ref, id] of after.tags) {
    if (!before.tags.has(ref)) warnings.push(`tag ${ref} (${shortId(id)}) appeared during the run, not through the docker wrapper; left alone`);
  }
  for (const id of after.containers) {
    if (!before.containers.has(id)) warnings.push(`container ${shortId(id)} appeared during the run, not through the docker wrapper; left alone`);
  }
  return warnings;
}

/** Every tag the runs wrote or removed, normalised; image ids and digests left out. */
function touchedTags(runs: readonly RunEffects[]): string[] {
  const refs = runs.flatMap((run) => [...run.tags, ...run.removedRefs]).map(normalizeRef);
  return unique(refs.filter((ref): ref is string => ref !== null));
}

/**
 * A reference as `docker images` spells its tag: `docker.io/` and `library/` dropped, `:latest`
 * added when no tag is given. Null for image ids and digest references, which are not tags.
 */
export function normalizeRef(ref: string): string | null {
  if (ref.includes('@') || /^(sha256:)?[0-9a-f]{12,64}$/.test(ref)) return null;
  const name = ref.replace(/^(index\.)?docker\.io\//, '').replace(/^library\//, '');
  return name.slice(name.lastIndexOf('/') + 1).includes(':') ? name : `${name}:latest`;
}

/** Whether an image id (full, or the 12 digits the classic builder prints) was on the engine before. */
function existedBefore(before: EngineState, id: string): boolean {
  const digits = id.replace(/^sha256:/, '');
  for (const known of before.imageIds) if (known.replace(/^sha256:/, '').startsWith(digits)) return true;
  return false;
}

/** The image a reference names, with its tags; null when there is none. */
async function inspectImage(cli: DockerCli, ref: string): Promise<{ id: string; tags: string[] } | null> {
  const result = await cli.run(['image', 'inspect', '--format', '{{.Id}}{{range .RepoTags}} {{.}}{{end}}', ref]);
  if (result.code !== 0) return null;
  const [id, ...tags] = result.stdout.trim().split(' ');
  return { id, tags };
}

/** The 12 hex digits `docker images` shows. */
export function shortId(id: string): string {
  return id.replace(/^sha256:/, '').slice(0, 12);
}

function lines(text: string): string[] {
  return text.split('\n').map((line) => line.trim()).filter(Boolean);
}

function unique<T>(items: readonly T[]): T[] {
  return [...new Set(items)];
}

function firstLine(text: string): string {
  return text.trim().split('\n')[0] ?? '';
}
