import * as tf from '@tensorflow/tfjs';
import type { HiddenActivation, OutputActivation } from '@negmnist/results';
import { applyActivation } from './activations';
import type { MlpEnsemble } from './ensemble';
import type { Mlp } from './mlp';
import type { ResolvedMlpOptions } from './options';

/** Either model kind: a single {@link Mlp} (one member) or an {@link MlpEnsemble} (K members). */
export type AnyMlp = Mlp | MlpEnsemble;

/** Resolved options of each member, in member order (one entry for a single Mlp). */
export function memberOptions(model: AnyMlp): readonly ResolvedMlpOptions[] {
  return model.kind === 'mlp' ? [model] : model.members;
}

/**
 * Forward pass on member-stacked inputs `x: [K, batch, in]` (K = 1 for a single Mlp; member k sees
 * `x[k]`). Returns every layer's post-activation output `[K, batch, units]`. Call inside tf.tidy.
 */
export function applyStacked(model: AnyMlp, x: tf.Tensor3D): tf.Tensor3D[] {
  const [k, batch] = x.shape;
  if (k !== model.size) {
    throw new RangeError(`applyStacked: expected x.shape[0] = ${model.size} members, received ${k}`);
  }
  const members = memberOptions(model);
  const outs: tf.Tensor3D[] = [];
  let h: tf.Tensor3D = x;
  model.layers.forEach((layer, i) => {
    const units = layer.bias.shape[layer.bias.shape.length - 1] as number;
    const pre =
      model.kind === 'mlp'
        ? tf.add(dense(h.reshape([batch, h.shape[2]]), layer.kernel), layer.bias).reshape([1, batch, units])
        : tf.add(dense(h, layer.kernel), layer.bias.reshape([k, 1, units]));
    const isOutput = i === model.layers.length - 1;
    h = activateMembers(pre as tf.Tensor3D, members.map((m) => (isOutput ? m.output : m.hidden)));
    outs.push(h);
  });
  return outs;
}

/**
 * `x @ w` (2-D or batched 3-D) with a gradient that transposes explicitly: the wasm backend's
 * transposed matMul is ~8x slower than a transpose followed by a plain matMul.
 */
export const dense = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
  const [x, w, save] = args as [tf.Tensor, tf.Tensor, tf.GradSaveFunc];
  save([x, w]);
  const perm = x.rank === 3 ? [0, 2, 1] : [1, 0];
  return {
    value: tf.matMul(x as tf.Tensor3D, w as tf.Tensor3D),
    gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
      const [sx, sw] = saved as [tf.Tensor3D, tf.Tensor3D];
      return [tf.matMul(dy as tf.Tensor3D, tf.transpose(sw, perm)), tf.matMul(tf.transpose(sx, perm), dy as tf.Tensor3D)];
    },
  };
}) as (x: tf.Tensor, w: tf.Tensor) => tf.Tensor;

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
