import * as Plot from '@observablehq/plot';
import type { RunRecord } from '@negmnist/results';

export type CurveMetric = 'valAccuracy' | 'valLoss' | 'trainAccuracy' | 'trainLoss';

const curveRows = (records: readonly RunRecord[], metric: CurveMetric) =>
  records.flatMap((r) => r.evaluations.map((e) => ({ run: `${r.experiment}/${r.id}`, label: r.label, epoch: e.epoch, value: e[metric] })));

export function learningCurves(records: readonly RunRecord[], options: { metric?: CurveMetric; color?: 'label' | 'run' } = {}): Plot.PlotOptions {
  const metric = options.metric ?? 'valAccuracy';
  const data = curveRows(records, metric).filter((d) => d.value !== null);
  return {
    y: { grid: true, label: metric, ...(metric.endsWith('Accuracy') ? { domain: [0, 1], percent: true } : {}) },
    x: { label: 'epoch' },
    color: { legend: true },
    marks: [Plot.lineY(data, { x: 'epoch', y: 'value', z: 'run', stroke: options.color === 'run' ? 'run' : 'label' })],
  };
}

export function layerCurves(records: readonly RunRecord[], options: { metric: 'deadFraction' | 'gradNorm'; layer?: string }): Plot.PlotOptions {
  const layer = options.layer ?? 'fc1';
  const data = records.flatMap((r) =>
    r.evaluations.map((e) => ({ run: `${r.experiment}/${r.id}`, label: r.label, epoch: e.epoch, value: e.layers.find((l) => l.name === layer)?.[options.metric] ?? null })),
  ).filter((d) => d.value !== null);
  return {
    y: { grid: true, label: `${layer} ${options.metric}`, ...(options.metric === 'gradNorm' ? { type: 'log' as const } : { domain: [0, 1], percent: true }) },
    x: { label: 'epoch' },
    color: { legend: true },
    marks: [Plot.lineY(data, { x: 'epoch', y: 'value', z: 'run', stroke: 'label' })],
  };
}

export function digitGrid(digits: readonly { label: number; pixels: readonly number[] }[], options: { negative?: boolean } = {}): Plot.PlotOptions {
  const data = digits.flatMap((d, i) => d.pixels.map((v, p) => ({ digit: i, x: p % 28, y: Math.floor(p / 28), v: options.negative ? 1 - v : v })));
  return {
    width: 560, height: 80, axis: null, padding: 0,
    fx: { axis: null }, color: { scheme: 'greys', domain: [0, 1] },
    marks: [Plot.cell(data, { fx: 'digit', x: 'x', y: 'y', fill: 'v', inset: 0 })],
  };
}
