import type { RunConfig } from '@negmnist/results';

/** Training settings every run needs, without the dataset name and seed (those come per run). */
export type TrainingSettings = Omit<RunConfig, 'dataset' | 'seed'>;

/** The seed program: 784-200-100-10, ReLU everywhere (logits too), torch init, SGD 0.1, batch 64, eval every 100. */
export const SEED_PRESET: TrainingSettings = {
  negative: false,
  layers: [784, 200, 100, 10],
  hidden: 'relu',
  output: 'relu',
  init: 'torch',
  lr: 0.1,
  batchSize: 64,
  epochs: 20,
  evalEvery: 100,
  probeSize: 1000,
};

/** Named presets `--preset` and an experiment's `base.preset` accept. */
export const PRESETS: Record<string, TrainingSettings> = { seed: SEED_PRESET };
