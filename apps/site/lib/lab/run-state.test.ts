import { runRecordSchema } from '@negmnist/results';
import { syntheticRecords } from '@negmnist/results/testing';
import { describe, expect, test } from 'vitest';
import type { FromWorker } from './protocol';
import { applyMessage, initialRunState, labRecord } from './run-state';
import { DEFAULT_SETTINGS } from './settings';

const source = syntheticRecords({ configs: [{ negative: true, hidden: 'relu' }], seedsPerConfig: 1, epochs: 1 })[0]!;
const strip = { images: new Uint8Array(784), labels: [7], count: 1, rows: 28, cols: 28 };

function fold(messages: FromWorker[]) {
  return messages.reduce(applyMessage, initialRunState('negative'));
}

const opening: FromWorker[] = [
  { type: 'backend', backend: { name: 'webgl', adapter: 'SwiftShader' }, notes: ['WebGPU: this browser has no navigator.gpu'], tfjsVersion: '4.22.0' },
  { type: 'data', dataset: 'mnist-lab-10000-2000', layers: [784, 200, 100, 10], trainCount: 10000, testCount: 2000, stepsPerEpoch: 157, totalSteps: 1570, startedAt: '2026-01-01T00:00:00.000Z' },
];

describe('lab run records', () => {
  test('no record before the worker has named its backend and data', () => {
    expect(labRecord(DEFAULT_SETTINGS, fold([]))).toBeUndefined();
    expect(labRecord(DEFAULT_SETTINGS, fold(opening.slice(0, 1)))).toBeUndefined();
  });

  test('a run in progress is a valid running record holding every evaluation received', () => {
    const evaluations: FromWorker[] = source.evaluations.map((evaluation) => ({ type: 'evaluation', evaluation }));
    const state = fold([...opening, { type: 'progress', step: 40, epoch: 0.25, paused: true, stepsPerSecond: 30, wallTimeMs: 1200, strip }, ...evaluations]);
    expect(state.phase).toBe('paused');
    const record = runRecordSchema.parse(labRecord(DEFAULT_SETTINGS, state));
    expect(record.status).toBe('running');
    expect(record.backend).toEqual({ name: 'webgl', adapter: 'SwiftShader' });
    expect(record.config.negative).toBe(true);
    expect(record.evaluations).toEqual(source.evaluations);
  });

  test('an ended run carries its status, divergence and confusion; input scaling is recorded when not unit', () => {
    const confusion = Array.from({ length: 10 }, (_, i) => Array.from({ length: 10 }, (_, j) => (i === j ? 3 : 0)));
    const state = fold([...opening, { type: 'end', status: 'diverged', divergence: { step: 12, reason: 'non-finite training loss' }, step: 12, wallTimeMs: 900, confusion }]);
    const record = runRecordSchema.parse(labRecord({ ...DEFAULT_SETTINGS, input: 'centred' }, state));
    expect(record.status).toBe('diverged');
    expect(record.divergence).toEqual({ step: 12, reason: 'non-finite training loss' });
    expect(record.confusion).toEqual(confusion);
    expect(record.config.input).toBe('centred');
    expect(runRecordSchema.parse(labRecord(DEFAULT_SETTINGS, state)).config.input).toBeUndefined();
  });
});
