import { describe, expect, test } from 'vitest';
import { StepRate } from './step-rate';

describe('StepRate', () => {
  test('no rate until a window has passed, then steps over the window’s wall time', () => {
    const rate = new StepRate({ windowMs: 2000 });
    rate.restart(0, 1000);
    expect(rate.update(30, 2500)).toBe(0);
    // 60 steps in the 2.4 s since the start
    expect(rate.update(60, 3400)).toBeCloseTo(25, 10);
    // the next window starts where that one ended: 10 steps in 2 s
    expect(rate.update(65, 4400)).toBeCloseTo(25, 10);
    expect(rate.update(70, 5400)).toBeCloseTo(5, 10);
  });

  test('time before a restart (paused, waiting for Continue) does not count', () => {
    const rate = new StepRate({ windowMs: 2000 });
    rate.restart(0, 0);
    expect(rate.update(40, 2000)).toBe(20);
    // paused at step 50 from 2.5 s to 60 s
    rate.update(50, 2500);
    rate.restart(50, 60_000);
    expect(rate.update(90, 62_000)).toBe(20);
  });

  test('the last rate measured stays readable between windows', () => {
    const rate = new StepRate({ windowMs: 1000 });
    rate.restart(10, 0);
    expect(rate.perSecond).toBe(0);
    rate.update(40, 1500);
    expect(rate.perSecond).toBe(20);
    rate.update(45, 1600);
    expect(rate.perSecond).toBe(20);
  });
});
