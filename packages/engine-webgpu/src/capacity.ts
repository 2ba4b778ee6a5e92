/** The largest activation buffer the engine allocates on its own (bytes), below any binding limit. */
const ACTS_BUDGET = 1 << 30;

/** The device limits that bound how many members one session holds (a `GPUSupportedLimits` has them). */
export interface DeviceLimits {
  /** Bytes one storage binding may span: the kernels bind each member-stacked buffer whole. */
  readonly maxStorageBufferBindingSize: number;
  /** Bytes one buffer may have. */
  readonly maxBufferSize: number;
}

/** What sizes a member's share of the engine's buffers: the network and the rows it runs at once. */
export interface MemberShape {
  /** Layer sizes, input first (e.g. `[784, 200, 100, 10]`). */
  layerSizes: readonly number[];
  /** Training batch rows. */
  batchSize: number;
  /** Validation images the probes run in one pass. */
  probeSize: number;
  /** Training images of the sharpness probe's batch, when it is on (default: off). */
  sharpnessImages?: number;
  /** Steps one submission encodes (train()'s `stepsPerCall`; default 100, train()'s): their batch indices are resident. */
  stepsPerCall?: number;
  /** Validation images, whose predictions are kept per member (default: not counted; 4 bytes per image). */
  validationImages?: number;
}

/** Bytes of the activation buffer the engine may allocate on a device with these limits. */
export function activationBytes(limits: DeviceLimits): number {
  return Math.min(ACTS_BUDGET, limits.maxStorageBufferBindingSize, limits.maxBufferSize);
}

/**
 * How many members of `shape` one session can hold on a device with `limits`: the most K for which each
 * member-stacked buffer fits one binding. Per member: the weights (and the gradients, and the sharpness
 * probe's two weight sets, each as large), `4 · Σ(n_l · n_{l+1} + n_{l+1})` bytes; the activations, pre- and
 * post-activation rows of every layer for the rows a pass must hold at once (the batch forward and backward,
 * the probe pass, the sharpness batch), `4 · Σ n_l · 2 · (max(batch, probe, sharpness) + max(batch,
 * sharpness))` bytes within {@link activationBytes} (evaluation runs in chunks that shrink to fit); the
 * batch indices of a submission; the statistics (with a prediction per validation image). 0 when not even one
 * member fits.
 */
export function maxMembers(limits: DeviceLimits, shape: MemberShape): number {
  const binding = Math.min(limits.maxStorageBufferBindingSize, limits.maxBufferSize);
  const sizes = shape.layerSizes;
  let weights = 0;
  let widths = 0;
  for (let l = 0; l + 1 < sizes.length; l++) {
    const fanIn = sizes[l] as number;
    const fanOut = sizes[l + 1] as number;
    weights += fanIn * fanOut + fanOut;
    widths += fanOut;
  }
  const sharpness = shape.sharpnessImages ?? 0;
  const forwardRows = Math.max(shape.batchSize, shape.probeSize, sharpness);
  const backwardRows = Math.max(shape.batchSize, sharpness);
  const activations = 4 * widths * 2 * (forwardRows + backwardRows);
  const indices = 4 * shape.batchSize * (shape.stepsPerCall ?? 100);
  // the stats buffer: window, evaluation, norm and probe values per layer, and the predictions
  const stats = 4 * (6 + 5 * (sizes.length - 1) + (shape.validationImages ?? 0));
  const fits = (perMember: number, budget: number): number => (perMember === 0 ? Infinity : Math.floor(budget / perMember));
  return Math.min(fits(4 * weights, binding), fits(activations, activationBytes(limits)), fits(indices, binding), fits(stats, binding));
}
