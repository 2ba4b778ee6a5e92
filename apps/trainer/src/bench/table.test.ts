import { describe, expect, it } from 'vitest';
import { formatTable, TABLE_COLUMNS, withRatios } from './table';
import type { Measurement } from './table';

const row = (m: Partial<Measurement> & Pick<Measurement, 'side' | 'threads'>): Measurement => ({ mode: 'step', label: m.side === 'pytorch' ? 'PyTorch CPU' : 'wasm', setup: `${m.threads} thread(s)`, k: 1, ...m });

describe('withRatios', () => {
  it('compares a step rate with the PyTorch row that uses as many threads', () => {
    const rows = withRatios([
      row({ side: 'negmnist', threads: 1, modelStepsPerSecond: 50 }),
      row({ side: 'pytorch', threads: 1, modelStepsPerSecond: 500 }),
      row({ side: 'pytorch', threads: 2, modelStepsPerSecond: 100 }),
    ]);
    expect(rows[0]?.vsPytorch).toBeCloseTo(0.1, 12);
    expect(rows[0]?.vsPytorchLabel).toBe('PyTorch CPU, 1 thread(s)');
    expect(rows[1]?.vsPytorch).toBeUndefined();
  });

  it('compares a GPU row (0 CPU threads) with PyTorch on CUDA, not with a faster or slower CPU row', () => {
    const rows = withRatios([
      row({ mode: 'ensemble', k: 256, side: 'negmnist', threads: 0, label: 'webgpu', modelStepsPerSecond: 4000 }),
      row({ mode: 'ensemble', k: 256, side: 'pytorch', threads: 1, modelStepsPerSecond: 1000 }),
      row({ mode: 'ensemble', k: 256, side: 'pytorch', threads: 0, label: 'PyTorch CUDA', setup: '1 process, CUDA', modelStepsPerSecond: 200_000 }),
    ]);
    expect(rows[0]?.vsPytorch).toBeCloseTo(0.02, 12);
    expect(rows[0]?.vsPytorchLabel).toBe('PyTorch CUDA, 1 process, CUDA');
  });

  it('compares a GPU row with the faster of PyTorch CUDA eager and its CUDA graph', () => {
    const cuda = (setup: string, modelStepsPerSecond: number) => row({ mode: 'ensemble', k: 64, side: 'pytorch', threads: 0, label: 'PyTorch CUDA', setup, modelStepsPerSecond });
    const ours = row({ mode: 'ensemble', k: 64, side: 'negmnist', threads: 0, label: 'webgpu', modelStepsPerSecond: 30_000 });
    for (const order of [[cuda('eager', 40_000), cuda('graph', 120_000)], [cuda('graph', 120_000), cuda('eager', 40_000)]]) {
      const [mine] = withRatios([ours, ...order]);
      expect(mine?.vsPytorch).toBeCloseTo(0.25, 12);
      expect(mine?.vsPytorchLabel).toBe('PyTorch CUDA, graph');
    }
  });

  it('judges the protocol by wall time: half PyTorch wall time is 2x', () => {
    const rows = withRatios([row({ mode: 'protocol', side: 'negmnist', threads: 1, wallMs: 1000 }), row({ mode: 'protocol', side: 'pytorch', threads: 1, wallMs: 2000 })]);
    expect(rows[0]?.vsPytorch).toBeCloseTo(2, 12);
  });

  it('without a same-thread peer, takes PyTorch fastest row of the same mode and ensemble size', () => {
    const rows = withRatios([
      row({ mode: 'grid', side: 'negmnist', threads: 3, modelStepsPerSecond: 300 }),
      row({ mode: 'grid', side: 'pytorch', threads: 2, modelStepsPerSecond: 100 }),
      row({ mode: 'grid', side: 'pytorch', threads: 1, modelStepsPerSecond: 150 }),
      row({ mode: 'ensemble', k: 8, side: 'pytorch', threads: 1, modelStepsPerSecond: 1 }),
    ]);
    expect(rows[0]?.vsPytorch).toBeCloseTo(2, 12);
  });

  it('leaves skipped rows and rows without a peer without a ratio', () => {
    const rows = withRatios([
      row({ side: 'negmnist', threads: 1, skipped: 'absent here' }),
      row({ mode: 'ensemble', k: 64, side: 'negmnist', threads: 1, modelStepsPerSecond: 10 }),
      row({ side: 'pytorch', threads: 1, modelStepsPerSecond: 10 }),
    ]);
    expect(rows.map((r) => r.vsPytorch)).toEqual([undefined, undefined, undefined]);
  });
});

describe('formatTable', () => {
  it('prints a markdown table: header, one line per row, units, skipped reasons, no stray pipes', () => {
    const text = formatTable(
      withRatios([
        row({ side: 'negmnist', threads: 1, wallMs: 12_345, trainingMs: 1500, modelStepsPerSecond: 66.6, stepsPerSecond: 66.6, peakRssMiB: 161.6 }),
        row({ side: 'negmnist', threads: 1, label: 'tensorflow', skipped: 'absent here (npm install a | b)' }),
        row({ side: 'pytorch', threads: 1, wallMs: 900, trainingMs: 42.25, modelStepsPerSecond: 666, stepsPerSecond: 666 }),
      ]),
    );
    const lines = text.split('\n');
    expect(lines).toHaveLength(5);
    expect(lines[0]).toBe(`| ${TABLE_COLUMNS.join(' | ')} |`);
    expect(lines[2]).toBe('| step | 1 | negmnist | wasm | 1 thread(s) | 12.3 s | 1.50 s |  | 66.6 | 66.6 |  | 0.10x | 162 MiB |');
    expect(lines[3]).toContain('| skipped: absent here (npm install a / b) |');
    expect(lines[4]).toBe('| step | 1 | pytorch | PyTorch CPU | 1 thread(s) | 900 ms | 42.3 ms |  | 666 | 666 |  |  |  |');
    for (const line of lines) expect(line.split('|')).toHaveLength(TABLE_COLUMNS.length + 2);
  });

  it('writes GPU ms per step in its own column: 3 significant digits, whole milliseconds from 100', () => {
    const cell = (gpuMsPerStep: number) => formatTable([row({ mode: 'ensemble', side: 'negmnist', threads: 0, label: 'webgpu (NVIDIA H200)', modelStepsPerSecond: 5000, gpuMsPerStep })]).split('\n')[2]?.split(' | ')[TABLE_COLUMNS.indexOf('GPU ms/step')];
    expect([0.123456, 12.345, 1470.4].map(cell)).toEqual(['0.123', '12.3', '1470']);
  });
});
