/**
 * Seeded choices for the differential fuzzer. Every choice is named, so a case is fully told by
 * its seed plus the choices forced on it (what shrinking does): `pick` always draws from the
 * generator, then returns the forced value when there is one, so forcing one choice leaves the
 * others where they were.
 */

/** Choices forced on a case: choice name → value (the first option of that choice, when shrinking). */
export type Forced = Readonly<Record<string, string | boolean>>;

/** One choice made for a case: the value taken and the options it was taken from (simplest first). */
export interface Choice {
  name: string;
  value: string | boolean;
  options: readonly (string | boolean)[];
}

export class Picker {
  private state: number;
  readonly choices: Choice[] = [];

  constructor(
    readonly seed: number,
    private readonly forced: Forced = {},
  ) {
    this.state = mix(seed);
  }

  /** One of `options` (simplest first), named `name` in the shape summary and for shrinking. */
  pick<T extends string>(name: string, options: readonly T[]): T {
    const drawn = options[Math.floor(this.next() * options.length)];
    const force = this.forced[name];
    const value = typeof force === 'string' && (options as readonly string[]).includes(force) ? (force as T) : drawn;
    this.record(name, value, options);
    return value;
  }

  /** True with probability `p`; false is the simpler answer. */
  chance(name: string, p: number): boolean {
    const drawn = this.next() < p;
    const force = this.forced[name];
    const value = typeof force === 'boolean' ? force : drawn;
    this.record(name, value, [false, true]);
    return value;
  }

  private record(name: string, value: string | boolean, options: readonly (string | boolean)[]): void {
    if (this.choices.some((c) => c.name === name)) throw new Error(`fuzz generator: choice ${name} made twice`);
    this.choices.push({ name, value, options });
  }

  /** mulberry32: small, fast and the same on every platform. */
  private next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
}

/** murmur3's finaliser: neighbouring seeds start far apart. */
function mix(seed: number): number {
  let h = seed >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}
