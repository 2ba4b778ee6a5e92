import * as Plot from '@observablehq/plot';
import type { LegendOptions, PlotOptions, ScaleOptions } from '@observablehq/plot';
import type { RunRecord } from '@negmnist/results';
import type { ChartOptions } from './options';
import { ChartInputError, DEFAULT_WIDTH } from './options';
import { selectConfigs } from './series';

/** Options of {@link gradientHistograms}. */
export interface GradientHistogramsOptions extends ChartOptions {
  /** Layer whose histograms to draw. Default: `fc1`. */
  layer?: string;
  /** Configuration keys, one facet column each, in this order. Default: every key, in first-seen order. */
  configs?: readonly string[];
  /** Configuration key of a run (seeds with equal keys are averaged). Default: `record.label`. */
  groupBy?: (record: RunRecord) => string;
  /** Upper bounds of the colour classes, as fractions of the layer's weights. Default: 0.01% … 50%, log-spaced. */
  thresholds?: readonly number[];
  /** Height of one epoch row in pixels. Default: 28. */
  rowHeight?: number;
}

interface HistogramCell {
  config: string;
  epoch: number;
  low: number;
  high: number;
  /** Mean share of the layer's weights in this bin across seeds. */
  fraction: number;
}

/** `-3` → `⁻³`, for axis units. */
const superscript = (n: number): string => [...String(n)].map((char) => '⁻⁰¹²³⁴⁵⁶⁷⁸⁹'['-0123456789'.indexOf(char)]).join('');

const DEFAULT_THRESHOLDS = [0.0001, 0.001, 0.01, 0.05, 0.1, 0.25, 0.5];

/**
 * Weight-gradient histograms of one layer (fc1 by default) at the end of each epoch, as an
 * epoch × bin heatmap per configuration: the colour is the share of the layer's weights in the bin.
 */
export function gradientHistograms(records: readonly RunRecord[], options: GradientHistogramsOptions = {}): PlotOptions {
  const { layer = 'fc1', thresholds = DEFAULT_THRESHOLDS, rowHeight = 28 } = options;
  const groupBy = options.groupBy ?? ((record: RunRecord) => record.label);
  const configs = selectConfigs(records, options);
  const sums = new Map<string, HistogramCell & { seeds: number }>();
  for (const record of records) {
    const config = groupBy(record);
    if (!configs.includes(config)) continue;
    for (const histogram of record.gradientHistograms) {
      if (histogram.layer !== layer) continue;
      const total = histogram.counts.reduce((sum, count) => sum + count, 0) || 1;
      histogram.counts.forEach((count, bin) => {
        const key = `${config}\u0000${histogram.epoch}\u0000${bin}`;
        const cell = sums.get(key) ?? { config, epoch: histogram.epoch, low: histogram.binEdges[bin]!, high: histogram.binEdges[bin + 1]!, fraction: 0, seeds: 0 };
        cell.fraction += count / total;
        cell.seeds += 1;
        sums.set(key, cell);
      });
    }
  }
  if (sums.size === 0) {
    throw new ChartInputError(`gradientHistograms: expected records with gradientHistograms for layer "${layer}", received none`);
  }
  // The axis spans every bin, empty ones included: inferred from the drawn cells alone, a histogram with
  // all its mass in one bin (a dead layer's zero gradients) would stretch that bin over the whole width.
  const all = [...sums.values()];
  const xDomain = [Math.min(...all.map((cell) => cell.low)), Math.max(...all.map((cell) => cell.high))];
  // empty bins stay white so that the spread of the gradients reads at a glance
  const cells = all.map(({ seeds, ...cell }) => ({ ...cell, fraction: cell.fraction / seeds })).filter((cell) => cell.fraction > 0);
  // gradients are ~1e-3: label the axis in a power-of-ten unit so tick labels stay short
  const largest = Math.max(...xDomain.map(Math.abs));
  const exponent = largest > 0 ? Math.floor(Math.log10(largest)) : 0;
  const unit = 10 ** exponent;
  const epochs = [...new Set(cells.map((cell) => cell.epoch))].sort((a, b) => a - b);
  // Plot reads legend options (width) from the scale options; its types only list them on Plot.legend
  const color: ScaleOptions & Omit<LegendOptions, 'legend'> = {
    type: 'threshold',
    domain: [...thresholds],
    scheme: 'viridis',
    legend: true,
    width: 400,
    label: 'share of weights in bin',
    tickFormat: '~%',
  };
  return {
    width: options.width ?? DEFAULT_WIDTH,
    height: epochs.length * rowHeight + 120,
    marginLeft: 60,
    title: options.title === undefined ? `${layer} gradient histograms by epoch` : options.title,
    subtitle:
      options.subtitle === undefined
        ? `Share of ${layer}'s weight gradients per bin at the last batch of each epoch, mean over seeds; values beyond the edges fall in the end bins.`
        : options.subtitle,
    ariaLabel: `${layer} gradient histograms`,
    ariaDescription: `Heatmap of ${layer} weight-gradient histograms, one row per epoch (${epochs.length}), one panel per configuration: ${configs.join('; ')}.`,
    color,
    x: { domain: xDomain.map((value) => value / unit), label: exponent === 0 ? `${layer} weight gradient →` : `${layer} weight gradient (×10${superscript(exponent)}) →`, ticks: 4, transform: (value: number) => value / unit },
    y: { label: 'epoch', domain: epochs },
    fx: { label: null, domain: configs, padding: 0.12 },
    marks: [
      Plot.barX(cells, { x1: 'low', x2: 'high', y: 'epoch', fx: 'config', fill: 'fraction', inset: 0, ariaLabel: (cell: HistogramCell) => `${cell.config}, epoch ${cell.epoch}: ${(cell.fraction * 100).toPrecision(2)}% in [${cell.low}, ${cell.high})`, ariaDescription: 'histogram bins' }),
      Plot.frame({ strokeOpacity: 0.15 }),
    ],
  };
}
