/**
 * Names for the stages the merged Dockerfile gains: lower-case (ST-2), valid (ST-3), unique
 * (ST-5), never equal to an untagged image a later FROM uses (ST-4, ST-6), and clear: a
 * builder's image stage is named after its tag (`myapp-builder`) or its Dockerfile.
 */
import { baseName } from '../core/paths';
import { repositoryName } from '../infer/images';
import { resolve } from '../interpret/value';
import type { BuildStep } from '../interpret/events';

export class StageNamer {
  private readonly taken: Set<string>;

  /** `reserved`: names that must not be used (runtime stages, images used in FROM, `scratch`). */
  constructor(reserved: Iterable<string>) {
    this.taken = new Set([...reserved].map((n) => n.toLowerCase()));
    this.taken.add('scratch');
  }

  /** Takes `wanted` if free, else `wanted-2`, `wanted-3`, … */
  claim(wanted: string): string {
    const base = sanitize(wanted);
    let name = base;
    for (let n = 2; this.taken.has(name); n++) name = `${base}-${n}`;
    this.taken.add(name);
    return name;
  }

  isTaken(name: string): boolean {
    return this.taken.has(name.toLowerCase());
  }
}

/** A valid stage name: starts with a letter; letters, digits, `_`, `.`, `-` only; lower case. */
export function sanitize(raw: string): string {
  let s = raw.toLowerCase().replace(/[^a-z0-9_.-]+/g, '-').replace(/^[^a-z]+/, '').replace(/-+$/, '');
  if (!s) s = 'build';
  return s.slice(0, 60);
}

/** The name a builder's image stage should get when its Dockerfile gives none. */
export function builderStageName(build: BuildStep, builderCount: number): string {
  // A name only: the default of an unset variable (`${IMAGE:-app}-builder`) is good enough here.
  const tag = build.tags.map((t) => resolve(t)?.text ?? null).find((t): t is string => t !== null && t !== '' && !t.includes('\u0000'));
  if (tag) return repositoryName(tag);
  if (builderCount === 1) return 'build';
  const file = baseName(build.dockerfile);
  const suffix = /^Dockerfile[._-](.+)$/i.exec(file)?.[1] ?? /^(.+?)[._-]?Dockerfile$/i.exec(file)?.[1] ?? '';
  const dir = baseName(build.context) || baseName(build.dockerfile.split('/').slice(0, -1).join('/'));
  return [dir, suffix].filter(Boolean).join('-') || 'build';
}
