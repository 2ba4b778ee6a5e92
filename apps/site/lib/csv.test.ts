import { syntheticRecords } from '@negmnist/results/testing';
import { expect, test } from 'vitest';
import { curvesCsv } from './csv';

test('curvesCsv writes one row per evaluation, layer columns by name, empty cells for null', () => {
  const [record] = syntheticRecords({ seedsPerConfig: 1, epochs: 1 });
  const evaluations = record!.evaluations.map((e, i) => (i === 0 ? { ...e, valLoss: null } : e));
  const lines = curvesCsv({ ...record!, evaluations }).trimEnd().split('\n');
  const header = lines[0]!.split(',');
  expect(lines).toHaveLength(evaluations.length + 1);
  expect(header.slice(0, 2)).toEqual(['step', 'epoch']);
  expect(header).toContain('fc1.deadFraction');
  const firstRow = lines[1]!.split(',');
  expect(firstRow).toHaveLength(header.length);
  expect(firstRow[header.indexOf('valLoss')]).toBe('');
  expect(Number(firstRow[header.indexOf('fc1.deadFraction')])).toBe(evaluations[0]!.layers.find((l) => l.name === 'fc1')!.deadFraction);
});
