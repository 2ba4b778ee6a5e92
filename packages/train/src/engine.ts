import type { AnyMlp } from '@negmnist/models';
import type { NamedTensor } from '@negmnist/core';
import type { EvaluationValues } from './evaluate';
import type { ResolvedTrainOptions, TrainData } from './options';

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

/** What an engine trains: the model (its current weights are the start), the data and the resolved options. */
export interface EngineSetup {
  model: AnyMlp;
  data: TrainData;
  config: ResolvedTrainOptions;
}

/**
 * One training run inside an engine: weights, data and window sums live wherever the engine keeps them
 * (a TensorFlow.js backend, an ONNX Runtime session); {@link train} drives it step by step and turns
 * what it reads into records, so hooks, records and probes are the same whatever the engine.
 */
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
  /** The current weights, named and shaped as the model's variables (`fc1.kernel`, …). */
  getWeights(): Promise<NamedTensor[]>;
  setWeights(weights: readonly NamedTensor[]): void;
  /** Releases the engine's memory; the model's variables then hold the final weights. */
  dispose(): Promise<void>;
}

/** A training engine: TensorFlow.js ({@link tfjsEngine}, the default) or another, e.g. ONNX Runtime in @negmnist/engine-onnx. */
export interface TrainEngine {
  /** Engine name as records store it, e.g. `tfjs` or `onnxruntime`. */
  readonly name: string;
  /** Starts a run from the model's current weights. */
  open(setup: EngineSetup): Promise<EngineSession>;
}
