import type { EngineSession, EngineSetup, EvaluationValues, LossGradient, NamedTensor, StepRequest, WindowSums } from '@negmnist/core';
import { activationBytes } from './capacity';
import { DeviceLimitError, type DeviceContext } from './context';
import { BufferUsage } from './gpu';
import { layoutOf, memberRecords, MEMBER_STRIDE, weightTensors, type Layout } from './layout';
import { Plan, type Slot } from './plan';
import { packSplit, pixelTables } from './resident';
import { FLAG, kernelNames, MODE, shaderSource } from './wgsl';

const STORAGE = BufferUsage.STORAGE | BufferUsage.COPY_DST | BufferUsage.COPY_SRC;

/** Which weights a pass reads: the run's, or the two sets a lossGradient call brings. */
type WeightSet = 'run' | 'at' | 'anchor';
type Split = 'train' | 'validation';

/** One training run on the GPU: every buffer resident, K members per dispatch. */
export class WebgpuSession implements EngineSession {
  readonly divergedAt: number[];
  fc1Grad: Float32Array | undefined;
  /** Whether the stats buffer's gradient norms are those of the last step. */
  private gradNormsValid = false;
  private readonly layout: Layout;
  private readonly buffers = new Map<string, GPUBuffer>();
  private readonly bindGroups = new Map<string, GPUBindGroup>();
  /** Rows of the pre-activation/activation sections, and of the delta/anchor sections. */
  private cap = 0;
  private dcap = 0;
  private readonly evalRows: number;
  private readonly shared: boolean;
  private readonly tableBase: Record<Split, number>;
  private readonly labelByte: Record<Split, number>;

  private constructor(
    private readonly context: DeviceContext,
    private readonly setup: EngineSetup,
    private readonly pipelines: Map<string, GPUComputePipeline>,
  ) {
    const { network, data, config } = setup;
    this.layout = layoutOf(network, data.validation.count);
    const { k } = this.layout;
    this.divergedAt = new Array<number>(k).fill(-1);
    this.shared = config.members.every((m) => m.seed === config.members[0]?.seed);
    const negatives = config.members.map((m) => m.negative);
    const polarities = [...new Set(negatives)];
    const members = memberRecords(network, config, negatives.map((n) => polarities.indexOf(n)));
    const train = pixelTables(data.train, polarities);
    const validation = pixelTables(data.validation, polarities);
    const aux = new Float32Array(members.length + train.length + validation.length);
    aux.set(members);
    aux.set(train, members.length);
    aux.set(validation, members.length + train.length);
    this.tableBase = { train: k * MEMBER_STRIDE, validation: k * MEMBER_STRIDE + train.length };
    this.upload('aux', aux);
    const packedTrain = packSplit(data.train);
    const packedValidation = packSplit(data.validation);
    this.upload('train', packedTrain.words);
    this.upload('validation', packedValidation.words);
    this.labelByte = { train: packedTrain.labelByte, validation: packedValidation.labelByte };
    this.upload('stats', new Float32Array(this.layout.stats.total));
    this.upload('status', new Int32Array(k).fill(-1));
    this.allocate('run', this.layout.weightCount * 4);
    this.allocate('grads', this.layout.weightCount * 4);
    this.allocate('indices', 4 * Math.max(1, config.batchSize * k));
    // evaluation chunks as large as asked, unless the activations would pass the budget
    const limit = activationBytes(context.device.limits);
    const rowBytes = 4 * k * this.layout.widthTotal;
    const fixed = Math.max(config.batchSize, config.probeSize);
    const room = Math.floor((limit / rowBytes - 2 * config.batchSize) / 2);
    if (room < fixed) throw new DeviceLimitError(`webgpu engine: ${k} members x ${fixed} rows of activations need more than the ${limit}-byte binding limit; lower probeSize or the members`);
    this.evalRows = Math.max(1, Math.min(config.evalChunkSize, data.validation.count, Math.max(room, 1)));
    this.ensureRows(Math.max(fixed, this.evalRows), config.batchSize, 'probeSize');
    this.setWeights(setup.weights);
  }

  /** Compiles (or reuses) the kernels of this network shape and uploads everything. */
  static async open(context: DeviceContext, setup: EngineSetup): Promise<WebgpuSession> {
    const sizes = setup.network.members[0]?.layerSizes ?? [];
    for (const m of setup.network.members) {
      if (m.layerSizes.join() !== sizes.join()) throw new RangeError(`webgpu engine: members must share layer sizes, received [${m.layerSizes.join(', ')}] and [${sizes.join(', ')}]`);
    }
    const layout = layoutOf(setup.network, setup.data.validation.count);
    const pipelines = await context.pipelines(shaderSource(layout), kernelNames(layout));
    context.check();
    return new WebgpuSession(context, setup, pipelines);
  }

  async step(indices: readonly Uint32Array[], step: number, want: StepRequest): Promise<void> {
    const plan = this.trainPlan([indices], step, want.gradNorms || want.fc1Grad ? FLAG.storeGrad : 0);
    const { layout } = this;
    if (want.gradNorms) {
      // a probe, not training: in a pass of its own, outside the timed one
      plan.nextPass();
      plan.dispatch('norms', plan.lastSlot(), layout.layers);
    }
    plan.read(this.buffer('status'), 0, 4 * layout.k);
    if (want.fc1Grad) plan.read(this.buffer('grads'), 4 * (layout.kernelAt[0] as number), 4 * (layout.biasAt[0] as number));
    const [status, fc1] = await this.submit(plan);
    this.gradNormsValid = want.gradNorms;
    this.fc1Grad = want.fc1Grad ? new Float32Array(fc1 as ArrayBuffer) : undefined;
    this.readStatus(new Int32Array(status as ArrayBuffer));
  }

  steps = async (batches: readonly (readonly Uint32Array[])[], first: number): Promise<number> => {
    if (batches.length === 0) return 0;
    const plan = this.trainPlan(batches, first, 0);
    plan.read(this.buffer('status'), 0, 4 * this.layout.k);
    const [status] = await this.submit(plan);
    this.gradNormsValid = false;
    this.fc1Grad = undefined;
    this.readStatus(new Int32Array(status as ArrayBuffer));
    if (this.divergedAt.some((s) => s < 0)) return batches.length;
    return Math.min(batches.length, Math.max(1, Math.max(...this.divergedAt) - first + 1));
  };

  async lossGradient(weights: readonly NamedTensor[], images: Uint32Array, anchor: readonly NamedTensor[]): Promise<LossGradient> {
    const { layout } = this;
    this.ensureRows(Math.max(this.cap, images.length), Math.max(this.dcap, images.length), 'sharpness.images (the probe batch)');
    this.writeWeights('at', weights);
    this.writeWeights('anchor', anchor);
    this.writeIndices(images);
    const plan = new Plan(this.context, this.pipelines, layout);
    const base = { step: 0, rows: images.length, indexBase: 0, rowStart: 0, mode: MODE.gradient, ...this.splitFields('train') };
    const frozen = plan.slot({ ...base, flags: FLAG.gather | FLAG.shared | FLAG.writeAnchor }, 'train:anchor');
    for (let l = 0; l < layout.layers; l++) plan.dispatch(`forward${l}`, frozen, images.length);
    const at = plan.slot({ ...base, flags: FLAG.gather | FLAG.shared | FLAG.useAnchor | FLAG.storeGrad }, 'train:at');
    this.backwardPass(plan, at, images.length);
    plan.read(this.buffer('grads'), 0, 4 * layout.weightCount);
    plan.read(this.buffer('stats'), 4 * layout.stats.lossOut, 4 * layout.k);
    const [grads, loss] = await this.submit(plan);
    const values = new Float32Array(grads as ArrayBuffer);
    return {
      loss: new Float32Array(loss as ArrayBuffer),
      gradients: weightTensors(layout).map((t) => ({ name: t.name, shape: t.shape, data: values.slice(t.at, t.at + t.size) })),
    };
  }

  async evaluate(): Promise<EvaluationValues> {
    const { layout, setup } = this;
    const { k, stats, layers } = layout;
    const count = setup.data.validation.count;
    this.write(this.buffer('stats'), 4 * stats.evalLoss, new Float32Array(2 * k));
    const plan = new Plan(this.context, this.pipelines, layout);
    const bind = 'validation:run';
    const fields = { step: 0, indexBase: 0, flags: 0, ...this.splitFields('validation') };
    for (let start = 0; start < count; start += this.evalRows) {
      const rows = Math.min(this.evalRows, count - start);
      const slot = plan.slot({ ...fields, rows, rowStart: start, mode: MODE.evaluate }, bind);
      for (let l = 0; l < layers; l++) plan.dispatch(`forward${l}`, slot, rows);
      plan.dispatch('loss', slot, rows);
    }
    const probeRows = setup.config.probeSize;
    const probe = plan.slot({ ...fields, rows: probeRows, rowStart: 0, mode: MODE.probe }, bind);
    for (let l = 0; l < layers; l++) plan.dispatch(`forward${l}`, probe, probeRows);
    plan.dispatch('probe', probe, probeRows);
    plan.dispatch('norms', plan.slot({ ...fields, rows: 0, rowStart: 0, mode: MODE.probe, flags: FLAG.normsOfWeights }, bind), layers);
    plan.read(this.buffer('stats'), 0, 4 * stats.total);
    const [raw] = await this.submit(plan);
    const v = new Float32Array(raw as ArrayBuffer);
    const members = Array.from({ length: k }, (_, m) => m);
    const perLayer = (at: number, m: number, stride = 1): number[] => Array.from({ length: layers }, (_, l) => v[at + m * (stride === 1 ? layers : layout.probeWidth) + l * stride] as number);
    const correct = v.slice(stats.evalCorrect, stats.evalCorrect + k);
    return {
      window: { lossSum: Array.from(v.subarray(0, k)), correct: Array.from(v.subarray(k, 2 * k)) },
      validation: {
        loss: v.slice(stats.evalLoss, stats.evalLoss + k).map((s) => s / count),
        accuracy: correct.map((c) => c / count),
        correct,
        count,
        predictions: v.slice(stats.predictions, stats.predictions + k * count),
      },
      probes: {
        dead: members.map((m) => perLayer(stats.probes, m, 3)),
        mean: members.map((m) => perLayer(stats.probes + 1, m, 3)),
        std: members.map((m) => perLayer(stats.probes + 2, m, 3)),
        deadOutputFraction: members.map((m) => v[stats.probes + m * layout.probeWidth + 3 * layers] as number),
        weightNorm: members.map((m) => perLayer(stats.weightNorm, m)),
        gradNorm: members.map((m) => (this.gradNormsValid ? perLayer(stats.gradNorm, m) : new Array<number>(layers).fill(Number.NaN))),
      },
    };
  }

  async readWindow(): Promise<WindowSums> {
    const plan = new Plan(this.context, this.pipelines, this.layout);
    plan.read(this.buffer('stats'), 0, 8 * this.layout.k);
    const [raw] = await this.submit(plan);
    const v = new Float32Array(raw as ArrayBuffer);
    return { lossSum: Array.from(v.subarray(0, this.layout.k)), correct: Array.from(v.subarray(this.layout.k)) };
  }

  setWindow(sums: WindowSums): void {
    this.write(this.buffer('stats'), 0, Float32Array.from([...sums.lossSum, ...sums.correct]));
  }

  setDivergedAt(steps: readonly number[]): void {
    steps.forEach((s, m) => (this.divergedAt[m] = s));
    this.write(this.buffer('status'), 0, Int32Array.from(this.divergedAt));
  }

  async getWeights(): Promise<NamedTensor[]> {
    const plan = new Plan(this.context, this.pipelines, this.layout);
    plan.read(this.buffer('run'), 0, 4 * this.layout.weightCount);
    const [raw] = await this.submit(plan);
    const values = new Float32Array(raw as ArrayBuffer);
    return weightTensors(this.layout).map((t) => ({ name: t.name, shape: t.shape, data: values.slice(t.at, t.at + t.size) }));
  }

  setWeights(weights: readonly NamedTensor[]): void {
    this.writeWeights('run', weights);
  }

  dispose(): Promise<void> {
    for (const b of this.buffers.values()) b.destroy();
    this.buffers.clear();
    this.bindGroups.clear();
    return Promise.resolve();
  }

  /** Steps `first`, `first + 1`, … on `batches`, one uniform slot each, in one plan. */
  private trainPlan(batches: readonly (readonly Uint32Array[])[], first: number, extraFlags: number): Plan {
    const { k } = this.layout;
    const batch = batches[0]?.[0]?.length ?? 0;
    const per = this.shared ? batch : k * batch;
    const flat = new Uint32Array(batches.length * per);
    batches.forEach((indices, s) => {
      for (let m = 0; m < (this.shared ? 1 : k); m++) flat.set(indices[m] ?? indices[0] ?? [], s * per + m * batch);
    });
    this.ensureRows(Math.max(this.cap, batch), Math.max(this.dcap, batch), 'batchSize');
    this.writeIndices(flat);
    const plan = new Plan(this.context, this.pipelines, this.layout);
    const bind = 'train:run';
    const flags = FLAG.gather | FLAG.update | (this.shared ? FLAG.shared : 0) | extraFlags;
    batches.forEach((_, s) => {
      const slot = plan.slot({ step: first + s, rows: batch, indexBase: s * per, rowStart: 0, mode: MODE.train, flags, ...this.splitFields('train') }, bind);
      this.backwardPass(plan, slot, batch);
    });
    return plan;
  }

  /** Forward, loss, backward and weight gradients (with the update where the slot's flags ask) of one slot. */
  private backwardPass(plan: Plan, slot: number, rows: number): void {
    const { layers } = this.layout;
    for (let l = 0; l < layers; l++) plan.dispatch(`forward${l}`, slot, rows);
    plan.dispatch('loss', slot, rows);
    for (let l = layers - 1; l >= 1; l--) plan.dispatch(`backprop${l}`, slot, rows);
    for (let l = layers - 1; l >= 0; l--) plan.dispatch(`grad${l}`, slot, rows);
  }

  private splitFields(split: Split): Pick<Slot, 'tableBase' | 'labelByte' | 'cap' | 'dcap'> {
    return { tableBase: this.tableBase[split], labelByte: this.labelByte[split], cap: this.cap, dcap: this.dcap };
  }

  private readStatus(status: Int32Array): void {
    status.forEach((s, m) => (this.divergedAt[m] = s));
  }

  private async submit(plan: Plan): Promise<ArrayBuffer[]> {
    const params = plan.paramBytes();
    if ((this.buffers.get('params')?.size ?? 0) < params.byteLength) this.allocate('params', Math.max(params.byteLength, 2 * (this.buffers.get('params')?.size ?? 0)), BufferUsage.UNIFORM | BufferUsage.COPY_DST);
    this.write(this.buffer('params'), 0, params);
    const out = await plan.submit((name) => this.bindGroup(name));
    this.context.check();
    return out;
  }

  /** Queues a write of `values` into `buffer` at byte `offset` (ordered before the next submission). */
  private write(buffer: GPUBuffer, offset: number, values: ArrayBufferView): void {
    this.context.device.queue.writeBuffer(buffer, offset, values as ArrayBufferView<ArrayBuffer>);
  }

  private writeIndices(values: Uint32Array): void {
    if (this.buffer('indices').size < values.byteLength) this.allocate('indices', Math.max(values.byteLength, 2 * this.buffer('indices').size));
    if (values.byteLength > 0) this.write(this.buffer('indices'), 0, values);
  }

  private writeWeights(set: WeightSet, weights: readonly NamedTensor[]): void {
    if (!this.buffers.has(set)) this.allocate(set, this.layout.weightCount * 4);
    const byName = new Map(weights.map((w) => [w.name, w]));
    const flat = new Float32Array(this.layout.weightCount);
    for (const t of weightTensors(this.layout)) {
      const given = byName.get(t.name);
      if (given === undefined || given.data.length !== t.size) {
        throw new RangeError(`webgpu engine: tensor \`${t.name}\`: expected shape [${t.shape.join(', ')}], received ${given === undefined ? 'none' : `[${given.shape.join(', ')}]`}`);
      }
      flat.set(given.data, t.at);
    }
    this.write(this.buffer(set), 0, flat);
  }

  /**
   * Grows the activation buffer to `cap` forward rows and `dcap` backward rows per member, within the
   * device's activation budget; past it, a `DeviceLimitError` that names `lower`, the option that asked for the rows.
   */
  private ensureRows(cap: number, dcap: number, lower: string): void {
    if (cap <= this.cap && dcap <= this.dcap) return;
    const rows = Math.max(cap, this.cap, 1) + Math.max(dcap, this.dcap, 1);
    const { k, widthTotal } = this.layout;
    const bytes = 4 * k * widthTotal * 2 * rows;
    const limit = activationBytes(this.context.device.limits);
    if (bytes > limit) throw new DeviceLimitError(`webgpu engine: ${k} members x ${rows} rows of activations (${bytes} bytes) need more than the ${limit}-byte binding limit; lower ${lower} or the members`);
    this.cap = Math.max(cap, this.cap, 1);
    this.dcap = Math.max(dcap, this.dcap, 1);
    this.allocate('acts', bytes);
  }

  private upload(name: string, values: Float32Array | Uint32Array | Int32Array): void {
    this.allocate(name, values.byteLength);
    this.write(this.buffer(name), 0, values);
  }

  /** (Re)creates buffer `name`; bind groups that held the old one are made again on next use. */
  private allocate(name: string, bytes: number, usage: number = STORAGE): void {
    this.buffers.get(name)?.destroy();
    this.buffers.set(name, this.context.device.createBuffer({ size: Math.max(16, Math.ceil(bytes / 16) * 16), usage }));
    this.bindGroups.clear();
  }

  private buffer(name: string): GPUBuffer {
    const b = this.buffers.get(name);
    if (b === undefined) throw new Error(`webgpu engine: buffer ${name} used after dispose`);
    return b;
  }

  /** The bind group `split:weights` (e.g. `train:run`). */
  private bindGroup(key: string): GPUBindGroup {
    const [split, weights] = key.split(':') as [Split, WeightSet];
    let group = this.bindGroups.get(key);
    if (group === undefined) {
      if (!this.buffers.has('params')) this.allocate('params', 256 * 64, BufferUsage.UNIFORM | BufferUsage.COPY_DST);
      const names = ['params', split, 'aux', 'indices', weights, 'acts', 'grads', 'stats', 'status'];
      group = this.context.device.createBindGroup({
        layout: this.context.bindGroupLayout,
        entries: names.map((name, binding) => ({ binding, resource: binding === 0 ? { buffer: this.buffer(name), size: 256 } : { buffer: this.buffer(name) } })),
      });
      this.bindGroups.set(key, group);
    }
    return group;
  }
}
