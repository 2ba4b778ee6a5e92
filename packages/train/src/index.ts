export { isSoftwareAdapter } from './adapters';
export type { Checkpoint, CheckpointMember, CheckpointSetup, MemberCheckpoint } from './checkpoint/checkpoint';
export type { EngineSession, EngineSetup, LossGradient, StepRequest, TrainEngine, WindowSums } from './engine';
export { CheckpointError, ConfigError } from './errors';
export type { EvaluationValues, ProbeValues, ValidationResult } from './evaluate';
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
export type { MemberTrainOptions, ResolvedMember, ResolvedTrainOptions, TrainData, TrainOptions } from './options';
export { centrePixel, perturbCentreWeight } from './perturb';
export type { ImageShape } from './perturb';
export type { MemberResult, TrainResult } from './result';
export { evaluationSteps, isEvaluationStep } from './schedule';
export type { EvaluationPlan } from './schedule';
export { tfjsEngine } from './tfjs-engine';
export { train } from './train';
