import * as Plot from '@observablehq/plot';
import { aggregateRuns } from '@negmnist/results/aggregate';
import type { RunRecord } from '@negmnist/results';
import type { Metric } from '@negmnist/results/aggregate';
import type { SeriesChartOptions } from './options';
import { ChartInputError } from './options';

/** One aggregated point in long form, as the series marks read it. */
export interface SeriesRow {
  config: string;
  metric: Metric;
  layer: string | null;
  x: number;
  mean: number;
  low: number;
  high: number;
  count: number;
}

/** Configuration keys to draw: `options.configs`, else every key in first-seen order. */
export function selectConfigs(records: readonly RunRecord[], options: SeriesChartOptions): string[] {
  const groupBy = options.groupBy ?? ((record: RunRecord) => record.label);
  const present = [...new Set(records.map(groupBy))];
  const missing = (options.configs ?? []).filter((key) => !present.includes(key));
  if (missing.length > 0) {
    throw new ChartInputError(`configs: expected keys present in the records (${present.join(', ')}), received ${missing.join(', ')}`);
  }
  return [...(options.configs ?? present)];
}

/** Aggregates the records and flattens the chosen metrics into rows, bands resolved per `options.band`. */
export function seriesRows(
  records: readonly RunRecord[],
  metrics: readonly Metric[],
  options: SeriesChartOptions & { layers?: readonly string[] },
): { rows: SeriesRow[]; configs: string[]; seeds: number } {
  const configs = selectConfigs(records, options);
  const { band = 'minmax', quantiles = [0.25, 0.75], x = 'step' } = options;
  const aggregates = aggregateRuns(records, {
    metrics,
    quantiles,
    ...(options.groupBy ? { groupBy: options.groupBy } : {}),
    ...(options.layers ? { layers: options.layers } : {}),
  })
    .filter((aggregate) => configs.includes(aggregate.key))
    .sort((a, b) => configs.indexOf(a.key) - configs.indexOf(b.key)); // drawing order follows the legend
  const rows: SeriesRow[] = [];
  for (const aggregate of aggregates) {
    for (const series of aggregate.series) {
      for (const point of series.points) {
        const [low, high] =
          band === 'quantile' ? [point.lower!, point.upper!] : band === 'minmax' ? [point.min, point.max] : [point.mean, point.mean];
        rows.push({ config: aggregate.key, metric: series.metric, layer: series.layer, x: point[x], mean: point.mean, low, high, count: point.count });
      }
    }
  }
  const seeds = Math.max(0, ...aggregates.map((aggregate) => aggregate.runIds.length));
  return { rows, configs, seeds };
}

/** Subtitle naming what the line and band are. */
export function bandSubtitle(options: SeriesChartOptions, seeds: number): string {
  const { band = 'minmax', quantiles = [0.25, 0.75] } = options;
  const what = seeds === 1 ? 'One seed per configuration' : `Line: mean of up to ${seeds} seeds per configuration`;
  if (band === 'none' || seeds <= 1) return `${what}.`;
  const range = band === 'minmax' ? 'min–max' : `${quantiles[0] * 100}th–${quantiles[1] * 100}th percentile`;
  return `${what}; band: ${range} across seeds.`;
}

/** Band (area) and mean line marks, coloured by configuration, with the given facet channels. */
export function bandAndLine(
  rows: readonly SeriesRow[],
  facets: { fx?: (row: SeriesRow) => string; fy?: (row: SeriesRow) => string },
  options: SeriesChartOptions,
): Plot.Markish[] {
  const z = (row: SeriesRow): string => `${row.config}\u0000${row.layer ?? ''}\u0000${row.metric}`;
  const marks: Plot.Markish[] = [];
  if ((options.band ?? 'minmax') !== 'none') {
    marks.push(Plot.areaY(rows, { x: 'x', y1: 'low', y2: 'high', z, fill: 'config', fillOpacity: 0.2, ...facets, ariaLabel: (row: SeriesRow) => `${row.config} band`, ariaDescription: 'seed band' }));
  }
  marks.push(Plot.lineY(rows, { x: 'x', y: 'mean', z, stroke: 'config', strokeWidth: 1.6, ...facets, ariaLabel: (row: SeriesRow) => `${row.config} mean`, ariaDescription: 'mean line' }));
  return marks;
}

/** Axis label of the horizontal axis. */
export function xLabel(options: SeriesChartOptions): string {
  return (options.x ?? 'step') === 'step' ? 'optimiser step (batches) →' : 'epoch →';
}
