import * as tf from '@tensorflow/tfjs';
import { applyStacked } from './forward';
import { initLayer } from './init';
import { resolveMlpOptions, type MlpOptions, type ResolvedMlpOptions } from './options';

/** One dense layer's trainable variables. Kernel `[in, out]` (PyTorch's weight transposed), bias `[out]`. */
export interface DenseLayer {
  /** `fc1`, `fc2`, … (the last is the output layer). */
  readonly name: string;
  readonly kernel: tf.Variable;
  readonly bias: tf.Variable;
}

/** A multi-layer perceptron held as tf.Variables, forward pass written with tf ops. */
export interface Mlp extends ResolvedMlpOptions {
  readonly kind: 'mlp';
  /** Number of members: always 1 (lets trainers treat a model and an ensemble alike). */
  readonly size: 1;
  readonly layers: readonly DenseLayer[];
  /** Post-activation outputs `[batch, units]` of every layer, first to last. Caller disposes (or tidies). */
  applyLayers(x: tf.Tensor2D): tf.Tensor2D[];
  /** The network's output `[batch, classes]` (after the output activation). */
  apply(x: tf.Tensor2D): tf.Tensor2D;
  /** Number of trainable scalars (weights and biases). */
  parameterCount(): number;
  /** Releases the variables. */
  dispose(): void;
}

/** Builds an MLP with seeded initial weights; throws ConfigError on bad options. */
export function createMlp(options: MlpOptions = {}): Mlp {
  const resolved = resolveMlpOptions(options);
  const sizes = resolved.layerSizes;
  const layers: DenseLayer[] = [];
  for (let i = 0; i + 1 < sizes.length; i++) {
    const fanIn = sizes[i] as number;
    const fanOut = sizes[i + 1] as number;
    const values = initLayer(resolved.init, fanIn, fanOut, resolved.seed, i);
    layers.push({
      name: `fc${i + 1}`,
      kernel: tf.variable(tf.tensor2d(values.kernel, [fanIn, fanOut]), true),
      bias: tf.variable(tf.tensor1d(values.bias), true),
    });
  }
  const model: Mlp = {
    kind: 'mlp',
    size: 1,
    ...resolved,
    layers,
    applyLayers(x) {
      const [batch = 0, features = 0] = x.shape;
      return tf.tidy(() =>
        applyStacked(model, x.reshape([1, batch, features])).map((h) => h.reshape([batch, h.shape[2]])),
      ) as tf.Tensor2D[];
    },
    apply(x) {
      return tf.tidy(() => {
        const outs = model.applyLayers(x);
        return outs[outs.length - 1] as tf.Tensor2D;
      });
    },
    parameterCount: () => countParameters(sizes),
    dispose() {
      for (const layer of layers) {
        layer.kernel.dispose();
        layer.bias.dispose();
      }
    },
  };
  return model;
}

/** The seed program's Network2: 784-200-100-10, ReLU after every layer (logits included), torch init. */
export function seedNetwork(options: { seed?: number } = {}): Mlp {
  return createMlp({ ...options, layerSizes: [784, 200, 100, 10], hidden: 'relu', output: 'relu', init: 'torch' });
}

/** Weights plus biases of an MLP with these layer sizes (seed network: 178,110). */
export function countParameters(layerSizes: readonly number[]): number {
  let n = 0;
  for (let i = 0; i + 1 < layerSizes.length; i++) {
    n += ((layerSizes[i] as number) + 1) * (layerSizes[i + 1] as number);
  }
  return n;
}
