import { describe, expect, it } from 'vitest';
import { describeSetup, splitRoundRobin, torchSetups } from './torch';

describe('torchSetups', () => {
  it('compares one run with 1 thread and with all cores (OpenBLAS held to 1 thread)', () => {
    expect(torchSetups('protocol', 2, false).map(describeSetup)).toEqual(['1 process x 1 thread', '1 process x 2 threads (OPENBLAS_NUM_THREADS=1)']);
  });

  it('compares a grid with one process per core first', () => {
    expect(torchSetups('grid', 4, false).map(describeSetup)).toEqual(['4 processes x 1 thread', '1 process x 4 threads (OPENBLAS_NUM_THREADS=1)']);
  });

  it('adds CUDA where torch sees a GPU, and only 1 thread on a 1-core machine', () => {
    expect(torchSetups('ensemble', 1, true).map(describeSetup)).toEqual(['1 process x 1 thread', '1 process, CUDA']);
  });
});

describe('splitRoundRobin', () => {
  it('deals items out in turn and never makes an empty share', () => {
    expect(splitRoundRobin(['a', 'b', 'c', 'd', 'e'], 2)).toEqual([['a', 'c', 'e'], ['b', 'd']]);
    expect(splitRoundRobin(['a'], 3)).toEqual([['a']]);
  });
});
