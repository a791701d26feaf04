/**
 * Deterministic randomness for the demo generator: a seeded sfc32 generator (no Math.random),
 * integer hashing for position-keyed values, and smooth value noise for terrain-like fields.
 * The same seed always gives the same sequence on every platform.
 *
 * @example
 * ```ts
 * const rng = new Rng(20241231).fork("900101");
 * rng.next(); // a number in [0, 1)
 * const n = new ValueNoise(7, 1500); n.fbm(38500000, 3450000, 4); // smooth, in [0, 1]
 * ```
 * @module
 */

/** 32-bit integer hash of a list of integers (murmur3-style finaliser over a running mix). */
export function hash32(...values: number[]): number {
  let h = 0x9e3779b9 ^ values.length;
  for (const v of values) h = mix(h, v);
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** {@link hash32} of exactly four integers, without the rest-parameter array (hot path of noise). */
export function hash4(a: number, b: number, c: number, d: number): number {
  let h = 0x9e3779b9 ^ 4;
  h = mix(h, a);
  h = mix(h, b);
  h = mix(h, c);
  h = mix(h, d);
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

function mix(h: number, v: number): number {
  let k = Math.imul((v | 0) ^ Math.floor(v / 4294967296), 0xcc9e2d51);
  k = (k << 15) | (k >>> 17);
  k = Math.imul(k, 0x1b873593);
  h ^= k;
  h = (h << 13) | (h >>> 19);
  return (Math.imul(h, 5) + 0xe6546b64) | 0;
}

/** A hash of integers mapped to [0, 1). */
export function hashUnit(...values: number[]): number {
  return hash32(...values) / 4294967296;
}

/** A 32-bit hash of a text (FNV-1a over UTF-16 code units). */
export function hashText(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** A seeded sfc32 pseudo-random generator. */
export class Rng {
  #a: number;
  #b: number;
  #c: number;
  #d: number;
  /** The seed this generator was made from. */
  readonly seed: number;

  /** Creates a generator; equal seeds give equal sequences. */
  constructor(seed: number) {
    this.seed = seed >>> 0;
    this.#a = hash32(seed, 1);
    this.#b = hash32(seed, 2);
    this.#c = hash32(seed, 3);
    this.#d = 1;
    for (let i = 0; i < 12; i++) this.nextUint32();
  }

  /** The next 32-bit unsigned integer. */
  nextUint32(): number {
    const t = (((this.#a + this.#b) | 0) + this.#d) | 0;
    this.#d = (this.#d + 1) | 0;
    this.#a = this.#b ^ (this.#b >>> 9);
    this.#b = (this.#c + (this.#c << 3)) | 0;
    this.#c = (this.#c << 21) | (this.#c >>> 11);
    this.#c = (this.#c + t) | 0;
    return t >>> 0;
  }

  /** A number in [0, 1). */
  next(): number {
    return this.nextUint32() / 4294967296;
  }

  /** A number in [lo, hi). */
  range(lo: number, hi: number): number {
    return lo + (hi - lo) * this.next();
  }

  /** An integer in [lo, hi] (both inclusive). */
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.next() * (hi - lo + 1));
  }

  /** True with probability p. */
  chance(p: number): boolean {
    return this.next() < p;
  }

  /** One element of a non-empty array. */
  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)];
  }

  /** One key chosen by weight from a record of weights (weights ≥ 0, not all zero). */
  weighted<K extends string>(weights: Readonly<Record<K, number>>): K {
    const keys = Object.keys(weights) as K[];
    let total = 0;
    for (const k of keys) total += weights[k];
    let x = this.next() * total;
    for (const k of keys) {
      x -= weights[k];
      if (x < 0) return k;
    }
    return keys[keys.length - 1];
  }

  /** A standard normal deviate (Box–Muller). */
  normal(): number {
    const u = 1 - this.next(), v = this.next();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }

  /** Shuffles an array in place (Fisher–Yates) and returns it. */
  shuffle<T>(items: T[]): T[] {
    for (let i = items.length - 1; i > 0; i--) {
      const j = Math.floor(this.next() * (i + 1));
      const t = items[i];
      items[i] = items[j];
      items[j] = t;
    }
    return items;
  }

  /** An independent generator for a named sub-task, fixed by this seed and the label. */
  fork(label: string | number): Rng {
    return new Rng(hash32(this.seed, typeof label === "number" ? label : hashText(label)));
  }
}

function smooth(t: number): number {
  return t * t * t * (t * (t * 6 - 15) + 10);
}

/** Smooth 2-D value noise on a square lattice of a given wavelength (metres). */
export class ValueNoise {
  readonly #seed: number;
  readonly #wavelength: number;

  /** Noise keyed by `seed` with lattice spacing `wavelength`. */
  constructor(seed: number, wavelength: number) {
    this.#seed = seed >>> 0;
    this.#wavelength = wavelength;
  }

  #lattice(ix: number, iy: number, octave: number): number {
    return hash4(this.#seed, ix, iy, octave) / 4294967296;
  }

  /** One octave at (x, y), in [0, 1]. */
  at(x: number, y: number, octave: number = 0, scale: number = 1): number {
    const fx = x / (this.#wavelength * scale), fy = y / (this.#wavelength * scale);
    const ix = Math.floor(fx), iy = Math.floor(fy);
    const tx = smooth(fx - ix), ty = smooth(fy - iy);
    const a = this.#lattice(ix, iy, octave), b = this.#lattice(ix + 1, iy, octave);
    const c = this.#lattice(ix, iy + 1, octave), d = this.#lattice(ix + 1, iy + 1, octave);
    return (a + (b - a) * tx) + ((c + (d - c) * tx) - (a + (b - a) * tx)) * ty;
  }

  /** Fractal sum of `octaves` octaves (each half the wavelength, half the weight), in [0, 1]. */
  fbm(x: number, y: number, octaves: number = 3): number {
    let sum = 0, weight = 1, total = 0, scale = 1;
    for (let o = 0; o < octaves; o++) {
      sum += weight * this.at(x, y, o, scale);
      total += weight;
      weight *= 0.5;
      scale *= 0.5;
    }
    return sum / total;
  }
}
