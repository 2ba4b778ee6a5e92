import type { RunConfig } from './schema';

/** The settings of the seed program, without what varies per run (dataset, seed, polarity). */
export type SeedConfig = Readonly<Omit<RunConfig, 'dataset' | 'seed' | 'negative' | 'layers'> & { layers: readonly number[] }>;

/**
 * The seed program's settings, defined once: Network2 (784-200-100-10, ReLU after every layer,
 * logits included, PyTorch nn.Linear init), SGD lr 0.1, batch 64, 20 epochs, evaluation every 100
 * batches. `probeSize` (images the probes use) is ours: the seed program has no probes.
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
  probeSize: 1000,
});
