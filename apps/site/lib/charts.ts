import * as Plot from '@observablehq/plot';
import { polarities, polarityOf } from '@negmnist/core';
import type { Polarity } from '@negmnist/core';
import { digitGrid, polarityColors, polarityColorScale } from '@negmnist/viz';
import { renderSvg } from '@negmnist/viz/node';
import { ratioText } from './bench-summary';
import type { PolarityStats } from './mnist';
import { pairKindLabel } from './reproduce';
import type { ChaosFile } from '@negmnist/results';

/** Chart markup for a page, rendered at build time (works without JavaScript). */
export function chartSvg(options: Plot.PlotOptions): string {
  return renderSvg(options);
}

/** Site-only chart: share of pixels per value bin, positive vs negative images. */
export function pixelHistogram(stats: Readonly<Record<Polarity, PolarityStats>>): Plot.PlotOptions {
  const rows = polarities.flatMap((polarity) =>
    stats[polarity].histogram.map((share, bin, all) => ({
      polarity,
      low: bin / all.length,
      high: (bin + 1) / all.length,
      share,
    })),
  );
  return {
    width: 560,
    height: 300,
    marginLeft: 50,
    marginRight: 80,
    ariaLabel: 'Pixel value histogram',
    ariaDescription: 'Share of all test-set pixels in each value bin of width 0.1, for positive and negative images.',
    x: { label: 'pixel value →', domain: [0, 1] },
    y: { label: '↑ share of pixels', tickFormat: '.0%', grid: true },
    fy: { label: null, domain: [...polarities] },
    color: { domain: [...polarities], range: polarities.map((polarity) => polarityColors[polarity]) },
    marks: [Plot.rectY(rows, { x1: 'low', x2: 'high', y: 'share', fy: 'polarity', fill: 'polarity', inset: 1 }), Plot.ruleY([0])],
  };
}

/** Smallest |loss difference| the log axis shows; smaller values (identical losses included) sit on this floor. */
export const DIFFERENCE_FLOOR = 1e-8;

/** Site-only chart: |validation loss difference| of each pair of `chaos.json` against step, one panel per pair kind. */
export function separationCurves(chaos: ChaosFile): Plot.PlotOptions {
  const runs = chaos.runs.filter((run) => run.control !== true);
  const kinds = [...new Set(runs.map((run) => run.kind))];
  const rows = runs.flatMap((run) =>
    run.steps.map((step, i) => ({
      kind: pairKindLabel(run.kind),
      images: polarityOf(run.negative),
      pair: `${run.kind} ${polarityOf(run.negative)} seed ${run.seed}`,
      step,
      diff: Math.max(DIFFERENCE_FLOOR, run.diff[i] ?? Number.NaN),
    })),
  );
  const thresholds = [...new Set(chaos.parts.flatMap((part) => part.config.thresholds))];
  return {
    width: 960,
    height: 120 + kinds.length * 170,
    marginLeft: 60,
    marginRight: 220,
    ariaLabel: 'Validation loss difference of paired runs',
    ariaDescription: `|Validation loss difference| against step for ${runs.length} pairs of runs, by pair kind and image polarity, log scale.`,
    x: { label: 'step →', grid: true },
    y: { type: 'log', label: '↑ |validation loss difference|', grid: true, tickFormat: '.0e', domain: [DIFFERENCE_FLOOR, 10] },
    fy: { label: null, domain: kinds.map(pairKindLabel) },
    color: polarityColorScale(),
    marks: [
      Plot.frame({ strokeOpacity: 0.15 }),
      Plot.ruleY(thresholds, { stroke: '#888', strokeDasharray: '4,3' }),
      Plot.line(rows, { x: 'step', y: 'diff', fy: 'kind', z: 'pair', stroke: 'images', strokeOpacity: 0.8, ariaLabel: (row: { pair: string }) => `difference: ${row.pair}` }),
    ],
  };
}

/** One dot of {@link ratioChart}: a configuration of ours and its speed ratio to PyTorch. */
export interface RatioPoint {
  name: string;
  /** PyTorch's time / ours (above 1: ours faster). */
  ratio: number;
}

/** Site-only chart: each configuration's speed ratio to PyTorch on a log axis, with PyTorch's own speed (1) marked. */
export function ratioChart(points: readonly RatioPoint[], options: { ariaLabel: string }): Plot.PlotOptions {
  const ratios = points.map((p) => p.ratio);
  // the axis always shows 1 (PyTorch), with room either side of the dots
  const domain = [Math.min(0.5, ...ratios) / 1.5, Math.max(2, ...ratios) * 1.5];
  return {
    width: 640,
    height: 60 + points.length * 34,
    marginLeft: 270,
    marginRight: 50,
    ariaLabel: options.ariaLabel,
    ariaDescription: `Speed relative to PyTorch (PyTorch's time / ours, log scale; above 1 ours is faster) of ${points.map((p) => `${p.name}: ${ratioText(p.ratio)}`).join('; ')}.`,
    x: { type: 'log', domain, label: 'PyTorch\'s time / ours (log scale) →', grid: true, tickFormat: '~g' },
    y: { type: 'band', domain: points.map((p) => p.name), label: null, tickSize: 0 },
    marks: [
      Plot.ruleX([1], { stroke: '#5b6475', strokeDasharray: '4,3' }),
      Plot.text([1], { x: (d: number) => d, frameAnchor: 'top', dy: -2, text: () => 'PyTorch', fill: '#5b6475', lineAnchor: 'bottom' }),
      Plot.ruleY(points, { y: 'name', x1: 1, x2: 'ratio', stroke: '#1d2330', strokeOpacity: 0.35 }),
      Plot.dot(points, { x: 'ratio', y: 'name', r: 5, fill: (p: RatioPoint) => (p.ratio >= 1 ? '#2257c9' : '#b3261e'), ariaLabel: (p: RatioPoint) => `${p.name}: ${ratioText(p.ratio)}` }),
      Plot.text(points, { x: 'ratio', y: 'name', text: (p: RatioPoint) => ratioText(p.ratio), dx: 9, textAnchor: 'start', fill: '#1d2330' }),
    ],
  };
}

/**
 * Step-axis charts with enough x ticks to read: the per-layer charts of @negmnist/viz ask for
 * 8 / columns ticks, which over a run of 1,000–2,000 steps leaves a single "1,000" in each facet.
 */
export function withStepTicks(options: Plot.PlotOptions, ticks = 5): Plot.PlotOptions {
  const x = (options.x ?? {}) as Plot.ScaleOptions;
  const current = typeof x.ticks === 'number' ? x.ticks : 0;
  return { ...options, x: { ...x, ticks: Math.max(current, ticks) } };
}

/**
 * The mean test image as positive and negative, drawn by @negmnist/viz's digit grid with its column
 * named for what it is (the grid names columns by image index, which a mean does not have).
 */
export function meanImageGrid(meanImage: Float32Array, rows = 28, cols = 28): Plot.PlotOptions {
  const options = digitGrid({ images: meanImage, count: 1, rows, cols }, { title: null, subtitle: null, size: 112 });
  return {
    ...options,
    ariaLabel: 'Mean image',
    ariaDescription: 'The mean of the test images, drawn as a positive image (x) and as a negative image (1 − x).',
    x: { ...(options.x as Plot.ScaleOptions), label: null, tickFormat: () => 'mean image' },
  };
}
