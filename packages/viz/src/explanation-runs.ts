import * as Plot from '@observablehq/plot';
import type { PlotOptions } from '@observablehq/plot';
import type { ChaosPair, Explanation } from '@negmnist/results';
import { polarities } from '@negmnist/core';
import type { Polarity } from '@negmnist/core';
import { polarityColorScale } from './explanation-effects';
import type { ChartOptions } from './options';
import { ChartInputError, DEFAULT_FACET_HEIGHT, DEFAULT_WIDTH } from './options';

/** Options of {@link deadUnitsByPolarity}. */
export interface DeadUnitsByPolarityOptions extends ChartOptions {
  /** Intervention whose configurations are drawn. Default: `baseline` (the seed configuration). */
  intervention?: string;
  /** Horizontal axis: optimiser `step` or fractional `epoch`. Default: `step`. */
  x?: 'step' | 'epoch';
}

interface DeadRow {
  layer: string;
  polarity: Polarity;
  x: number;
  mean: number;
  count: number;
}

/** Dead fraction of each ReLU layer over the evaluations (mean over seeds), positive against negative images, one column per layer. */
export function deadUnitsByPolarity(explanation: Explanation, options: DeadUnitsByPolarityOptions = {}): PlotOptions {
  const { intervention = 'baseline', x = 'step' } = options;
  const configurations = explanation.configurations.filter((c) => c.intervention === intervention);
  const rows: DeadRow[] = configurations.flatMap((c) =>
    c.deadOverTime.flatMap((series) => series.points.map((p) => ({ layer: series.layer ?? 'run', polarity: c.polarity, x: p[x], mean: p.mean, count: p.count }))),
  );
  if (rows.length === 0) throw new ChartInputError(`deadUnitsByPolarity: expected dead-unit series of intervention ${intervention}, received none`);
  const shown = polarities.filter((p) => rows.some((row) => row.polarity === p));
  const layers = [...new Set(rows.map((row) => row.layer))];
  const label = explanation.interventions.find((i) => i.id === intervention)?.label ?? intervention;
  const title = `Dead units per layer over training: ${label}`;
  const tip = (row: DeadRow) => `${row.layer}, ${row.polarity} images, ${x} ${Number(row.x.toPrecision(4))}: ${(row.mean * 100).toFixed(1)}% dead (mean of ${row.count} seeds)`;
  const mark = { x: 'x', y: 'mean', fx: 'layer', stroke: 'polarity', title: tip } as const;
  return {
    width: options.width ?? DEFAULT_WIDTH,
    height: DEFAULT_FACET_HEIGHT + 110,
    title: options.title === undefined ? title : options.title,
    subtitle: options.subtitle === undefined ? 'Share of each layer\'s units that output 0 for every probe image, mean over seeds.' : options.subtitle,
    ariaLabel: title,
    ariaDescription: `Dead-unit fraction of ${layers.join(', ')} against ${x}, positive and negative images.`,
    x: { label: `${x} →`, grid: true, ticks: Math.max(2, Math.floor(8 / layers.length)) },
    y: { label: '↑ dead units (% of layer)', domain: [0, 1], tickFormat: '.0%', grid: true },
    fx: { label: null, domain: layers },
    color: polarityColorScale(shown),
    marks: [Plot.frame({ strokeOpacity: 0.15 }), Plot.line(rows, { x: 'x', y: 'mean', fx: 'layer', stroke: 'polarity', z: 'polarity', strokeWidth: 2, ariaLabel: (row: DeadRow) => `dead fraction: ${row.layer}, ${row.polarity}` }), Plot.dot(rows, { ...mark, r: 2, fill: 'polarity', ariaLabel: (row: DeadRow) => `evaluation: ${row.layer}, ${row.polarity}, ${x} ${row.x}` })],
  };
}

/** Options of {@link chaosSeparation}. */
export type ChaosSeparationOptions = ChartOptions;

interface PairRow {
  label: string;
  polarity: Polarity;
  step: number;
  censored: boolean;
  pair: ChaosPair;
}

/**
 * The chaos measure: for each twin pair (the same run twice, one fc1 weight perturbed in the second), the
 * first evaluated step at which their validation losses differ by more than the record's threshold. Hollow
 * dots at the horizon: pairs that had not separated by then (censored).
 */
export function chaosSeparation(explanation: Explanation, options: ChaosSeparationOptions = {}): PlotOptions {
  const { chaos } = explanation;
  if (chaos === null || chaos.pairs.length === 0) throw new ChartInputError('chaosSeparation: expected an explanation with twin pairs, received none');
  const labels = new Map(explanation.interventions.map((i) => [i.id, i.label]));
  const rows: PairRow[] = chaos.pairs.map((pair) => ({
    label: labels.get(pair.intervention) ?? pair.intervention,
    polarity: pair.polarity,
    step: pair.separationStep ?? chaos.maxSteps,
    censored: pair.separationStep === null,
    pair,
  }));
  const shown = polarities.filter((p) => rows.some((row) => row.polarity === p));
  const interventions = [...new Set(rows.map((row) => row.label))];
  const title = 'Chaos: steps until twin runs separate';
  const tip = (row: PairRow) =>
    `${row.label}, ${row.polarity} images, seed ${row.pair.seed}: ${row.censored ? `still within ${chaos.threshold} after ${chaos.maxSteps} steps` : `separated at step ${row.step}`}`;
  const dot = { x: 'step', y: 'polarity', fy: 'label', r: 5, stroke: 'polarity', strokeWidth: 2, title: tip } as const;
  return {
    width: options.width ?? DEFAULT_WIDTH,
    height: 70 + interventions.length * (shown.length * 28 + 30),
    marginLeft: 90,
    marginRight: 170,
    title: options.title === undefined ? title : options.title,
    subtitle:
      options.subtitle === undefined
        ? `Twin runs differ by ${chaos.perturbation} in one fc1 weight; a pair separates at the first evaluation (every ${chaos.evalEvery} steps) where |validation loss difference| > ${chaos.threshold}. Hollow dots at the dashed line: not separated within ${chaos.maxSteps} steps.`
        : options.subtitle,
    ariaLabel: title,
    ariaDescription: `Separation step of ${rows.length} twin pairs per intervention and image polarity, horizon ${chaos.maxSteps} steps.`,
    x: { label: 'steps until separation →', domain: [0, chaos.maxSteps], grid: true },
    y: { label: null, domain: shown },
    fy: { label: null, domain: interventions },
    color: polarityColorScale(shown),
    marks: [
      Plot.frame({ strokeOpacity: 0.15 }),
      Plot.ruleX([chaos.maxSteps], { stroke: '#888', strokeDasharray: '4,3' }),
      Plot.dot(rows.filter((row) => !row.censored), { ...dot, fill: 'polarity', fillOpacity: 0.7, ariaLabel: (row: PairRow) => `separated pair: ${row.label}, ${row.polarity}, seed ${row.pair.seed}` }),
      Plot.dot(rows.filter((row) => row.censored), { ...dot, fill: 'white', ariaLabel: (row: PairRow) => `pair not separated: ${row.label}, ${row.polarity}, seed ${row.pair.seed}` }),
    ],
  };
}
