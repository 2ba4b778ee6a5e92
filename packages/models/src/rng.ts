/**
 * Small seeded PRNG (mulberry32) for weight initialisation: the same seed gives the same weights on
 * every backend, because the numbers are drawn on the CPU and uploaded.
 */
export interface UniformSource {
  /** Next float in [0, 1). */
  next(): number;
}

/** mulberry32 stream for a seed and a substream index (one per layer), mixed with splitmix-style hashing. */
export function createUniformSource(seed: number, stream = 0): UniformSource {
  let state = mix(mix(seed >>> 0) ^ Math.imul(stream + 1, 0x9e3779b9));
  return {
    next(): number {
      state = (state + 0x6d2b79f5) | 0;
      let t = state;
      t = Math.imul(t ^ (t >>> 15), t | 1);
      t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    },
  };
}

function mix(x: number): number {
  let z = (x + 0x9e3779b9) | 0;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  return (z ^ (z >>> 16)) >>> 0;
}
