import { syntheticRecords } from '@negmnist/results/testing';
import { activationStats, deadUnits, gradientNorms, learningCurves } from '@negmnist/viz';
import { describe, expect, test } from 'vitest';
import { chartSvg, meanImageGrid, ratioChart, withStepTicks } from './charts';

/** The distinct labels of the x axis ticks of chart markup. */
function xTickLabels(svg: string): string[] {
  const group = /<g aria-label="x-axis tick label"[^>]*>(.*?)<\/g>/s.exec(svg)?.[1] ?? '';
  return [...new Set([...group.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((m) => m[1]!))];
}

describe('withStepTicks', () => {
  // two epochs of the seed protocol: 1,876 steps, the run length that left one "1,000" per facet
  const record = syntheticRecords({ configs: [{ negative: true, hidden: 'relu' }], seedsPerConfig: 1, epochs: 2, stepsPerEpoch: 938 })[0]!;

  test.each([
    ['learning curves', learningCurves],
    ['dead units', deadUnits],
    ['gradient norms', gradientNorms],
    ['activation statistics', activationStats],
  ] as const)('%s of a 1,876-step run show at least 3 step ticks', (_name, chart) => {
    const labels = xTickLabels(chartSvg(withStepTicks(chart([record], { title: null, band: 'none' }))));
    expect(labels.length, labels.join(' ')).toBeGreaterThanOrEqual(3);
  });

  test('keeps a denser tick count and the rest of the x scale', () => {
    const options = withStepTicks({ x: { ticks: 9, label: 'step' } });
    expect(options.x).toEqual({ ticks: 9, label: 'step' });
  });
});

test('the mean image column is named "mean image", not an image index', () => {
  const svg = chartSvg(meanImageGrid(new Float32Array(784).fill(0.2)));
  // the visible text: every <text> of the chart (the figure's role="img" hides the marks' own names)
  const texts = [...svg.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((m) => m[1]);
  expect(texts).toContain('mean image');
  expect(texts.join(' ')).not.toMatch(/#0|image #index/);
});

test('the ratio chart draws one dot per configuration and marks PyTorch at 1', () => {
  const svg = chartSvg(ratioChart([{ name: 'a', ratio: 1.5 }, { name: 'b', ratio: 0.02 }], { ariaLabel: 'test' }));
  expect((svg.match(/<circle/g) ?? []).length).toBe(2);
  expect(svg).toContain('PyTorch');
  expect(svg).toContain('1.50x');
  expect(svg).toContain('0.0200x');
});
