import { runRecordSchema } from '@negmnist/results';
import { syntheticRecords } from '@negmnist/results/testing';
import { describe, expect, test } from 'vitest';
import type { FromWorker } from './protocol';
import { applyMessage, canContinue, continueRun, initialRunState, labRecord } from './run-state';
import { DEFAULT_SETTINGS } from './settings';

const source = syntheticRecords({ configs: [{ negative: true, hidden: 'relu' }], seedsPerConfig: 1, epochs: 1 })[0]!;
const strip = { images: new Uint8Array(784), labels: [7], count: 1, rows: 28, cols: 28 };

function fold(messages: FromWorker[]) {
  return messages.reduce(applyMessage, initialRunState('negative'));
}

const opening: FromWorker[] = [
  { type: 'backend', backend: { engine: 'tfjs', name: 'webgl', adapter: 'SwiftShader' }, notes: ['engine-webgpu on WebGPU: this browser has no navigator.gpu'], versions: { '@tensorflow/tfjs': '4.22.0' } },
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
    expect(record.backend).toEqual({ engine: 'tfjs', name: 'webgl', adapter: 'SwiftShader' });
    expect(record.versions['@tensorflow/tfjs']).toBe('4.22.0');
    expect(record.config.negative).toBe(true);
    expect(record.evaluations).toEqual(source.evaluations);
  });

  test('a run on engine-webgpu records that engine and its adapter, and no TensorFlow.js version', () => {
    const fused: FromWorker = { type: 'backend', backend: { engine: 'webgpu', name: 'webgpu', adapter: 'nvidia ampere' }, notes: [], versions: {} };
    const record = runRecordSchema.parse(labRecord(DEFAULT_SETTINGS, fold([fused, ...opening.slice(1)])));
    expect(record.backend).toEqual({ engine: 'webgpu', name: 'webgpu', adapter: 'nvidia ampere' });
    expect(Object.keys(record.versions)).toEqual(['browser']);
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

describe('Continue', () => {
  const end = (status: 'done' | 'diverged', step: number): FromWorker => ({ type: 'end', status, step, wallTimeMs: 900 });
  const evaluationAt = (step: number): FromWorker => ({ type: 'evaluation', evaluation: { ...source.evaluations[0]!, step, epoch: step / 157 } });

  test('only a run that ended complete can continue; one still training, diverged or failed cannot', () => {
    expect(canContinue(fold([...opening, end('done', 1570)]))).toBe(true);
    expect(canContinue(fold(opening))).toBe(false);
    expect(canContinue(fold([...opening, end('diverged', 12)]))).toBe(false);
    expect(canContinue(fold([...opening, { type: 'error', message: 'worker failed' }]))).toBe(false);
    const training = fold(opening);
    expect(continueRun(training, 10)).toBe(training);
  });

  test('a continued run trains towards a further total from its last step, keeping its evaluations; its record counts the epochs trained', () => {
    const ended = fold([...opening, evaluationAt(1570), end('done', 1570)]);
    const continued = continueRun(ended, 2);
    expect(continued).toMatchObject({ phase: 'training', status: 'running', step: 1570, totalSteps: 1570 + 2 * 157 });
    expect(continued.evaluations).toEqual(ended.evaluations);
    expect(runRecordSchema.parse(labRecord(DEFAULT_SETTINGS, continued))).toMatchObject({ status: 'running', totalSteps: 1884, config: { epochs: 12 } });

    // the worker's messages go on from there: steps past the first end, evaluations appended, then a second end
    const after = [1600, 1884].map(evaluationAt);
    const done = [{ type: 'progress', step: 1600, epoch: 1600 / 157, paused: false, stepsPerSecond: 80, wallTimeMs: 20_000, strip } as const, ...after, end('done', 1884)].reduce(applyMessage, continued);
    expect(done).toMatchObject({ phase: 'ended', status: 'done', step: 1884, totalSteps: 1884 });
    expect(done.evaluations.map((e) => e.step)).toEqual([1570, 1600, 1884]);
    const record = runRecordSchema.parse(labRecord(DEFAULT_SETTINGS, done));
    expect(record).toMatchObject({ status: 'done', step: 1884, totalSteps: 1884, config: { epochs: 12 } });
    // and it can continue again
    expect(continueRun(done, 10).totalSteps).toBe(1884 + 1570);
  });
});
