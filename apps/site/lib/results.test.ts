import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { syntheticExplanation, syntheticRecords } from '@negmnist/results/testing';
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import { loadResults, resultsDirFromEnv } from './results';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'site-results-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
  vi.restoreAllMocks();
});

async function put(file: string, text: string): Promise<void> {
  await mkdir(path.dirname(path.join(dir, file)), { recursive: true });
  await writeFile(path.join(dir, file), text);
}

describe('loadResults', () => {
  test('reads valid records and skips malformed ones, naming each file and why', async () => {
    const [a, b] = syntheticRecords({ seedsPerConfig: 1, epochs: 1 });
    await put(`x/${a!.id}/record.json`, JSON.stringify(a));
    await put(`x/${b!.id}/record.json`, JSON.stringify(b));
    await put('x/not-json/record.json', '{"schemaVersion": 1,');
    await put('x/wrong/record.json', JSON.stringify({ ...a, status: 'exploded' }));
    await put('x/twin/record.json', JSON.stringify(a));
    await mkdir(path.join(dir, 'x/starting'), { recursive: true });
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);

    const results = await loadResults(dir);

    expect(results.found).toBe(true);
    expect(results.records.map((r) => r.id).sort()).toEqual([a!.id, b!.id].sort());
    const reasons = Object.fromEntries(results.skipped.map((s) => [s.file, s.reason]));
    expect(Object.keys(reasons).sort()).toEqual(['x/not-json/record.json', 'x/twin/record.json', 'x/wrong/record.json']);
    expect(reasons['x/not-json/record.json']).toMatch(/expected JSON/);
    expect(reasons['x/wrong/record.json']).toMatch(/at status: .*received "exploded"/);
    expect(reasons['x/wrong/record.json']).not.toContain(dir); // the page shows paths relative to the results directory
    expect(reasons['x/twin/record.json']).toBe(`duplicate run ${a!.experiment}/${a!.id}`);
    expect(warn).toHaveBeenCalledTimes(3);
    expect(warn.mock.calls.map(([message]) => String(message)).join('\n')).toContain(path.join(dir, 'x/wrong/record.json'));
  });

  test('reads <experiment>/explanation.json beside the runs and skips a malformed one, naming it', async () => {
    const explanation = syntheticExplanation({ experiment: 'x' });
    await put('x/explanation.json', JSON.stringify(explanation));
    await put('y/explanation.json', JSON.stringify({ ...explanation, experiment: 'y', effects: 'none' }));
    vi.spyOn(console, 'warn').mockImplementation(() => undefined);

    const results = await loadResults(dir);

    expect(results.explanations.map((e) => [path.relative(dir, e.file), e.explanation])).toEqual([['x/explanation.json', explanation]]);
    expect(results.skipped.map((s) => s.file)).toEqual(['y/explanation.json']);
    expect(results.skipped[0]!.reason).toMatch(/^invalid explanation record at effects/);
  });

  test('a missing directory is reported, not thrown', async () => {
    const results = await loadResults(path.join(dir, 'nope'));
    expect(results).toMatchObject({ found: false, records: [], explanations: [], skipped: [] });
  });
});

describe('resultsDirFromEnv', () => {
  test('defaults to sample-results beside the app', () => {
    expect(resultsDirFromEnv({}, '/app')).toBe(path.resolve('/app/sample-results'));
  });
  test('resolves RESULTS_DIR against the directory the command was typed in', () => {
    expect(resultsDirFromEnv({ RESULTS_DIR: 'results', INIT_CWD: '/repo' }, '/repo/apps/site')).toBe(path.resolve('/repo/results'));
    expect(resultsDirFromEnv({ RESULTS_DIR: '/abs/dir', INIT_CWD: '/repo' }, '/x')).toBe('/abs/dir');
  });
});
