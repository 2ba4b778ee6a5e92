import * as Plot from '@observablehq/plot';
import { renderSvg } from '@negmnist/viz/node';
import type { PolarityStats } from './mnist';

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
