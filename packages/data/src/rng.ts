/**
 * Seeded random numbers: xoshiro128** (Blackman & Vigna, 2018), seeded through splitmix32.
 * Why this generator: it needs only 32-bit integer ops (`Math.imul`, shifts), so it is exact and fast in
 * every JS engine (PCG32 needs 64-bit multiplies, i.e. BigInt); its 128-bit state is four numbers that
 * checkpoint as JSON; it passes BigCrush. Same seed, same sequence on every machine.
 */
export interface Rng {
  /** Next uniform integer in [0, 2^32). */
  nextUint32(): number;
  /** Next uniform double in [0, 1) with 53 random bits (two draws). */
  nextFloat(): number;
  /** A copy of the four 32-bit state words; {@link restoreRng} continues from here. */
  state(): number[];
}

const rotl = (x: number, k: number): number => (x << k) | (x >>> (32 - k));

class Xoshiro128StarStar implements Rng {
  private s0: number;
  private s1: number;
  private s2: number;
  private s3: number;

  constructor(state: readonly number[]) {
    [this.s0, this.s1, this.s2, this.s3] = state.map((w) => w | 0) as [number, number, number, number];
  }

  nextUint32(): number {
    const result = Math.imul(rotl(Math.imul(this.s1, 5), 7), 9) >>> 0;
    const t = this.s1 << 9;
    this.s2 ^= this.s0;
    this.s3 ^= this.s1;
    this.s1 ^= this.s2;
    this.s0 ^= this.s3;
    this.s2 ^= t;
    this.s3 = rotl(this.s3, 11);
    return result;
  }

  nextFloat(): number {
    const high = this.nextUint32() >>> 5; // 27 bits
    const low = this.nextUint32() >>> 6; // 26 bits
    return (high * 67108864 + low) / 9007199254740992;
  }

  state(): number[] {
    return [this.s0 >>> 0, this.s1 >>> 0, this.s2 >>> 0, this.s3 >>> 0];
  }
}

/** Derives a xoshiro128 state from key words: splitmix32 absorbs each word, then emits four words. */
function stateFromKey(key: readonly number[]): number[] {
  let sm = 0;
  const next = (): number => {
    sm = (sm + 0x9e3779b9) | 0;
    let z = sm;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    return (z ^ (z >>> 16)) >>> 0;
  };
  for (const word of key) sm = next() ^ word;
  const state = [next(), next(), next(), next()];
  // The all-zero state is the one xoshiro cannot leave; splitmix32 makes it near impossible, this makes it impossible.
  if (!state.some((w) => w !== 0)) state[0] = 1;
  return state;
}

/** A generator for `seed` (any safe integer): splitmix32 absorbs the seed's low and high 32-bit words. */
export function createRng(seed: number): Rng {
  if (!Number.isSafeInteger(seed)) throw new RangeError(`seed: expected a safe integer, received ${seed}`);
  return new Xoshiro128StarStar(stateFromKey([seed >>> 0, Math.floor(seed / 4294967296) | 0]));
}

/** A generator that continues from `rng.state()` (e.g. read back from a checkpoint). */
export function restoreRng(state: readonly number[]): Rng {
  const valid = Array.isArray(state) && state.length === 4 && state.every((w) => Number.isInteger(w) && w >= 0 && w < 4294967296);
  if (!valid || state.every((w) => w === 0)) {
    throw new RangeError(`rng state: expected four 32-bit unsigned integers, not all zero, received ${JSON.stringify(state)}`);
  }
  return new Xoshiro128StarStar(state);
}

/** Uniform integer in [0, bound) for 1 <= bound <= 2^32, without modulo bias (rejection of the top remainder). */
export function uniformBelow(rng: Rng, bound: number): number {
  const limit = 4294967296 - (4294967296 % bound);
  for (;;) {
    const r = rng.nextUint32();
    if (r < limit) return r % bound;
  }
}
