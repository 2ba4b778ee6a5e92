import * as Plot from '@observablehq/plot';
import type { PlotOptions } from '@observablehq/plot';
import type { Explanation, PhaseCell } from '@negmnist/results';
import { effectMetricLabels } from './explanation-effects';
import type { ChartOptions } from './options';
import { ChartInputError } from './options';

/** Cell quantities the phase map can colour by. */
export const phaseMetrics = ['drops', 'fc1DeadFraction', 'collapseShare', 'finalAccuracy'] as const;
/** A cell quantity of {@link phaseMap}. */
export type PhaseMetric = (typeof phaseMetrics)[number];

/** The effect metrics' words: a cell's `collapseShare` is the quantity effects call `collapse`. */
const metricLabels: Record<PhaseMetric, string> = {
  drops: effectMetricLabels.drops,
  fc1DeadFraction: effectMetricLabels.fc1DeadFraction,
  collapseShare: effectMetricLabels.collapse,
  finalAccuracy: effectMetricLabels.finalAccuracy,
};

/** Options of {@link phaseMap}. */
export interface PhaseMapOptions extends ChartOptions {
  /** Quantity that colours the cells. Default: `drops`. */
  metric?: PhaseMetric;
  /** Chart height in pixels. Default: 420. */
  height?: number;
}

/** Row name of a cell: its offset `c = 0.25`, or `negative images`. */
function rowName(cell: { offset: number | null; negative: boolean }): string {
  return cell.negative ? 'negative images' : `c = ${cell.offset}`;
}

/**
 * The phase diagram: learning rate (x, log) against the mean squared input norm E‖x‖² (y, log) of positive
 * images plus an offset c, and of the negative images placed by their own E‖x‖². Cells are coloured by
 * `metric`; a black frame marks a cell erratic by the record's rule. The dashed line is the prediction
 * lr × E‖x‖² = K with K the record's fitted threshold (absent when none was fitted).
 */
export function phaseMap(explanation: Explanation, options: PhaseMapOptions = {}): PlotOptions {
  const { phase } = explanation;
  if (phase === null || phase.cells.length === 0) throw new ChartInputError('phaseMap: expected an explanation with phase cells, received none (run explain without --no-phase)');
  const { metric = 'drops' } = options;
  const cells = phase.cells;
  const lrs = [...new Set(cells.map((c) => c.lr))].sort((a, b) => a - b);
  const norms = cells.map((c) => c.meanSquaredNorm).filter((n) => n > 0);
  if (norms.length === 0) throw new ChartInputError('phaseMap: expected cells with meanSquaredNorm > 0 (a log axis), received only zeros');
  const xDomain = [lrs[0]! / 1.6, lrs.at(-1)! * 1.6] as const;
  const yDomain = [Math.min(...norms) / 1.6, Math.max(...norms) * 1.6] as const;
  const rows = new Map(cells.map((c) => [c.meanSquaredNorm, rowName(c)]));
  const fraction = metric !== 'drops';
  const maxDrops = Math.max(1, ...cells.map((c) => c.drops));
  const tip = (c: PhaseCell) =>
    `${rowName(c)}, lr ${c.lr}: E‖x‖² ${Math.round(c.meanSquaredNorm)}, lr × E‖x‖² ${Number(c.scale.toPrecision(3))}; ${c.drops.toFixed(1)} drops per run, fc1 dead ${(c.fc1DeadFraction * 100).toFixed(0)}%, stuck ${(c.collapseShare * 100).toFixed(0)}%, final accuracy ${(c.finalAccuracy * 100).toFixed(1)}%${c.erratic ? ' (erratic)' : ''}`;
  const threshold = phase.threshold;
  const steps = 48;
  const line =
    threshold === null
      ? []
      : Array.from({ length: steps + 1 }, (_, i) => {
          const lr = xDomain[0] * (xDomain[1] / xDomain[0]) ** (i / steps);
          return { lr, norm: threshold / lr };
        });
  const title = 'Phase map: input scale × learning rate';
  const cell = { x: 'lr', y: 'meanSquaredNorm', title: tip } as const;
  return {
    width: options.width ?? 640,
    height: options.height ?? 420,
    marginLeft: 140,
    marginRight: 20,
    title: options.title === undefined ? title : options.title,
    subtitle:
      options.subtitle === undefined
        ? `Squares: positive images plus an offset c; diamonds: negative images; colour: ${metricLabels[metric]} (mean of ${phase.seeds} seed${phase.seeds === 1 ? '' : 's'} per cell); black frame: erratic (${phase.erraticRule}).${threshold === null ? ' No threshold was fitted (all cells one class).' : ` Dashed: the prediction lr × E‖x‖² = ${Number(threshold.toPrecision(3))}.`}`
        : options.subtitle,
    ariaLabel: title,
    ariaDescription: `${cells.length} cells of learning rate against mean squared input norm, coloured by ${metricLabels[metric]}${threshold === null ? '' : ', with the line lr × E‖x‖² = K'}.`,
    x: { type: 'log', domain: [...xDomain], ticks: lrs, tickFormat: (v: number) => String(v), label: 'learning rate →' },
    y: { type: 'log', domain: [...yDomain], ticks: [...rows.keys()], tickFormat: (v: number) => `${rows.get(v) ?? ''} · ${Math.round(v)}`, label: '↑ E‖x‖² (mean squared input norm)' },
    // Quantized colours draw their legend as swatches (a continuous ramp needs a canvas, which a server-side DOM lacks).
    color: fraction
      ? { type: 'quantize', domain: [0, 1], n: 5, scheme: metric === 'finalAccuracy' ? 'viridis' : 'ylorrd', legend: true, label: metricLabels[metric], tickFormat: '.0%' }
      : { type: 'quantize', domain: [0, maxDrops], n: 5, scheme: 'ylorrd', legend: true, label: metricLabels[metric] },
    marks: [
      Plot.frame({ strokeOpacity: 0.15 }),
      Plot.line(line, { x: 'lr', y: 'norm', stroke: 'black', strokeDasharray: '5,4', clip: true, ariaLabel: () => `prediction: lr × E‖x‖² = ${threshold}` }),
      Plot.dot(cells.filter((c) => !c.negative), { ...cell, symbol: 'square', r: 8, fill: metric, stroke: '#666', strokeWidth: 0.5, ariaLabel: (c: PhaseCell) => `phase cell: ${rowName(c)}, lr ${c.lr}` }),
      Plot.dot(cells.filter((c) => c.negative), { ...cell, symbol: 'diamond', r: 8, fill: metric, stroke: '#666', strokeWidth: 0.5, ariaLabel: (c: PhaseCell) => `negative-image cell: lr ${c.lr}` }),
      Plot.dot(cells.filter((c) => c.erratic), { ...cell, symbol: (c: PhaseCell) => (c.negative ? 'diamond' : 'square'), r: 10, stroke: 'black', strokeWidth: 2, fill: 'none', ariaLabel: (c: PhaseCell) => `erratic cell: ${rowName(c)}, lr ${c.lr}` }),
    ],
  };
}
