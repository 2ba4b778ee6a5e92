import * as tf from '@tensorflow/tfjs';
import { SEED_CONFIG, type TrainModel } from '@negmnist/core';
import { forwardStacked } from './forward';
import { initialWeights } from './init';
import { resolveMlpOptions, type MlpOptions, type ResolvedMlpOptions } from './options';
import { getWeights, setWeights } from './weights';

/** One dense layer's trainable variables. Kernel `[in, out]` (PyTorch's weight transposed), bias `[out]`. */
export interface DenseLayer {
  /** `fc1`, `fc2`, … (the last is the output layer). */
  readonly name: string;
  readonly kernel: tf.Variable;
  readonly bias: tf.Variable;
}

/** A multi-layer perceptron held as tf.Variables, forward pass written with tf ops. */
export interface Mlp extends ResolvedMlpOptions, TrainModel {
  readonly kind: 'mlp';
  /** Number of members: always 1 (lets trainers treat a model and an ensemble alike). */
  readonly size: 1;
  /** Its own resolved options, as the one member (an ensemble lists one entry per member). */
  readonly members: readonly [ResolvedMlpOptions];
  readonly layers: readonly DenseLayer[];
  /** Post-activation outputs `[batch, units]` of every layer, first to last. Caller disposes (or tidies). */
  applyLayers(x: tf.Tensor2D): tf.Tensor2D[];
  /** The network's output `[batch, classes]` (after the output activation). */
  apply(x: tf.Tensor2D): tf.Tensor2D;
  /**
   * Every layer's output `[1, batch, units]` for input `[1, batch, in]`: the member-stacked form an
   * ensemble's `applyStacked` takes, so trainers handle both kinds alike. Records gradients; call inside tf.tidy.
   */
  applyStacked(x: tf.Tensor3D): tf.Tensor3D[];
  /** Number of trainable scalars (weights and biases). */
  parameterCount(): number;
  /** Releases the variables. */
  dispose(): void;
}

/** Builds an MLP with seeded initial weights; throws ConfigError on bad options. */
export function createMlp(options: MlpOptions = {}): Mlp {
  const resolved = resolveMlpOptions(options);
  const sizes = resolved.layerSizes;
  const layers: DenseLayer[] = initialWeights(resolved).map((values, i) => ({
    name: `fc${i + 1}`,
    kernel: tf.variable(tf.tensor2d(values.kernel, [sizes[i] as number, sizes[i + 1] as number]), true),
    bias: tf.variable(tf.tensor1d(values.bias), true),
  }));
  const model: Mlp = {
    kind: 'mlp',
    size: 1,
    ...resolved,
    members: [resolved],
    layers,
    applyStacked: (x) => forwardStacked(model, x),
    applyLayers(x) {
      const [batch = 0, features = 0] = x.shape;
      return tf.tidy(() => forwardStacked(model, x.reshape([1, batch, features])).map((h) => h.reshape([batch, h.shape[2]]))) as tf.Tensor2D[];
    },
    apply(x) {
      return tf.tidy(() => {
        const outs = model.applyLayers(x);
        return outs[outs.length - 1] as tf.Tensor2D;
      });
    },
    parameterCount: () => countParameters(sizes),
    readWeights: () => getWeights(model),
    // the loop hands back member-stacked weights: this single network's drop the member axis
    writeWeights: (weights) => setWeights(model, weights.map((t) => (t.shape.length === (t.name.endsWith('.kernel') ? 3 : 2) ? { ...t, shape: t.shape.slice(1) } : t))),
    dispose: () => disposeLayers(layers),
  };
  return model;
}

/** The seed program's Network2 (`SEED_CONFIG` of @negmnist/core): 784-200-100-10, ReLU after every layer (logits included), torch init. */
export function seedNetwork(options: { seed?: number } = {}): Mlp {
  const { layers, hidden, output, init } = SEED_CONFIG;
  return createMlp({ ...options, layerSizes: layers, hidden, output, init });
}

/** Weights plus biases of an MLP with these layer sizes (seed network: 178,110). */
export function countParameters(layerSizes: readonly number[]): number {
  let n = 0;
  for (let i = 0; i + 1 < layerSizes.length; i++) {
    n += ((layerSizes[i] as number) + 1) * (layerSizes[i + 1] as number);
  }
  return n;
}

/** Releases a model's variables. */
export function disposeLayers(layers: readonly DenseLayer[]): void {
  for (const layer of layers) {
    layer.kernel.dispose();
    layer.bias.dispose();
  }
}
