import type { HiddenActivation, OutputActivation } from './vocabulary';

/** A plain tensor: name, shape and row-major float32 values. Serialisable, and the same on every engine. */
export interface NamedTensor {
  /** `fc1.kernel`, `fc1.bias`, … */
  name: string;
  shape: number[];
  data: Float32Array;
}

/** One network's architecture: a dense layer between each pair of sizes, `hidden` after all but the last, `output` on the logits. */
export interface NetworkSpec {
  /** Layer sizes including input and output, e.g. [784, 200, 100, 10]. */
  readonly layerSizes: readonly number[];
  readonly hidden: HiddenActivation;
  readonly output: OutputActivation;
}

/**
 * What the training loop trains: K networks of equal layer sizes (K = 1: one network), whatever holds
 * their weights. @negmnist/models' `createMlp` and `createMlpEnsemble` return one (weights in
 * TensorFlow.js variables); any object with these members does.
 */
export interface TrainModel {
  /** Members K. */
  readonly size: number;
  /** Each member's architecture, in member order. */
  readonly members: readonly NetworkSpec[];
  /** The current weights, named `fc1.kernel`, `fc1.bias`, …: kernels `[K, in, out]` and biases `[K, out]`, or without the member axis when K = 1. */
  readWeights(): Promise<NamedTensor[]>;
  /** Takes member-stacked weights (see {@link stackMembers}): the loop hands back the final weights. */
  writeWeights(weights: readonly NamedTensor[]): void;
}

/** Names of a network's dense layers: `fc1`, `fc2`, … (the last is the output layer). */
export function layerNames(layerSizes: readonly number[]): string[] {
  return layerSizes.slice(1).map((_, i) => `fc${i + 1}`);
}

/**
 * Weights in the engine contract's shapes, always member-stacked: kernels `[K, in, out]`, biases `[K, out]`.
 * A single network's `[in, out]` and `[out]` (K = 1) get the leading member axis; stacked ones pass unchanged.
 */
export function stackMembers(weights: readonly NamedTensor[], size: number): NamedTensor[] {
  return weights.map((t) => {
    const rank = t.name.endsWith('.kernel') ? 2 : 1;
    return size === 1 && t.shape.length === rank ? { ...t, shape: [1, ...t.shape] } : t;
  });
}
