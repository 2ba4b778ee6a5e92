import { syntheticRecords } from '@negmnist/results/testing';
import { describe, expect, test } from 'vitest';
import { runRow } from './runs';
import type { RunRow } from './runs';
import { filterRows, sortRows } from './table';

const rows = syntheticRecords({
  configs: [
    { negative: false, hidden: 'relu' },
    { negative: true, hidden: 'tanh' },
  ],
  seedsPerConfig: 2,
  epochs: 1,
}).map(runRow);

describe('filterRows', () => {
  test('keeps rows matching polarity, status and text together', () => {
    expect(filterRows(rows, { polarity: 'negative' }).every((r) => r.negative)).toBe(true);
    expect(filterRows(rows, { polarity: 'positive' })).toHaveLength(2);
    expect(filterRows(rows, { text: 'TANH' }).map((r) => r.key)).toEqual(rows.filter((r) => r.config.includes('tanh')).map((r) => r.key));
    expect(filterRows(rows, { text: 'tanh', polarity: 'positive' })).toEqual([]);
    expect(filterRows(rows, { status: 'diverged' })).toEqual([]);
  });
});

describe('sortRows', () => {
  test('orders numbers both ways with nulls last, and keeps ties stable', () => {
    const withNull: RunRow[] = [{ ...rows[0]!, key: 'a', deadFraction: null }, ...rows];
    for (const direction of ['ascending', 'descending'] as const) {
      const sorted = sortRows(withNull, 'deadFraction', direction).map((r) => r.deadFraction);
      const firstNull = sorted.indexOf(null);
      expect(firstNull).toBeGreaterThan(0);
      expect(sorted.slice(firstNull).every((v) => v === null)).toBe(true);
      const numbers = sorted.slice(0, firstNull) as number[];
      expect(numbers).toEqual([...numbers].sort((x, y) => (direction === 'ascending' ? x - y : y - x)));
    }
    const bySeed = sortRows(rows, 'seed', 'ascending');
    expect(bySeed.filter((r) => r.seed === 0).map((r) => r.key)).toEqual(rows.filter((r) => r.seed === 0).map((r) => r.key));
  });
});
