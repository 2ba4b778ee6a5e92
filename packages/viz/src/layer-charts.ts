import * as Plot from '@observablehq/plot';
import type { PlotOptions } from '@observablehq/plot';
import type { RunRecord } from '@negmnist/results';
import type { SeriesChartOptions } from './options';
import { DEFAULT_FACET_HEIGHT, DEFAULT_WIDTH } from './options';
import { configColorScale } from './palette';
import type { SeriesRow } from './series';
import { bandAndLine, bandSubtitle, seriesRows, xLabel } from './series';

/** Options of the per-layer charts ({@link deadUnits}, {@link gradientNorms}, {@link activationStats}). */
export interface LayerChartOptions extends SeriesChartOptions {
  /** Layer names (`fc1`, `fc2`, …), one facet column each. Default: every layer with data. */
  layers?: readonly string[];
}

/** Options of {@link deadUnits}. */
export interface DeadUnitsOptions extends LayerChartOptions {
  /** Add a column for the share of probe images whose outputs are all ≤ 0 (dead through the output ReLU). Default: true. */
  outputs?: boolean;
}

const OUTPUTS = 'outputs all ≤ 0';

/** Facet label of a layer: its name and unit count, e.g. `fc1 · 200 units`. */
function layerLabel(records: readonly RunRecord[]): (row: SeriesRow) => string {
  const sizes = records[0]?.config.layers ?? [];
  return (row) => {
    if (row.metric === 'deadOutputFraction') return OUTPUTS;
    const units = sizes[Number(/^fc(\d+)$/.exec(row.layer ?? '')?.[1] ?? Number.NaN)];
    return units === undefined ? (row.layer ?? '') : `${row.layer} · ${units} units`;
  };
}

function common(title: string, description: string, configs: string[], facetColumns: number, options: SeriesChartOptions) {
  return {
    width: options.width ?? DEFAULT_WIDTH,
    title: options.title === undefined ? title : options.title,
    ariaLabel: title,
    ariaDescription: description,
    color: configColorScale(configs),
    x: { label: xLabel(options), grid: true, ticks: Math.max(2, Math.floor(8 / facetColumns)) },
    fx: { label: null },
  } satisfies PlotOptions;
}

/** Fraction of dead units (zero for every probe image) per layer against step, mean and band across seeds. */
export function deadUnits(records: readonly RunRecord[], options: DeadUnitsOptions = {}): PlotOptions {
  const metrics = options.outputs === false ? (['deadFraction'] as const) : (['deadFraction', 'deadOutputFraction'] as const);
  const { rows, configs, seeds } = seriesRows(records, metrics, options);
  const label = layerLabel(records);
  const columns = [...new Set(rows.map(label))];
  const subtitle = bandSubtitle(options, seeds);
  return {
    ...common('Dead units per layer', `Dead-unit fraction of ${columns.join(', ')} against ${options.x ?? 'step'}. ${subtitle}`, configs, columns.length, options),
    subtitle: options.subtitle === undefined ? `A unit is dead when it outputs 0 for every probe image. ${subtitle}` : options.subtitle,
    height: (options.facetHeight ?? DEFAULT_FACET_HEIGHT) + 110,
    y: { label: '↑ dead units (% of layer)', domain: [0, 1], tickFormat: '.0%', grid: true },
    marks: [Plot.frame({ strokeOpacity: 0.15 }), ...bandAndLine(rows, { fx: label }, options)],
  };
}

/** L2 norm of each layer's weight gradient (last training batch before each evaluation), log scale. */
export function gradientNorms(records: readonly RunRecord[], options: LayerChartOptions = {}): PlotOptions {
  const { rows: all, configs, seeds } = seriesRows(records, ['gradNorm'], options);
  // A log axis cannot show 0: drop points whose mean is 0 (no gradient in any seed) and, where one seed
  // alone has no gradient (e.g. every output dead), run the band down to the chart's floor.
  const positive = all.filter((row) => row.mean > 0);
  const floor = Math.min(...positive.map((row) => (row.low > 0 ? row.low : row.mean)));
  const rows = positive.map((row) => (row.low > 0 ? row : { ...row, low: floor }));
  const label = layerLabel(records);
  const columns = [...new Set(rows.map(label))];
  const subtitle = bandSubtitle(options, seeds);
  return {
    ...common('Gradient norms per layer', `Weight-gradient L2 norm of ${columns.join(', ')} against ${options.x ?? 'step'}, log scale. ${subtitle}`, configs, columns.length, options),
    subtitle: options.subtitle === undefined ? `L2 norm of the weight and bias gradient at the last batch before each evaluation. ${subtitle}` : options.subtitle,
    height: (options.facetHeight ?? DEFAULT_FACET_HEIGHT) + 110,
    y: { type: 'log', label: '↑ ‖gradient‖₂ (log scale)', grid: true, tickFormat: '~g' },
    marks: [Plot.frame({ strokeOpacity: 0.15 }), ...bandAndLine(rows, { fx: label }, options)],
  };
}

/** Mean and standard deviation of each layer's post-activation outputs over the probe images. */
export function activationStats(records: readonly RunRecord[], options: LayerChartOptions = {}): PlotOptions {
  const { rows, configs, seeds } = seriesRows(records, ['activationMean', 'activationStd'], options);
  const label = layerLabel(records);
  const columns = [...new Set(rows.map(label))];
  const statistic = (row: SeriesRow): string => (row.metric === 'activationMean' ? 'mean' : 'standard deviation');
  const subtitle = bandSubtitle(options, seeds);
  return {
    ...common('Activation statistics per layer', `Mean and standard deviation of post-activation outputs of ${columns.join(', ')}. ${subtitle}`, configs, columns.length, options),
    subtitle: options.subtitle === undefined ? `Post-activation outputs over the probe images. ${subtitle}` : options.subtitle,
    height: (options.facetHeight ?? DEFAULT_FACET_HEIGHT) * 2 + 90,
    marginRight: 130,
    y: { label: '↑ activation (unitless)', grid: true },
    fy: { label: null, domain: ['mean', 'standard deviation'] },
    marks: [Plot.frame({ strokeOpacity: 0.15 }), ...bandAndLine(rows, { fx: label, fy: statistic }, options)],
  };
}
