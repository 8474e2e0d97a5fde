import type { ConfigKey, EntryType, FileEntry, ImageSnapshot } from './image-snapshot';

/** Which of the two images verify builds. */
export type Side = 'legacy' | 'migrated';

/** Entry attributes that are compared, in the order their differences are listed for one path. */
const ATTRIBUTES = ['type', 'mode', 'uid', 'gid', 'size', 'sha256', 'linkTarget', 'device', 'hardlinkedWith', 'xattrs'] as const;

export type EntryAttribute = (typeof ATTRIBUTES)[number];

/** Attributes that only mean something for one type; not compared when the types differ. */
const TYPE_SPECIFIC: ReadonlySet<EntryAttribute> = new Set(['size', 'sha256', 'linkTarget', 'device']);

/**
 * One way the migrated image differs from the legacy one.
 * - `missing`: a path only one image has. Paths below a directory that is missing are not
 *   listed one by one; `entriesBelow` counts them (0: none).
 * - `entry`: both images have the path and one attribute differs; `legacy`/`migrated` are the
 *   FileEntry values (null where FileEntry says null).
 * - `config`: a Config value differs; null means absent or empty (see ImageConfig).
 */
export type ImageDifference =
  | { kind: 'missing'; path: string; onlyIn: Side; type: EntryType; entriesBelow: number }
  | {
      kind: 'entry';
      path: string;
      attribute: EntryAttribute;
      legacy: FileEntry[EntryAttribute];
      migrated: FileEntry[EntryAttribute];
    }
  | { kind: 'config'; key: ConfigKey; legacy: unknown; migrated: unknown };

/**
 * Compares two snapshots. Returns every difference: file differences sorted by path (code
 * unit order), attributes of one path in a fixed order, then config differences sorted by key.
 * Empty means the images are equal in everything a snapshot holds.
 */
export function compareSnapshots(legacy: ImageSnapshot, migrated: ImageSnapshot): ImageDifference[] {
  return [...compareEntries(legacy, migrated), ...compareConfig(legacy, migrated)];
}

function compareEntries(legacy: ImageSnapshot, migrated: ImageSnapshot): ImageDifference[] {
  const legacyByPath = byPath(legacy);
  const migratedByPath = byPath(migrated);
  const paths = [...new Set([...legacy.entries, ...migrated.entries].map((entry) => entry.path))].sort(byCodeUnits);
  const differences: ImageDifference[] = [];
  const missingDirs = new Map<string, Extract<ImageDifference, { kind: 'missing' }>>();
  for (const path of paths) {
    const before = legacyByPath.get(path);
    const after = migratedByPath.get(path);
    if (before && after) {
      differences.push(...compareEntry(before, after));
      continue;
    }
    const onlyIn: Side = before ? 'legacy' : 'migrated';
    const missingAncestor = ancestors(path)
      .map((dir) => missingDirs.get(dir))
      .find((found) => found?.onlyIn === onlyIn);
    if (missingAncestor) {
      missingAncestor.entriesBelow += 1;
      continue;
    }
    const entry = (before ?? after)!;
    const difference = { kind: 'missing' as const, path, onlyIn, type: entry.type, entriesBelow: 0 };
    if (entry.type === 'dir') missingDirs.set(path, difference);
    differences.push(difference);
  }
  return differences;
}

/** Entries by path, engineDirs included: an image whose `proc` is the engine's default still has a `proc` to compare with. */
function byPath(snapshot: ImageSnapshot): Map<string, FileEntry> {
  return new Map([...snapshot.engineDirs, ...snapshot.entries].map((entry) => [entry.path, entry]));
}

function compareEntry(legacy: FileEntry, migrated: FileEntry): ImageDifference[] {
  const sameType = legacy.type === migrated.type;
  return ATTRIBUTES.filter((attribute) => sameType || !TYPE_SPECIFIC.has(attribute))
    .filter((attribute) => canonical(legacy[attribute]) !== canonical(migrated[attribute]))
    .map((attribute) => ({
      kind: 'entry' as const,
      path: legacy.path,
      attribute,
      legacy: legacy[attribute],
      migrated: migrated[attribute],
    }));
}

function compareConfig(legacy: ImageSnapshot, migrated: ImageSnapshot): ImageDifference[] {
  const keys = [...new Set([...Object.keys(legacy.config), ...Object.keys(migrated.config)])] as ConfigKey[];
  return keys
    .sort(byCodeUnits)
    .filter((key) => canonical(legacy.config[key] ?? null) !== canonical(migrated.config[key] ?? null))
    .map((key) => ({
      kind: 'config' as const,
      key,
      legacy: legacy.config[key] ?? null,
      migrated: migrated.config[key] ?? null,
    }));
}

/** One line naming the path (or config key), what differs, and both values, legacy first. */
export function describeDifference(difference: ImageDifference): string {
  switch (difference.kind) {
    case 'missing': {
      const count = difference.entriesBelow;
      const below = count === 0 ? '' : ` (with ${count} ${count === 1 ? 'entry' : 'entries'} below)`;
      return `${difference.path}: only in ${difference.onlyIn}${below}`;
    }
    case 'entry': {
      const { attribute, legacy, migrated } = difference;
      return `${difference.path}: ${ATTRIBUTE_LABELS[attribute]} ${show(legacy)} != ${show(migrated)}`;
    }
    case 'config':
      return `config ${difference.key}: ${canonical(difference.legacy)} != ${canonical(difference.migrated)}`;
  }
}

const ATTRIBUTE_LABELS: Record<EntryAttribute, string> = {
  type: 'type',
  mode: 'mode',
  uid: 'uid',
  gid: 'gid',
  size: 'size',
  sha256: 'sha256',
  linkTarget: 'symlink target',
  device: 'device',
  hardlinkedWith: 'hardlinked with',
  xattrs: 'xattrs',
};

/** Bare words stay bare (`0755`, `file`, hashes); anything that could hide spaces or be empty is quoted as JSON. */
function show(value: unknown): string {
  if (typeof value === 'number') return String(value);
  if (typeof value === 'string' && /^[\w.,:/+-]+$/.test(value)) return value;
  return canonical(value);
}

/** JSON with object keys sorted, so equal values always give equal text. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, inner: unknown) =>
    inner && typeof inner === 'object' && !Array.isArray(inner)
      ? Object.fromEntries(Object.entries(inner).sort(([a], [b]) => byCodeUnits(a, b)))
      : inner,
  );
}

function ancestors(path: string): string[] {
  const parts = path.split('/');
  return parts.slice(1).map((_part, index) => parts.slice(0, index + 1).join('/'));
}

/** Code unit order: the same on every machine and locale, unlike localeCompare. */
export function byCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
