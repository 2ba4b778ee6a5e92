// End to end across apps: `negmnist explain` (the trainer's CLI, built before this package) on a tiny
// slice of MNIST, then the site's own loader and the front page's explanation components on the record
// it wrote. About 3 minutes, most of it the CLI's training runs.
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Explanation } from '@negmnist/results';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { labFiles, writeLabAssets } from '../scripts/lab-assets.mjs';
import { loadResults } from '../lib/results';
import { expectExplanationShown } from './explanation-page';

const appDir = fileURLToPath(new URL('..', import.meta.url));
const cli = path.join(appDir, 'node_modules/negmnist/dist/cli.cjs');

function run(args: string[], cwd: string): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [cli, ...args], { cwd, env: { ...process.env, NO_COLOR: '1' } });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, output }));
  });
}

let root: string;
let explain: { code: number | null; output: string };
beforeAll(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'site-explain-'));
  // The first 128 training and 40 test images of MNIST, as gzip IDX files (the lab's subset writer).
  await writeLabAssets({ root: path.join(root, 'lab'), train: 128, test: 40 });
  const data = (split: 'train' | 'test') => labFiles(split);
  const file = (name: string) => path.join(root, 'lab/data', name);
  explain = await run(
    [
      'explain',
      ...['--images', file(data('train').images), '--labels', file(data('train').labels), '--test-images', file(data('test').images), '--test-labels', file(data('test').labels)],
      ...['--layers', '784,16,10', '--batch', '16', '--epochs', '1', '--eval-every', '2', '--probe-size', '16', '--seeds', '2', '--only', 'centred,lr-0.01'],
      ...['--sweep-seeds', '1', '--sweep-lrs', '0.01,0.1', '--sharpness-seeds', '1', '--sharpness-steps', '10', '--sharpness-every', '5'],
      ...['--chaos-steps', '20', '--mechanism-seeds', '1', '--mechanism-steps', '5'],
      ...['--bootstrap-rounds', '200', '--backend', 'cpu', '--workers', '1', '--out', 'results'],
    ],
    root,
  );
}, 360_000);
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('an explanation written by `negmnist explain`, rendered by the site', () => {
  test('the site loader finds the record beside its runs; the answer, evidence and charts show it', { timeout: 60_000 }, async () => {
    expect(explain.code, explain.output.slice(-2000)).toBe(0);
    const results = await loadResults(path.join(root, 'results'));
    expect(results.skipped).toEqual([]);
    expect(results.records.length).toBeGreaterThan(0);
    expect(results.explanations).toHaveLength(1);
    const [{ file, explanation }] = results.explanations as [{ file: string; explanation: Explanation }];
    // What the page must say, read from the file as written (not through the site's code).
    const written = JSON.parse(await readFile(file, 'utf8')) as Explanation;
    expectExplanationShown(explanation, path.relative(results.dir, file), written);
  });
});
