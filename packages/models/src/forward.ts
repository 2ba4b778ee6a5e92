import * as tf from '@tensorflow/tfjs';
import type { HiddenActivation, OutputActivation } from '@negmnist/results';
import { applyActivation } from './activations';
import { dense, denseFromInput } from './matmul';
import type { DenseLayer } from './mlp';
import type { ResolvedMlpOptions } from './options';

/** What the forward pass needs of either model kind. */
interface Stacked {
  readonly kind: 'mlp' | 'ensemble';
  readonly size: number;
  readonly members: readonly ResolvedMlpOptions[];
  readonly layers: readonly DenseLayer[];
}

/**
 * Forward pass on member-stacked inputs `x: [K, batch, in]` (member k sees `x[k]`) or `[1, batch, in]`
 * (every member sees the same images). Returns every layer's post-activation output
 * `[K, batch, units]`. The input gets no gradient. Call inside tf.tidy.
 */
export function forwardStacked(model: Stacked, x: tf.Tensor3D): tf.Tensor3D[] {
  const [kx, batch] = x.shape;
  const k = model.size;
  if (kx !== k && kx !== 1) {
    throw new RangeError(`forward pass: expected x.shape[0] = ${k} members or 1 (shared), received ${kx}`);
  }
  const outs: tf.Tensor3D[] = [];
  let h: tf.Tensor3D = x;
  model.layers.forEach((layer, i) => {
    const units = layer.bias.shape[layer.bias.shape.length - 1] as number;
    const matMul = i === 0 ? denseFromInput : dense;
    const pre =
      model.kind === 'mlp'
        ? tf.add(matMul(h.reshape([batch, h.shape[2]]), layer.kernel), layer.bias).reshape([1, batch, units])
        : tf.add(matMul(h, layer.kernel), layer.bias.reshape([k, 1, units]));
    const isOutput = i === model.layers.length - 1;
    h = activateMembers(pre as tf.Tensor3D, model.members.map((m) => (isOutput ? m.output : m.hidden)));
    outs.push(h);
  });
  return outs;
}

/** Applies member k's activation to `pre[k]`; one op when all members share it, masks otherwise. */
function activateMembers(pre: tf.Tensor3D, names: readonly (HiddenActivation | OutputActivation)[]): tf.Tensor3D {
  const distinct = [...new Set(names)];
  if (distinct.length === 1) return applyActivation(distinct[0] as HiddenActivation | OutputActivation, pre);
  let sum: tf.Tensor3D | undefined;
  for (const name of distinct) {
    const mask = tf.tensor3d(names.map((n) => (n === name ? 1 : 0)), [names.length, 1, 1]);
    const part = tf.mul(applyActivation(name, pre), mask) as tf.Tensor3D;
    sum = sum ? (tf.add(sum, part) as tf.Tensor3D) : part;
  }
  return sum as tf.Tensor3D;
}
