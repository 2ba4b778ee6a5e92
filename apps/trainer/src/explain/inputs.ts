import type { FloatDataset } from '@negmnist/data';
import { createMlp, getWeights } from '@negmnist/models';
import * as tf from '@tensorflow/tfjs';
import type { RunConfig } from '@negmnist/results';

/** How the inputs of a run are formed from the positive unit images (`pixel / 255`), before any scaling. */
export interface InputForm {
  negative: boolean;
  /** Constant added after `1 - x`. */
  offset: number;
}

/** The value a network sees for a positive unit pixel `x`. */
const transform = ({ negative, offset }: InputForm) => (x: number): number => (negative ? 1 - x : x) + offset;

/**
 * E||x||²: the mean over the images of the sum of squared inputs, for positive unit images `x` (a
 * `toFloatDataset` result without normalisation) turned into `form`.
 */
export function meanSquaredNorm(images: Pick<FloatDataset, 'x' | 'count'>, form: InputForm): number {
  const f = transform(form);
  let sum = 0;
  for (let i = 0; i < images.x.length; i++) {
    const v = f(images.x[i] as number);
    sum += v * v;
  }
  return sum / images.count;
}

/** fc1 pre-activations W x + b at initialisation, over images and units. */
export interface PreActivationStats {
  mean: number;
  /** Standard deviation over all image x unit values. */
  std: number;
  /** Share of values <= 0 (a ReLU gives 0 and no gradient there). */
  nonPositiveShare: number;
}

/** fc1 pre-activation statistics of a weight matrix (`features x units`, row-major) and bias over the first `images` images. */
export function preActivationStats(kernel: Float32Array, bias: Float32Array, data: Pick<FloatDataset, 'x' | 'features'>, images: number, form: InputForm): PreActivationStats {
  const f = transform(form);
  const units = bias.length;
  const row = new Float64Array(units);
  let sum = 0;
  let sumSquares = 0;
  let nonPositive = 0;
  for (let n = 0; n < images; n++) {
    row.set(bias);
    for (let i = 0; i < data.features; i++) {
      const v = f(data.x[n * data.features + i] as number);
      if (v === 0) continue;
      const offset = i * units;
      for (let j = 0; j < units; j++) row[j] = (row[j] as number) + v * (kernel[offset + j] as number);
    }
    for (let j = 0; j < units; j++) {
      const z = row[j] as number;
      sum += z;
      sumSquares += z * z;
      if (z <= 0) nonPositive += 1;
    }
  }
  const total = images * units;
  const mean = sum / total;
  return { mean, std: Math.sqrt(Math.max(0, sumSquares / total - mean * mean)), nonPositiveShare: nonPositive / total };
}

/** fc1 pre-activation statistics at initialisation of a run's configuration (its initial weights from @negmnist/models). */
export async function initialPreActivation(config: RunConfig, data: Pick<FloatDataset, 'x' | 'features' | 'count'>, images: number): Promise<PreActivationStats> {
  // Reused runs select no backend: keep tfjs's "install tfjs-node" banner off, as selectBackend does.
  tf.env().set('PROD', true);
  const model = createMlp({ layerSizes: config.layers, hidden: config.hidden, output: config.output, init: config.init, seed: config.seed });
  try {
    const weights = await getWeights(model);
    const kernel = weights.find((w) => w.name === 'fc1.kernel');
    const bias = weights.find((w) => w.name === 'fc1.bias');
    if (kernel === undefined || bias === undefined) throw new Error('initialPreActivation: the model has no fc1');
    return preActivationStats(kernel.data, bias.data, data, Math.min(images, data.count), { negative: config.negative, offset: config.inputOffset ?? 0 });
  } finally {
    model.dispose();
  }
}
