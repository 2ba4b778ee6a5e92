import * as tf from '@tensorflow/tfjs';
import type { HiddenActivation, OutputActivation } from '@negmnist/core';
import { LEAKY_RELU_SLOPE } from '@negmnist/core';
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
  return forwardWith(model, model.layers.flatMap((l) => [l.kernel, l.bias]), x).out;
}

/**
 * {@link forwardStacked} with explicit parameters instead of the model's variables: `params` holds each
 * layer's kernel then bias, shaped as the model's variables. With `frozen` (the pre-activations of another
 * forward pass, e.g. at other weights), ReLU and leaky ReLU units keep that pass's pattern: each unit
 * multiplies its pre-activation by the slope it had there, so the output is smooth in `params` (the
 * network whose Hessian double backward gives). Returns every layer's pre-activation and output. Call inside tf.tidy.
 */
export function forwardWith(model: Stacked, params: readonly tf.Tensor[], x: tf.Tensor3D, frozen?: readonly tf.Tensor3D[]): { pre: tf.Tensor3D[]; out: tf.Tensor3D[] } {
  const [kx, batch] = x.shape;
  const k = model.size;
  if (kx !== k && kx !== 1) {
    throw new RangeError(`forward pass: expected x.shape[0] = ${k} members or 1 (shared), received ${kx}`);
  }
  if (params.length !== 2 * model.layers.length) throw new RangeError(`forward pass: expected ${2 * model.layers.length} parameter tensors (kernel and bias per layer), received ${params.length}`);
  const pres: tf.Tensor3D[] = [];
  const outs: tf.Tensor3D[] = [];
  let h: tf.Tensor3D = x;
  model.layers.forEach((layer, i) => {
    const kernel = params[2 * i] as tf.Tensor;
    const bias = params[2 * i + 1] as tf.Tensor;
    const units = layer.bias.shape[layer.bias.shape.length - 1] as number;
    const matMul = i === 0 ? denseFromInput : dense;
    const pre = (
      model.kind === 'mlp' ? tf.add(matMul(h.reshape([batch, h.shape[2]]), kernel), bias).reshape([1, batch, units]) : tf.add(matMul(h, kernel), bias.reshape([k, 1, units]))
    ) as tf.Tensor3D;
    const isOutput = i === model.layers.length - 1;
    h = activateMembers(pre, model.members.map((m) => (isOutput ? m.output : m.hidden)), frozen?.[i]);
    pres.push(pre);
    outs.push(h);
  });
  return { pre: pres, out: outs };
}

/** `name` applied to `pre`, or with `frozen` pre-activations, a ReLU-like unit's slope there times `pre`. */
function activation(name: HiddenActivation | OutputActivation, pre: tf.Tensor3D, frozen: tf.Tensor3D | undefined): tf.Tensor3D {
  if (frozen === undefined) return applyActivation(name, pre);
  if (name === 'relu') return tf.mul(pre, tf.cast(tf.greater(frozen, 0), 'float32')) as tf.Tensor3D;
  if (name === 'leakyRelu') return tf.where(tf.greater(frozen, 0), pre, tf.mul(pre, LEAKY_RELU_SLOPE)) as tf.Tensor3D;
  return applyActivation(name, pre);
}

/** Applies member k's activation to `pre[k]`; one op when all members share it, masks otherwise. */
function activateMembers(pre: tf.Tensor3D, names: readonly (HiddenActivation | OutputActivation)[], frozen?: tf.Tensor3D): tf.Tensor3D {
  const distinct = [...new Set(names)];
  if (distinct.length === 1) return activation(distinct[0] as HiddenActivation | OutputActivation, pre, frozen);
  let sum: tf.Tensor3D | undefined;
  for (const name of distinct) {
    const mask = tf.tensor3d(names.map((n) => (n === name ? 1 : 0)), [names.length, 1, 1]);
    const part = tf.mul(activation(name, pre, frozen), mask) as tf.Tensor3D;
    sum = sum ? (tf.add(sum, part) as tf.Tensor3D) : part;
  }
  return sum as tf.Tensor3D;
}
