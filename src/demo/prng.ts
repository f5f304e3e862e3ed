/** A small seeded PRNG (mulberry32) and the draws the demo needs; never Math.random. */
export interface Rng {
  /** Uniform in [0, 1). */
  next(): number;
  /** Integer in [min, max], both included. */
  int(min: number, max: number): number;
  pick<T>(items: readonly T[]): T;
  /** Picks by weight (weights need not sum to 1). */
  weighted<T>(items: readonly (readonly [T, number])[]): T;
  /** A string of `n` random decimal digits. */
  digits(n: number): string;
  /** A string of `n` random uppercase letters and digits. */
  alnum(n: number): string;
  /** A Poisson-distributed count with the given mean (Knuth; means here are small). */
  poisson(mean: number): number;
  /** exp-skewed value in [min, max]: log-uniform with `skew` > 1 pushing towards `min`. */
  skewed(min: number, max: number, skew: number): number;
}

const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

export function mulberry32(seed: number): Rng {
  let state = seed >>> 0;
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
  const int = (min: number, max: number) => min + Math.floor(next() * (max - min + 1));
  return {
    next,
    int,
    pick: <T>(items: readonly T[]): T => {
      if (items.length === 0) throw new RangeError('pick from an empty list');
      return items[int(0, items.length - 1)] as T;
    },
    weighted: <T>(items: readonly (readonly [T, number])[]): T => {
      const total = items.reduce((s, [, w]) => s + w, 0);
      let r = next() * total;
      for (const [item, w] of items) {
        r -= w;
        if (r < 0) return item;
      }
      const last = items[items.length - 1];
      if (last === undefined) throw new RangeError('weighted pick from an empty list');
      return last[0];
    },
    digits: (n) => Array.from({ length: n }, () => String(int(0, 9))).join(''),
    alnum: (n) => Array.from({ length: n }, () => ALNUM[int(0, ALNUM.length - 1)]).join(''),
    poisson: (mean) => {
      const limit = Math.exp(-mean);
      let k = 0;
      for (let p = next(); p > limit; p *= next()) k += 1;
      return k;
    },
    skewed: (min, max, skew) => Math.round(Math.exp(Math.log(min) + (Math.log(max) - Math.log(min)) * next() ** skew)),
  };
}
