import type { RunConfig } from './run-config';

/** The settings of the seed program, without what varies per run (dataset, seed, polarity). */
export type SeedConfig = Readonly<Omit<RunConfig, 'dataset' | 'seed' | 'negative' | 'layers'> & { layers: readonly number[] }>;

/**
 * The seed program's settings, defined once: Network2 (784-200-100-10, ReLU after every layer,
 * logits included, PyTorch nn.Linear init), SGD lr 0.1, batch 64, 20 epochs, evaluation after batch `i`
 * of every epoch when `i % 100 == 99` (9 per 938-batch epoch) and none at the end. `probeSize` (images
 * the probes use) is ours: the seed program has no probes.
 */
export const SEED_CONFIG: SeedConfig = Object.freeze({
  layers: Object.freeze([784, 200, 100, 10]),
  hidden: 'relu',
  output: 'relu',
  init: 'torch',
  lr: 0.1,
  batchSize: 64,
  epochs: 20,
  evalEvery: 100,
  evalSchedule: 'per-epoch',
  evalFinal: false,
  probeSize: 1000,
});
