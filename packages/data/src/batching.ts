import { uniformBelow, type Rng } from './rng';

/** Options of {@link batchIndices}. */
export interface BatchOptions {
  /** Images per batch; the last batch holds the remainder (PyTorch DataLoader's drop_last=False). */
  batchSize: number;
  /**
   * Shuffle generator: the epoch's permutation is drawn from it (advancing it), so one generator made
   * by `createRng(seed)` and used epoch after epoch gives every epoch its own order, as PyTorch's
   * RandomSampler does with its generator. Save `rng.state()` before an epoch to redo that epoch's
   * order later (`restoreRng`). Default: none, file order 0..count-1 (as for evaluation).
   */
  rng?: Rng;
}

function checkCount(count: number): void {
  if (!Number.isInteger(count) || count < 0 || count > 4294967295) {
    throw new RangeError(`count: expected an integer from 0 to 2^32-1, received ${count}`);
  }
}

/**
 * A permutation of 0..count-1 by Fisher-Yates (Durstenfeld: i from count-1 down to 1 swaps i with a
 * uniform j <= i) drawn from `rng`. The same generator state gives the same order on every machine.
 */
export function shuffledIndices(count: number, rng: Rng): Uint32Array {
  checkCount(count);
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
  const { batchSize, rng } = options;
  const steps = stepsPerEpoch(count, batchSize);
  const order = rng === undefined ? Uint32Array.from({ length: count }, (_, i) => i) : shuffledIndices(count, rng);
  const batches: Uint32Array[] = [];
  for (let b = 0; b < steps; b++) batches.push(order.subarray(b * batchSize, Math.min(count, (b + 1) * batchSize)));
  return batches;
}
