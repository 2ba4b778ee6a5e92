import { createEpochRng, uniformBelow } from './rng';

/** Options of {@link batchIndices}. */
export interface BatchOptions {
  /** Images per batch; the last batch holds the remainder (PyTorch DataLoader's drop_last=False). */
  batchSize: number;
  /** Run seed; with `epoch` it fixes the order. */
  seed: number;
  /** 0-based epoch; each epoch has its own order. */
  epoch: number;
  /** Shuffle (true) or keep file order 0..count-1 (false, as for evaluation). Default: true. */
  shuffle?: boolean;
}

function checkCount(count: number): void {
  if (!Number.isInteger(count) || count < 0 || count > 4294967295) {
    throw new RangeError(`count: expected an integer from 0 to 2^32-1, received ${count}`);
  }
}

/**
 * A permutation of 0..count-1 by Fisher-Yates (Durstenfeld: i from count-1 down to 1 swaps i with a
 * uniform j <= i) driven by xoshiro128** seeded from (seed, epoch). Same (seed, epoch), same order everywhere.
 */
export function shuffledIndices(count: number, seed: number, epoch: number): Uint32Array {
  checkCount(count);
  const rng = createEpochRng(seed, epoch);
  const order = new Uint32Array(count);
  for (let i = 0; i < count; i++) order[i] = i;
  for (let i = count - 1; i > 0; i--) {
    const j = uniformBelow(rng, i + 1);
    const t = order[i] as number;
    order[i] = order[j] as number;
    order[j] = t;
  }
  return order;
}

/** Number of batches in an epoch with the last partial batch kept: ceil(count / batchSize). */
export function stepsPerEpoch(count: number, batchSize: number): number {
  checkCount(count);
  if (!Number.isInteger(batchSize) || batchSize < 1) {
    throw new RangeError(`batchSize: expected an integer >= 1, received ${batchSize}`);
  }
  return Math.ceil(count / batchSize);
}

/**
 * The batches of one epoch as index arrays (views into one permutation): 60000 images in batches of 64
 * give 937 of 64 and a last one of 32.
 */
export function batchIndices(count: number, options: BatchOptions): Uint32Array[] {
  const { batchSize, seed, epoch, shuffle = true } = options;
  const steps = stepsPerEpoch(count, batchSize);
  const order = shuffle ? shuffledIndices(count, seed, epoch) : Uint32Array.from({ length: count }, (_, i) => i);
  const batches: Uint32Array[] = [];
  for (let b = 0; b < steps; b++) batches.push(order.subarray(b * batchSize, Math.min(count, (b + 1) * batchSize)));
  return batches;
}
