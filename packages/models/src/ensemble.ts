import * as tf from '@tensorflow/tfjs';
import type { TrainModel } from '@negmnist/core';
import { ConfigError } from './errors';
import { forwardStacked } from './forward';
import { initialWeights } from './init';
import { countParameters, disposeLayers, type DenseLayer, type Mlp } from './mlp';
import { resolveMlpOptions, type MlpOptions, type ResolvedMlpOptions } from './options';
import { getWeights, setWeights } from './weights';

/**
 * K MLPs of the same layer sizes stored as stacked variables (kernel `[K, in, out]`, bias `[K, out]`),
 * so one batched matMul trains all K. Members may differ in seed, init and activations.
 */
export interface MlpEnsemble extends TrainModel {
  readonly kind: 'ensemble';
  /** Number of members K. */
  readonly size: number;
  readonly layerSizes: readonly number[];
  /** Resolved options of each member, in member order. */
  readonly members: readonly ResolvedMlpOptions[];
  readonly layers: readonly DenseLayer[];
  /**
   * Post-activation outputs `[K, batch, units]` of every layer for member-stacked inputs `[K, batch, in]`
   * (member k sees `x[k]`) or `[1, batch, in]` (all members see the same images). Records gradients; call inside tf.tidy.
   */
  applyStacked(x: tf.Tensor3D): tf.Tensor3D[];
  /** Outputs `[K, batch, classes]`. */
  apply(x: tf.Tensor3D): tf.Tensor3D;
  /** Trainable scalars over all members. */
  parameterCount(): number;
  dispose(): void;
}

/** Either model kind: a single {@link Mlp} (one member) or an {@link MlpEnsemble} (K members). */
export type AnyMlp = Mlp | MlpEnsemble;

/** Builds an ensemble; member k starts with exactly the weights `createMlp(members[k])` would have. */
export function createMlpEnsemble(members: readonly MlpOptions[]): MlpEnsemble {
  if (!Array.isArray(members) || members.length === 0) {
    throw new ConfigError('members', 'a non-empty array of MlpOptions', members);
  }
  const resolved = members.map((m, k) => resolveMlpOptions(m, `members[${k}]`));
  const first = resolved[0] as ResolvedMlpOptions;
  resolved.forEach((m, k) => {
    if (m.layerSizes.join() !== first.layerSizes.join()) {
      throw new ConfigError(`members[${k}].layerSizes`, `the layer sizes of members[0], [${first.layerSizes.join(', ')}]`, m.layerSizes);
    }
  });
  const size = resolved.length;
  const sizes = first.layerSizes;
  const perMember = resolved.map((m) => initialWeights(m));
  const layers: DenseLayer[] = sizes.slice(1).map((fanOut, i) => {
    const fanIn = sizes[i] as number;
    const kernel = new Float32Array(size * fanIn * fanOut);
    const bias = new Float32Array(size * fanOut);
    perMember.forEach((weights, k) => {
      kernel.set(weights[i]?.kernel ?? [], k * fanIn * fanOut);
      bias.set(weights[i]?.bias ?? [], k * fanOut);
    });
    return {
      name: `fc${i + 1}`,
      kernel: tf.variable(tf.tensor3d(kernel, [size, fanIn, fanOut]), true),
      bias: tf.variable(tf.tensor2d(bias, [size, fanOut]), true),
    };
  });
  const ensemble: MlpEnsemble = {
    kind: 'ensemble',
    size,
    layerSizes: sizes,
    members: resolved,
    layers,
    applyStacked: (x) => forwardStacked(ensemble, x),
    apply: (x) =>
      tf.tidy(() => {
        const outs = forwardStacked(ensemble, x);
        return outs[outs.length - 1] as tf.Tensor3D;
      }),
    parameterCount: () => size * countParameters(sizes),
    readWeights: () => getWeights(ensemble),
    writeWeights: (weights) => setWeights(ensemble, weights),
    dispose: () => disposeLayers(layers),
  };
  return ensemble;
}
