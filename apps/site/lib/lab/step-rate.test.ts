import { describe, expect, test } from 'vitest';
import { StepRate } from './step-rate';

/** The rate after each (step, time in ms) sample, from a rate restarted at step 0, time 0. */
function rates(samples: [step: number, now: number][], windowMs = 2000): number[] {
  const rate = new StepRate({ windowMs });
  rate.restart(0, 0);
  return samples.map(([step, now]) => (rate.update(step, now), rate.perSecond));
}

describe('StepRate', () => {
  test('no rate until a window has passed, then steps over the window’s wall time', () => {
    // 60 steps in the first 2.4 s; the next window starts where that one ended: 10 steps in 2 s
    expect(rates([[30, 1500], [60, 2400], [65, 3400], [70, 4400]])).toEqual([0, 25, 25, 5]);
  });

  test('time before a restart (paused, waiting for Continue) does not count', () => {
    const rate = new StepRate({ windowMs: 2000 });
    rate.restart(0, 0);
    rate.update(40, 2000);
    expect(rate.perSecond).toBe(20);
    // paused at step 50 from 2.5 s to 60 s
    rate.update(50, 2500);
    rate.restart(50, 60_000);
    rate.update(90, 62_000);
    expect(rate.perSecond).toBe(20);
  });

  test('the last rate measured stays until the next window closes', () => {
    expect(rates([[30, 1500], [45, 1600], [46, 2500]], 1000)).toEqual([20, 20, 16]);
  });

  test('a pause within a multi-step call (interrupt) restarts the window at the next complete count: the first rate after it is the engine’s', () => {
    // engine-webgpu at 10 steps/s, 8 steps per call, evaluations every 40 steps
    const rate = new StepRate({ windowMs: 2000 });
    rate.restart(0, 0);
    rate.update(40, 4000);
    expect(rate.perSecond).toBe(10);
    // the call of steps 41-48 returns at 4.8 s; onBatchEnd of step 43 pauses until 60 s, steps 44-48 already computed
    rate.interrupt();
    // resumed: steps 44-48 are reported at once, steps 49-80 take 3.2 s; the evaluation at 80 opens the window
    rate.update(80, 63_200);
    expect(rate.perSecond).toBe(10);
    rate.update(120, 67_200);
    expect(rate.perSecond).toBe(10);
  });
});
