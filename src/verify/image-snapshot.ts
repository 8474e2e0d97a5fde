import { createHash } from 'node:crypto';
import type { Readable } from 'node:stream';
import { extract, type Header } from 'tar-stream';
import { checkResult, type DockerCli } from './docker-client';
import { byCodeUnits } from './image-compare';

/** What an entry of the image's file system is; hardlinks are resolved to their target's type. */
export type EntryType = 'file' | 'dir' | 'symlink' | 'char-device' | 'block-device' | 'fifo';

/** One path of an image's file system as `docker export` shows it (mtimes left out on purpose). */
export interface FileEntry {
  /** Relative to `/`: no leading `./` or `/`, no trailing `/`. */
  path: string;
  type: EntryType;
  /** Four octal digits, setuid/setgid/sticky first: `0755`, `4755`, `1777`. */
  mode: string;
  uid: number;
  gid: number;
  /** Bytes of content for files; 0 for every other type. */
  size: number;
  /** Where a symlink points, verbatim; null for every other type. */
  linkTarget: string | null;
  /** Hex sha256 of a file's content; null for every other type. */
  sha256: string | null;
  /** `major,minor` of a char or block device; null for every other type. */
  device: string | null;
  /** The other paths of this entry's hardlink group, sorted; empty when it has no other name. */
  hardlinkedWith: string[];
  /**
   * Extended attributes (docker exports `security.capability`), by name; empty when none.
   * Values are the PAX record decoded as UTF-8 by tar-stream, so bytes that are not valid
   * UTF-8 all read as U+FFFD: presence and most changes show, a few byte values compare equal.
   */
  xattrs: Record<string, string>;
}

/** The parts of an image's Config that change how a container runs. */
export const CONFIG_KEYS = [
  'Cmd',
  'Entrypoint',
  'Env',
  'WorkingDir',
  'User',
  'ExposedPorts',
  'Labels',
  'Volumes',
  'StopSignal',
  'Healthcheck',
  'OnBuild',
  'Shell',
] as const;

export type ConfigKey = (typeof CONFIG_KEYS)[number];

/**
 * Config values as `docker image inspect` gives them, except that absent and empty (`null`,
 * `""`, `[]`, `{}`) are all null: the engine treats them alike, and the two builders differ in
 * which one they write.
 */
export type ImageConfig = Record<ConfigKey, unknown>;

/** What verify compares of one image. Plain data: it can be written out as JSON. */
export interface ImageSnapshot {
  /** The reference the snapshot was asked for (tag or id). */
  imageRef: string;
  /** The image id (`sha256:…`) the reference resolved to. */
  imageId: string;
  /**
   * The image's file system, sorted by path (code unit order). Left out: `.dockerenv`,
   * `etc/hosts`, `etc/hostname`, `etc/resolv.conf`, `etc/mtab`, `dev/console` (the engine
   * writes its own over the image's), and `dev`, `dev/pts`, `dev/shm`, `proc`, `sys`, `etc`
   * when they are plain 0755 0:0 directories with nothing kept below (see engineDirs).
   */
  entries: FileEntry[];
  /**
   * The directories left out of `entries` because the engine would have made them just so;
   * compareSnapshots uses them when only the other image has the path, with other metadata.
   * Empty when none was left out.
   */
  engineDirs: FileEntry[];
  config: ImageConfig;
}

/**
 * Files the engine writes into every container it creates, over whatever the image holds there
 * (observed on docker 20.10: an image's own `/etc/hosts` or `/.dockerenv` comes out empty, 0755,
 * 0:0; its `/etc/mtab` comes out a symlink to `/proc/mounts`).
 */
const CREATE_FILES = ['.dockerenv', 'etc/hosts', 'etc/hostname', 'etc/resolv.conf', 'etc/mtab', 'dev/console'];

/**
 * Directories the engine makes (0755, 0:0) when the image lacks them; an image's own directory
 * there keeps its mode and owner. Children before parents.
 */
const CREATE_DIRS = ['dev/pts', 'dev/shm', 'dev', 'proc', 'sys', 'etc'];

/**
 * Snapshots an image: `docker image inspect` for the config, then `docker create` (never
 * started) and a streamed `docker export` of that container, which is removed afterwards with
 * its anonymous volumes. Never pulls. Rejects with DockerCommandError when a docker command
 * fails (a missing image included), and with an Error when the export cannot be read.
 */
export async function snapshotImage(cli: DockerCli, imageRef: string): Promise<ImageSnapshot> {
  const inspected = await cli.run(['image', 'inspect', imageRef], { check: true });
  const image = (JSON.parse(inspected.stdout) as Array<{ Id: string; Config: Record<string, unknown> | null }>)[0];
  // An image without CMD or ENTRYPOINT cannot be created without a command; it never runs.
  const created = await cli.run(['create', '--pull=never', imageRef, 'never-started'], { check: true });
  const containerId = created.stdout.trim().split('\n').pop()!;
  const remove = ['rm', '--force', '--volumes', containerId];
  let files: FileEntry[];
  try {
    files = await exportEntries(cli, containerId);
  } catch (err) {
    // The export's error says more than a failed clean-up would.
    await cli.run(remove);
    throw err;
  }
  await cli.run(remove, { check: true });
  return { imageRef, imageId: image.Id, ...splitDockerCreateEntries(files), config: readConfig(image.Config ?? {}) };
}

async function exportEntries(cli: DockerCli, containerId: string): Promise<FileEntry[]> {
  const exported = cli.stream(['export', containerId]);
  let entries: FileEntry[];
  try {
    entries = await readArchive(exported.stdout);
  } catch (err) {
    exported.stdout.destroy();
    const result = await exported.done;
    const said = result.code === 0 ? '' : `; docker export exited with ${result.code}: ${result.stderr.trim()}`;
    throw new Error(`reading the export of container ${containerId} failed: ${(err as Error).message}${said}`, {
      cause: err,
    });
  }
  checkResult(await exported.done);
  return entries;
}

/** Reads a tar stream into entries, hashing file contents as they pass; sorted by path. */
async function readArchive(tar: Readable): Promise<FileEntry[]> {
  const reader = extract();
  tar.on('error', (err) => reader.destroy(err));
  tar.pipe(reader);
  const byPath = new Map<string, FileEntry>();
  const groups = new Map<string, string[]>();
  for await (const item of reader) {
    const header = item.header;
    const path = normalizePath(header.name);
    if (header.type === 'link') {
      const target = normalizePath(header.linkname);
      const first = byPath.get(target);
      if (!first) throw new Error(`hardlink ${path} points to ${target}, which is not earlier in the archive`);
      item.resume();
      // One inode: the link shares its target's type, metadata and content.
      byPath.set(path, { ...first, path });
      const group = groups.get(target) ?? [target];
      group.push(path);
      for (const member of group) groups.set(member, group);
      continue;
    }
    let sha256: string | null = null;
    if (header.type === 'file' || header.type === 'contiguous-file') {
      const hash = createHash('sha256');
      for await (const chunk of item) hash.update(chunk as Uint8Array);
      sha256 = hash.digest('hex');
    } else {
      item.resume();
    }
    byPath.set(path, entryFromHeader(path, header, sha256));
  }
  for (const [path, group] of groups) {
    byPath.get(path)!.hardlinkedWith = group.filter((member) => member !== path).sort(byCodeUnits);
  }
  return [...byPath.values()].sort((a, b) => byCodeUnits(a.path, b.path));
}

function entryFromHeader(path: string, header: Header, sha256: string | null): FileEntry {
  const type = entryType(header, path);
  const isDevice = type === 'char-device' || type === 'block-device';
  return {
    path,
    type,
    mode: (header.mode & 0o7777).toString(8).padStart(4, '0'),
    uid: header.uid,
    gid: header.gid,
    size: type === 'file' ? header.size : 0,
    linkTarget: type === 'symlink' ? header.linkname : null,
    sha256,
    device: isDevice ? `${header.devmajor},${header.devminor}` : null,
    hardlinkedWith: [],
    xattrs: readXattrs(header.pax),
  };
}

function entryType(header: Header, path: string): EntryType {
  switch (header.type) {
    case 'file':
    case 'contiguous-file':
      return 'file';
    case 'directory':
      return 'dir';
    case 'symlink':
      return 'symlink';
    case 'character-device':
      return 'char-device';
    case 'block-device':
      return 'block-device';
    case 'fifo':
      return 'fifo';
    default:
      // Comparing an entry we cannot read could call two different images equal.
      throw new Error(`${path}: tar entry type ${String(header.type)} is not supported`);
  }
}

const XATTR_PREFIX = 'SCHILY.xattr.';

function readXattrs(pax: unknown): Record<string, string> {
  const xattrs: Record<string, string> = {};
  for (const [key, value] of Object.entries((pax ?? {}) as Record<string, string>)) {
    if (key.startsWith(XATTR_PREFIX)) xattrs[key.slice(XATTR_PREFIX.length)] = value;
  }
  return xattrs;
}

/**
 * Splits off what `docker create` adds to every container, so that `entries` shows the image:
 * the CREATE_FILES always (they hold the engine's file whatever the image had there), and each
 * of the CREATE_DIRS when it is exactly what the engine makes (dir 0755 0:0) and nothing under
 * it is kept. Such a directory tells nothing about the image: the engine makes the same one
 * whenever the image lacks it. A directory the image made different (`proc` 0555, `etc` 0700)
 * or that holds image files stays in `entries`. Anything else under `dev` is image content.
 * Not split off: the WorkingDir that `docker create` makes when missing (0755 0:0); it is the
 * same in both images whenever their WorkingDir is.
 */
function splitDockerCreateEntries(all: FileEntry[]): { entries: FileEntry[]; engineDirs: FileEntry[] } {
  let entries = all.filter((entry) => !CREATE_FILES.includes(entry.path));
  const engineDirs: FileEntry[] = [];
  for (const dir of CREATE_DIRS) {
    const entry = entries.find((candidate) => candidate.path === dir);
    if (!entry || !isEngineDefaultDir(entry)) continue;
    if (entries.some((other) => other.path.startsWith(`${dir}/`))) continue;
    entries = entries.filter((other) => other !== entry);
    engineDirs.push(entry);
  }
  return { entries, engineDirs: engineDirs.sort((a, b) => byCodeUnits(a.path, b.path)) };
}

function isEngineDefaultDir(entry: FileEntry): boolean {
  return entry.type === 'dir' && entry.mode === '0755' && entry.uid === 0 && entry.gid === 0;
}

function readConfig(config: Record<string, unknown>): ImageConfig {
  const result = {} as ImageConfig;
  for (const key of CONFIG_KEYS) result[key] = isEmpty(config[key]) ? null : config[key];
  return result;
}

function isEmpty(value: unknown): boolean {
  if (value === undefined || value === null || value === '') return true;
  if (Array.isArray(value)) return value.length === 0;
  return typeof value === 'object' && Object.keys(value).length === 0;
}

function normalizePath(name: string): string {
  const path = name.replace(/^(\.?\/)+/, '').replace(/\/+$/, '');
  return path === '' || path === '.' ? '.' : path;
}
