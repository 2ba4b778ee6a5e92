import { withPolarity, type FloatDataset } from '@negmnist/data';
import type {
  EngineNetwork,
  EngineSession,
  EvaluationValues,
  LossGradient,
  NamedTensor,
  ProbeValues,
  ResolvedTrainOptions,
  StepRequest,
  TrainData,
  WindowSums,
} from '@negmnist/core';
import * as ort from 'onnxruntime-node';
import { evalGraph, probeGraph } from './eval-graph';
import { gradientGraph } from './gradient-graph';
import { loopGraph } from './loop-graph';
import { layerCount, networkSpec, weightDims, type NetworkSpec } from './network';
import { embedInputs, encodeModel, type Initializer, type OnnxGraph } from './onnx-model';
import { pixelOps, type PixelOp } from './pixels';
import { stepGraph } from './step-graph';

/** Graphs a run loads when it first needs them: the plain and guarded step, the Loop over plain steps with and without guard, and the loss gradient (sharpness probe). */
type LazyGraph = 'step' | 'guarded' | 'loop' | 'loopGuarded' | 'gradient';

/** How the sessions of one run are created. */
export interface SessionSettings {
  executionProvider: 'cpu' | 'webgpu' | 'cuda';
  intraOpThreads: number;
}

const f32 = (data: Float32Array, dims: readonly number[]): ort.Tensor => new ort.Tensor('float32', data, dims);
const i64 = (data: BigInt64Array, dims: readonly number[]): ort.Tensor => new ort.Tensor('int64', data, dims);
/** Labels as int64, converted once per label array (runs of a grid train on the same data in turn). */
const int64Labels = new WeakMap<object, BigInt64Array>();
const toInt64 = (values: ArrayLike<number> & object): BigInt64Array => {
  let converted = int64Labels.get(values);
  if (converted === undefined) {
    converted = new BigInt64Array(values.length);
    for (let i = 0; i < values.length; i++) converted[i] = BigInt(values[i] as number);
    int64Labels.set(values, converted);
  }
  return converted;
};

/** ONNX Runtime sessions of one training run: the step (plain and with probes), evaluation and probe graphs. */
export class OnnxSession implements EngineSession {
  readonly divergedAt: number[];
  fc1Grad: Float32Array | undefined;
  private gradNorms: Float32Array | undefined;
  private weights: ort.Tensor[];
  private windowLoss: ort.Tensor;
  private windowCorrect: ort.Tensor;
  /** Sessions built on first use (most runs never need the guarded ones). */
  private readonly loaded = new Map<LazyGraph, Promise<ort.InferenceSession>>();
  private readonly k: number;
  private readonly lr: ort.Tensor;
  /** Per member `lr * fc1LrScale`: the first layer's rate. */
  private readonly fc1Lr: ort.Tensor;
  /** Training set feeds (CPU: bound without a copy); empty when embedded in the step graph. */
  private readonly trainFeeds: Record<string, ort.Tensor>;
  private readonly validationLabels: BigInt64Array;
  /** The validation set in each polarity the members use. */
  private readonly validationSets: FloatDataset[];

  private constructor(
    private readonly network: EngineNetwork,
    private readonly data: TrainData,
    private readonly config: ResolvedTrainOptions,
    private readonly spec: NetworkSpec,
    private readonly sessions: Record<'stepProbes' | 'evaluate' | 'probes', ort.InferenceSession>,
    private readonly load: (graph: LazyGraph) => Promise<ort.InferenceSession>,
    trainFeeds: Record<string, ort.Tensor>,
    weights: readonly NamedTensor[],
  ) {
    this.k = spec.members;
    this.divergedAt = new Array<number>(this.k).fill(-1);
    this.lr = f32(Float32Array.from(config.members, (m) => m.lr), [this.k]);
    this.fc1Lr = f32(Float32Array.from(config.members, (m) => m.lr * m.fc1LrScale), [this.k]);
    this.trainFeeds = trainFeeds;
    this.validationLabels = toInt64(data.validation.labels);
    this.validationSets = spec.polarities.map((negative) => withPolarity(data.validation, negative));
    this.weights = this.toTensors(weights);
    this.windowLoss = f32(new Float32Array(this.k), [this.k]);
    this.windowCorrect = f32(new Float32Array(this.k), [this.k]);
  }

  /** Builds and loads the graphs for this model and options, starting from `weights`. */
  static async open(network: EngineNetwork, data: TrainData, config: ResolvedTrainOptions, weights: readonly NamedTensor[], settings: SessionSettings): Promise<OnnxSession> {
    const spec = networkSpec(network, config.members);
    const options: ort.InferenceSession.SessionOptions = {
      executionProviders: [settings.executionProvider],
      intraOpNumThreads: settings.intraOpThreads,
      interOpNumThreads: 1,
      executionMode: 'sequential',
      graphOptimizationLevel: 'all',
      // Several intra-op threads wait for work asleep, not spinning: the seed network's kernels are
      // small, and spinning threads take the cores from the ones working (2 threads on 2 cores: 0.80
      // ms per step spinning, 0.58 asleep, 0.64 with one thread)
      ...(settings.intraOpThreads > 1 ? { extra: { session: { intra_op: { allow_spinning: '0' } } } } : {}),
    };
    const dims = [data.train.count, data.train.features];
    const labels = toInt64(data.train.labels);
    // CPU binds the training set's bytes as an input (no copy, and no float copy of the whole set: each
    // batch becomes floats inside the step), when the dataset's pixel values are steps the graph knows;
    // otherwise, and on other providers, float copies (GPU: constants resident on the device)
    const polarities = spec.polarities.map((negative) => withPolarity(data.train, negative));
    const ops = polarities.map(pixelOps);
    const pixels = settings.executionProvider === 'cpu' && ops.every((o) => o !== undefined) ? (ops as PixelOp[][]) : undefined;
    const trainData: Initializer[] = [
      ...(pixels ? [{ name: 'pixels', type: 'uint8', dims, values: data.train.source.images } as const] : polarities.map((set, i): Initializer => ({ name: `x${i}`, type: 'float', dims, values: set.x }))),
      { name: 'labels', type: 'int64', dims: [data.train.count], values: labels },
    ];
    const embed = settings.executionProvider !== 'cpu';
    const load = (graph: OnnxGraph): Promise<ort.InferenceSession> => ort.InferenceSession.create(encodeModel(embed ? embedInputs(graph, trainData) : graph), options);
    const [stepProbes, evaluate, probes] = await Promise.all([
      load(stepGraph(spec, { probes: true, guard: true, pixels })),
      ort.InferenceSession.create(encodeModel(evalGraph(spec)), options),
      ort.InferenceSession.create(encodeModel(probeGraph(spec)), options),
    ]);
    const feeds: Record<string, ort.Tensor> = {};
    if (!embed) for (const t of trainData) feeds[t.name] = new ort.Tensor(({ float: 'float32', uint8: 'uint8', int64: 'int64' } as const)[t.type], t.values as Float32Array | Uint8Array | BigInt64Array, t.dims);
    const lazy = (graph: LazyGraph): Promise<ort.InferenceSession> => {
      if (graph === 'gradient') return load(gradientGraph(spec, pixels === undefined ? {} : { pixels }));
      const guard = graph === 'guarded' || graph === 'loopGuarded';
      return load(graph === 'step' || graph === 'guarded' ? stepGraph(spec, { probes: false, guard, pixels }) : loopGraph(spec, { guard, pixels }));
    };
    const session = new OnnxSession(network, data, config, spec, { stepProbes, evaluate, probes }, lazy, feeds, weights);
    // A Loop keeps the weights inside ONNX Runtime between evaluations; on the CPU only, where it was measured
    if (settings.executionProvider !== 'cpu') session.steps = undefined;
    return session;
  }

  async step(indices: readonly Uint32Array[], step: number, want: StepRequest): Promise<void> {
    const batch = indices[0]?.length ?? 0;
    const feeds = { ...this.stepFeeds(), indices: i64(this.flatIndices([indices]), this.spec.sharedOrder ? [batch] : [this.k, batch]) };
    let out: ort.InferenceSession.OnnxValueMapType;
    if (want.gradNorms || want.fc1Grad) out = await this.sessions.stepProbes.run(feeds);
    else out = await this.runGuarded('step', 'guarded', feeds);
    this.markDiverged(out.finite?.data as Float32Array, step);
    this.keepOutputs(out);
    this.gradNorms = want.gradNorms ? (out.gradNorms?.data as Float32Array) : undefined;
    this.fc1Grad = want.fc1Grad ? (out.fc1Grad?.data as Float32Array) : undefined;
  }

  /** Plain steps in one run of the Loop graph (see {@link loopGraph}): the weights stay in ONNX Runtime until it returns. */
  steps? = async (batches: readonly (readonly Uint32Array[])[], first: number): Promise<number> => {
    if (batches.length === 0) return 0;
    const batch = batches[0]?.[0]?.length ?? 0;
    const dims = this.spec.sharedOrder ? [batches.length, batch] : [batches.length, this.k, batch];
    const out = await this.runGuarded('loop', 'loopGuarded', { ...this.stepFeeds(), batches: i64(this.flatIndices(batches), dims) });
    const finite = out.finite?.data as Float32Array;
    const done = finite.length / this.k;
    for (let i = 0; i < done; i++) this.markDiverged(finite.subarray(i * this.k, (i + 1) * this.k), first + i);
    this.keepOutputs(out);
    this.gradNorms = undefined;
    return done;
  };

  /** Each member's mean training loss and its gradient at `weights` (named as {@link getWeights}) on training images `images`, activation pattern frozen at `anchor`. */
  async lossGradient(weights: readonly NamedTensor[], images: Uint32Array, anchor: readonly NamedTensor[]): Promise<LossGradient> {
    const feeds: Record<string, ort.Tensor> = { ...this.trainFeeds, indices: i64(BigInt64Array.from(images, (i) => BigInt(i)), [images.length]) };
    const tensors = this.toTensors(weights);
    tensors.forEach((t, i) => (feeds[this.weightName(i)] = t));
    this.toTensors(anchor).forEach((t, i) => (feeds[`anchor_${this.weightName(i)}`] = t));
    const out = await (await this.lazySession('gradient')).run(feeds);
    const shapes = new Map(weights.map((w) => [w.name, w.shape]));
    return {
      loss: Float32Array.from(out.loss?.data as Float32Array),
      gradients: tensors.map((_, i) => ({
        name: this.modelName(i),
        shape: [...(shapes.get(this.modelName(i)) ?? [])],
        data: Float32Array.from(out[`grad_${this.weightName(i)}`]?.data as Float32Array),
      })),
    };
  }

  async evaluate(): Promise<EvaluationValues> {
    const { k } = this;
    const val = this.data.validation;
    const features = val.features;
    const rows = (start: number, n: number): Record<string, ort.Tensor> =>
      Object.fromEntries(this.validationSets.map((set, i) => [`x${i}`, f32(set.x.subarray(start * features, (start + n) * features), [n, features])]));
    const lossSum = new Float64Array(k);
    const correct = new Float64Array(k);
    const predictions = new Float32Array(k * val.count);
    const weights = this.weightFeeds();
    for (let start = 0; start < val.count; start += this.config.evalChunkSize) {
      const n = Math.min(this.config.evalChunkSize, val.count - start);
      const out = await this.sessions.evaluate.run({
        ...weights,
        ...rows(start, n),
        labels: i64(this.validationLabels.subarray(start, start + n), [n]),
      });
      const sums = [out.lossSum?.data as Float32Array, out.correct?.data as Float32Array];
      for (let m = 0; m < k; m++) {
        lossSum[m] = (lossSum[m] as number) + (sums[0]?.[m] as number);
        correct[m] = (correct[m] as number) + (sums[1]?.[m] as number);
      }
      const p = out.predictions?.data as Float32Array;
      for (let m = 0; m < k; m++) predictions.set(p.subarray(m * n, (m + 1) * n), m * val.count + start);
    }
    const probeSize = this.config.probeSize;
    const probes = await this.sessions.probes.run({ ...weights, ...rows(0, probeSize) });
    return {
      window: await this.readWindow(),
      validation: {
        loss: Float32Array.from(lossSum, (v) => v / val.count),
        accuracy: Float32Array.from(correct, (v) => v / val.count),
        correct: Float32Array.from(correct),
        count: val.count,
        predictions,
      },
      probes: this.decodeProbes(probes.probes?.data as Float32Array),
    };
  }

  readWindow(): Promise<WindowSums> {
    return Promise.resolve({ lossSum: Array.from(this.windowLoss.data as Float32Array), correct: Array.from(this.windowCorrect.data as Float32Array) });
  }

  setWindow(sums: WindowSums): void {
    this.windowLoss = f32(Float32Array.from(sums.lossSum), [this.k]);
    this.windowCorrect = f32(Float32Array.from(sums.correct), [this.k]);
  }

  setDivergedAt(steps: readonly number[]): void {
    steps.forEach((s, m) => (this.divergedAt[m] = s));
  }

  getWeights(): Promise<NamedTensor[]> {
    return Promise.resolve(this.namedWeights());
  }

  setWeights(weights: readonly NamedTensor[]): void {
    const byName = new Map(weights.map((w) => [w.name, w]));
    this.weights.forEach((_, i) => {
      const name = this.modelName(i);
      const shape = this.contractShape(i);
      const t = byName.get(name);
      if (t === undefined || t.shape.join() !== shape.join() || t.data.length !== shape.reduce((a, b) => a * b, 1)) {
        throw new RangeError(`setWeights: tensor \`${name}\`: expected shape [${shape.join(', ')}], received ${t === undefined ? 'none' : `[${t.shape.join(', ')}]`}`);
      }
    });
    this.weights = this.toTensors(weights);
  }

  async dispose(): Promise<void> {
    const sessions = [...Object.values(this.sessions), ...(await Promise.all(this.loaded.values()))];
    await Promise.all(sessions.map((s) => s.release()));
  }

  private lazySession(graph: LazyGraph): Promise<ort.InferenceSession> {
    let session = this.loaded.get(graph);
    if (session === undefined) {
      session = this.load(graph);
      this.loaded.set(graph, session);
    }
    return session;
  }

  /**
   * Runs the unguarded graph while every member trains, and keeps its outputs when every loss was
   * finite; otherwise (or when a member is frozen) runs the guarded one on the same feeds.
   */
  private async runGuarded(plain: LazyGraph, guarded: LazyGraph, feeds: Record<string, ort.Tensor>): Promise<ort.InferenceSession.OnnxValueMapType> {
    if (this.divergedAt.every((at) => at < 0)) {
      const out = await (await this.lazySession(plain)).run(feeds);
      if ((out.finite?.data as Float32Array).every((v) => v === 1)) return out;
    }
    return (await this.lazySession(guarded)).run(feeds);
  }

  /** The step's inputs other than its batch. */
  private stepFeeds(): Record<string, ort.Tensor> {
    return {
      ...this.weightFeeds(),
      ...this.trainFeeds,
      lr: this.lr,
      fc1Lr: this.fc1Lr,
      active: f32(Float32Array.from(this.divergedAt, (at) => (at < 0 ? 1 : 0)), [this.k]),
      windowLoss: this.windowLoss,
      windowCorrect: this.windowCorrect,
    };
  }

  /** Batch indices of each step, step-major: `[B]` per step when members share the order, else `[K, B]`. */
  private flatIndices(batches: readonly (readonly Uint32Array[])[]): BigInt64Array {
    const batch = batches[0]?.[0]?.length ?? 0;
    const per = this.spec.sharedOrder ? batch : this.k * batch;
    const flat = new BigInt64Array(batches.length * per);
    batches.forEach((indices, s) => (this.spec.sharedOrder ? indices.slice(0, 1) : indices).forEach((idx, m) => idx.forEach((v, i) => (flat[s * per + m * batch + i] = BigInt(v)))));
    return flat;
  }

  /** Freezes members whose loss at `step` was not finite (`finite` per member). */
  private markDiverged(finite: Float32Array, step: number): void {
    this.divergedAt.forEach((at, m) => {
      if (at < 0 && finite[m] !== 1) this.divergedAt[m] = step;
    });
  }

  private keepOutputs(out: ort.InferenceSession.OnnxValueMapType): void {
    this.weights = this.weights.map((_, i) => out[`${this.weightName(i)}_next`] as ort.Tensor);
    this.windowLoss = out.windowLoss_next as ort.Tensor;
    this.windowCorrect = out.windowCorrect_next as ort.Tensor;
  }

  private namedWeights(): NamedTensor[] {
    return this.weights.map((t, i) => ({ name: this.modelName(i), shape: this.contractShape(i), data: (t.data as Float32Array).slice() }));
  }

  /** The contract's shape of weight i: kernel `[K, in, out]`, bias `[K, out]`. */
  private contractShape(i: number): number[] {
    const l = Math.floor(i / 2);
    const sizes = this.spec.layerSizes;
    const own = i % 2 === 0 ? [sizes[l] as number, sizes[l + 1] as number] : [sizes[l + 1] as number];
    return [this.network.size, ...own];
  }

  /** Graph input name of weight i (`W0`, `b0`, `W1`, …). */
  private weightName(i: number): string {
    return `${i % 2 === 0 ? 'W' : 'b'}${Math.floor(i / 2)}`;
  }

  /** Model variable name of weight i (`fc1.kernel`, `fc1.bias`, …). */
  private modelName(i: number): string {
    return `fc${Math.floor(i / 2) + 1}.${i % 2 === 0 ? 'kernel' : 'bias'}`;
  }

  private weightFeeds(): Record<string, ort.Tensor> {
    return Object.fromEntries(this.weights.map((t, i) => [this.weightName(i), t]));
  }

  private toTensors(weights: readonly NamedTensor[]): ort.Tensor[] {
    const byName = new Map(weights.map((w) => [w.name, w]));
    return Array.from({ length: 2 * layerCount(this.spec) }, (_, i) => {
      const dims = weightDims(this.spec, Math.floor(i / 2));
      return f32(Float32Array.from(byName.get(this.modelName(i))?.data ?? []), i % 2 === 0 ? dims.kernel : dims.bias);
    });
  }

  private decodeProbes(flat: Float32Array): ProbeValues {
    const layers = layerCount(this.spec);
    const width = 4 * layers + 1;
    const at = (m: number, c: number): number => flat[m * width + c] as number;
    const members = Array.from({ length: this.k }, (_, m) => m);
    const range = (m: number, from: number, step: number): number[] => Array.from({ length: layers }, (_, l) => at(m, from + l * step));
    return {
      dead: members.map((m) => range(m, 0, 3)),
      mean: members.map((m) => range(m, 1, 3)),
      std: members.map((m) => range(m, 2, 3)),
      deadOutputFraction: members.map((m) => at(m, 3 * layers)),
      weightNorm: members.map((m) => range(m, 3 * layers + 1, 1)),
      gradNorm: members.map((m) => Array.from({ length: layers }, (_, l) => (this.gradNorms ? (this.gradNorms[m * layers + l] as number) : Number.NaN))),
    };
  }
}
