import * as tf from '@tensorflow/tfjs';
import type { EvaluationValues, ProbeValues } from '@negmnist/core';
import type { AnyMlp } from '@negmnist/models';
import { memberRows, type DeviceSplit } from './device-data';
import { memberCorrect, memberLosses } from './step';

/** Where an evaluation's inputs live on the device. */
export interface EvaluationInputs {
  model: AnyMlp;
  validation: DeviceSplit;
  /** Validation images per member per forward pass. */
  chunkSize: number;
  /** Validation images (the first ones) the probes run on. */
  probeSize: number;
  /** Training-window loss and correct-count sums, `[K]` each. */
  window: readonly [tf.Tensor1D, tf.Tensor1D];
  layerNorms: (valueOf: (variableName: string) => tf.Tensor) => tf.Tensor2D;
  /** `[K, layers]` gradient norms of the last step, when it computed them. */
  gradNorms: tf.Tensor2D | undefined;
}

/**
 * Evaluates every member on the full validation set and runs the probes, reading the window sums,
 * validation sums, probe statistics and predictions back in one async transfer.
 */
export async function readEvaluation(inputs: EvaluationInputs): Promise<EvaluationValues> {
  const { model, validation: data } = inputs;
  const k = model.size;
  const { sums, predictions } = validationTensors(model, data, inputs.chunkSize);
  const probes = probeTensor(model, data, inputs.probeSize, inputs.layerNorms, inputs.gradNorms);
  const flat = tf.tidy(() =>
    tf.concat([...inputs.window, tf.reshape(sums, [-1]), tf.reshape(probes, [-1]), tf.reshape(tf.cast(predictions, 'float32'), [-1])]),
  );
  tf.dispose([sums, predictions, probes]);
  let values: Float32Array;
  try {
    values = (await flat.data()) as Float32Array;
  } finally {
    flat.dispose();
  }
  const probeEnd = 4 * k + k * probeWidth(model.layers.length);
  return {
    window: { lossSum: Array.from(values.subarray(0, k)), correct: Array.from(values.subarray(k, 2 * k)) },
    validation: {
      loss: values.slice(2 * k, 3 * k).map((v) => v / data.count),
      accuracy: values.slice(3 * k, 4 * k).map((v) => v / data.count),
      correct: values.slice(3 * k, 4 * k),
      count: data.count,
      predictions: values.slice(probeEnd),
    },
    probes: decodeProbes(values.subarray(4 * k, probeEnd), k, model.layers.length),
  };
}

/** `[2, K]` loss and correct-count sums and `[K, count]` predicted classes, in chunks of `chunkSize` images per member. */
function validationTensors(model: AnyMlp, data: DeviceSplit, chunkSize: number): { sums: tf.Tensor2D; predictions: tf.Tensor2D } {
  const k = model.size;
  let sums: tf.Tensor2D = tf.zeros([2, k]);
  const predictions: tf.Tensor2D[] = [];
  for (let start = 0; start < data.count; start += chunkSize) {
    const n = Math.min(chunkSize, data.count - start);
    const next = tf.tidy(() => {
      const chunk = memberRows(data, start, n);
      const outs = model.applyStacked(chunk.x);
      const z = outs[outs.length - 1] as tf.Tensor3D;
      const oneHot = tf.cast(tf.oneHot(chunk.labels, data.numClasses), 'float32') as tf.Tensor3D;
      const part = tf.stack([tf.mul(memberLosses(z, oneHot), n), memberCorrect(z, chunk.labels)]);
      predictions.push(tf.keep(tf.argMax(z, 2) as tf.Tensor2D));
      return tf.add(sums, part) as tf.Tensor2D;
    });
    sums.dispose();
    sums = next;
  }
  const all = tf.concat(predictions, 1);
  tf.dispose(predictions);
  return { sums, predictions: all };
}

/** Probe columns per member: dead, mean and std per layer, dead-output share, weight and gradient norm per layer. */
function probeWidth(layers: number): number {
  return 5 * layers + 1;
}

/** Runs the probe images through every member: `[K, probeWidth]` statistics. */
function probeTensor(
  model: AnyMlp,
  data: DeviceSplit,
  probeSize: number,
  layerNorms: (valueOf: (variableName: string) => tf.Tensor) => tf.Tensor2D,
  gradNorms: tf.Tensor2D | undefined,
): tf.Tensor2D {
  const k = model.size;
  const layers = model.layers.length;
  return tf.tidy(() => {
    const outs = model.applyStacked(memberRows(data, 0, probeSize).x);
    const columns: tf.Tensor1D[] = [];
    for (const a of outs) {
      const { mean, variance } = tf.moments(a, [1, 2]);
      columns.push(tf.mean(tf.cast(tf.lessEqual(tf.max(a, 1), 0), 'float32'), 1), mean as tf.Tensor1D, tf.sqrt(variance) as tf.Tensor1D);
    }
    const z = outs[outs.length - 1] as tf.Tensor3D;
    columns.push(tf.mean(tf.cast(tf.lessEqual(tf.max(z, 2), 0), 'float32'), 1));
    const byName = new Map<string, tf.Tensor>(model.layers.flatMap((l) => [[l.kernel.name, l.kernel], [l.bias.name, l.bias]]));
    const weightNorms = layerNorms((name) => byName.get(name) as tf.Tensor);
    const grads = gradNorms ?? tf.fill([k, layers], Number.NaN);
    return tf.concat([tf.stack(columns, 1), weightNorms, grads], 1) as tf.Tensor2D;
  });
}

/** Splits the member-major probe statistics into per-member, per-layer values. */
function decodeProbes(flat: Float32Array, k: number, layers: number): ProbeValues {
  const width = probeWidth(layers);
  const at = (m: number, c: number): number => flat[m * width + c] as number;
  const range = (m: number, from: number, step: number): number[] => Array.from({ length: layers }, (_, l) => at(m, from + l * step));
  return {
    dead: Array.from({ length: k }, (_, m) => range(m, 0, 3)),
    mean: Array.from({ length: k }, (_, m) => range(m, 1, 3)),
    std: Array.from({ length: k }, (_, m) => range(m, 2, 3)),
    deadOutputFraction: Array.from({ length: k }, (_, m) => at(m, 3 * layers)),
    weightNorm: Array.from({ length: k }, (_, m) => range(m, 3 * layers + 1, 1)),
    gradNorm: Array.from({ length: k }, (_, m) => range(m, 4 * layers + 1, 1)),
  };
}
