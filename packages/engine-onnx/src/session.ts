import { withPolarity, type FloatDataset } from '@negmnist/data';
import { setWeights, type AnyMlp, type NamedTensor } from '@negmnist/models';
import type { EngineSession, EvaluationValues, ProbeValues, ResolvedTrainOptions, StepRequest, TrainData, WindowSums } from '@negmnist/train';
import * as ort from 'onnxruntime-node';
import { evalGraph, probeGraph } from './eval-graph';
import { layerCount, networkSpec, weightDims, type NetworkSpec } from './network';
import { embedInputs, encodeModel, type Initializer, type OnnxGraph } from './onnx-model';
import { stepGraph } from './step-graph';

/** How the sessions of one run are created. */
export interface SessionSettings {
  executionProvider: 'cpu' | 'webgpu' | 'cuda';
  intraOpThreads: number;
}

const f32 = (data: Float32Array, dims: readonly number[]): ort.Tensor => new ort.Tensor('float32', data, dims);
const i64 = (data: BigInt64Array, dims: readonly number[]): ort.Tensor => new ort.Tensor('int64', data, dims);
const toInt64 = (values: ArrayLike<number>): BigInt64Array => BigInt64Array.from(Array.from(values, (v) => BigInt(v)));

/** ONNX Runtime sessions of one training run: the step (plain and with probes), evaluation and probe graphs. */
export class OnnxSession implements EngineSession {
  readonly divergedAt: number[];
  fc1Grad: Float32Array | undefined;
  private gradNorms: Float32Array | undefined;
  private weights: ort.Tensor[];
  private windowLoss: ort.Tensor;
  private windowCorrect: ort.Tensor;
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
    private readonly model: AnyMlp,
    private readonly data: TrainData,
    private readonly config: ResolvedTrainOptions,
    private readonly spec: NetworkSpec,
    private readonly sessions: Record<'step' | 'stepGuarded' | 'stepProbes' | 'evaluate' | 'probes', ort.InferenceSession>,
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
  static async open(model: AnyMlp, data: TrainData, config: ResolvedTrainOptions, weights: readonly NamedTensor[], settings: SessionSettings): Promise<OnnxSession> {
    const spec = networkSpec(model, config.members);
    const options: ort.InferenceSession.SessionOptions = {
      executionProviders: [settings.executionProvider],
      intraOpNumThreads: settings.intraOpThreads,
      interOpNumThreads: 1,
      executionMode: 'sequential',
      graphOptimizationLevel: 'all',
    };
    const dims = [data.train.count, data.train.features];
    const labels = toInt64(data.train.labels);
    const trainData: Initializer[] = [
      ...spec.polarities.map((negative, i): Initializer => ({ name: `x${i}`, type: 'float', dims, values: withPolarity(data.train, negative).x })),
      { name: 'labels', type: 'int64', dims: [data.train.count], values: labels },
    ];
    // CPU binds the training set as an input without copying it; other providers keep it on the device as a constant
    const embed = settings.executionProvider !== 'cpu';
    const load = (graph: OnnxGraph): Promise<ort.InferenceSession> => ort.InferenceSession.create(encodeModel(embed ? embedInputs(graph, trainData) : graph), options);
    const [step, stepGuarded, stepProbes, evaluate, probes] = await Promise.all([
      load(stepGraph(spec, { probes: false, guard: false })),
      load(stepGraph(spec, { probes: false, guard: true })),
      load(stepGraph(spec, { probes: true, guard: true })),
      ort.InferenceSession.create(encodeModel(evalGraph(spec)), options),
      ort.InferenceSession.create(encodeModel(probeGraph(spec)), options),
    ]);
    const feeds: Record<string, ort.Tensor> = {};
    if (!embed) for (const t of trainData) feeds[t.name] = t.type === 'float' ? f32(t.values as Float32Array, dims) : i64(labels, [data.train.count]);
    return new OnnxSession(model, data, config, spec, { step, stepGuarded, stepProbes, evaluate, probes }, feeds, weights);
  }

  async step(indices: readonly Uint32Array[], step: number, want: StepRequest): Promise<void> {
    const batch = indices[0]?.length ?? 0;
    const flat = new BigInt64Array(this.spec.sharedOrder ? batch : this.k * batch);
    (this.spec.sharedOrder ? indices.slice(0, 1) : indices).forEach((idx, m) => idx.forEach((v, i) => (flat[m * batch + i] = BigInt(v))));
    const feeds = {
      ...this.weightFeeds(),
      ...this.trainFeeds,
      indices: i64(flat, this.spec.sharedOrder ? [batch] : [this.k, batch]),
      lr: this.lr,
      fc1Lr: this.fc1Lr,
      active: f32(Float32Array.from(this.divergedAt, (at) => (at < 0 ? 1 : 0)), [this.k]),
      windowLoss: this.windowLoss,
      windowCorrect: this.windowCorrect,
    };
    const allFinite = (o: ort.InferenceSession.OnnxValueMapType): boolean => (o.finite?.data as Float32Array).every((v) => v === 1);
    let out: ort.InferenceSession.OnnxValueMapType;
    if (want.gradNorms || want.fc1Grad) out = await this.sessions.stepProbes.run(feeds);
    else if (this.divergedAt.some((at) => at >= 0)) out = await this.sessions.stepGuarded.run(feeds);
    else {
      // the unguarded step is right whenever every loss is finite; otherwise redo it guarded
      out = await this.sessions.step.run(feeds);
      if (!allFinite(out)) out = await this.sessions.stepGuarded.run(feeds);
    }
    const finite = out.finite?.data as Float32Array;
    this.divergedAt.forEach((at, m) => {
      if (at < 0 && finite[m] !== 1) this.divergedAt[m] = step;
    });
    this.weights = this.weights.map((_, i) => out[`${this.weightName(i)}_next`] as ort.Tensor);
    this.windowLoss = out.windowLoss_next as ort.Tensor;
    this.windowCorrect = out.windowCorrect_next as ort.Tensor;
    this.gradNorms = want.gradNorms ? (out.gradNorms?.data as Float32Array) : undefined;
    this.fc1Grad = want.fc1Grad ? (out.fc1Grad?.data as Float32Array) : undefined;
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
      const p = out.predictions?.data as BigInt64Array;
      for (let m = 0; m < k; m++) for (let i = 0; i < n; i++) predictions[m * val.count + start + i] = Number(p[m * n + i]);
    }
    const probeSize = this.config.probeSize;
    const probes = await this.sessions.probes.run({ ...weights, ...rows(0, probeSize) });
    this.syncModel();
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
    // the model's setWeights validates names and shapes
    setWeights(this.model, weights);
    this.weights = this.toTensors(weights);
  }

  async dispose(): Promise<void> {
    this.syncModel();
    await Promise.all(Object.values(this.sessions).map((s) => s.release()));
  }

  /** Copies the current weights into the model's variables, so the model holds what the run trained. */
  private syncModel(): void {
    setWeights(this.model, this.namedWeights());
  }

  private namedWeights(): NamedTensor[] {
    return this.weights.map((t, i) => {
      const layer = this.model.layers[Math.floor(i / 2)];
      const variable = i % 2 === 0 ? layer?.kernel : layer?.bias;
      return { name: this.modelName(i), shape: [...(variable?.shape ?? [])], data: (t.data as Float32Array).slice() };
    });
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
