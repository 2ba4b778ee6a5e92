import { syntheticExplanation } from '@negmnist/results/testing';
import { describe, expect, it } from 'vitest';
import { ChartInputError, criticalLrPlot, sharpnessCurves, sweepMap } from './index';
import { renderSvg } from './node';
import { parseSvg as parse, prettySvg } from './svg.test-helpers';

const explanation = syntheticExplanation({ seed: 5, sweep: true });
const sweep = explanation.sweep!;

const marks = (root: Element, kind: string): Element[] =>
  [...root.querySelectorAll('[aria-label]')].filter((element) => element.tagName !== 'g' && element.getAttribute('aria-label')!.startsWith(`${kind}: `));
const titles = (root: Element, kind: string): string[] => marks(root, kind).map((m) => m.querySelector('title')?.textContent ?? '');

describe('sweepMap', () => {
  const root = parse(renderSvg(sweepMap(explanation)));
  it('draws one cell per form and learning rate, naming every outcome count in its tooltip', () => {
    expect(marks(root, 'sweep cell')).toHaveLength(sweep.cells.length);
    const cell = sweep.cells[0]!;
    const tip = titles(root, 'sweep cell').find((t) => t.startsWith(`synthetic ${cell.form}, lr ${cell.lr}:`));
    expect(tip).toContain(`${cell.outcomes.smooth} smooth, ${cell.outcomes.erratic} erratic, ${cell.outcomes.collapsed} collapsed, ${cell.outcomes.diverged} diverged`);
  });
  it('orders the rows by the winning scalar, its value in each label', () => {
    const text = root.textContent ?? '';
    const ordered = [...sweep.forms].sort((a, b) => a.geometry.meanNormSquared - b.geometry.meanNormSquared).map((f) => `${f.label} · ${Number(f.geometry.meanNormSquared.toPrecision(3))} · lr_c`);
    const positions = ordered.map((label) => text.indexOf(label));
    expect(positions.every((p) => p >= 0)).toBe(true);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
  });
  it('refuses a record without a sweep', () => expect(() => sweepMap(syntheticExplanation({ seed: 5 }))).toThrow(ChartInputError));
  it('matches its SVG snapshot', () => expect(prettySvg(renderSvg(sweepMap(explanation)))).toMatchFileSnapshot('./__snapshots__/sweep-map.svg'));
});

describe('criticalLrPlot', () => {
  it('draws bracketed forms with intervals, censored ones apart, and a ring per held-out prediction; forms with a zero scalar are left out', () => {
    const root = parse(renderSvg(criticalLrPlot(explanation, { scalar: 'meanNormSquared' })));
    const positive = sweep.forms.filter((f) => f.geometry.meanNormSquared > 0).map((f) => f.id);
    const bracketed = sweep.criticalLrs.filter((c) => c.censored === null && positive.includes(c.form));
    expect(marks(root, 'lr_c')).toHaveLength(bracketed.length);
    expect(marks(root, 'censored lr_c')).toHaveLength(sweep.criticalLrs.filter((c) => c.censored !== null && positive.includes(c.form)).length);
    const rule = sweep.rules.find((r) => r.scalar === 'meanNormSquared')!;
    expect(marks(root, 'held-out prediction')).toHaveLength(rule.heldOut.filter((h) => h.predicted !== null && positive.includes(h.form)).length);
  });
  it('matches its SVG snapshot', () => expect(prettySvg(renderSvg(criticalLrPlot(explanation)))).toMatchFileSnapshot('./__snapshots__/critical-lr.svg'));
});

describe('sharpnessCurves', () => {
  it('draws a point per form and measured step with the seed range in its tooltip', () => {
    const root = parse(renderSvg(sharpnessCurves(explanation)));
    const series = explanation.sharpness!.series;
    expect(marks(root, 'sharpness point')).toHaveLength(series.reduce((n, s) => n + s.points.length, 0));
    const p = series[0]!.points[1]!;
    expect(titles(root, 'sharpness point')).toContain(`synthetic ${series[0]!.form}, step ${p.step}: lr·λmax ${p.mean.toFixed(2)} (seeds ${p.min.toFixed(2)} to ${p.max.toFixed(2)}, ${p.count} seeds)`);
    expect(() => sharpnessCurves({ ...explanation, sharpness: null })).toThrow(ChartInputError);
  });
  it('matches its SVG snapshot', () => expect(prettySvg(renderSvg(sharpnessCurves(explanation)))).toMatchFileSnapshot('./__snapshots__/sharpness-curves.svg'));
});
