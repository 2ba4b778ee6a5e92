// Entry of `@negmnist/results`: names, the record schema and its parsing. Browser-safe (no Node built-ins);
// aggregation is `@negmnist/results/aggregate`, the results directory `@negmnist/results/store` (Node).
export { countDrops, DROP_SHARE_DENOMINATOR, isAccuracyDrop, validationCorrect } from './drops';
export type { CorrectCount } from './drops';
export { ResultsSchemaError } from './store-errors';
export { formatFieldPath, parseRunRecord, parseRunRecordText, receivedAt } from './store-parse';
export {
  backendInfoSchema,
  backendNames,
  engineNames,
  evalSchedules,
  evaluationSchema,
  gradientHistogramSchema,
  hiddenActivations,
  initializers,
  inputScalings,
  layerProbeSchema,
  outputActivations,
  provenanceSchema,
  READABLE_SCHEMA_VERSIONS,
  runConfigSchema,
  runRecordSchema,
  runStatuses,
  SCHEMA_VERSION,
  shardSources,
} from './schema';
export type {
  BackendInfo,
  BackendName,
  EngineName,
  EvalSchedule,
  Evaluation,
  GradientHistogram,
  HiddenActivation,
  Initializer,
  InputScaling,
  LayerProbe,
  OutputActivation,
  Provenance,
  RunConfig,
  RunRecord,
  RunStatus,
  ShardSource,
} from './schema';
export { SEED_CONFIG } from './seed-config';
export type { SeedConfig } from './seed-config';
