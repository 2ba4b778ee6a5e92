import { readFile, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { createRng } from '@negmnist/data';
import { encodeCheckpoint } from '@negmnist/train/checkpoint';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli, tempDir } from './test/cli-process';
import { writeTinyIdx } from './test/tiny-idx';
import type { TinyIdx } from './test/tiny-idx';

let dir: string;
let data: TinyIdx;
const small = ['--layers', '784,16,10', '--batch', '32', '--epochs', '2', '--eval-every', '4', '--probe-size', '32', '--backend', 'cpu'];
const dataFlags = (d: TinyIdx) => ['--images', d.images, '--labels', d.labels, '--test-images', d.testImages, '--test-labels', d.testLabels];

beforeAll(async () => {
  dir = tempDir('cli');
  data = await writeTinyIdx(join(dir, 'data'));
});

describe('negmnist train', () => {
  it('trains one run on an IDX dataset, writes its record, and skips it when re-run', async () => {
    const first = await runCli(['train', '--negative', '--seed', '3', ...small, ...dataFlags(data), '--out', 'res'], dir);
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    expect(first.stdout).toContain('backend: cpu');
    // Not a TTY: one line per evaluation (every 4 of 16 steps).
    expect(first.stdout.match(/neg-relu-out-relu-s3 {2}step \d+\/16/g)).toHaveLength(4);
    const record = JSON.parse(await readFile(join(dir, 'res/train/neg-relu-out-relu-s3/record.json'), 'utf8'));
    expect(record).toMatchObject({ status: 'done', step: 16, totalSteps: 16, backend: { name: 'cpu' }, config: { negative: true, seed: 3, dataset: 'train-images.idx' } });
    expect(record.evaluations.map((e: { step: number }) => e.step)).toEqual([4, 8, 12, 16]);
    for (const key of ['input', 'inputOffset', 'fc1LrScale', 'perturbation', 'maxSteps']) expect(record.config).not.toHaveProperty(key);
    const again = await runCli(['train', '--negative', '--seed', '3', ...small, ...dataFlags(data), '--out', 'res'], dir);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('1 finished (skipped)');
  });

  it('stores the intervention flags in the record, names the run after them, and trains differently', async () => {
    const limited = [...small, '--eval-schedule', 'global', '--max-steps', '6', ...dataFlags(data), '--out', 'res-int', '--quiet'];
    const read = (id: string) => readFile(join(dir, 'res-int/train', id, 'record.json'), 'utf8').then((t) => JSON.parse(t));
    expect((await runCli(['train', ...limited], dir)).code).toBe(0);
    const plain = await read('pos-relu-out-relu-steps6-s0');
    // 8 steps per epoch, 2 epochs: stopped at 6, evaluated every 4 steps and at the end
    expect(plain).toMatchObject({ status: 'done', step: 6, totalSteps: 6, config: { maxSteps: 6 } });
    expect(plain.evaluations.map((e: { step: number }) => e.step)).toEqual([4, 6]);
    const flags = ['--input', 'standardised', '--input-offset', '0.25', '--fc1-lr-scale', '0.1', '--perturbation', '1e-3'];
    const changed = await runCli(['train', ...flags, ...limited], dir);
    expect(changed.stderr).toBe('');
    const record = await read('pos-relu-out-relu-in-standardised-c0.25-fc1x0.1-p0.001-steps6-s0');
    expect(record.config).toMatchObject({ input: 'standardised', inputOffset: 0.25, fc1LrScale: 0.1, perturbation: 1e-3, maxSteps: 6 });
    expect(record.label).toBe('positive · relu hidden · relu output · standardised inputs · offset 0.25 · fc1 lr ×0.1 · perturbation 0.001 · 6 steps');
    expect(record.evaluations.map((e: { step: number }) => e.step)).toEqual([4, 6]);
    expect(record.evaluations[0].valLoss).not.toBe(plain.evaluations[0].valLoss);
    // each intervention alone changes the run too
    for (const [flag, value] of [['--input', 'centred'], ['--input-offset', '0.5'], ['--fc1-lr-scale', '3'], ['--perturbation', '0.01']] as const) {
      const one = await runCli(['train', flag, value, ...limited, '--id', `one${flag}`, '--json'], dir);
      expect(one.code, one.stderr).toBe(0);
      const r = await read(`one${flag}`);
      expect(r.evaluations[0].trainLoss, flag).not.toBe(plain.evaluations[0].trainLoss);
    }
  });

  it('refuses to mix settings into an existing run directory', async () => {
    await runCli(['train', '--seed', '5', ...small, ...dataFlags(data), '--out', 'res'], dir);
    const clash = await runCli(['train', '--seed', '5', ...small, '--lr', '0.5', ...dataFlags(data), '--out', 'res'], dir);
    expect(clash.code).toBe(2);
    expect(clash.stderr).toMatch(/holds a run with other settings \(lr 0\.1 there, 0\.5 asked\).*--name/);
  });
});

describe('negmnist grid and ls', () => {
  it('trains configurations x seeds (one by one on cpu, a worker thread per core) and lists them', async () => {
    const experiment = {
      name: 'tiny',
      dataset: { images: 'data/train-images.idx', labels: 'data/train-labels.idx', testImages: 'data/test-images.idx', testLabels: 'data/test-labels.idx' },
      base: { layers: [784, 16, 10], batchSize: 32, epochs: 1, evalEvery: 4, probeSize: 32 },
      grid: { negative: [false, true], hidden: ['relu', 'sigmoid'] },
      seeds: 2,
    };
    await writeFile(join(dir, 'tiny.json'), JSON.stringify(experiment));
    const grid = await runCli(['grid', 'tiny.json', '--backend', 'cpu', '--out', 'grid-res', '--json', '--workers', '2'], dir);
    expect(grid.code).toBe(0);
    expect(grid.stdout).toContain('"text":"using 2 worker threads (one core each)"');
    const events = grid.stdout.trim().split('\n').map((line) => JSON.parse(line) as { event: string; id?: string });
    expect(events.filter((e) => e.event === 'runEnd').map((e) => e.id).sort()).toEqual([
      'neg-relu-s0', 'neg-relu-s1', 'neg-sigmoid-s0', 'neg-sigmoid-s1', 'pos-relu-s0', 'pos-relu-s1', 'pos-sigmoid-s0', 'pos-sigmoid-s1',
    ]);
    expect(events.filter((e) => e.event === 'evaluation')).toHaveLength(8 * 2);
    const ls = await runCli(['ls', 'grid-res'], dir);
    expect(ls.code).toBe(0);
    const lines = ls.stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^run\s+status\s+best val\s+final val\s+steps\s+wall time\s+shard\s+host\s+backend$/);
    expect(lines).toHaveLength(9);
    expect(lines[1]).toMatch(new RegExp(`^tiny/neg-relu-s0\\s+done\\s+\\d+\\.\\d\\d%\\s+\\d+\\.\\d\\d%\\s+8/8\\s+\\S+\\s+-\\s+${hostname()}\\s+cpu`));
    const json = await runCli(['ls', 'grid-res', '--json'], dir);
    const rows = json.stdout.trim().split('\n').map((line) => JSON.parse(line) as { finalValAccuracy: number; bestValAccuracy: number });
    expect(rows.every((r) => r.bestValAccuracy >= r.finalValAccuracy)).toBe(true);
  });

  it('reports a malformed record in ls with its file and field, and lists the rest', async () => {
    const res = join(dir, 'bad-res');
    await runCli(['train', '--seed', '1', ...small, ...dataFlags(data), '--out', res, '--quiet'], dir);
    await runCli(['train', '--seed', '2', ...small, ...dataFlags(data), '--out', res, '--quiet'], dir);
    const file = join(res, 'train/pos-relu-out-relu-s2/record.json');
    const record = JSON.parse(await readFile(file, 'utf8'));
    await writeFile(file, JSON.stringify({ ...record, config: { ...record.config, lr: 'fast' } }));
    const ls = await runCli(['ls', res], dir);
    expect(ls.code).toBe(0);
    expect(ls.stderr).toContain(`${file}: invalid run record at config.lr`);
    expect(ls.stderr).toContain('"fast"');
    expect(ls.stdout).toContain('train/pos-relu-out-relu-s1');
    await writeFile(file, JSON.stringify({ ...record, schemaVersion: 99 }));
    const train = await runCli(['train', '--seed', '2', ...small, ...dataFlags(data), '--out', res], dir);
    expect(train.code).toBe(2);
    expect(train.stderr.trim()).toBe(`negmnist: ${file}: invalid run record at schemaVersion: expected schema version 1 or 2, received 99`);
  });
});

describe('command line', () => {
  it.each(['train', 'grid', 'explain', 'ls', 'bench', 'slurm', 'k8s'])('%s --help shows usage, examples and exit codes', async (command) => {
    const help = await runCli([command, '--help'], dir);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain(`Usage: negmnist ${command}`);
    expect(help.stdout).toContain('Examples:');
    expect(help.stdout).toMatch(/130 +interrupted/);
  });

  it('--version prints the package version and exits 0', async () => {
    const version = (JSON.parse(await readFile(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }).version;
    for (const flag of ['--version', '-V']) {
      const result = await runCli([flag], dir);
      expect([result.code, result.stdout]).toEqual([0, `negmnist ${version}\n`]);
    }
  });

  it('prints one line and exits 2 for usage, experiment and data errors', async () => {
    await writeFile(join(dir, 'bad.json'), JSON.stringify({ name: 'bad', grid: { output: ['softmax'] }, seeds: 1 }));
    // data errors raised in a worker thread (two runs, two workers) reach the user as the same one line
    const missing = { images: 'nope/train-images.idx', labels: 'nope/train-labels.idx', testImages: 'nope/test-images.idx', testLabels: 'nope/test-labels.idx' };
    await writeFile(join(dir, 'missing-data.json'), JSON.stringify({ name: 'missing', dataset: missing, base: { layers: [784, 16, 10] }, grid: { negative: [false, true] }, seeds: 1 }));
    const cases: Array<[string[], RegExp]> = [
      [['train', '--lr', 'fast'], /^negmnist: --lr: expected a positive number, received "fast"$/],
      [['train', '--hidden', 'swish'], /^negmnist: --hidden: expected one of relu, sigmoid, tanh, leakyRelu, gelu, received "swish"$/],
      [['train', '--bogus'], /^negmnist: negmnist train: Unknown option '--bogus'/],
      [['train', '--input', 'whitened'], /^negmnist: --input: expected one of unit, centred, standardised, pixel-centred, mean-swapped, received "whitened"$/],
      [['train', '--input-offset', 'Infinity'], /^negmnist: --input-offset: expected a finite number, received "Infinity"$/],
      [['train', '--fc1-lr-scale', '0'], /^negmnist: --fc1-lr-scale: expected a positive number, received "0"$/],
      [['train', '--perturbation', 'tiny'], /^negmnist: --perturbation: expected a finite number, received "tiny"$/],
      [['train', '--max-steps', '2.5'], /^negmnist: --max-steps: expected a positive integer, received "2\.5"$/],
      [['frobnicate'], /^negmnist: unknown command "frobnicate"/],
      [['train', '--images', 'x.idx'], /missing --labels, --test-images, --test-labels$/],
      [['train', '--images', 'nope.idx', '--labels', 'nope', '--test-images', 'nope', '--test-labels', 'nope', '--backend', 'cpu', '--out', 'r'], /nope/],
      [['grid', 'bad.json'], /^negmnist: bad\.json: grid\.output\[0\]: Invalid option: expected one of "relu"\|"sigmoid"\|"none" \(received "softmax"\)$/],
      [['grid', 'no-such-experiment'], /cannot read experiment no-such-experiment: expected a JSON file or a built-in name \(quick, seed\)/],
      [['grid', 'quick', '--backend', 'gpu'], /^negmnist: --backend: expected one of auto, .*, received "gpu"$/],
      [['grid', 'quick', '--workers', '0'], /^negmnist: --workers: expected a positive integer, received "0"$/],
      [['grid', 'quick', '--ensemble', '--no-ensemble'], /^negmnist: --ensemble and --no-ensemble: expected at most one of them$/],
      [['grid', 'missing-data.json', '--backend', 'cpu', '--workers', '2', '--out', 'r'], /^negmnist: \S*nope\/[\w-]+\.idx: reading the file: expected a readable IDX file, received ENOENT/],
    ];
    for (const [args, message] of cases) {
      const result = await runCli(args, dir);
      expect(result.code, args.join(' ') + result.stderr).toBe(2);
      expect(result.stderr.trim().split('\n'), args.join(' ')).toHaveLength(1);
      expect(result.stderr.trim()).toMatch(message);
    }
  });

  it('prints one line and exits 2 for an unreadable checkpoint and for weights that do not fit the model', async () => {
    const res = join(dir, 'bad-checkpoint');
    const args = ['train', '--seed', '7', ...small, ...dataFlags(data), '--out', res];
    expect((await runCli([...args, '--quiet'], dir)).code).toBe(0);
    const run = join(res, 'train/pos-relu-out-relu-s7');
    const record = JSON.parse(await readFile(join(run, 'record.json'), 'utf8'));
    await writeFile(join(run, 'record.json'), JSON.stringify({ ...record, status: 'running' }));
    const checkpoint = join(run, 'checkpoint.safetensors');
    const wrongWeights = encodeCheckpoint({
      version: 2,
      step: 4,
      stepsPerEpoch: record.stepsPerEpoch,
      wallTimeMs: 0,
      setup: { layerSizes: [784, 16, 10], batchSize: 32, evalEvery: 4, evalSchedule: 'per-epoch', evalFinal: false, shuffle: true, members: [{ lr: 0.1, negative: false, seed: 7 }] },
      shuffleState: [createRng(7).state()],
      window: { batches: 0, samples: 0, lossSum: [0], correct: [0] },
      members: [{ evaluations: [], gradientHistograms: [] }],
      weights: [{ name: 'fc1.kernel', shape: [1, 3, 3], data: new Float32Array(9) }],
    });
    const cases: Array<[Uint8Array | string, RegExp]> = [
      ['not a checkpoint', new RegExp(`^negmnist: ${checkpoint.replace(/[.\\/]/g, '\\$&')}: expected a safetensors header`)],
      [wrongWeights, /^negmnist: setWeights: tensor `fc1\.kernel` has shape \[1, 3, 3\] \(9 values\), expected \[1, 784, 16\]$/],
    ];
    for (const [bytes, message] of cases) {
      await writeFile(checkpoint, bytes);
      const result = await runCli(args, dir);
      expect(result.code, result.stderr).toBe(2);
      expect(result.stderr.trim().split('\n')).toHaveLength(1);
      expect(result.stderr.trim()).toMatch(message);
    }
  });

  it('names what to install and exits 3 when a requested backend is absent', async () => {
    const result = await runCli(['train', '--backend', 'tensorflow', ...dataFlags(data), '--out', 'r3'], dir);
    expect(result.code, result.stderr).toBe(3);
    expect(result.stderr.trim()).toBe('negmnist: backend tensorflow is not available: npm install @tensorflow/tfjs-node (or @tensorflow/tfjs-node-gpu for CUDA) next to negmnist');
  });
});
