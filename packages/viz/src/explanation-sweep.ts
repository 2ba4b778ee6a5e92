import * as Plot from '@observablehq/plot';
import type { PlotOptions } from '@observablehq/plot';
import type { CandidateScalar, Explanation, InputFormRecord, Sweep, SweepCell } from '@negmnist/results';
import { formScalar } from '@negmnist/results/aggregate';
import type { ChartOptions } from './options';
import { ChartInputError, DEFAULT_WIDTH } from './options';
import { okabeIto } from './palette';

/** How each candidate scalar is named on an axis. */
export const scalarLabels: Record<CandidateScalar, string> = {
  meanSquaredNorm: 'E‖x‖² (mean squared input norm)',
  meanNormSquared: '‖μ‖² (squared norm of the mean input)',
  secondMomentTop: 'λmax(E[xxᵀ]) (top input second moment)',
  initialSharpness: 'λmax of the loss Hessian at initialisation',
};

function sweepOf(explanation: Explanation, chart: string): Sweep {
  const sweep = explanation.sweep;
  if (sweep == null || sweep.cells.length === 0) throw new ChartInputError(`${chart}: expected an explanation with a sweep, received none (run explain without --no-sweep)`);
  return sweep;
}

/** Options of {@link criticalLrPlot}. */
export interface CriticalLrPlotOptions extends ChartOptions {
  /** The scalar on the x axis. Default: the record's winner (else E‖x‖²). */
  scalar?: CandidateScalar;
  /** Chart height in pixels. Default: 420. */
  height?: number;
}

interface LrcRow {
  form: string;
  label: string;
  scalar: number;
  lrc: number;
  low: number;
  high: number;
  censored: 'below' | 'above' | null;
  predicted: number | null;
  consistent: boolean;
}

/**
 * The critical learning rate of every input form against one candidate scalar, log-log: a dot per form with
 * its bootstrap interval (a triangle pointing the way a censored lr_c can go), the rule lr_c = K / scalar fitted
 * on every form (slope -1, dashed) and, as a ring, each form's prediction from K fitted without it (held out).
 */
export function criticalLrPlot(explanation: Explanation, options: CriticalLrPlotOptions = {}): PlotOptions {
  const sweep = sweepOf(explanation, 'criticalLrPlot');
  const scalar = options.scalar ?? sweep.winner ?? 'meanSquaredNorm';
  const test = sweep.rules.find((r) => r.scalar === scalar);
  const rows: LrcRow[] = sweep.forms.flatMap((form) => {
    const c = sweep.criticalLrs.find((x) => x.form === form.id);
    const s = formScalar(form, scalar);
    if (c?.value == null || s === null || !(s > 0)) return [];
    const held = test?.heldOut.find((h) => h.form === form.id);
    const [low, high] = c.censored === null && c.interval !== null ? c.interval : [c.value, c.value];
    return [{ form: form.id, label: form.label, scalar: s, lrc: c.value, low, high, censored: c.censored, predicted: held?.predicted ?? null, consistent: held?.consistent ?? false }];
  });
  if (rows.length === 0) throw new ChartInputError(`criticalLrPlot: expected forms with an lr_c and a positive ${scalar}, received none`);
  const xs = rows.map((r) => r.scalar);
  const ys = rows.flatMap((r) => [r.low, r.high, ...(r.predicted === null ? [] : [r.predicted])]);
  const xDomain = [Math.min(...xs) / 1.6, Math.max(...xs) * 1.6] as const;
  const yDomain = [Math.min(...ys, ...sweep.lrs) / 1.3, Math.max(...ys, ...sweep.lrs) * 1.3] as const;
  const k = test?.constant ?? null;
  const line = k === null ? [] : Array.from({ length: 33 }, (_, i) => ({ s: xDomain[0] * (xDomain[1] / xDomain[0]) ** (i / 32) })).map(({ s }) => ({ s, lr: k / s }));
  const title = `Critical learning rate against ${scalarLabels[scalar].split(' (')[0]}`;
  const tip = (r: LrcRow) =>
    `${r.label}: ${scalar} ${Number(r.scalar.toPrecision(3))}, lr_c ${r.censored === 'above' ? '> ' : r.censored === 'below' ? '≤ ' : ''}${Number(r.lrc.toPrecision(3))}` +
    `${r.censored === null ? ` (95% CI ${Number(r.low.toPrecision(2))} to ${Number(r.high.toPrecision(2))})` : ''}` +
    `${r.predicted === null ? '' : `; held out, the rule predicts ${Number(r.predicted.toPrecision(3))} (${r.consistent ? 'consistent' : 'inconsistent'})`}`;
  const bracketed = rows.filter((r) => r.censored === null);
  return {
    width: options.width ?? 640,
    height: options.height ?? 420,
    marginLeft: 60,
    marginRight: 150,
    title: options.title === undefined ? title : options.title,
    subtitle:
      options.subtitle === undefined
        ? `One dot per input form (${sweep.seeds} seeds per learning rate, ${sweep.epochs} epochs) with its 95% bootstrap interval; triangles: lr_c beyond the learning rates tried (▲ above, ▼ at or below). Dashed: lr_c = K / scalar (slope -1)${k === null ? '' : `, K = ${Number(k.toPrecision(3))}`}; rings: each form predicted with K fitted on the others (held out).`
        : options.subtitle,
    ariaLabel: title,
    ariaDescription: `${rows.length} input forms: critical learning rate against ${scalarLabels[scalar]}, log-log, with the fitted slope -1 line and held-out predictions.`,
    x: { type: 'log', domain: [...xDomain], label: `${scalarLabels[scalar]} →` },
    y: { type: 'log', domain: [...yDomain], label: '↑ critical learning rate lr_c', tickFormat: (v: number) => String(Number(v.toPrecision(2))) },
    marks: [
      Plot.frame({ strokeOpacity: 0.15 }),
      Plot.line(line, { x: 's', y: 'lr', stroke: '#444', strokeDasharray: '5,4', clip: true }),
      Plot.ruleX(bracketed, { x: 'scalar', y1: 'low', y2: 'high', stroke: okabeIto[1], strokeWidth: 2 }),
      Plot.dot(bracketed, { x: 'scalar', y: 'lrc', r: 5, fill: okabeIto[1], title: tip, ariaLabel: (r: LrcRow) => `lr_c: ${r.label}` }),
      Plot.dot(
        rows.filter((r) => r.censored !== null),
        { x: 'scalar', y: 'lrc', r: 6, symbol: 'triangle', rotate: (r: LrcRow) => (r.censored === 'above' ? 0 : 180), fill: okabeIto[5], title: tip, ariaLabel: (r: LrcRow) => `censored lr_c: ${r.label}` },
      ),
      Plot.dot(
        rows.filter((r) => r.predicted !== null),
        { x: 'scalar', y: 'predicted', r: 8, stroke: (r: LrcRow) => (r.consistent ? '#444' : okabeIto[5]), fill: 'none', strokeWidth: 1.5, title: tip, ariaLabel: (r: LrcRow) => `held-out prediction: ${r.label}` },
      ),
      // forms at the same bound (e.g. several "above 1") stack their labels downwards instead of overprinting
      ...stackedLabels(rows).map(({ dy, rows: at }) => Plot.text(at, { x: 'scalar', y: 'lrc', text: 'label', dx: 10, dy, textAnchor: 'start', fontSize: 11, clip: false })),
    ],
  };
}

/** Labels grouped by their line below the first: a row whose lr_c is within a factor 1.5 and scalar within a factor 3.3 of an earlier row's gets the next line. */
function stackedLabels(rows: readonly LrcRow[]): Array<{ dy: number; rows: LrcRow[] }> {
  const lines = new Map<number, LrcRow[]>();
  const placed: Array<{ row: LrcRow; line: number }> = [];
  for (const row of rows) {
    const near = placed.filter((p) => Math.abs(Math.log(p.row.lrc / row.lrc)) < 0.4 && Math.abs(Math.log(p.row.scalar / row.scalar)) < 1.2);
    const line = near.length === 0 ? 0 : Math.max(...near.map((p) => p.line)) + 1;
    placed.push({ row, line });
    lines.set(line, [...(lines.get(line) ?? []), row]);
  }
  return [...lines.entries()].map(([line, at]) => ({ dy: 13 * line, rows: at }));
}

/** Options of {@link sweepMap}. */
export interface SweepMapOptions extends ChartOptions {
  /** Rows ordered by this scalar (ascending). Default: the record's winner (else E‖x‖²). */
  scalar?: CandidateScalar;
}

interface MapCell extends SweepCell {
  label: string;
  row: string;
  total: number;
  kind: 'smooth' | 'erratic' | 'collapsed' | 'diverged' | 'mixed';
}

const KIND_COLOURS: Record<MapCell['kind'], string> = {
  smooth: '#4c9a6a',
  erratic: '#D55E00',
  collapsed: '#555555',
  diverged: '#111111',
  mixed: '#F2C94C',
};

/**
 * The sweep as a map: one row per input form (ordered by the winning scalar, its value in the label), one
 * column per learning rate; each cell shows the erratic share of its learning runs (colour) and how many runs
 * collapsed or diverged (text), so the two failures are never merged. Each row's label ends with its lr_c.
 */
export function sweepMap(explanation: Explanation, options: SweepMapOptions = {}): PlotOptions {
  const sweep = sweepOf(explanation, 'sweepMap');
  const scalar = options.scalar ?? sweep.winner ?? 'meanSquaredNorm';
  const forms = [...sweep.forms].sort((a, b) => (formScalar(a, scalar) ?? 0) - (formScalar(b, scalar) ?? 0));
  const lrcOf = (form: InputFormRecord): string => {
    const c = sweep.criticalLrs.find((x) => x.form === form.id);
    if (c?.value == null) return 'lr_c –';
    return `lr_c ${c.censored === 'above' ? '>' : c.censored === 'below' ? '≤' : '≈'} ${Number(c.value.toPrecision(2))}`;
  };
  const rowOf = (form: InputFormRecord): string => `${form.label} · ${Number((formScalar(form, scalar) ?? 0).toPrecision(3))} · ${lrcOf(form)}`;
  const rowNames = new Map(forms.map((f) => [f.id, rowOf(f)]));
  const cells: MapCell[] = sweep.cells.map((c) => {
    const total = c.outcomes.smooth + c.outcomes.erratic + c.outcomes.collapsed + c.outcomes.diverged;
    const kind: MapCell['kind'] =
      c.outcomes.diverged === total ? 'diverged' : c.outcomes.collapsed + c.outcomes.diverged === total ? 'collapsed' : c.erraticShare === 0 && c.outcomes.collapsed + c.outcomes.diverged === 0 ? 'smooth' : c.erraticShare === 1 && c.outcomes.collapsed + c.outcomes.diverged === 0 ? 'erratic' : 'mixed';
    return { ...c, label: sweep.forms.find((f) => f.id === c.form)?.label ?? c.form, row: rowNames.get(c.form) ?? c.form, total, kind };
  });
  const lrLabel = (lr: number): string => String(Number(lr.toPrecision(3)));
  const failures = (c: MapCell): string => {
    const parts = [c.erraticShare === null ? '' : `${Math.round(100 * c.erraticShare)}%`, c.outcomes.collapsed > 0 ? `${c.outcomes.collapsed}c` : '', c.outcomes.diverged > 0 ? `${c.outcomes.diverged}d` : ''];
    return parts.filter((p) => p !== '').join(' ');
  };
  const tip = (c: MapCell) =>
    `${c.label}, lr ${lrLabel(c.lr)}: of ${c.total} runs ${c.outcomes.smooth} smooth, ${c.outcomes.erratic} erratic, ${c.outcomes.collapsed} collapsed, ${c.outcomes.diverged} diverged` +
    `${c.drops === null ? '' : `; ${c.drops.toFixed(1)} drops per learning run`}`;
  const title = 'Where each input form turns erratic';
  const lrs = sweep.lrs.map(lrLabel);
  return {
    width: options.width ?? DEFAULT_WIDTH,
    height: 60 + 34 * forms.length,
    marginLeft: 330,
    marginBottom: 40,
    title: options.title === undefined ? title : options.title,
    subtitle:
      options.subtitle === undefined
        ? `Rows: input forms, ordered by ${scalarLabels[scalar]} (its value after the name); columns: learning rate; ${sweep.seeds} seeds per cell, ${sweep.epochs} epochs. Colour: green all smooth, orange all erratic, yellow mixed, grey all collapsed, black all diverged. Text: the erratic share of the learning runs, then collapsed (c) and diverged (d) runs. Each row ends with the form's critical learning rate lr_c.`
        : options.subtitle,
    ariaLabel: title,
    ariaDescription: `${cells.length} cells of input form against learning rate with their outcome counts, and each form's critical learning rate.`,
    x: { type: 'band', domain: lrs, label: 'learning rate →' },
    y: { type: 'band', domain: forms.map(rowOf), label: null },
    marks: [
      Plot.cell(cells, { x: (c: MapCell) => lrLabel(c.lr), y: 'row', fill: (c: MapCell) => KIND_COLOURS[c.kind], fillOpacity: 0.75, inset: 1, title: tip, ariaLabel: (c: MapCell) => `sweep cell: ${c.label} at lr ${lrLabel(c.lr)}` }),
      Plot.text(cells, { x: (c: MapCell) => lrLabel(c.lr), y: 'row', text: failures, fontSize: 10, fill: (c: MapCell) => (c.kind === 'diverged' || c.kind === 'collapsed' ? 'white' : 'black') }),
    ],
  };
}

/** Options of {@link sharpnessCurves}. */
export interface SharpnessCurvesOptions extends ChartOptions {
  /** Forms to draw. Default: every form with sharpness runs. */
  forms?: readonly string[];
  /** Chart height in pixels. Default: 380. */
  height?: number;
}

interface SharpRow {
  form: string;
  label: string;
  step: number;
  mean: number;
  min: number;
  max: number;
  count: number;
}

/** lr·λmax over the steps of the sharpness runs, one line per form (mean over seeds) with its min-max band, and the edge of stability at 2. */
export function sharpnessCurves(explanation: Explanation, options: SharpnessCurvesOptions = {}): PlotOptions {
  const sharpness = explanation.sharpness;
  if (sharpness == null || sharpness.series.length === 0) throw new ChartInputError('sharpnessCurves: expected an explanation with sharpness runs, received none');
  const labelOf = (form: string) => explanation.sweep?.forms.find((f) => f.id === form)?.label ?? form;
  const series = sharpness.series.filter((s) => options.forms === undefined || options.forms.includes(s.form));
  const rows: SharpRow[] = series.flatMap((s) => s.points.map((p) => ({ form: s.form, label: labelOf(s.form), ...p })));
  if (rows.length === 0) throw new ChartInputError('sharpnessCurves: expected sharpness points for the asked forms, received none');
  const labels = [...new Set(rows.map((r) => r.label))];
  const title = 'Sharpness during training: lr × λmax of the loss Hessian';
  const tip = (r: SharpRow) => `${r.label}, step ${r.step}: lr·λmax ${r.mean.toFixed(2)} (seeds ${r.min.toFixed(2)} to ${r.max.toFixed(2)}, ${r.count} seeds)`;
  const top = Math.max(2.5, ...rows.map((r) => r.max)) * 1.05;
  return {
    width: options.width ?? 640,
    height: options.height ?? 380,
    marginLeft: 50,
    title: options.title === undefined ? title : options.title,
    subtitle:
      options.subtitle === undefined
        ? `At lr ${series[0]?.lr ?? ''}, ${sharpness.seeds} seeds per form, λmax every ${sharpness.every} steps; line: mean, band: min to max over seeds. Gradient descent on a quadratic of curvature λ is stable only while lr·λ < 2 (dashed: the edge of stability).`
        : options.subtitle,
    ariaLabel: title,
    ariaDescription: `lr times the top Hessian eigenvalue over training steps for ${labels.length} input forms, with a line at 2.`,
    x: { label: 'step →' },
    y: { domain: [0, top], label: '↑ lr · λmax', grid: true },
    color: { domain: labels, scheme: 'tableau10', legend: true },
    marks: [
      Plot.ruleY([2], { stroke: 'black', strokeDasharray: '5,4' }),
      Plot.areaY(rows, { x: 'step', y1: 'min', y2: 'max', fill: 'label', fillOpacity: 0.15 }),
      Plot.line(rows, { x: 'step', y: 'mean', stroke: 'label', strokeWidth: 2, z: 'label' }),
      Plot.dot(rows, { x: 'step', y: 'mean', fill: 'label', r: 2.5, title: tip, ariaLabel: (r: SharpRow) => `sharpness point: ${r.label} at step ${r.step}` }),
    ],
  };
}
