/**
 * A host directory in the same canonical form as an image snapshot, for export-only glue:
 * there the result is a folder of files (written by docker cp before, by `docker build
 * --output` after), not an image.
 */
import { createHash } from 'node:crypto';
import { lstatSync, readFileSync, readdirSync, readlinkSync } from 'node:fs';
import { join } from 'node:path';
import type { FileEntry, ImageSnapshot } from './image-snapshot';

export function snapshotDirectory(root: string): ImageSnapshot {
  const entries: FileEntry[] = [];
  const inodes = new Map<string, string[]>();
  const walk = (rel: string): void => {
    for (const name of readdirSync(join(root, rel)).sort()) {
      const path = rel ? `${rel}/${name}` : name;
      const st = lstatSync(join(root, path));
      const base = { path, mode: (st.mode & 0o7777).toString(8).padStart(4, '0'), uid: st.uid, gid: st.gid, device: null, hardlinkedWith: [] as string[], xattrs: {} };
      if (st.isSymbolicLink()) entries.push({ ...base, type: 'symlink', size: 0, linkTarget: readlinkSync(join(root, path)), sha256: null });
      else if (st.isDirectory()) {
        entries.push({ ...base, type: 'dir', size: 0, linkTarget: null, sha256: null });
        walk(path);
      } else if (st.isFile()) {
        if (st.nlink > 1) inodes.set(`${st.dev}:${st.ino}`, [...(inodes.get(`${st.dev}:${st.ino}`) ?? []), path]);
        entries.push({ ...base, type: 'file', size: st.size, linkTarget: null, sha256: createHash('sha256').update(readFileSync(join(root, path))).digest('hex') });
      }
    }
  };
  walk('');
  for (const group of inodes.values()) {
    for (const e of entries) if (group.includes(e.path)) e.hardlinkedWith = group.filter((p) => p !== e.path);
  }
  return { imageRef: root, imageId: '', entries, engineDirs: [], config: {} as ImageSnapshot['config'] };
}
