import * as tf from '@tensorflow/tfjs';
import { applyStacked, type AnyMlp } from '@negmnist/models';
import { sharedRows, type DeviceDataset, type InputTransform } from './device-data';
import { memberCorrect, memberLosses } from './step';

/** Validation results per member, read from the device in two transfers. */
export interface ValidationResult {
  /** Mean loss per member over the whole validation set. */
  loss: Float32Array;
  /** Accuracy per member. */
  accuracy: Float32Array;
  /** Predicted class of every image, member-major `[K * count]`. */
  predictions: Int32Array;
}

/** Evaluates every member on the full validation set, in chunks of `chunkSize` images per member. */
export function evaluateValidation(model: AnyMlp, data: DeviceDataset, transform: InputTransform, chunkSize: number): ValidationResult {
  const k = model.size;
  let sums: tf.Tensor2D = tf.zeros([2, k]);
  const predictions: tf.Tensor2D[] = [];
  for (let start = 0; start < data.count; start += chunkSize) {
    const n = Math.min(chunkSize, data.count - start);
    const next = tf.tidy(() => {
      const chunk = sharedRows(data, start, n);
      const outs = applyStacked(model, transform.apply(chunk.x));
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
  const [values, preds] = [sums.dataSync() as Float32Array, all.dataSync() as Int32Array];
  tf.dispose([sums, all, ...predictions]);
  return {
    loss: values.slice(0, k).map((v) => v / data.count),
    accuracy: values.slice(k).map((v) => v / data.count),
    predictions: preds,
  };
}

/** Per-member confusion matrix (rows true class, columns predicted) from member-major predictions. */
export function confusionMatrices(predictions: Int32Array, labels: Uint8Array, members: number, classes: number): number[][][] {
  return Array.from({ length: members }, (_, m) => {
    const matrix = Array.from({ length: classes }, () => new Array<number>(classes).fill(0));
    for (let i = 0; i < labels.length; i++) {
      const row = matrix[labels[i] as number] as number[];
      const p = predictions[m * labels.length + i] as number;
      row[p] = (row[p] as number) + 1;
    }
    return matrix;
  });
}

/** Raw probe values per member: per layer dead fraction, activation mean and std, weight norm; then dead-output share. */
export interface ProbeValues {
  /** `[member][layer]` */
  dead: number[][];
  mean: number[][];
  std: number[][];
  weightNorm: number[][];
  gradNorm: number[][];
  deadOutputFraction: number[];
}

/** Runs the probe images through every member and reads all probe statistics in one transfer. */
export function probeModel(
  model: AnyMlp,
  data: DeviceDataset,
  transform: InputTransform,
  probeSize: number,
  layerNorms: (valueOf: (variableName: string) => tf.Tensor) => tf.Tensor2D,
  gradNorms: tf.Tensor2D | undefined,
): ProbeValues {
  const k = model.size;
  const layers = model.layers.length;
  const values = tf.tidy(() => {
    const outs = applyStacked(model, transform.apply(sharedRows(data, 0, probeSize).x));
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
    return tf.concat([tf.stack(columns, 1), weightNorms, grads], 1);
  });
  const flat = values.dataSync();
  values.dispose();
  const width = 3 * layers + 1 + 2 * layers;
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
