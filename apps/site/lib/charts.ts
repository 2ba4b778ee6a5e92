import * as Plot from '@observablehq/plot';
import { polarityColorScale } from '@negmnist/viz';
import { renderSvg } from '@negmnist/viz/node';
import type { PolarityStats } from './mnist';
import { pairKindLabel } from './reproduce';
import type { ChaosFile } from './reproduce';

/** Chart markup for a page, rendered at build time (works without JavaScript). */
export function chartSvg(options: Plot.PlotOptions): string {
  return renderSvg(options);
}

/** Site-only chart: share of pixels per value bin, positive vs negative images. */
export function pixelHistogram(stats: { positive: PolarityStats; negative: PolarityStats }): Plot.PlotOptions {
  const rows = (['positive', 'negative'] as const).flatMap((polarity) =>
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
    fy: { label: null, domain: ['positive', 'negative'] },
    color: { domain: ['positive', 'negative'], range: ['#0072B2', '#D55E00'] },
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
      images: run.negative ? 'negative' : 'positive',
      pair: `${run.kind} ${run.negative ? 'negative' : 'positive'} seed ${run.seed}`,
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
