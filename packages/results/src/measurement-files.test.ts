import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { benchFileSchema, benchReportSchema, chaosFileSchema, chaosPartFileSchema, compareFileSchema } from './measurement-files';
import type { BenchReport } from './measurement-files';

const experiments = fileURLToPath(new URL('../../../experiments/', import.meta.url));
const json = (file: string): unknown => JSON.parse(readFileSync(experiments + file, 'utf8'));
const benchFiles = readdirSync(`${experiments}bench`).filter((name) => name.endsWith('.json'));

const report: BenchReport = {
  measuredAt: '2026-12-04T18:20:05.123Z',
  machine: { cpu: 'Test CPU', cores: 2, memoryGiB: 8, os: 'linux 6', node: 'v20.1.0', loadAverage: 0.5 },
  settings: { modes: ['step'], backends: ['cpu'], ks: [1], steps: 2, warmup: 1, epochs: 1, runs: 4, timeoutMs: 1000 },
  negmnist: { negmnist: '0.1.0' },
  pytorch: { skipped: 'no python3' },
  rows: [{ mode: 'step', side: 'negmnist', label: 'cpu', setup: '1 process', threads: 1, k: 1, modelStepsPerSecond: 10 }],
};

describe('the committed measurement files', () => {
  it('has bench files to check', () => {
    expect(benchFiles.length).toBeGreaterThan(0);
  });

  it.each(benchFiles)('bench/%s parses as a bench file', (name) => {
    const parsed = benchFileSchema.safeParse(json(`bench/${name}`));
    expect(parsed.error?.issues ?? []).toEqual([]);
  });

  it('reproduce/compare/compare.json and reproduce/lockstep/chaos.json parse', () => {
    expect(compareFileSchema.safeParse(json('reproduce/compare/compare.json')).error?.issues ?? []).toEqual([]);
    expect(chaosFileSchema.safeParse(json('reproduce/lockstep/chaos.json')).error?.issues ?? []).toEqual([]);
  });
});

describe('benchReportSchema', () => {
  it('accepts what the bench writes, and a file reader also takes one dated by its commit instead', () => {
    expect(benchReportSchema.parse(report)).toEqual(report);
    const { measuredAt: _, ...undated } = report;
    expect(benchReportSchema.safeParse(undated).success).toBe(false);
    expect(benchFileSchema.parse({ ...undated, committedAt: '2026-11-27T13:20:51+00:00' })).toMatchObject({ committedAt: '2026-11-27T13:20:51+00:00' });
  });

  it('keeps what the torch script says beyond the known fields, and refuses an unknown mode', () => {
    const pytorch = { torch: '2.5.1', python: '3.12', threads: 1, blasConfig: [], blasLibraries: [], cuda: null, blas: { name: 'MKL', reference: false }, device: 'cpu' };
    expect(benchReportSchema.parse({ ...report, pytorch }).pytorch).toEqual(pytorch);
    expect(benchReportSchema.safeParse({ ...report, rows: [{ ...report.rows[0], mode: 'sprint' }] }).success).toBe(false);
  });
});

describe('chaosPartFileSchema', () => {
  it('is one part of chaos.json with its runs', () => {
    const chaos = chaosFileSchema.parse(json('reproduce/lockstep/chaos.json'));
    const part = { ...chaos.parts[0]!, runs: chaos.runs.slice(0, 2) };
    expect(chaosPartFileSchema.parse(part)).toEqual(part);
  });
});
