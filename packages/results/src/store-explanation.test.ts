import { mkdir, mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { ResultsSchemaError } from './index';
import { EXPLANATION_FILE, listExplanations, readExplanation, writeExplanation, writeRecord } from './store-index';
import { SCHEMA_VERSION } from './schema';

const exampleText = await readFile(new URL('./explanation.example.json', import.meta.url), 'utf8');
/** The committed example, with its experiment renamed (the listing must not depend on the name). */
const example = (experiment: string): string => JSON.stringify({ ...JSON.parse(exampleText), experiment });

let root: string;
beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'results-explanations-'));
});

async function put(relative: string, text: string): Promise<string> {
  const file = join(root, relative);
  await mkdir(join(file, '..'), { recursive: true });
  await writeFile(file, text);
  return file;
}

describe('explanation records in a results directory', () => {
  it('lists <experiment>/explanation.json of a results root in path order, beside the runs', async () => {
    await put(`e2/${EXPLANATION_FILE}`, example('e2'));
    await put(`e1/${EXPLANATION_FILE}`, example('e1'));
    await mkdir(join(root, 'e3'));
    await writeRecord(root, {
      schemaVersion: SCHEMA_VERSION, id: 'r', experiment: 'e3', label: 'x',
      config: { dataset: 'tiny', negative: true, layers: [4, 3, 2], hidden: 'relu', output: 'relu', init: 'torch', lr: 0.1, batchSize: 2, epochs: 1, evalEvery: 1, seed: 0, probeSize: 2 },
      status: 'done', backend: { name: 'cpu' }, versions: {}, startedAt: '2026-11-26T10:00:00.000Z', updatedAt: '2026-11-26T10:00:01.000Z',
      wallTimeMs: 1, stepsPerEpoch: 2, totalSteps: 2, step: 2, evaluations: [], gradientHistograms: [],
    });
    const found = await listExplanations(root);
    expect(found.map((entry) => entry.file)).toEqual([join(root, 'e1', EXPLANATION_FILE), join(root, 'e2', EXPLANATION_FILE)]);
    expect(found.map((entry) => entry.explanation.experiment)).toEqual(['e1', 'e2']);
    expect(found[0]!.explanation.sentences).toEqual(JSON.parse(exampleText).sentences);
  });

  it('lists the record of one experiment directory, and none for an absent directory', async () => {
    await put(`e1/${EXPLANATION_FILE}`, example('e1'));
    expect((await listExplanations(join(root, 'e1'))).map((entry) => entry.explanation.experiment)).toEqual(['e1']);
    expect(await listExplanations(join(root, 'absent'))).toEqual([]);
    expect(await readExplanation(join(root, 'absent', EXPLANATION_FILE))).toBeUndefined();
  });

  it('throws on a malformed record, or reports it to onInvalid and skips it', async () => {
    await put(`good/${EXPLANATION_FILE}`, example('good'));
    const bad = await put(`bad/${EXPLANATION_FILE}`, JSON.stringify({ ...JSON.parse(exampleText), sentences: 'none' }));
    await expect(listExplanations(root)).rejects.toThrow(ResultsSchemaError);
    const invalid: ResultsSchemaError[] = [];
    const found = await listExplanations(root, { onInvalid: (error) => invalid.push(error) });
    expect(found.map((entry) => entry.explanation.experiment)).toEqual(['good']);
    expect(invalid.map((error) => [error.file, error.fieldPath])).toEqual([[bad, 'sentences']]);
    expect(invalid[0]!.message).toMatch(/invalid explanation record at sentences/);
  });

  it('writes a record to <results>/<its experiment>/explanation.json that reads back equal, and refuses an invalid one without writing', async () => {
    const record = JSON.parse(example('e9'));
    const file = await writeExplanation(root, record);
    expect(file).toBe(join(root, 'e9', EXPLANATION_FILE));
    expect(await readExplanation(file)).toEqual(record);
    await expect(writeExplanation(root, { ...record, experiment: 'e8', sentences: 'none' })).rejects.toThrow(ResultsSchemaError);
    expect(await readdir(root)).toEqual(['e9']);
  });
});
