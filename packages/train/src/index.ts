export type { Checkpoint, CheckpointMember, CheckpointSetup, MemberCheckpoint } from './checkpoint/checkpoint';
export { CheckpointError, ConfigError } from './errors';
export { confusionMatrices } from './confusion';
export { gradientHistograms, histogramCounts, symmetricBinEdges } from './histogram';
export type {
  BatchEndRecord,
  EpochBeginRecord,
  EpochEndRecord,
  EvalEndRecord,
  TrainBeginRecord,
  TrainEndRecord,
  TrainHooks,
} from './hooks';
export { resolveTrainOptions } from './options';
export type { MemberTrainOptions, TrainOptions } from './options';
export { centrePixel, perturbCentreWeight } from './perturb';
export type { ImageShape } from './perturb';
export type { MemberResult, TrainResult } from './result';
export { evaluationSteps, isEvaluationStep } from './schedule';
export { SHARPNESS_DEFAULTS } from './sharpness';
export { train } from './train';
