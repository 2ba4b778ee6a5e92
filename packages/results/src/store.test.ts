import { mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import {
  listRuns,
  readRun,
  runDirectory,
  writeFileAtomic,
  writeRecord,
} from './store-index';
import { ResultsSchemaError } from './index';
import { SCHEMA_VERSION } from './schema';
import type { RunRecord } from './schema';

function makeRecord(id: string, experiment = 'exp'): RunRecord {
  return {
    schemaVersion: SCHEMA_VERSION,
    id,
    experiment,
    label: 'negative · relu',
    config: {
      dataset: 'tiny', negative: true, layers: [4, 3, 2], hidden: 'relu', output: 'relu', init: 'torch',
      lr: 0.1, batchSize: 2, epochs: 1, evalEvery: 1, seed: 0, probeSize: 2,
    },
    status: 'done',
    backend: { name: 'cpu' },
    versions: { '@tensorflow/tfjs': '4.22.0' },
    startedAt: '2026-11-26T10:00:00.000Z',
    updatedAt: '2026-11-26T10:00:01.000Z',
    wallTimeMs: 1000,
    stepsPerEpoch: 2,
    totalSteps: 2,
    step: 2,
    evaluations: [],
    gradientHistograms: [],
  };
}

let root: string;
beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'results-store-'));
});

describe('records', () => {
  it('writes to <results>/<experiment>/<id>/record.json and reads back the same record', async () => {
    const record = makeRecord('neg-s0');
    const file = await writeRecord(root, record);
    expect(file).toBe(join(root, 'exp', 'neg-s0', 'record.json'));
    expect(await readRun(runDirectory(root, 'exp', 'neg-s0'))).toEqual(record);
    expect(await readdir(join(root, 'exp', 'neg-s0'))).toEqual(['record.json']);
  });

  it('lists runs from a results root, an experiment dir or a run dir', async () => {
    await writeRecord(root, makeRecord('b', 'e1'));
    await writeRecord(root, makeRecord('a', 'e1'));
    await writeRecord(root, makeRecord('c', 'e2'));
    expect((await listRuns(root)).map((r) => r.record.id)).toEqual(['a', 'b', 'c']);
    expect((await listRuns(join(root, 'e2'))).map((r) => r.record.id)).toEqual(['c']);
    expect((await listRuns(join(root, 'e1', 'b'))).map((r) => r.record.id)).toEqual(['b']);
    expect(await listRuns(join(root, 'absent'))).toEqual([]);
  });

  it('rejects another schema version, naming the file and field', async () => {
    const file = await writeRecord(root, makeRecord('old'));
    await writeFile(file, JSON.stringify({ ...makeRecord('old'), schemaVersion: SCHEMA_VERSION + 1 }));
    const error = await readRun(join(root, 'exp', 'old')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ResultsSchemaError);
    expect((error as ResultsSchemaError).file).toBe(file);
    expect((error as ResultsSchemaError).fieldPath).toBe('schemaVersion');
    expect((error as Error).message).toContain(`received ${SCHEMA_VERSION + 1}`);
  });

  it('reads version-1 records (no correct counts) and requires the counts from version 2', async () => {
    const evaluation = {
      step: 1, epoch: 0.5, trainLoss: 1, trainAccuracy: 0.5, valLoss: 1, valAccuracy: 0.5, layers: [], deadOutputFraction: 0, wallTimeMs: 1,
    };
    const file = await writeRecord(root, { ...makeRecord('v2'), evaluations: [{ ...evaluation, valCorrect: 1, valCount: 2 }] });
    await writeFile(file, JSON.stringify({ ...makeRecord('v2'), schemaVersion: 1, evaluations: [evaluation] }));
    expect((await readRun(join(root, 'exp', 'v2')))?.evaluations[0]?.valCorrect).toBeUndefined();
    await writeFile(file, JSON.stringify({ ...makeRecord('v2'), evaluations: [evaluation] }));
    const error = await readRun(join(root, 'exp', 'v2')).catch((e: unknown) => e);
    expect((error as ResultsSchemaError).fieldPath).toBe('evaluations[0]');
  });

  it('names the first bad nested field path and the bad value', async () => {
    const file = await writeRecord(root, makeRecord('bad'));
    const record = makeRecord('bad');
    const evaluation = { step: 1, epoch: 0.5, trainLoss: 1, trainAccuracy: 0.5, valLoss: 1, valAccuracy: 1.5, layers: [], deadOutputFraction: 0, wallTimeMs: 1 };
    await writeFile(file, JSON.stringify({ ...record, evaluations: [evaluation] }));
    const error = (await readRun(join(root, 'exp', 'bad')).catch((e: unknown) => e)) as ResultsSchemaError;
    expect(error.fieldPath).toBe('evaluations[0].valAccuracy');
    expect(error.message).toContain(file);
    expect(error.message).toContain('1.5');
  });

  it('reports invalid JSON as a schema error and lets listRuns skip malformed records', async () => {
    await writeRecord(root, makeRecord('good'));
    const bad = await writeRecord(root, makeRecord('broken'));
    await writeFile(bad, '{"schemaVersion": 1,');
    await expect(listRuns(root)).rejects.toThrow(ResultsSchemaError);
    const invalid: string[] = [];
    const runs = await listRuns(root, { onInvalid: (e) => invalid.push(e.file) });
    expect(runs.map((r) => r.record.id)).toEqual(['good']);
    expect(invalid).toEqual([bad]);
  });

  it('keeps the provenance of a sharded run and rejects a shard index outside its count', async () => {
    const record: RunRecord = { ...makeRecord('sharded'), provenance: { host: 'node-07', pid: 4242, shard: { index: 2, count: 3, source: 'slurm' } } };
    await writeRecord(root, record);
    expect((await readRun(join(root, 'exp', 'sharded')))?.provenance).toEqual({ host: 'node-07', pid: 4242, shard: { index: 2, count: 3, source: 'slurm' } });
    const bad = { ...record, provenance: { host: 'node-07', pid: 4242, shard: { index: 3, count: 3, source: 'slurm' as const } } };
    await expect(writeRecord(root, bad)).rejects.toThrow(/provenance\.shard/);
  });

  it('refuses to write a record that readers would reject', async () => {
    const record = { ...makeRecord('x'), step: -1 };
    await expect(writeRecord(root, record)).rejects.toThrow(/step/);
  });

  it('leaves one complete version and no temp files when writers race', async () => {
    const file = join(root, 'x', 'record.json');
    const versions = Array.from({ length: 12 }, (_, i) => JSON.stringify({ i, pad: 'v'.repeat(50_000 * (i + 1)) }));
    await Promise.all(versions.map((text) => writeFileAtomic(file, text)));
    expect(versions).toContain(await readFile(file, 'utf8'));
    expect(await readdir(join(root, 'x'))).toEqual(['record.json']);
  });
});
