import { describe, expect, it } from 'vitest';
import { evaluationSteps, isEvaluationStep } from './schedule';

// The seed program's loop, written as it is: `for epoch: for i, batch in enumerate(loader): ...; if i % 100 == 99: evaluate`.
function seedProgramPoints(batchesPerEpoch: number, epochs: number): number[] {
  const points: number[] = [];
  let step = 0;
  for (let epoch = 0; epoch < epochs; epoch++) {
    for (let i = 0; i < batchesPerEpoch; i++) {
      step += 1;
      if (i % 100 === 99) points.push(step);
    }
  }
  return points;
}

describe('evaluation schedule', () => {
  it("per-epoch is the seed's: 9 points per 938-batch epoch, none at the end", () => {
    const steps = evaluationSteps(938, 3, { schedule: 'per-epoch', every: 100, final: false });
    expect(steps).toEqual(seedProgramPoints(938, 3));
    expect(steps).toHaveLength(27);
    expect(steps.slice(8, 11)).toEqual([900, 1038, 1138]);
    expect(steps).not.toContain(3 * 938);
  });

  it('global counts steps over the run, and final adds the last step', () => {
    const steps = evaluationSteps(938, 2, { schedule: 'global', every: 100, final: true });
    expect(steps).toEqual([100, 200, 300, 400, 500, 600, 700, 800, 900, 1000, 1100, 1200, 1300, 1400, 1500, 1600, 1700, 1800, 1876]);
    expect(evaluationSteps(938, 2, { schedule: 'per-epoch', every: 100, final: true }).at(-1)).toBe(1876);
  });

  it('does not double-count a last step that is also a scheduled point', () => {
    expect(evaluationSteps(10, 2, { schedule: 'per-epoch', every: 5, final: true })).toEqual([5, 10, 15, 20]);
    expect(isEvaluationStep(11, 10, 20, { schedule: 'per-epoch', every: 5, final: true })).toBe(false);
  });
});
