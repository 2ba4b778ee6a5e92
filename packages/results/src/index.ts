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
export { syntheticRecords } from './fixtures';
export type { SyntheticConfig, SyntheticRecordsOptions } from './fixtures';
export { CheckpointError, ResultsSchemaError } from './store-errors';
export { formatFieldPath, parseRunRecord, parseRunRecordText } from './store-parse';
export {
  backendInfoSchema,
  backendNames,
  evaluationSchema,
  gradientHistogramSchema,
  hiddenActivations,
  initializers,
  layerProbeSchema,
  outputActivations,
  provenanceSchema,
  runConfigSchema,
  runRecordSchema,
  runStatuses,
  SCHEMA_VERSION,
  shardSources,
} from './schema';
export type {
  BackendInfo,
  BackendName,
  Evaluation,
  GradientHistogram,
  HiddenActivation,
  Initializer,
  LayerProbe,
  OutputActivation,
  Provenance,
  RunConfig,
  RunRecord,
  RunStatus,
  ShardSource,
} from './schema';
