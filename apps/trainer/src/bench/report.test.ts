import { describe, expect, it } from 'vitest';
import { benchReport } from './report';

const fields = {
  machine: { cpu: 'Test CPU', cores: 2, memoryGiB: 8, os: 'linux 6', node: 'v20.1.0', loadAverage: 0.5 },
  settings: { modes: ['step' as const], backends: ['cpu'], ks: [1], steps: 2, warmup: 1, epochs: 1, runs: 4, timeoutMs: 1000 },
  negmnist: { negmnist: '0.1.0' },
  pytorch: { skipped: 'no python3' },
  rows: [{ mode: 'step' as const, side: 'negmnist' as const, label: 'cpu', setup: '1 process', threads: 1, k: 1, modelStepsPerSecond: 10 }],
};

describe('benchReport', () => {
  it('dates the report by when the bench started, as an ISO timestamp in UTC, first in the JSON', () => {
    const report = benchReport(new Date(Date.UTC(2026, 11, 4, 18, 20, 5, 123)), fields);
    expect(report.measuredAt).toBe('2026-12-04T18:20:05.123Z');
    expect(Object.keys(JSON.parse(JSON.stringify(report)) as object)).toEqual(['measuredAt', 'machine', 'settings', 'negmnist', 'pytorch', 'rows']);
    expect(report).toMatchObject(fields);
  });
});
