import type { FloatDataset } from '@negmnist/data';
import { createMlp, getWeights } from '@negmnist/models';
import { runSettings, type RunConfig } from '@negmnist/core';
import * as tf from '@tensorflow/tfjs';
import { runInputs, type LoadedData } from '../config/data';

/** fc1 pre-activations W x + b at initialisation, over images and units. */
export interface PreActivationStats {
  mean: number;
  /** Standard deviation over all image x unit values. */
  std: number;
  /** Share of values <= 0 (a ReLU gives 0 and no gradient there). */
  nonPositiveShare: number;
  /** Share of units <= 0 for every one of the images: dead before the first step. */
  deadUnitShare: number;
}

/** fc1 pre-activation statistics of a weight matrix (`features x units`, row-major) and bias over the first `images` inputs of `data`. */
export function preActivationStats(kernel: Float32Array, bias: Float32Array, data: Pick<FloatDataset, 'x' | 'features'>, images: number): PreActivationStats {
  const units = bias.length;
  const row = new Float64Array(units);
  const alive = new Uint8Array(units);
  let sum = 0;
  let sumSquares = 0;
  let nonPositive = 0;
  for (let n = 0; n < images; n++) {
    row.set(bias);
    for (let i = 0; i < data.features; i++) {
      const v = data.x[n * data.features + i] as number;
      if (v === 0) continue;
      const offset = i * units;
      for (let j = 0; j < units; j++) row[j] = (row[j] as number) + v * (kernel[offset + j] as number);
    }
    for (let j = 0; j < units; j++) {
      const z = row[j] as number;
      sum += z;
      sumSquares += z * z;
      if (z <= 0) nonPositive += 1;
      else alive[j] = 1;
    }
  }
  const total = images * units;
  const mean = sum / total;
  return {
    mean,
    std: Math.sqrt(Math.max(0, sumSquares / total - mean * mean)),
    nonPositiveShare: nonPositive / total,
    deadUnitShare: alive.reduce((s, a) => s + (a === 0 ? 1 : 0), 0) / units,
  };
}

/** Which images the statistics use: the first `images` training inputs, or the probe (the first `probeSize` validation inputs). */
export type StatsImages = { split: 'train'; images: number } | { split: 'probe' };

/** fc1 pre-activation statistics at initialisation of a run's configuration (its initial weights from @negmnist/models, its inputs). */
export async function initialPreActivation(config: RunConfig, data: LoadedData, images: StatsImages): Promise<PreActivationStats> {
  // Reused runs select no backend: keep tfjs's "install tfjs-node" banner off, as selectBackend does.
  tf.env().set('PROD', true);
  const settings = runSettings(config);
  const model = createMlp(settings.model);
  try {
    const weights = await getWeights(model);
    const kernel = weights.find((w) => w.name === 'fc1.kernel');
    const bias = weights.find((w) => w.name === 'fc1.bias');
    if (kernel === undefined || bias === undefined) throw new Error('initialPreActivation: the model has no fc1');
    const inputs = runInputs(data, config);
    const set = images.split === 'train' ? inputs.train : inputs.validation;
    const n = images.split === 'train' ? images.images : settings.loop.probeSize;
    return preActivationStats(kernel.data, bias.data, set, Math.min(n, set.count));
  } finally {
    model.dispose();
  }
}
