import { syntheticRecords } from '@negmnist/results/testing';
import { learningCurves } from '@negmnist/viz';
import { describe, expect, test } from 'vitest';
import { contrastRatio, relativeLuminance } from '../colors';
import { chartRecords, currentColors, keepEarlier, MAX_EARLIER_ROUNDS, withEarlierColors } from './earlier';

const [positive, negative] = syntheticRecords({ configs: [{ negative: false, hidden: 'relu' }, { negative: true, hidden: 'relu' }], seedsPerConfig: 1, epochs: 1 });
const current = [positive!, negative!];

describe('earlier lab runs', () => {
  test('a reset keeps the runs with evaluations, renamed by round, with their curves unchanged', () => {
    const empty = { ...negative!, evaluations: [] };
    const kept = keepEarlier([], [positive!, empty], 1);
    expect(kept).toHaveLength(1);
    expect(kept[0]!.round).toBe(1);
    expect(kept[0]!.record.label).toBe(`${positive!.label} · run 1`);
    expect(kept[0]!.record.evaluations).toEqual(positive!.evaluations);
    expect(kept[0]!.record.label).not.toBe(positive!.label);
  });

  test(`at most ${MAX_EARLIER_ROUNDS} rounds are kept, the oldest dropped first`, () => {
    let earlier = keepEarlier([], current, 1);
    for (let round = 2; round <= MAX_EARLIER_ROUNDS + 2; round++) earlier = keepEarlier(earlier, current, round);
    const rounds = [...new Set(earlier.map((run) => run.round))];
    expect(rounds).toHaveLength(MAX_EARLIER_ROUNDS);
    expect(rounds[0]).toBe(3);
    expect(new Set(earlier.map((run) => run.record.label)).size).toBe(earlier.length);
  });

  test('an earlier run is drawn lighter than the current run it came from; current runs are readable on white', () => {
    const earlier = keepEarlier([], current, 1);
    const colors = currentColors(current);
    for (const color of colors) expect(contrastRatio(color, '#ffffff')).toBeGreaterThanOrEqual(3);
    for (const [i, run] of earlier.entries()) expect(relativeLuminance(run.color)).toBeGreaterThan(relativeLuminance(colors[i]!));
  });

  test('chart options: earlier runs drawn first (behind), legend lists the current runs first, one colour per run', () => {
    const earlier = keepEarlier([], current, 1);
    const records = chartRecords(current, earlier);
    expect(records.map((r) => r.label)).toEqual([...earlier.map((run) => run.record.label), ...current.map((r) => r.label)]);
    const options = withEarlierColors(learningCurves(records, { band: 'none' }), current, earlier);
    const color = options.color as { domain: string[]; range: string[] };
    expect(color.domain).toEqual([...current.map((r) => r.label), ...earlier.map((run) => run.record.label)]);
    expect(color.range.slice(current.length)).toEqual(earlier.map((run) => run.color));
    expect(color.domain).toHaveLength(color.range.length);
  });
});
