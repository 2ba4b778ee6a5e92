import * as Plot from '@observablehq/plot';
import type { PlotOptions } from '@observablehq/plot';
import { learningMetrics } from '@negmnist/core';
import type { LearningMetric } from '@negmnist/core';
import type { RunRecord } from '@negmnist/results';
import type { RunMetric } from '@negmnist/results/aggregate';
import type { SeriesChartOptions } from './options';
import { facetRowAxis, rowExtents } from './facet-axis';
import { ChartInputError, DEFAULT_FACET_HEIGHT, DEFAULT_WIDTH } from './options';
import { configColorScale } from './palette';
import type { SeriesRow } from './series';
import { bandAndLine, bandSubtitle, seriesRows, xLabel } from './series';

/** Options of {@link learningCurves}. */
export interface LearningCurvesOptions extends SeriesChartOptions {
  /** Metrics to draw (`learningMetrics` of @negmnist/core): columns are the split (training, validation), rows the quantity (accuracy, loss). Default: all four. */
  metrics?: readonly LearningMetric[];
  /** Column title of the validation metrics. Default: `validation (10k test images)` (the MNIST test set). */
  validationLabel?: string;
}

const SPLIT: Record<LearningMetric, string> = {
  trainAccuracy: 'training',
  trainLoss: 'training',
  valAccuracy: 'validation (10k test images)',
  valLoss: 'validation (10k test images)',
};
const QUANTITY: Record<LearningMetric, string> = {
  trainAccuracy: 'accuracy (fraction)',
  valAccuracy: 'accuracy (fraction)',
  trainLoss: 'cross-entropy loss (nats)',
  valLoss: 'cross-entropy loss (nats)',
};

/**
 * Training and validation loss and accuracy against step: per configuration, the mean over seeds
 * as a line and a min–max (or quantile) band, one Okabe–Ito colour per configuration.
 */
export function learningCurves(records: readonly RunRecord[], options: LearningCurvesOptions = {}): PlotOptions {
  const metrics = options.metrics ?? learningMetrics;
  const unknown = metrics.filter((metric) => !(learningMetrics as readonly string[]).includes(metric));
  if (metrics.length === 0 || unknown.length > 0) {
    throw new ChartInputError(`learningCurves: metrics must be a non-empty subset of ${learningMetrics.join(', ')}, received [${metrics.join(', ')}]`);
  }
  const { rows: raw, configs, seeds } = seriesRows(records, metrics as readonly RunMetric[], options);
  const quantity = (row: SeriesRow): string => QUANTITY[row.metric as LearningMetric];
  const quantities = [...new Set(metrics.map((metric) => QUANTITY[metric]))].sort();
  const single = quantities.length === 1;
  // with accuracy and loss together each row gets its own scale: values are divided by the row's extent
  const extents = rowExtents(raw, quantity, (row) => row.high, { [QUANTITY.valAccuracy]: 1 });
  const rows = single
    ? raw
    : raw.map((row) => {
        const extent = extents.get(quantity(row))!;
        return { ...row, mean: row.mean / extent, low: row.low / extent, high: row.high / extent };
      });
  const split = (metric: LearningMetric): string => (options.validationLabel !== undefined && SPLIT[metric] !== SPLIT.trainAccuracy ? options.validationLabel : SPLIT[metric]);
  const splits = [...new Set(metrics.map(split))].sort();
  const facets = {
    fx: (row: SeriesRow): string => split(row.metric as LearningMetric),
    fy: quantity,
  };
  const description = `${metrics.join(', ')} against ${options.x ?? 'step'} for ${configs.join('; ')}. ${bandSubtitle(options, seeds)}`;
  return {
    width: options.width ?? DEFAULT_WIDTH,
    height: (options.facetHeight ?? DEFAULT_FACET_HEIGHT) * quantities.length + (single ? 90 : 70),
    marginRight: single ? 20 : 150,
    marginLeft: 45,
    title: options.title === undefined ? 'Learning curves' : options.title,
    subtitle: options.subtitle === undefined ? bandSubtitle(options, seeds) : options.subtitle,
    ariaLabel: 'Learning curves',
    ariaDescription: description,
    color: configColorScale(configs),
    x: { label: xLabel(options), grid: true },
    y: single ? { label: `↑ ${quantities[0]}`, grid: true, zero: true } : { axis: null, domain: [0, 1] },
    fx: { label: null, domain: splits },
    fy: { label: null, domain: quantities, axis: single ? null : 'right' },
    marks: [Plot.frame({ strokeOpacity: 0.15 }), ...(single ? [] : facetRowAxis(extents, splits[0])), ...bandAndLine(rows, facets, options)],
  };
}
