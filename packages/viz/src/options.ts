import type { RunRecord } from '@negmnist/results';

/** Options every chart takes. */
export interface ChartOptions {
  /** Chart width in pixels. Default: 960. */
  width?: number;
  /** Title above the chart (an `h2` in the browser); null for none. Default: the chart's name. */
  title?: string | null;
  /** Subtitle under the title; null for none. Default: what the marks show (e.g. the band). */
  subtitle?: string | null;
}

/** Options of the charts that reduce seeds to a mean line and a band. */
export interface SeriesChartOptions extends ChartOptions {
  /** Configuration keys to draw, in legend and colour order. Default: every key, in first-seen order. */
  configs?: readonly string[];
  /** Configuration key of a run (seeds with equal keys are pooled). Default: `record.label`. */
  groupBy?: (record: RunRecord) => string;
  /** Horizontal axis: optimiser `step` (batches) or fractional `epoch`. Default: `step`. */
  x?: 'step' | 'epoch';
  /** Band around the mean across seeds: `minmax`, `quantile` (see `quantiles`) or `none`. Default: `minmax`. */
  band?: 'minmax' | 'quantile' | 'none';
  /** Quantile probabilities of the `quantile` band. Default: `[0.25, 0.75]`. */
  quantiles?: readonly [number, number];
  /** Height of one facet row in pixels. Default: 220. */
  facetHeight?: number;
}

/** Thrown when a chart cannot be drawn from its input: names the chart and field, what was expected and received. */
export class ChartInputError extends Error {
  override name = 'ChartInputError';
}

export const DEFAULT_WIDTH = 960;
export const DEFAULT_FACET_HEIGHT = 220;
