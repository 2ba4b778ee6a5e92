/**
 * The words every package uses for a run: activations, initialisers, input scalings, polarities,
 * evaluation schedules, engines, backends and the learning-curve metrics, each listed once here.
 */

/** Hidden-layer activation functions the engines implement. */
export const hiddenActivations = ['relu', 'sigmoid', 'tanh', 'leakyRelu', 'gelu'] as const;
/** Output-layer activations: `relu` as in the seed program (a ReLU on the logits), or none. */
export const outputActivations = ['relu', 'sigmoid', 'none'] as const;
/** Weight initialisers: `torch` is PyTorch's nn.Linear default, U(±1/√fan_in) for weights and bias. */
export const initializers = ['torch', 'glorot', 'he'] as const;
/**
 * Pixel scaling before the network: x = pixel / 255 (`unit`, the seed); minus the training mean, one scalar
 * over all pixels (`centred`), or also divided by the training std (`standardised`); minus each pixel's own
 * training mean (`pixel-centred`: every input has mean zero); or each pixel's mean swapped for the other
 * polarity's (`mean-swapped`: x - μ + (1 - μ) for μ the positive images' per-pixel mean, so positive digits
 * get the negative images' mean vector and negative digits the positive ones', covariance unchanged).
 */
export const inputScalings = ['unit', 'centred', 'standardised', 'pixel-centred', 'mean-swapped'] as const;
/** Image polarities: the digits as given (`positive`) or `1 - x` (`negative`). */
export const polarities = ['positive', 'negative'] as const;
/**
 * Evaluation schedules: `per-epoch` counts batches from 0 in every epoch as the seed program does
 * (`i % evalEvery == evalEvery - 1`: 9 points per 938-batch epoch), `global` counts steps over the run.
 */
export const evalSchedules = ['per-epoch', 'global'] as const;
/**
 * Engines of this project: TensorFlow.js (@negmnist/engine-tfjs), ONNX Runtime (@negmnist/engine-onnx) and
 * the WGSL engine (@negmnist/engine-webgpu). Records store an engine's name as an open string, so readers
 * accept engines added later; this is the documented set, not a closed enum.
 */
export const knownEngineNames = ['tfjs', 'onnxruntime', 'webgpu'] as const;
/** Backends runs are trained on: TensorFlow.js backends (`webgl` in browsers only), ONNX Runtime execution providers (cpu, webgpu, cuda), and `webgpu` for the WGSL engine. */
export const backendNames = ['tensorflow', 'webgpu', 'webgl', 'wasm', 'cpu', 'cuda'] as const;
/** Learning-curve quantities of an evaluation, in the order charts offer them. */
export const learningMetrics = ['valAccuracy', 'valLoss', 'trainAccuracy', 'trainLoss'] as const;
/** The words charts and tables use for each {@link learningMetrics} entry. */
export const METRIC_LABELS: Readonly<Record<LearningMetric, string>> = Object.freeze({
  valAccuracy: 'Validation accuracy',
  valLoss: 'Validation loss',
  trainAccuracy: 'Training accuracy',
  trainLoss: 'Training loss',
});

export type HiddenActivation = (typeof hiddenActivations)[number];
export type OutputActivation = (typeof outputActivations)[number];
export type Initializer = (typeof initializers)[number];
export type InputScaling = (typeof inputScalings)[number];
export type Polarity = (typeof polarities)[number];
export type EvalSchedule = (typeof evalSchedules)[number];
/** An engine's name: one of {@link knownEngineNames} or another engine's. */
export type EngineName = (typeof knownEngineNames)[number] | (string & {});
export type BackendName = (typeof backendNames)[number];
export type LearningMetric = (typeof learningMetrics)[number];

/**
 * A pixel of the negative image: `1 - x` for a pixel x in [0, 1], the one definition of negative images
 * (@negmnist/data makes negative datasets with it, @negmnist/viz draws negative digits with it).
 */
export function negativePixel(x: number): number {
  return 1 - x;
}

/** The polarity word of a `negative` flag. */
export function polarityOf(negative: boolean): Polarity {
  return negative ? 'negative' : 'positive';
}

/** Whether an activation is ReLU: its units can be dead (zero for every input), which the dead-unit probes count. */
export function isRelu(name: HiddenActivation | OutputActivation): boolean {
  return name === 'relu';
}

/** Negative slope of `leakyRelu`, PyTorch's default: every engine computes it with this value. */
export const LEAKY_RELU_SLOPE = 0.01;
