'use client';

import type { RunRecord } from '@negmnist/results';
import { useId, useMemo, useState } from 'react';
import { learningCurves } from '../../lib/charts';
import type { CurveMetric } from '../../lib/charts';
import { PlotView } from './PlotView';

/** Metrics the switch offers, with their labels. */
export const CURVE_METRICS: readonly { value: CurveMetric; label: string }[] = [
  { value: 'valAccuracy', label: 'Validation accuracy' },
  { value: 'valLoss', label: 'Validation loss' },
  { value: 'trainAccuracy', label: 'Training accuracy' },
  { value: 'trainLoss', label: 'Training loss' },
];

/** One side of the comparison (e.g. positive images). */
export interface CurveGroup {
  title: string;
  /** Runs of this group, slimmed (no histograms). */
  records: RunRecord[];
  /** Build-time chart of validation accuracy with every seed, shown until the reader changes something. */
  initialSvg: string;
}

/** Side-by-side learning curves with a metric switch and seed toggles. */
export function CurvesPanel({ groups }: { groups: CurveGroup[] }) {
  const [metric, setMetric] = useState<CurveMetric>('valAccuracy');
  const seeds = useMemo(() => [...new Set(groups.flatMap((g) => g.records.map((r) => r.config.seed)))].sort((a, b) => a - b), [groups]);
  const [hidden, setHidden] = useState<ReadonlySet<number>>(new Set());
  const pristine = metric === 'valAccuracy' && hidden.size === 0;
  const options = useMemo(
    () => groups.map((g) => learningCurves(g.records.filter((r) => !hidden.has(r.config.seed)), { metric })),
    [groups, metric, hidden],
  );
  const selectId = useId();
  const metricLabel = CURVE_METRICS.find((m) => m.value === metric)?.label ?? metric;
  const toggle = (seed: number) =>
    setHidden((current) => {
      const next = new Set(current);
      if (next.has(seed)) next.delete(seed);
      else next.add(seed);
      return next;
    });
  return (
    <div>
      <div className="controls">
        <label htmlFor={selectId}>Metric </label>
        <select id={selectId} value={metric} onChange={(e) => setMetric(e.target.value as CurveMetric)} data-testid="metric-switch">
          {CURVE_METRICS.map((m) => (
            <option key={m.value} value={m.value}>
              {m.label}
            </option>
          ))}
        </select>
        {seeds.length > 1 ? (
          <fieldset>
            <legend>Seeds</legend>
            {seeds.map((seed) => (
              <label key={seed}>
                <input type="checkbox" checked={!hidden.has(seed)} onChange={() => toggle(seed)} /> {seed}
              </label>
            ))}
          </fieldset>
        ) : null}
      </div>
      <div className="grid-2">
        {groups.map((group, i) => (
          <figure className="chart" key={group.title} data-testid="curves-figure">
            <h3 className="chart-title">{group.title}</h3>
            {pristine ? (
              <div className="chart-body" role="img" aria-label={`${group.title}: ${metricLabel}`} dangerouslySetInnerHTML={{ __html: group.initialSvg }} />
            ) : (
              <PlotView options={options[i]!} label={`${group.title}: ${metricLabel}`} />
            )}
            <figcaption>
              {metricLabel} of {group.records.length} run{group.records.length === 1 ? '' : 's'}, one line per seed.
            </figcaption>
          </figure>
        ))}
      </div>
    </div>
  );
}
