'use client';

import type { RunRecord } from '@negmnist/results';
import { learningMetrics, METRIC_LABELS, polarities, polarityOf } from '@negmnist/core';
import type { LearningMetric } from '@negmnist/core';
import { useId, useMemo, useState } from 'react';
import { duration, percent } from '../../lib/format';
import type { RunRow } from '../../lib/runs';
import { filterRows, sortRows } from '../../lib/table';
import type { RunFilter, SortKey } from '../../lib/table';
import { MAX_OVERLAY, overlayOptions } from '../../lib/overlay';
import { ChartBody } from '../ChartBody';
import { PlotView } from './PlotView';

/** Props of {@link RunsExplorer}. */
export interface RunsExplorerProps {
  rows: RunRow[];
  /** Records keyed like the rows, without layer probes and histograms. */
  records: RunRecord[];
  /** Keys of the runs overlaid at first. */
  initialSelection: string[];
  /** Build-time overlay of `initialSelection` (validation accuracy), shown until the reader changes something; '' draws it live. */
  initialSvg: string;
}

const COLUMNS: readonly { key: SortKey; label: string; numeric?: boolean }[] = [
  { key: 'label', label: 'Run' },
  { key: 'negative', label: 'Images' },
  { key: 'config', label: 'Config' },
  { key: 'seed', label: 'Seed', numeric: true },
  { key: 'backend', label: 'Backend' },
  { key: 'status', label: 'Status' },
  { key: 'finalValAccuracy', label: 'Final val acc', numeric: true },
  { key: 'bestValAccuracy', label: 'Best val acc', numeric: true },
  { key: 'instability', label: 'Drops > 5 pts', numeric: true },
  { key: 'deadFraction', label: 'fc1 dead', numeric: true },
  { key: 'wallTimeMs', label: 'Wall time', numeric: true },
];

/** Sortable, filterable runs table with an overlay of the selected runs' curves. */
export function RunsExplorer({ rows, records, initialSelection, initialSvg }: RunsExplorerProps) {
  const [filter, setFilter] = useState<RunFilter>({ text: '', polarity: 'all', status: 'all' });
  const [sort, setSort] = useState<{ key: SortKey; direction: 'ascending' | 'descending' } | null>(null);
  const [selected, setSelected] = useState<readonly string[]>(initialSelection);
  const [metric, setMetric] = useState<LearningMetric>('valAccuracy');
  const ids = { text: useId(), polarity: useId(), status: useId(), metric: useId() };
  const visible = useMemo(() => {
    const kept = filterRows(rows, filter);
    return sort ? sortRows(kept, sort.key, sort.direction) : kept;
  }, [rows, filter, sort]);
  const recordByKey = useMemo(() => new Map(records.map((r) => [`${r.experiment}/${r.id}`, r])), [records]);
  const pristine = initialSvg !== '' && metric === 'valAccuracy' && selected.join('\n') === initialSelection.join('\n');
  const options = useMemo(() => {
    const chosen = selected.map((key) => recordByKey.get(key)).filter((r): r is RunRecord => r !== undefined);
    return chosen.length > 0 ? overlayOptions(chosen, metric) : null;
  }, [selected, metric, recordByKey]);
  const statuses = [...new Set(rows.map((r) => r.status))];
  const toggle = (key: string) => setSelected((current) => (current.includes(key) ? current.filter((k) => k !== key) : [...current, key]));
  const sortBy = (key: SortKey) =>
    setSort((current) => ({ key, direction: current?.key === key && current.direction === 'ascending' ? 'descending' : 'ascending' }));
  const metricLabel = METRIC_LABELS[metric];

  return (
    <>
      <section aria-labelledby="overlay-heading">
        <h2 id="overlay-heading">Overlay</h2>
        <div className="controls">
          <label htmlFor={ids.metric}>Metric</label>
          <select id={ids.metric} value={metric} onChange={(e) => setMetric(e.target.value as LearningMetric)} data-testid="overlay-metric">
            {learningMetrics.map((m) => (
              <option key={m} value={m}>
                {METRIC_LABELS[m]}
              </option>
            ))}
          </select>
          <span className="muted" aria-live="polite" data-testid="overlay-count">
            {selected.length} of at most {MAX_OVERLAY} runs selected; tick runs in the table to overlay them.
          </span>
        </div>
        <figure className="chart" data-testid="overlay-figure">
          {options === null ? (
            <p className="muted">No run selected.</p>
          ) : pristine ? (
            <ChartBody svg={initialSvg} label={`Overlay: ${metricLabel}`} />
          ) : (
            <PlotView options={options} label={`Overlay: ${metricLabel}`} />
          )}
          <figcaption>{metricLabel} of the selected runs against epoch, one line per run.</figcaption>
        </figure>
      </section>

      <section aria-labelledby="table-heading">
        <h2 id="table-heading">All runs</h2>
        <div className="controls" role="search">
          <label htmlFor={ids.text}>Filter</label>
          <input id={ids.text} type="search" placeholder="label, id, backend…" value={filter.text} onChange={(e) => setFilter({ ...filter, text: e.target.value })} data-testid="filter-text" />
          <label htmlFor={ids.polarity}>Images</label>
          <select id={ids.polarity} value={filter.polarity} onChange={(e) => setFilter({ ...filter, polarity: e.target.value as RunFilter['polarity'] })} data-testid="filter-polarity">
            <option value="all">all</option>
            {polarities.map((polarity) => (
              <option key={polarity} value={polarity}>
                {polarity}
              </option>
            ))}
          </select>
          <label htmlFor={ids.status}>Status</label>
          <select id={ids.status} value={filter.status} onChange={(e) => setFilter({ ...filter, status: e.target.value as RunFilter['status'] })}>
            <option value="all">all</option>
            {statuses.map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
          </select>
          <span className="muted" aria-live="polite" data-testid="row-count">
            Showing {visible.length} of {rows.length} runs
          </span>
        </div>
        <div className="table-wrap">
          <table data-testid="runs-table">
            <caption>Click a column heading to sort; values are at the last evaluation unless marked best.</caption>
            <thead>
              <tr>
                <th scope="col">Overlay</th>
                {COLUMNS.map((c) => (
                  <th key={c.key} scope="col" className={c.numeric ? 'num' : undefined} aria-sort={sort?.key === c.key ? sort.direction : undefined}>
                    <button type="button" onClick={() => sortBy(c.key)} data-sort={c.key}>
                      {c.label}
                      {sort?.key === c.key ? (sort.direction === 'ascending' ? ' ▲' : ' ▼') : ''}
                    </button>
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {visible.map((row) => {
                const checked = selected.includes(row.key);
                return (
                  <tr key={row.key} data-key={row.key}>
                    <td>
                      <input
                        type="checkbox"
                        aria-label={`Overlay ${row.label} seed ${row.seed}`}
                        checked={checked}
                        disabled={!checked && selected.length >= MAX_OVERLAY}
                        onChange={() => toggle(row.key)}
                      />
                    </td>
                    <th scope="row" className="run">
                      <a href={row.href}>{row.label}</a>
                      <span className="muted run-id">{row.id}</span>
                    </th>
                    <td>
                      <span className={`tag ${polarityOf(row.negative)}`}>{polarityOf(row.negative)}</span>
                    </td>
                    <td className="config">{row.config}</td>
                    <td className="num">{row.seed}</td>
                    <td className="backend">{row.backend}</td>
                    <td className={`status-${row.status}`}>{row.status}</td>
                    <td className="num" data-value={row.finalValAccuracy ?? ''}>
                      {percent(row.finalValAccuracy, 2)}
                    </td>
                    <td className="num">{percent(row.bestValAccuracy, 2)}</td>
                    <td className="num">{row.instability}</td>
                    <td className="num">{percent(row.deadFraction)}</td>
                    <td className="num">{duration(row.wallTimeMs)}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      </section>
    </>
  );
}
