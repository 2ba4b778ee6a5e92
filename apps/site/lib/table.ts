import { polarityOf } from '@negmnist/core';
import type { Polarity } from '@negmnist/core';
import type { RunRow } from './runs';

/** Columns the runs table sorts by. */
export const sortKeys = ['label', 'negative', 'config', 'seed', 'backend', 'status', 'finalValAccuracy', 'bestValAccuracy', 'instability', 'deadFraction', 'wallTimeMs'] as const;
export type SortKey = (typeof sortKeys)[number];

/** Filters of the runs table. */
export interface RunFilter {
  /** Case-insensitive text matched against label, id, experiment, config and backend. Default: none. */
  text?: string;
  /** Polarity to keep. Default: `all`. */
  polarity?: 'all' | Polarity;
  /** Status to keep. Default: `all`. */
  status?: 'all' | RunRow['status'];
}

/** The rows matching every filter, in input order. */
export function filterRows(rows: readonly RunRow[], filter: RunFilter): RunRow[] {
  const text = filter.text?.trim().toLowerCase() ?? '';
  return rows.filter((row) => {
    if (filter.polarity !== undefined && filter.polarity !== 'all' && polarityOf(row.negative) !== filter.polarity) return false;
    if (filter.status && filter.status !== 'all' && row.status !== filter.status) return false;
    if (!text) return true;
    return [row.label, row.id, row.experiment, row.config, row.backend].some((field) => field.toLowerCase().includes(text));
  });
}

/** Rows sorted by one column; nulls last in both directions; ties keep input order. */
export function sortRows(rows: readonly RunRow[], key: SortKey, direction: 'ascending' | 'descending'): RunRow[] {
  const sign = direction === 'ascending' ? 1 : -1;
  return rows
    .map((row, index) => ({ row, index }))
    .sort((a, b) => {
      const x = a.row[key];
      const y = b.row[key];
      if (x === null || y === null) return x === y ? a.index - b.index : x === null ? 1 : -1;
      const order = typeof x === 'string' ? x.localeCompare(String(y)) : Number(x) - Number(y);
      return order === 0 ? a.index - b.index : sign * order;
    })
    .map(({ row }) => row);
}
