export {
  aggregateRuns,
  AggregateOptionsError,
  instability,
  layerMetrics,
  layerNames,
  metricValue,
  quantileSorted,
  runMetrics,
  runSummary,
} from './aggregate';
export type {
  AggregateOptions,
  AggregatePoint,
  AggregateSeries,
  ConfigAggregate,
  LayerMetric,
  Metric,
  RunMetric,
  RunSummary,
} from './aggregate';
export { countDrops, DROP_SHARE_DENOMINATOR, isAccuracyDrop, validationCorrect } from './drops';
export type { CorrectCount } from './drops';
export { syntheticRecords } from './fixtures';
export { bootstrapDifferenceCi, compareSamples, permutationTest } from './stats';
export type { ResamplingOptions, SampleComparison, UniformSource } from './stats';
export type { SyntheticConfig, SyntheticRecordsOptions } from './fixtures';
export { CheckpointError, ResultsSchemaError } from './store-errors';
export { formatFieldPath, parseRunRecord, parseRunRecordText } from './store-parse';
export {
  backendInfoSchema,
  backendNames,
  evalSchedules,
  evaluationSchema,
  gradientHistogramSchema,
  hiddenActivations,
  initializers,
  layerProbeSchema,
  outputActivations,
  READABLE_SCHEMA_VERSIONS,
  runConfigSchema,
  runRecordSchema,
  runStatuses,
  SCHEMA_VERSION,
} from './schema';
export type {
  BackendInfo,
  BackendName,
  EvalSchedule,
  Evaluation,
  GradientHistogram,
  HiddenActivation,
  Initializer,
  LayerProbe,
  OutputActivation,
  RunConfig,
  RunRecord,
  RunStatus,
} from './schema';
