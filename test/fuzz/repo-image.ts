/**
 * A repository held in memory for the fuzzer: files (bytes and mode), directories and
 * links, read from a sample, mutated, written to a temporary folder, and pictured byte for
 * byte to tell what a run changed.
 */
import { chmodSync, lstatSync, mkdirSync, readFileSync, readdirSync, readlinkSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { snapshot } from '../helpers/tree-snapshot';

export type Entry = { kind: 'file'; data: Buffer; mode: number } | { kind: 'dir' } | { kind: 'link'; target: string };

/** Repository-relative path → entry; parents of files are implied. */
export type RepoImage = Map<string, Entry>;

export function readImage(dir: string): RepoImage {
  const out: RepoImage = new Map();
  const walk = (rel: string): void => {
    for (const name of readdirSync(join(dir, rel)).sort()) {
      const p = rel ? `${rel}/${name}` : name;
      const st = lstatSync(join(dir, p));
      if (st.isSymbolicLink()) out.set(p, { kind: 'link', target: readlinkSync(join(dir, p)) });
      else if (st.isDirectory()) {
        out.set(p, { kind: 'dir' });
        walk(p);
      } else out.set(p, { kind: 'file', data: readFileSync(join(dir, p)), mode: st.mode & 0o777 });
    }
  };
  walk('');
  return out;
}

/** Writes the image below `dir` (which must exist); `{outside}` in a link target becomes `outside`. */
export function writeImage(image: RepoImage, dir: string, outside: string): void {
  const paths = [...image.keys()].sort();
  for (const p of paths) {
    const e = image.get(p) as Entry;
    const target = join(dir, p);
    mkdirSync(dirname(target), { recursive: true });
    if (e.kind === 'dir') mkdirSync(target, { recursive: true });
    else if (e.kind === 'link') symlinkSync(e.target.replace('{outside}', outside), target);
    else {
      writeFileSync(target, e.data);
      chmodSync(target, e.mode);
    }
  }
}

/** Text files of the image (valid UTF-8 or not), by path. */
export function filePaths(image: RepoImage): string[] {
  return [...image.entries()].filter(([, e]) => e.kind === 'file').map(([p]) => p);
}

export function cloneImage(image: RepoImage): RepoImage {
  return new Map([...image.entries()].map(([p, e]) => [p, e.kind === 'file' ? { ...e, data: Buffer.from(e.data) } : { ...e }]));
}

/** Every entry below `dir`, byte for byte (the tests' tree snapshot). */
export const picture = snapshot;

/** Paths whose entries differ between two pictures. */
export function changedPaths(before: Map<string, string>, after: Map<string, string>): string[] {
  const all = new Set([...before.keys(), ...after.keys()]);
  return [...all].filter((p) => before.get(p) !== after.get(p)).sort();
}
