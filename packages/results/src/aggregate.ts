import { countDrops } from './drops';
import type { Evaluation, RunRecord } from './schema';
import type { RunConfig } from '@negmnist/core';

/** Metrics stored once per evaluation (not per layer). */
export const runMetrics = ['trainLoss', 'trainAccuracy', 'valLoss', 'valAccuracy', 'deadOutputFraction'] as const;
/** Metrics stored per layer in `Evaluation.layers`. */
export const layerMetrics = ['deadFraction', 'gradNorm', 'weightNorm', 'activationMean', 'activationStd'] as const;

export type RunMetric = (typeof runMetrics)[number];
export type LayerMetric = (typeof layerMetrics)[number];
export type Metric = RunMetric | LayerMetric;

/** Options of {@link aggregateRuns}. */
export interface AggregateOptions {
  /** Configuration key of a run; runs with equal keys are seeds of one configuration. Default: `record.label`. */
  groupBy?: (record: RunRecord) => string;
  /** Metrics to aggregate, in this order. Default: every run metric, then every layer metric. */
  metrics?: readonly Metric[];
  /** Layer names for the layer metrics. Default: every layer name present, in first-seen order. */
  layers?: readonly string[];
  /** Quantile probabilities `[low, high]` of the band, e.g. `[0.25, 0.75]`; adds `lower`/`upper` to each point. Default: none. */
  quantiles?: readonly [number, number];
}

/** One step of one metric, across the seeds of one configuration. */
export interface AggregatePoint {
  /** Optimiser step (evaluations are aligned on it). */
  step: number;
  /** Fractional epoch at this step (from the first run that has it). */
  epoch: number;
  mean: number;
  min: number;
  max: number;
  /** Quantile `quantiles[0]` / `quantiles[1]` (linear interpolation, as numpy's default); only with `quantiles`. */
  lower?: number;
  upper?: number;
  /** Seeds with a finite value at this step (missing evaluations and null losses are left out). */
  count: number;
}

/** One metric (of one layer, for layer metrics) of one configuration over steps. */
export interface AggregateSeries {
  metric: Metric;
  /** Layer name for layer metrics; null for run metrics. */
  layer: string | null;
  points: AggregatePoint[];
}

/** All aggregated metrics of one configuration. */
export interface ConfigAggregate {
  /** The `groupBy` key (the label by default). */
  key: string;
  /** Config of the first run of the group (seeds differ only in `seed`). */
  config: RunConfig;
  runIds: string[];
  seeds: number[];
  series: AggregateSeries[];
}

/** Thrown when aggregation options are invalid. */
export class AggregateOptionsError extends Error {
  override name = 'AggregateOptionsError';
}

/** Value of a metric at one evaluation, or null when absent or non-finite. */
export function metricValue(evaluation: Evaluation, metric: Metric, layer: string | null): number | null {
  let value: number | null | undefined;
  if ((runMetrics as readonly string[]).includes(metric)) value = evaluation[metric as RunMetric];
  else value = evaluation.layers.find((probe) => probe.name === layer)?.[metric as LayerMetric];
  return value != null && Number.isFinite(value) ? value : null;
}

/** Quantile of ascending-sorted values, linear interpolation between closest ranks (numpy's default). */
export function quantileSorted(sorted: readonly number[], p: number): number {
  const position = (sorted.length - 1) * p;
  const below = Math.floor(position);
  const low = sorted[below] ?? Number.NaN;
  const high = sorted[Math.min(below + 1, sorted.length - 1)] ?? Number.NaN;
  return low + (high - low) * (position - below);
}

/** Groups runs by configuration and reduces each metric across seeds, step by step. */
export function aggregateRuns(records: readonly RunRecord[], options: AggregateOptions = {}): ConfigAggregate[] {
  const { groupBy = (record: RunRecord) => record.label, quantiles } = options;
  if (quantiles && !quantiles.every((p) => p >= 0 && p <= 1)) {
    throw new AggregateOptionsError(`aggregateRuns: quantiles must lie in [0, 1], received [${quantiles.join(', ')}]`);
  }
  const metrics = options.metrics ?? [...runMetrics, ...layerMetrics];
  const layers = options.layers ?? layerNames(records);
  const groups = new Map<string, RunRecord[]>();
  for (const record of records) {
    const key = groupBy(record);
    groups.set(key, [...(groups.get(key) ?? []), record]);
  }
  return [...groups].map(([key, runs]) => ({
    key,
    config: runs[0]!.config,
    runIds: runs.map((run) => run.id),
    seeds: runs.map((run) => run.config.seed),
    series: metrics.flatMap((metric) =>
      ((runMetrics as readonly string[]).includes(metric) ? [null] : layers).map((layer) => ({
        metric,
        layer,
        points: aggregateSeries(runs, metric, layer, quantiles),
      })),
    ),
  }));
}

function aggregateSeries(
  runs: readonly RunRecord[],
  metric: Metric,
  layer: string | null,
  quantiles: readonly [number, number] | undefined,
): AggregatePoint[] {
  const byStep = new Map<number, { epoch: number; values: number[] }>();
  for (const run of runs) {
    for (const evaluation of run.evaluations) {
      const entry = byStep.get(evaluation.step) ?? { epoch: evaluation.epoch, values: [] };
      byStep.set(evaluation.step, entry);
      const value = metricValue(evaluation, metric, layer);
      if (value !== null) entry.values.push(value);
    }
  }
  const points: AggregatePoint[] = [];
  for (const [step, { epoch, values }] of [...byStep].sort((a, b) => a[0] - b[0])) {
    if (values.length === 0) continue; // no seed has this metric here (e.g. deadFraction of a sigmoid layer)
    const sorted = [...values].sort((a, b) => a - b);
    const point: AggregatePoint = {
      step,
      epoch,
      mean: values.reduce((sum, value) => sum + value, 0) / values.length,
      min: sorted[0]!,
      max: sorted[sorted.length - 1]!,
      count: values.length,
    };
    if (quantiles) {
      point.lower = quantileSorted(sorted, quantiles[0]);
      point.upper = quantileSorted(sorted, quantiles[1]);
    }
    points.push(point);
  }
  return points;
}

/** Layer names present in the records' evaluations, in first-seen order. */
export function layerNames(records: readonly RunRecord[]): string[] {
  const names = new Set<string>();
  for (const record of records) for (const evaluation of record.evaluations) for (const probe of evaluation.layers) names.add(probe.name);
  return [...names];
}

/** Number of validation-accuracy drops of a run: {@link countDrops} over its evaluations (more than 5% of the images). */
export function instability(record: RunRecord): number {
  return countDrops(record.evaluations);
}

/** The numbers a results table shows for one run. */
export interface RunSummary {
  id: string;
  label: string;
  seed: number;
  status: RunRecord['status'];
  /** Validation accuracy at the last evaluation; null without evaluations. */
  finalValAccuracy: number | null;
  /** Highest validation accuracy and the step where it was first reached; null without evaluations. */
  bestValAccuracy: number | null;
  bestStep: number | null;
  /** {@link instability} with the default 5-point threshold. */
  instability: number;
  /** Dead fraction of `fc1` at the last evaluation; null when absent (no evaluations, non-ReLU layer). */
  finalDeadFraction: number | null;
  /** Total training wall time, milliseconds. */
  wallTimeMs: number;
}

/** The evaluations of a run (a record, or a run still training) that its accuracy summaries read. */
type Evaluated = { readonly evaluations: readonly Pick<Evaluation, 'valAccuracy'>[] };

/** Validation accuracy of a run's last evaluation; null without evaluations. */
export function finalAccuracy(run: Evaluated): number | null {
  return run.evaluations.at(-1)?.valAccuracy ?? null;
}

/** The first evaluation with the highest validation accuracy; undefined without evaluations. */
function bestEvaluation<E extends Pick<Evaluation, 'valAccuracy'>>(evaluations: readonly E[]): E | undefined {
  let best: E | undefined;
  for (const evaluation of evaluations) if (!best || evaluation.valAccuracy > best.valAccuracy) best = evaluation;
  return best;
}

/** Highest validation accuracy over a run's evaluations; null without evaluations. */
export function bestAccuracy(run: Evaluated): number | null {
  return bestEvaluation(run.evaluations)?.valAccuracy ?? null;
}

/** Final and best validation accuracy, instability, final fc1 dead fraction and wall time of a run. */
export function runSummary(record: RunRecord): RunSummary {
  const last = record.evaluations.at(-1);
  const best = bestEvaluation(record.evaluations);
  return {
    id: record.id,
    label: record.label,
    seed: record.config.seed,
    status: record.status,
    finalValAccuracy: finalAccuracy(record),
    bestValAccuracy: bestAccuracy(record),
    bestStep: best?.step ?? null,
    instability: instability(record),
    finalDeadFraction: last ? metricValue(last, 'deadFraction', 'fc1') : null,
    wallTimeMs: record.wallTimeMs,
  };
}

export { bootstrapDifferenceCi, compareSamples, permutationTest } from './stats';
export type { ResamplingOptions, SampleComparison, UniformSource } from './stats';
export {
  censoredMedian,
  estimateEffect,
  median,
  seedStat,
  separationStep,
  stepsToAccuracy,
} from './explain-stats';
export type { EffectEstimate, EffectOptions } from './explain-stats';
export {
  CONSISTENT_FACTOR,
  criticalLr,
  DEFAULT_ERRATIC_RULE,
  erraticShare,
  estimateCriticalLr,
  formScalar,
  runOutcome,
  runOutcomes,
  testRule,
} from './critical-lr';
export type { CriticalLr, CriticalLrEstimate, ErraticRule, HeldOutPrediction, RuleTest, RulePoint, RunOutcome } from './critical-lr';
