import { describe, expect, it } from 'vitest';
import { gpuTimeOf, timedMsPerStep } from './gpu-time';

describe('timedMsPerStep', () => {
  it('skips the warm-up submissions and averages the rest per step', () => {
    const timings = [
      { gpuMs: 50, steps: 5 },
      { gpuMs: 8, steps: 4 },
      { gpuMs: 2, steps: 1 },
    ];
    expect(timedMsPerStep(timings, 5)).toBe(2);
    expect(timedMsPerStep(timings, 0)).toBe(6);
  });

  it('has no time when nothing after the warm-up was timed', () => {
    expect(timedMsPerStep([], 0)).toBeUndefined();
    expect(timedMsPerStep([{ gpuMs: 50, steps: 5 }], 5)).toBeUndefined();
  });
});

describe('gpuTimeOf, the GPU time of the ensembles a session trained', () => {
  it("adds up the ensembles' times per step after the warm-up", () => {
    // ensemble 1: (6 + 2) ms over 4 steps after 1 warm-up step; ensemble 2: 3 ms over 2 steps
    const first = [
      { gpuMs: 40, steps: 1 },
      { gpuMs: 6, steps: 3 },
      { gpuMs: 2, steps: 1 },
    ];
    const second = [
      { gpuMs: 30, steps: 1 },
      { gpuMs: 3, steps: 2 },
    ];
    expect(gpuTimeOf([first, second], 1, 'llvmpipe')).toEqual({ gpuMsPerStep: 2 + 1.5 });
  });

  it('names the adapter when no submission was timed, and says so when only the warm-up was', () => {
    expect(gpuTimeOf([[], []], 1, 'Some GPU')).toEqual({ unmeasured: 'no GPU time: Some GPU has no timestamp-query' });
    expect(gpuTimeOf([[{ gpuMs: 40, steps: 1 }]], 1, 'Some GPU')).toEqual({ unmeasured: 'no GPU time: no step after the warm-up' });
  });
});
