/** GPU time of one submission of training steps: its compute pass, from timestamp queries. */
export interface StepsTiming {
  /** From the start to the end of the pass on the GPU, in milliseconds. */
  gpuMs: number;
  /** Training steps the pass ran (all members of each step). */
  steps: number;
}

/** The engine's GPU timing option (see {@link StepsTiming}). */
export interface GpuTimingOptions {
  /**
   * Called after each submission of training steps with its compute pass's GPU time. Makes the engine ask the
   * device for the `timestamp-query` feature; where the adapter does not offer it, it is never called. Costs
   * a query resolve and a 16-byte read per submission (evaluations and probes are not timed). Default: none.
   */
  onStepsTimed?: (timing: StepsTiming) => void;
}

/** The query set and buffer that time training passes on one device, and where their times go. */
export interface PassTimer {
  readonly querySet: GPUQuerySet;
  /** Where the two timestamps are resolved (QUERY_RESOLVE | COPY_SRC). */
  readonly resolved: GPUBuffer;
  readonly report: (timing: StepsTiming) => void;
}

const QUERY_RESOLVE = 0x200;
const COPY_SRC = 4;

/** A timer on `device` when `options` asks for one and the device has `timestamp-query`; else undefined. */
export function passTimer(device: GPUDevice, options: GpuTimingOptions): PassTimer | undefined {
  const report = options.onStepsTimed;
  if (report === undefined || !device.features.has('timestamp-query')) return undefined;
  return { querySet: device.createQuerySet({ type: 'timestamp', count: 2 }), resolved: device.createBuffer({ size: 16, usage: QUERY_RESOLVE | COPY_SRC }), report };
}

/** Milliseconds between the two resolved timestamps (nanoseconds, u64), or undefined when they are not in order. */
export function passMs(resolved: ArrayBuffer): number | undefined {
  const [begin, end] = new BigUint64Array(resolved, 0, 2) as unknown as [bigint, bigint];
  return end > begin ? Number(end - begin) / 1e6 : undefined;
}
