import * as tf from '@tensorflow/tfjs';
import type { NamedTensor } from '@negmnist/core';
import { WeightsFormatError } from './errors';
import type { AnyMlp } from './ensemble';

/**
 * Copies every variable of a model (an Mlp or an ensemble) to plain tensors, layer order, kernel then
 * bias. Async with a single device read: synchronous reads fail on WebGPU in Node (no OffscreenCanvas).
 */
export async function getWeights(model: AnyMlp): Promise<NamedTensor[]> {
  const variables = model.layers.flatMap((layer) => [
    { name: `${layer.name}.kernel`, variable: layer.kernel },
    { name: `${layer.name}.bias`, variable: layer.bias },
  ]);
  const flat = tf.tidy(() => tf.concat(variables.map((v) => tf.reshape(v.variable, [-1]))));
  let values: Float32Array;
  try {
    values = (await flat.data()) as Float32Array;
  } finally {
    flat.dispose();
  }
  let offset = 0;
  return variables.map(({ name, variable }) => {
    const data = values.slice(offset, offset + variable.size);
    offset += variable.size;
    return { name, shape: [...variable.shape], data };
  });
}

/** Assigns plain tensors to a model's variables; every variable must be present with its exact shape. */
export function setWeights(model: AnyMlp, tensors: readonly NamedTensor[]): void {
  const byName = new Map(tensors.map((t) => [t.name, t]));
  const pairs = model.layers.flatMap((layer) => [
    [`${layer.name}.kernel`, layer.kernel] as const,
    [`${layer.name}.bias`, layer.bias] as const,
  ]);
  for (const [name, variable] of pairs) {
    const t = byName.get(name);
    if (!t) throw new WeightsFormatError(`setWeights: tensor \`${name}\` missing, expected shape [${variable.shape.join(', ')}]`);
    const expected = variable.shape.reduce((a, b) => a * b, 1);
    if (t.shape.join() !== variable.shape.join() || t.data.length !== expected) {
      throw new WeightsFormatError(
        `setWeights: tensor \`${name}\` has shape [${t.shape.join(', ')}] (${t.data.length} values), expected [${variable.shape.join(', ')}]`,
      );
    }
  }
  for (const [name, variable] of pairs) {
    const t = byName.get(name) as NamedTensor;
    tf.tidy(() => variable.assign(tf.tensor(t.data, t.shape)));
  }
}
