'use client';

import type { RunRecord } from '@negmnist/results';
import { learningMetrics, METRIC_LABELS } from '@negmnist/core';
import type { LearningMetric } from '@negmnist/core';
import { useId, useMemo, useState } from 'react';
import { sideOptions } from '../../lib/overlay';
import { curvesCaption } from '../../lib/seed-counts';
import { ChartBody } from '../ChartBody';
import { PlotView } from './PlotView';

/** One side of the comparison (e.g. positive images). */
export interface CurveGroup {
  title: string;
  /** Runs of this group, slimmed (no histograms). */
  records: RunRecord[];
  /** Build-time chart of validation accuracy of every run, shown until the reader changes something. */
  initialSvg: string;
}

/** Side-by-side learning curves with a metric switch and seed toggles. */
export function CurvesPanel({ groups }: { groups: CurveGroup[] }) {
  const [metric, setMetric] = useState<LearningMetric>('valAccuracy');
  const [hidden, setHidden] = useState<ReadonlySet<number>>(new Set());
  const seeds = useMemo(() => [...new Set(groups.flatMap((g) => g.records.map((r) => r.config.seed)))].sort((a, b) => a - b), [groups]);
  const shown = useMemo(() => groups.map((g) => g.records.filter((r) => !hidden.has(r.config.seed))), [groups, hidden]);
  const palette = useMemo(() => [...new Set(groups.flatMap((g) => g.records.map((r) => r.label)))], [groups]);
  const options = useMemo(() => shown.map((records) => (records.length > 0 ? sideOptions(records, metric, palette) : null)), [shown, metric, palette]);
  const pristine = metric === 'valAccuracy' && hidden.size === 0;
  const selectId = useId();
  const metricLabel = METRIC_LABELS[metric];
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
        <label htmlFor={selectId}>Metric</label>
        <select id={selectId} value={metric} onChange={(e) => setMetric(e.target.value as LearningMetric)} data-testid="metric-switch">
          {learningMetrics.map((m) => (
            <option key={m} value={m}>
              {METRIC_LABELS[m]}
            </option>
          ))}
        </select>
        {seeds.length > 1 ? (
          <fieldset>
            <legend>Seeds</legend>
            {seeds.map((seed) => (
              <label key={seed}>
                <input type="checkbox" checked={!hidden.has(seed)} onChange={() => toggle(seed)} data-testid="seed-toggle" /> {seed}
              </label>
            ))}
          </fieldset>
        ) : null}
      </div>
      <div className="grid-2">
        {groups.map((group, i) => {
          const label = `${group.title}: ${metricLabel}`;
          const chart = options[i];
          return (
            <figure className="chart" key={group.title} data-testid="curves-figure">
              <h3 className="chart-title">{group.title}</h3>
              {pristine ? (
                <ChartBody svg={group.initialSvg} label={label} />
              ) : chart ? (
                <PlotView options={chart} label={label} />
              ) : (
                <p className="muted">No seed selected.</p>
              )}
              <figcaption>
                {metricLabel} of {shown[i]!.length} of {group.records.length} runs: {curvesCaption(shown[i]!)}.
              </figcaption>
            </figure>
          );
        })}
      </div>
    </div>
  );
}
