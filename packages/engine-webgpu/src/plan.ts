import type { DeviceContext } from './context';
import { BufferUsage, MAP_READ } from './gpu';
import type { Layout } from './layout';
import { passMs } from './timing';
import { groups, MODE, PARAM_FIELDS } from './wgsl';

/** One uniform slot: what a group of dispatches reads (see `Params` in the WGSL). */
export type Slot = Record<(typeof PARAM_FIELDS)[number], number>;

interface Dispatch {
  kernel: string;
  slot: number;
  rows: number;
}

/**
 * The dispatches of one submission: uniform slots (one per step or evaluation chunk, bound by dynamic
 * offset), the kernels in order in one compute pass (or a few, see {@link Plan.nextPass}), then copies of
 * the ranges to read back.
 */
export class Plan {
  private readonly slots: Slot[] = [];
  private readonly binds: string[] = [];
  /** The compute passes' dispatches, in order; the first pass is the one a timer times. */
  private readonly passes: Dispatch[][] = [[]];
  private readonly reads: { buffer: GPUBuffer; offset: number; size: number }[] = [];
  private readonly stride: number;

  constructor(
    private readonly context: DeviceContext,
    private readonly pipelines: Map<string, GPUComputePipeline>,
    private readonly layout: Layout,
  ) {
    this.stride = Math.max(256, context.device.limits.minUniformBufferOffsetAlignment);
  }

  /** Adds a slot read through bind group `bind`; returns its index. */
  slot(fields: Slot, bind: string): number {
    this.slots.push(fields);
    this.binds.push(bind);
    return this.slots.length - 1;
  }

  lastSlot(): number {
    return this.slots.length - 1;
  }

  /** Runs `kernel` for `rows` rows (the kernel's grid) with slot `slot`, in the current pass. */
  dispatch(kernel: string, slot: number, rows: number): void {
    (this.passes.at(-1) as Dispatch[]).push({ kernel, slot, rows });
  }

  /** Puts the dispatches that follow in a compute pass of their own: the timed pass holds only the training before it. */
  nextPass(): void {
    this.passes.push([]);
  }

  /** Reads `size` bytes of `buffer` from `offset` back after the dispatches. */
  read(buffer: GPUBuffer, offset: number, size: number): void {
    this.reads.push({ buffer, offset, size });
  }

  /** The slots as the uniform buffer holds them. */
  paramBytes(): Uint8Array {
    const bytes = new Uint8Array(Math.max(1, this.slots.length) * this.stride);
    const view = new DataView(bytes.buffer);
    this.slots.forEach((slot, s) => {
      PARAM_FIELDS.forEach((name, i) => {
        if (name === 'step') view.setInt32(s * this.stride + 4 * i, slot[name], true);
        else view.setUint32(s * this.stride + 4 * i, slot[name], true);
      });
    });
    return bytes;
  }

  /**
   * Encodes and submits everything, then maps the reads; `bindGroup` resolves a slot's bind group name. A
   * plan of training steps is timed (its first pass's GPU time goes to the context's timer) where there is one.
   */
  async submit(bindGroup: (name: string) => GPUBindGroup): Promise<ArrayBuffer[]> {
    const { device } = this.context;
    const encoder = device.createCommandEncoder();
    const steps = this.slots.filter((s) => s.mode === MODE.train).length;
    const timer = steps > 0 && (this.passes[0]?.length ?? 0) > 0 ? this.context.timer : undefined;
    for (const [index, dispatches] of this.passes.entries()) {
      if (dispatches.length === 0) continue;
      const pass = encoder.beginComputePass(timer !== undefined && index === 0 ? { timestampWrites: { querySet: timer.querySet, beginningOfPassWriteIndex: 0, endOfPassWriteIndex: 1 } } : {});
      let bound = -1;
      let pipeline = '';
      for (const d of dispatches) {
        if (d.kernel !== pipeline) {
          const p = this.pipelines.get(d.kernel);
          if (p === undefined) throw new Error(`webgpu engine: no kernel ${d.kernel}`);
          pass.setPipeline(p);
          pipeline = d.kernel;
        }
        if (d.slot !== bound) {
          pass.setBindGroup(0, bindGroup(this.binds[d.slot] as string), [d.slot * this.stride]);
          bound = d.slot;
        }
        const [x, y, z] = groups(this.layout, d.kernel, d.rows);
        if (x > 0 && y > 0 && z > 0) pass.dispatchWorkgroups(x, y, z);
      }
      pass.end();
    }
    if (timer !== undefined) {
      encoder.resolveQuerySet(timer.querySet, 0, 2, timer.resolved, 0);
      this.read(timer.resolved, 0, 16);
    }
    const staging = this.reads.map(({ size }) => device.createBuffer({ size: Math.ceil(size / 4) * 4, usage: BufferUsage.MAP_READ | BufferUsage.COPY_DST }));
    this.reads.forEach(({ buffer, offset, size }, i) => encoder.copyBufferToBuffer(buffer, offset, staging[i] as GPUBuffer, 0, Math.ceil(size / 4) * 4));
    device.queue.submit([encoder.finish()]);
    try {
      const out = await Promise.all(
        staging.map(async (b) => {
          await b.mapAsync(MAP_READ);
          return b.getMappedRange().slice(0);
        }),
      );
      if (timer !== undefined) {
        const gpuMs = passMs(out.pop() as ArrayBuffer);
        if (gpuMs !== undefined) timer.report({ gpuMs, steps });
      }
      return out;
    } finally {
      for (const b of staging) b.destroy();
    }
  }
}
