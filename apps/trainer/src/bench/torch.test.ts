import { fileURLToPath } from 'node:url';
import { requireComponent } from '@negmnist/system';
import { describe, expect, it } from 'vitest';
import { describeSetup, measureTorch, setupArgs, splitRoundRobin, torchInfo, torchSetups } from './torch';

describe('torchSetups', () => {
  it('compares one run with 1 thread and with all cores (OpenBLAS held to 1 thread)', () => {
    expect(torchSetups('protocol', 2, false).map(describeSetup)).toEqual(['1 process x 1 thread', '1 process x 2 threads (OPENBLAS_NUM_THREADS=1)']);
  });

  it('compares a grid with one process per core first', () => {
    expect(torchSetups('grid', 4, false).map(describeSetup)).toEqual(['4 processes x 1 thread', '1 process x 4 threads (OPENBLAS_NUM_THREADS=1)']);
  });

  it('adds CUDA where torch sees a GPU, and only 1 thread on a 1-core machine', () => {
    expect(torchSetups('step', 1, true).map(describeSetup)).toEqual(['1 process x 1 thread', '1 process, CUDA, eager']);
  });

  it('ensembles on CUDA: eager and the step captured as a CUDA graph, in the same invocation', () => {
    const setups = torchSetups('ensemble', 2, true);
    expect(setups.map(describeSetup)).toEqual(['1 process x 1 thread', '1 process x 2 threads (OPENBLAS_NUM_THREADS=1)', '1 process, CUDA, eager', '1 process, CUDA graph (step captured once, replayed)']);
    expect(setups.map(setupArgs)).toEqual([[], [], ['--cuda'], ['--cuda-graph']]);
  });

  it('no CUDA rows where the script trains on the CPU whatever the device (protocol, grid), nor without a GPU', () => {
    for (const mode of ['protocol', 'grid'] as const) expect(torchSetups(mode, 2, true).some((s) => s.cuda)).toBe(false);
    expect(torchSetups('ensemble', 2, false).some((s) => s.cuda || s.cudaGraph)).toBe(false);
  });
});

describe('splitRoundRobin', () => {
  it('deals items out in turn and never makes an empty share', () => {
    expect(splitRoundRobin(['a', 'b', 'c', 'd', 'e'], 2)).toEqual([['a', 'c', 'e'], ['b', 'd']]);
    expect(splitRoundRobin(['a'], 3)).toEqual([['a']]);
  });
});

// The torch script itself, through measureTorch (the arguments the bench passes), on this machine's CPU torch.
describe.skipIf(!requireComponent('python3-torch', 'bench: the torch script in ensemble mode').available)('measureTorch with the real torch script', () => {
  const script = fileURLToPath(new URL('../../python/seed_bench.py', import.meta.url));
  const ensemble = { python: '/usr/bin/python3', script, mode: 'ensemble' as const, args: ['--steps', '3', '--warmup', '1', '--k', '2'], k: 2, timeoutMs: 120_000 };

  it('measures a CPU ensemble: the steps asked for, K models per step', async () => {
    const row = await measureTorch({ ...ensemble, setup: { processes: 1, threads: 1, cuda: false, cudaGraph: false } });
    expect(row.skipped).toBeUndefined();
    expect(row).toMatchObject({ mode: 'ensemble', side: 'pytorch', label: 'PyTorch CPU', setup: '1 process x 1 thread', threads: 1, k: 2, steps: 3 });
    expect(row.modelStepsPerSecond).toBeCloseTo(2 * (row.stepsPerSecond as number), 9);
  });

  it('a CUDA graph row without CUDA is skipped, saying why in one line', async ({ skip }) => {
    const torch = await torchInfo(ensemble.python);
    const cuda = 'info' in torch ? torch.info.cuda : null;
    skip(cuda !== null, `torch sees CUDA here (${cuda ?? ''}): the CUDA graph row measures instead of skipping`);
    const row = await measureTorch({ ...ensemble, setup: { processes: 1, threads: 1, cuda: true, cudaGraph: true } });
    expect(row).toMatchObject({ label: 'PyTorch CUDA', setup: '1 process, CUDA graph (step captured once, replayed)', threads: 0 });
    expect(row.skipped).toMatch(/^--cuda-graph: CUDA not available to torch \d/);
  });

  it('the script refuses --cuda-graph outside ensemble mode', async () => {
    const row = await measureTorch({ ...ensemble, mode: 'step', args: ['--steps', '1', '--warmup', '0'], k: 1, setup: { processes: 1, threads: 1, cuda: true, cudaGraph: true } });
    expect(row.skipped).toBe('--cuda-graph: ensemble mode only, received step');
  });
});
