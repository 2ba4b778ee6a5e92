import * as tf from '@tensorflow/tfjs';
import { ConfigError } from './errors';
import { applyStacked } from './forward';
import { initLayer } from './init';
import { countParameters, createMlp, type DenseLayer, type Mlp } from './mlp';
import { resolveMlpOptions, type MlpOptions, type ResolvedMlpOptions } from './options';

/**
 * K MLPs of the same layer sizes stored as stacked variables (kernel `[K, in, out]`, bias `[K, out]`),
 * so one batched matMul trains all K. Members may differ in seed, init and activations.
 */
export interface MlpEnsemble {
  readonly kind: 'ensemble';
  /** Number of members K. */
  readonly size: number;
  readonly layerSizes: readonly number[];
  /** Resolved options of each member, in member order. */
  readonly members: readonly ResolvedMlpOptions[];
  readonly layers: readonly DenseLayer[];
  /** Post-activation outputs `[K, batch, units]` of every layer for member-stacked inputs `[K, batch, in]`. */
  applyLayers(x: tf.Tensor3D): tf.Tensor3D[];
  /** Outputs `[K, batch, classes]`. */
  apply(x: tf.Tensor3D): tf.Tensor3D;
  /** Trainable scalars over all members. */
  parameterCount(): number;
  dispose(): void;
}

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
  const layers: DenseLayer[] = [];
  for (let i = 0; i + 1 < sizes.length; i++) {
    const fanIn = sizes[i] as number;
    const fanOut = sizes[i + 1] as number;
    const kernel = new Float32Array(size * fanIn * fanOut);
    const bias = new Float32Array(size * fanOut);
    resolved.forEach((m, k) => {
      const values = initLayer(m.init, fanIn, fanOut, m.seed, i);
      kernel.set(values.kernel, k * fanIn * fanOut);
      bias.set(values.bias, k * fanOut);
    });
    layers.push({
      name: `fc${i + 1}`,
      kernel: tf.variable(tf.tensor3d(kernel, [size, fanIn, fanOut]), true),
      bias: tf.variable(tf.tensor2d(bias, [size, fanOut]), true),
    });
  }
  const ensemble: MlpEnsemble = {
    kind: 'ensemble',
    size,
    layerSizes: sizes,
    members: resolved,
    layers,
    applyLayers: (x) => tf.tidy(() => applyStacked(ensemble, x)),
    apply: (x) =>
      tf.tidy(() => {
        const outs = applyStacked(ensemble, x);
        return outs[outs.length - 1] as tf.Tensor3D;
      }),
    parameterCount: () => size * countParameters(sizes),
    dispose() {
      for (const layer of layers) {
        layer.kernel.dispose();
        layer.bias.dispose();
      }
    },
  };
  return ensemble;
}

/** A standalone copy of member k (its options and current weights) as a single {@link Mlp}. */
export function ensembleMember(ensemble: MlpEnsemble, k: number): Mlp {
  if (!Number.isInteger(k) || k < 0 || k >= ensemble.size) {
    throw new ConfigError('member', `an integer in [0, ${ensemble.size})`, k);
  }
  const mlp = createMlp(ensemble.members[k]);
  mlp.layers.forEach((layer, i) => {
    const source = ensemble.layers[i] as DenseLayer;
    tf.tidy(() => {
      layer.kernel.assign(tf.gather(source.kernel, k));
      layer.bias.assign(tf.gather(source.bias, k));
    });
  });
  return mlp;
}
