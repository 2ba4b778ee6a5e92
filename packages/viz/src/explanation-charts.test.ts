import { syntheticExplanation } from '@negmnist/results/testing';
import { parseSvg as parse, prettySvg } from './svg.test-helpers';
import { describe, expect, it } from 'vitest';
import { ChartInputError, chaosSeparation, deadUnitsByPolarity, interventionEffects, phaseMap, polarityColors } from './index';
import { renderSvg } from './node';

const explanation = syntheticExplanation({ seed: 5 });


/** Marks whose aria-label is `kind: …` (each chart labels its marks so). */
const marks = (root: Element, kind: string): Element[] =>
  [...root.querySelectorAll('[aria-label]')].filter((element) => element.tagName !== 'g' && element.getAttribute('aria-label')!.startsWith(`${kind}: `));
const titles = (root: Element, label: string): string[] => marks(root, label).map((mark) => mark.querySelector('title')?.textContent ?? '');

describe('interventionEffects', () => {
  const drops = explanation.effects.filter((e) => e.metric === 'drops');
  const root = parse(renderSvg(interventionEffects(explanation, { metric: 'drops' })));

  it('draws one interval and one dot per effect on the metric; hollow dots exactly where the interval includes zero', () => {
    expect(marks(root, '95% interval')).toHaveLength(drops.length);
    expect(marks(root, 'effect')).toHaveLength(drops.filter((e) => !e.includesZero).length);
    expect(marks(root, 'effect, interval includes zero')).toHaveLength(drops.filter((e) => e.includesZero).length);
    for (const dot of marks(root, 'effect, interval includes zero')) expect(dot.closest('[fill]')?.getAttribute('fill')).toBe('white');
    const strokes = new Set(marks(root, '95% interval').map((rule) => rule.getAttribute('stroke')));
    expect(strokes).toEqual(new Set([polarityColors.positive, polarityColors.negative]));
  });

  it('lists interventions in the record\'s ranking order and states each interval in its tooltip', () => {
    const labels = new Map(explanation.interventions.map((i) => [i.id, i.label]));
    const ticks = [...root.querySelectorAll('g[aria-label="y-axis tick label"] text')].map((t) => t.textContent);
    const ranked = explanation.ranking.order.map((id) => labels.get(id));
    expect([...new Set(ticks)]).toEqual(ranked);
    const effect = drops[0]!;
    const tips = titles(root, '95% interval');
    expect(tips.some((tip) => tip.startsWith(`${labels.get(effect.intervention)}, ${effect.polarity} images:`) && tip.includes(`${Number(effect.interval[0].toPrecision(3))} to ${Number(effect.interval[1].toPrecision(3))}`))).toBe(true);
  });

  it('draws one polarity when asked, and names the metric when the record has no effect on it', () => {
    const negative = parse(renderSvg(interventionEffects(explanation, { polarities: ['negative'] })));
    expect(marks(negative, '95% interval')).toHaveLength(drops.filter((e) => e.polarity === 'negative').length);
    expect(() => interventionEffects({ ...explanation, effects: drops }, { metric: 'collapse' })).toThrow(ChartInputError);
    expect(() => interventionEffects({ ...explanation, effects: drops }, { metric: 'collapse' })).toThrow(/collapse.*metrics present: drops/);
  });

  it('matches its SVG snapshot', () => expect(prettySvg(renderSvg(interventionEffects(explanation)))).toMatchFileSnapshot('./__snapshots__/intervention-effects.svg'));
});

describe('phaseMap', () => {
  const phase = explanation.phase!;
  const root = parse(renderSvg(phaseMap(explanation, { metric: 'fc1DeadFraction' })));

  it('draws every cell (negative-image cells apart), frames the erratic ones and draws the prediction line', () => {
    expect(marks(root, 'phase cell')).toHaveLength(phase.cells.filter((c) => !c.negative).length);
    expect(marks(root, 'negative-image cell')).toHaveLength(phase.cells.filter((c) => c.negative).length);
    expect(marks(root, 'erratic cell')).toHaveLength(phase.cells.filter((c) => c.erratic).length);
    expect(marks(root, 'prediction')).toHaveLength(1);
    const tips = titles(root, 'phase cell');
    const cell = phase.cells.find((c) => !c.negative)!;
    expect(tips.filter((tip) => tip.startsWith(`c = ${cell.offset}, lr ${cell.lr}: E‖x‖² ${Math.round(cell.meanSquaredNorm)},`))).toHaveLength(1);
  });

  it('puts each row on its own E‖x‖² and leaves the line out without a fitted threshold', () => {
    const ticks = [...root.querySelectorAll('g[aria-label="y-axis tick label"] text')].map((t) => t.textContent);
    expect(ticks).toHaveLength(new Set(phase.inputNorms.map((n) => n.meanSquaredNorm)).size);
    expect(ticks).toContain(`negative images · ${Math.round(phase.inputNorms.find((n) => n.negative)!.meanSquaredNorm)}`);
    const none = parse(renderSvg(phaseMap({ ...explanation, phase: { ...phase, threshold: null } })));
    expect(marks(none, 'prediction')).toHaveLength(0);
    expect(() => phaseMap({ ...explanation, phase: null })).toThrow(ChartInputError);
  });

  it('matches its SVG snapshot', () => expect(prettySvg(renderSvg(phaseMap(explanation)))).toMatchFileSnapshot('./__snapshots__/phase-map.svg'));
});

describe('deadUnitsByPolarity', () => {
  it('draws one line per layer and polarity of the chosen intervention, one dot per point', () => {
    const root = parse(renderSvg(deadUnitsByPolarity(explanation)));
    const baseline = explanation.configurations.filter((c) => c.intervention === 'baseline');
    const series = baseline.flatMap((c) => c.deadOverTime);
    expect(marks(root, 'dead fraction')).toHaveLength(series.length);
    expect(marks(root, 'evaluation')).toHaveLength(series.reduce((n, s) => n + s.points.length, 0));
    const other = explanation.interventions[1]!;
    const tips = titles(parse(renderSvg(deadUnitsByPolarity(explanation, { intervention: other.id }))), 'evaluation');
    const point = explanation.configurations.find((c) => c.intervention === other.id)!.deadOverTime[0]!.points[0]!;
    expect(tips.some((tip) => tip.endsWith(`: ${(point.mean * 100).toFixed(1)}% dead (mean of ${point.count} seeds)`))).toBe(true);
    expect(() => deadUnitsByPolarity(explanation, { intervention: 'absent' })).toThrow(ChartInputError);
  });

  it('matches its SVG snapshot', () => expect(prettySvg(renderSvg(deadUnitsByPolarity(explanation)))).toMatchFileSnapshot('./__snapshots__/dead-units-by-polarity.svg'));
});

describe('chaosSeparation', () => {
  it('draws separated pairs filled and censored pairs hollow at the horizon', () => {
    const { pairs, maxSteps } = explanation.chaos!;
    const root = parse(renderSvg(chaosSeparation(explanation)));
    expect(marks(root, 'separated pair')).toHaveLength(pairs.filter((p) => p.separationStep !== null).length);
    expect(marks(root, 'pair not separated')).toHaveLength(pairs.filter((p) => p.separationStep === null).length);
    const censored = titles(root, 'pair not separated');
    expect(censored.every((tip) => tip.includes(`after ${maxSteps} steps`))).toBe(true);
    expect(() => chaosSeparation({ ...explanation, chaos: null })).toThrow(ChartInputError);
  });

  it('matches its SVG snapshot', () => expect(prettySvg(renderSvg(chaosSeparation(explanation)))).toMatchFileSnapshot('./__snapshots__/chaos-separation.svg'));
});
