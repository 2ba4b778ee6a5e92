import * as Plot from '@observablehq/plot';
import type { PlotOptions } from '@observablehq/plot';
import type { EffectMetric, Explanation } from '@negmnist/results';
import { polarities } from '@negmnist/core';
import type { Polarity } from '@negmnist/core';
import type { ChartOptions } from './options';
import { ChartInputError, DEFAULT_WIDTH } from './options';
import { okabeIto } from './palette';

/** Okabe–Ito blue for positive images, vermillion for negative ones (the first two configuration colours). */
export const polarityColors = { positive: okabeIto[0], negative: okabeIto[1] } as const satisfies Record<Polarity, string>;

/** Colour scale options for the two polarities, with a legend. */
export function polarityColorScale(shown: readonly Polarity[] = polarities) {
  return { type: 'ordinal', domain: [...shown], range: shown.map((p) => polarityColors[p]), legend: true, label: 'images' } as const;
}

/** What each effect metric measures, as axis text. */
export const effectMetricLabels: Record<EffectMetric, string> = {
  drops: 'drops per run',
  fc1DeadFraction: 'fc1 dead fraction',
  collapse: 'share of runs stuck near chance',
  finalAccuracy: 'final validation accuracy',
};

/** Options of {@link interventionEffects}. */
export interface InterventionEffectsOptions extends ChartOptions {
  /** Quantity whose change is shown. Default: `drops`. */
  metric?: EffectMetric;
  /** Polarities, one facet row each, in this order. Default: those with effects, positive first. */
  polarities?: readonly Polarity[];
}

interface EffectRow {
  label: string;
  polarity: Polarity;
  difference: number;
  low: number;
  high: number;
  includesZero: boolean;
  seeds: string;
}

/** Intervention labels in the record's ranking order, then any unranked intervention in record order. */
export function rankedInterventionLabels(explanation: Explanation): Map<string, string> {
  const labels = new Map(explanation.interventions.map((i) => [i.id, i.label]));
  const ids = [...new Set([...explanation.ranking.order, ...explanation.interventions.map((i) => i.id)])];
  return new Map(ids.filter((id) => labels.has(id) && explanation.effects.some((e) => e.intervention === id)).map((id) => [id, labels.get(id)!]));
}

/**
 * Ranked intervention effects: per intervention (rows, in the record's ranking order) and polarity (facets),
 * the change of `metric` against the seed configuration (intervention mean - baseline mean) with its bootstrap
 * 95% interval. A filled dot: the interval excludes zero; a hollow dot: it includes zero.
 */
export function interventionEffects(explanation: Explanation, options: InterventionEffectsOptions = {}): PlotOptions {
  const { metric = 'drops' } = options;
  const labels = rankedInterventionLabels(explanation);
  const effects = explanation.effects.filter((e) => e.metric === metric && labels.has(e.intervention));
  if (effects.length === 0) {
    throw new ChartInputError(`interventionEffects: expected effects on ${metric} in the explanation, received none (metrics present: ${[...new Set(explanation.effects.map((e) => e.metric))].join(', ') || 'none'})`);
  }
  const shown = options.polarities ?? polarities.filter((p) => effects.some((e) => e.polarity === p));
  const rows: EffectRow[] = effects
    .filter((e) => shown.includes(e.polarity))
    .map((e) => ({
      label: labels.get(e.intervention)!,
      polarity: e.polarity,
      difference: e.difference,
      low: e.interval[0],
      high: e.interval[1],
      includesZero: e.includesZero,
      seeds: `${e.interventionSeeds} vs ${e.baselineSeeds} seeds`,
    }));
  const domain = [...labels.values()].filter((label) => rows.some((row) => row.label === label));
  const title = `Effect of each intervention on ${effectMetricLabels[metric]}`;
  const tip = (row: EffectRow) => `${row.label}, ${row.polarity} images: ${format(row.difference)} (95% CI ${format(row.low)} to ${format(row.high)}, ${row.seeds})`;
  const dot = { x: 'difference', y: 'label', fy: 'polarity', r: 5, stroke: 'polarity', strokeWidth: 2, title: tip } as const;
  return {
    width: options.width ?? DEFAULT_WIDTH,
    height: 60 + shown.length * (domain.length * 26 + 40),
    marginLeft: 170,
    marginRight: 80,
    title: options.title === undefined ? title : options.title,
    subtitle:
      options.subtitle === undefined
        ? 'Intervention mean minus seed-configuration mean, with the bootstrap 95% interval across seeds; hollow dots: the interval includes zero.'
        : options.subtitle,
    ariaLabel: title,
    ariaDescription: `Change of ${effectMetricLabels[metric]} per intervention and image polarity, with 95% intervals, ordered by the record's ranking.`,
    x: { label: `change in ${effectMetricLabels[metric]} →`, grid: true, nice: true },
    y: { label: null, domain },
    fy: { label: null, domain: [...shown] },
    color: polarityColorScale(shown),
    marks: [
      Plot.frame({ strokeOpacity: 0.15 }),
      Plot.ruleX([0], { stroke: '#888', strokeDasharray: '4,3' }),
      Plot.ruleY(rows, { y: 'label', fy: 'polarity', x1: 'low', x2: 'high', stroke: 'polarity', strokeWidth: 2, ariaLabel: (row: EffectRow) => `95% interval: ${row.label}, ${row.polarity}`, title: tip }),
      Plot.dot(rows.filter((row) => !row.includesZero), { ...dot, fill: 'polarity', ariaLabel: (row: EffectRow) => `effect: ${row.label}, ${row.polarity}` }),
      Plot.dot(rows.filter((row) => row.includesZero), { ...dot, fill: 'white', ariaLabel: (row: EffectRow) => `effect, interval includes zero: ${row.label}, ${row.polarity}` }),
    ],
  };
}

/** Three significant digits, for tooltips. */
function format(value: number): string {
  return Number(value.toPrecision(3)).toString();
}
