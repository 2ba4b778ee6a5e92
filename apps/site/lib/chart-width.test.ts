import { describe, expect, test } from 'vitest';
import { chartSvg } from './charts';
import { chartWidthStyle, liveChartWidthStyle, MIN_CHART_SCALE, svgWidth } from './chart-width';
import * as Plot from '@observablehq/plot';

describe('svgWidth', () => {
  test('reads the width Plot drew, the widest svg when a legend adds swatches', () => {
    const markup = chartSvg({ width: 720, color: { legend: true }, marks: [Plot.dot([{ x: 1, c: 'a' }, { x: 2, c: 'b' }], { x: 'x', fill: 'c' })] });
    expect(markup).toMatch(/<svg/);
    expect(svgWidth(markup)).toBe(720);
  });

  test('no svg or no width: undefined', () => {
    expect(svgWidth('<p>no chart</p>')).toBeUndefined();
    expect(svgWidth('<svg viewBox="0 0 10 10"></svg>')).toBeUndefined();
  });
});

test('the least width is the drawn width scaled by the floor; Plot\'s default when options name none', () => {
  expect(chartWidthStyle(1000)).toEqual({ '--chart-min-width': `${Math.round(1000 * MIN_CHART_SCALE)}px` });
  expect(chartWidthStyle(undefined)).toBeUndefined();
  expect(liveChartWidthStyle({})).toEqual({ '--chart-min-width': `${Math.round(640 * MIN_CHART_SCALE)}px` });
  // the floor keeps Plot's 10 px axis text at 8 px or more
  expect(10 * MIN_CHART_SCALE).toBeGreaterThanOrEqual(8);
});
