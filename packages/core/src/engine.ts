import type { FloatDataset } from './dataset';
import type { NamedTensor, NetworkSpec } from './network';
import type { EvalSchedule } from './vocabulary';

// The engine contract: what the training loop (@negmnist/train) asks of an engine (@negmnist/engine-tfjs,
// @negmnist/engine-onnx, …), in plain typed arrays. An engine keeps weights, data and sums wherever it
// likes (a TensorFlow.js backend, an ONNX Runtime session, GPU buffers); the loop turns what it reads into
// records, so hooks, records and probes are the same whatever the engine.

/** Training and validation sets. */
export interface TrainData {
  train: FloatDataset;
  validation: FloatDataset;
}

/** A resolved evaluation plan. */
export interface EvaluationPlan {
  /** How batches are counted (see {@link EvalSchedule}). */
  readonly schedule: EvalSchedule;
  /** Evaluate after every this many batches (integer >= 1). */
  readonly every: number;
  /** Also evaluate after the last step of training (the seed does not). */
  readonly final: boolean;
}

/** Settings of the sharpness probe. */
export interface SharpnessSettings {
  /** Measure before the first step and after every this many steps. */
  readonly every: number;
  /** Training images of the fixed probe batch: indices `i * floor(N / images)`, the same for every run. */
  readonly images: number;
  /** Power-iteration steps at most (two gradients each). */
  readonly iterations: number;
  /** Stop once the estimate changes by less than this, relative, from one iteration to the next. */
  readonly tolerance: number;
  /** Central-difference step along the unit direction v (in weight units): Hv ≈ (g(w + εv) - g(w - εv)) / 2ε. */
  readonly epsilon: number;
}

/** One member's resolved settings. */
export interface ResolvedMember {
  readonly lr: number;
  readonly negative: boolean;
  readonly seed: number;
  /** The first layer trains at `lr * fc1LrScale`. */
  readonly fc1LrScale: number;
  /** Added to fc1's centre-pixel weight of hidden unit 0 before the first step. */
  readonly perturbation: number;
}

/** The training loop's validated options with defaults filled (@negmnist/train's `resolveTrainOptions`). */
export interface ResolvedTrainOptions {
  readonly batchSize: number;
  readonly epochs: number;
  /** Step limit, or undefined for all epochs. */
  readonly maxSteps: number | undefined;
  readonly evalEvery: number;
  /** The evaluation points: schedule, every and final. */
  readonly evaluation: EvaluationPlan;
  readonly shuffle: boolean;
  readonly probeSize: number;
  readonly histogramBins: number;
  readonly histogramRange: number;
  readonly evalChunkSize: number;
  readonly stepsPerCall: number;
  /** Whether evaluations record the mean-direction probe. */
  readonly meanDirection: boolean;
  /** The sharpness probe's settings, or undefined when it is off. */
  readonly sharpness: SharpnessSettings | undefined;
  readonly members: readonly ResolvedMember[];
}

/** Per-member training-window sums since the last evaluation. */
export interface WindowSums {
  lossSum: number[];
  correct: number[];
}

/** What a step computes besides the update. */
export interface StepRequest {
  /** Gradient L2 norm per member and layer (the step before an evaluation). */
  gradNorms: boolean;
  /** The fc1 kernel gradient (an epoch's last step, for its histogram). */
  fc1Grad: boolean;
}

/** Each member's mean training loss over some images and its gradient, named and shaped as the weights. */
export interface LossGradient {
  /** `[K]` mean cross-entropy per member. */
  loss: Float32Array;
  /** dLoss/dWeight per weight tensor (`fc1.kernel`, …), member-major like {@link EngineSession.getWeights}. */
  gradients: NamedTensor[];
}

/** Validation results per member. */
export interface ValidationResult {
  /** Mean loss per member over the whole validation set. */
  loss: Float32Array;
  /** Accuracy per member. */
  accuracy: Float32Array;
  /** Images predicted correctly per member (integers; exact in float32 below 2^24 images). */
  correct: Float32Array;
  /** Validation images evaluated. */
  count: number;
  /** Predicted class of every image, member-major `[K * count]`. */
  predictions: Float32Array;
}

/** Raw probe values per member: per layer dead fraction, activation mean and std, weight norm; then dead-output share. */
export interface ProbeValues {
  /** `[member][layer]` */
  dead: number[][];
  mean: number[][];
  std: number[][];
  weightNorm: number[][];
  gradNorm: number[][];
  deadOutputFraction: number[];
}

/** Everything one evaluation reads from the engine. */
export interface EvaluationValues {
  /** Training-window sums per member since the last evaluation. */
  window: WindowSums;
  validation: ValidationResult;
  probes: ProbeValues;
}

/** The networks an engine trains: K members of equal layer sizes. */
export interface EngineNetwork {
  /** Members K. */
  readonly size: number;
  readonly members: readonly NetworkSpec[];
}

/** What an engine trains: the networks, their starting weights, the data and the resolved options. */
export interface EngineSetup {
  network: EngineNetwork;
  /** Starting weights, member-stacked: kernels `[K, in, out]`, biases `[K, out]` (see `stackMembers`). */
  weights: readonly NamedTensor[];
  data: TrainData;
  config: ResolvedTrainOptions;
}

/** One training run inside an engine, driven step by step by the training loop. */
export interface EngineSession {
  /** Per member: -1 while healthy, else the step of its first non-finite loss (frozen since). */
  readonly divergedAt: readonly number[];
  /** fc1 kernel gradient of the last step that asked for it, member-major (`[K * in * out]`). */
  readonly fc1Grad: Float32Array | undefined;
  /**
   * One SGD step of every active member on batches `indices` (K arrays of equal length, the same
   * array when members share a data order). A member whose loss is not finite is frozen before its
   * update and its `divergedAt` set to `step`.
   */
  step(indices: readonly Uint32Array[], step: number, want: StepRequest): Promise<void>;
  /**
   * Optional: plain steps `first`, `first + 1`, … on `batches` (one `indices` argument of
   * {@link EngineSession.step} per step, nothing requested) in one call, as that many `step` calls
   * would do them; stops early after the step at which every member is frozen. Returns the steps done.
   */
  steps?(batches: readonly (readonly Uint32Array[])[], first: number): Promise<number>;
  /** Window sums, full-validation loss/accuracy/predictions and probes (gradient norms of the last step that computed them). */
  evaluate(): Promise<EvaluationValues>;
  readWindow(): Promise<WindowSums>;
  /** Sets the window sums (zero after an evaluation; restored values on resume). */
  setWindow(sums: WindowSums): void;
  /** Freezes members from host-side decisions (non-finite validation loss, or a resumed divergence). */
  setDivergedAt(steps: readonly number[]): void;
  /**
   * Optional: each member's loss gradient at `weights` (any weights, named and shaped as
   * {@link EngineSession.getWeights}; the run's own are left unchanged) on training images `images`,
   * the same images for every member, with the piecewise-linear activations (ReLU, leaky ReLU) frozen in
   * their pattern at `anchor`: each unit keeps the slope it has at `anchor`. At `weights = anchor` this is
   * the plain gradient; near it, a smooth function whose derivative is the Hessian that double backward
   * computes (ReLU's second derivative taken as 0). The sharpness probe differences two of these per
   * Hessian-vector product.
   */
  lossGradient?(weights: readonly NamedTensor[], images: Uint32Array, anchor: readonly NamedTensor[]): Promise<LossGradient>;
  /** The current weights, named and shaped as {@link EngineSetup.weights} (member-stacked). */
  getWeights(): Promise<NamedTensor[]>;
  setWeights(weights: readonly NamedTensor[]): void;
  /** Releases the engine's memory. */
  dispose(): Promise<void>;
}

/** A training engine. */
export interface TrainEngine {
  /** Engine name as records store it, e.g. `tfjs` or `onnxruntime` (see `knownEngineNames`). */
  readonly name: string;
  /** Starts a run from {@link EngineSetup.weights}. */
  open(setup: EngineSetup): Promise<EngineSession>;
}
