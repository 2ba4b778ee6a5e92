import { SEED_CONFIG, type RunConfig } from '@negmnist/results';

/** Training settings every run needs, without the dataset name and seed (those come per run). */
export type TrainingSettings = Omit<RunConfig, 'dataset' | 'seed'>;

/** The seed program (`SEED_CONFIG` of @negmnist/results) on positive images. */
export const SEED_PRESET: TrainingSettings = { ...SEED_CONFIG, layers: [...SEED_CONFIG.layers], negative: false };

/** Named presets `--preset` and an experiment's `base.preset` accept. */
export const PRESETS: Record<string, TrainingSettings> = { seed: SEED_PRESET };
