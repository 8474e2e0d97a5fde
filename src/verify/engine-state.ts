/**
 * The user's images, tags and containers around a verify run: recorded before, protected
 * during, put back after. Verify only undoes what the docker wrapper saw the glue do (the
 * engine may be shared: a tag another process makes meanwhile is not ours to remove), and
 * reports every other change it notices instead of touching it.
 */
import type { DockerCli } from './docker-client';
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
 * when `buildsStopped` (a run was stopped midway), waits for its build to end in the daemon;
 * removes the containers the runs made; points every tag the runs wrote or removed back at its
 * old image, or untags it when it is new; removes the untagged images the runs built (their
 * untagged parents go with them); removes the keep tags. Never deletes an image that existed
 * before. Returns a warning for everything it could not undo and for every tag or container
 * that changed without a recorded cause (left alone).
 */
export async function restoreEngine(
  cli: DockerCli,
  before: EngineState,
  runs: readonly RunEffects[],
  keepTags: readonly string[],
  buildsStopped: boolean,
): Promise<string[]> {
  const warnings = buildsStopped ? await waitForStoppedBuilds(cli, before, runs) : [];
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
  for (const id of await untaggedRunImages(cli, before, runs)) await attempt(['rmi', id], `could not remove image ${shortId(id)}`);
  await Promise.all(
    keepTags.map(async (keep) => {
      const image = await inspectImage(cli, keep);
      if (image?.tags.length === 1) {
        warnings.push(`left ${keep} on ${shortId(image.id)}: its other tags were removed by something verify did not record, and removing this last one would delete the image`);
      } else if (image) {
        await attempt(['rmi', keep], `could not remove the protective tag ${keep}`);
      }
    }),
  );
  warnings.push(...describeDrift(before, await recordEngineState(cli)));
  return warnings;
}

/** How long restoreEngine waits at most for stopped builds to end in the daemon, and how often it looks. */
const SETTLE_LIMIT_MS = 60_000;
const SETTLE_POLL_MS = 1_000;

/**
 * Waits until the builds whose client was stopped (timeout, signal) have ended in the daemon:
 * a classic build goes on with the step it was running and commits it, an image whose id
 * nothing prints, so it is only found as the child of one the runs made, and only while that
 * parent is still there. Ended: no container runs from one of the runs' images, and their
 * images stayed the same for one poll. Returns a warning when the limit passes first.
 */
async function waitForStoppedBuilds(cli: DockerCli, before: EngineState, runs: readonly RunEffects[]): Promise<string[]> {
  const deadline = Date.now() + SETTLE_LIMIT_MS;
  let previous: string | null = null;
  while (Date.now() < deadline) {
    const images = (await runImageTree(cli, before, runs)).map((image) => image.id);
    const containers = await cli.run(['ps', '--all', '--no-trunc', '--format', '{{.Image}}'], { check: true });
    const busy = lines(containers.stdout).some((image) => images.includes(image));
    const current = images.join(' ');
    if (!busy && current === previous) return [];
    previous = current;
    await new Promise((resolve) => setTimeout(resolve, SETTLE_POLL_MS));
  }
  return [`builds stopped midway still ran after ${SETTLE_LIMIT_MS / 1000} s; an image they commit later stays behind, untagged`];
}

/** The images the runs built that are untagged now, children before parents. */
async function untaggedRunImages(cli: DockerCli, before: EngineState, runs: readonly RunEffects[]): Promise<string[]> {
  return (await runImageTree(cli, before, runs)).filter((image) => !image.tagged).map((image) => image.id);
}

/** An image as runImageTree sees it. */
export interface TreeImage {
  id: string;
  /** Image id of the parent; empty when it has none. */
  parent: string;
  tagged: boolean;
}

/** The images the runs made that are on the engine now, with their new descendants (see waitForStoppedBuilds). */
async function runImageTree(cli: DockerCli, before: EngineState, runs: readonly RunEffects[]): Promise<TreeImage[]> {
  const known = unique(runs.flatMap((run) => run.images)).filter((id) => !existedBefore(before, id));
  if (known.length === 0) return [];
  const listed = await cli.run(['images', '--all', '--quiet', '--no-trunc'], { check: true });
  const fresh = unique(lines(listed.stdout)).filter((id) => !before.imageIds.has(id));
  if (fresh.length === 0) return [];
  // One call for all; an image removed meanwhile only makes it exit 1 after printing the others.
  const inspected = await cli.run(['image', 'inspect', '--format', '{{.Id}} {{.Parent}} {{len .RepoTags}}', ...fresh]);
  const images = lines(inspected.stdout).map((line) => {
    const [id, parent, tags] = line.split(' ');
    // An image without a parent prints an empty field: `id  0`.
    return { id, parent, tagged: tags !== '0' };
  });
  return descendantsFirst(images, known);
}

/**
 * The images among `images` that `known` names (full ids or their first 12 digits), and their
 * descendants among `images`; every image before its parent.
 */
export function descendantsFirst(images: readonly TreeImage[], known: readonly string[]): TreeImage[] {
  const digits = known.map((id) => id.replace(/^sha256:/, ''));
  const depth = new Map<string, number>();
  for (const image of images) if (digits.some((prefix) => image.id.replace(/^sha256:/, '').startsWith(prefix))) depth.set(image.id, 0);
  for (let grew = true; grew; ) {
    grew = false;
    for (const image of images) {
      const parentDepth = depth.get(image.parent);
      if (parentDepth !== undefined && (depth.get(image.id) ?? -1) <= parentDepth) {
        depth.set(image.id, parentDepth + 1);
        grew = true;
      }
    }
  }
  return images.filter((image) => depth.has(image.id)).sort((a, b) => depth.get(b.id)! - depth.get(a.id)!);
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
