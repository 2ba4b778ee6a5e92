export type { FloatDataset, ImageDataset } from './dataset';
export type {
  EngineNetwork,
  EngineSession,
  EngineSetup,
  EvaluationPlan,
  EvaluationValues,
  LossGradient,
  ProbeValues,
  ResolvedMember,
  ResolvedTrainOptions,
  SharpnessSettings,
  StepRequest,
  TrainData,
  TrainEngine,
  ValidationResult,
  WindowSums,
} from './engine';
export { ConfigError } from './errors';
export { layerNames, stackMembers } from './network';
export type { NamedTensor, NetworkSpec, TrainModel } from './network';
export { compactRunConfig, defaultEvalFinal, resolveRunConfig, RUN_CONFIG_DEFAULTS, runConfigSchema } from './run-config';
export type { ResolvedRunConfig, RunConfig } from './run-config';
export { inputSettings, runSettings } from './run-settings';
export type { InputSettings, LoopSettings, MemberSettings, ModelSettings, RunSettings } from './run-settings';
export { SEED_CONFIG } from './seed-config';
export type { SeedConfig } from './seed-config';
export {
  backendNames,
  evalSchedules,
  hiddenActivations,
  initializers,
  inputScalings,
  isRelu,
  knownEngineNames,
  LEAKY_RELU_SLOPE,
  learningMetrics,
  METRIC_LABELS,
  negativePixel,
  outputActivations,
  polarities,
  polarityOf,
} from './vocabulary';
export type {
  BackendName,
  EngineName,
  EvalSchedule,
  HiddenActivation,
  Initializer,
  InputScaling,
  LearningMetric,
  OutputActivation,
  Polarity,
} from './vocabulary';
