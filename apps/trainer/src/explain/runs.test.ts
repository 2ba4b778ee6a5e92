import { describe, expect, it } from 'vitest';
import { sweepForms } from './forms';
import { INTERVENTIONS } from './interventions';
import { explainBase, explainRuns } from './runs';

const pick = (ids: string[]) => INTERVENTIONS.filter((i) => ids.includes(i.id));
const options = {
  experiment: 'explain',
  dataset: 'mnist',
  stepsPerEpoch: 938,
  interventions: pick(['baseline', 'lr-0.01', 'centred']),
  seeds: 2,
  base: explainBase({ epochs: 5 }),
  sweep: { forms: sweepForms(3).filter((f) => ['positive', 'negative', 'offset-0.5', 'zero-mean-negative-norm'].includes(f.id)), lrs: [0.01, 0.1], seeds: 2 },
  sharpness: { seeds: 1, steps: 200, every: 50 },
  chaos: { seeds: 1, maxSteps: 500, evalEvery: 10, perturbation: 1e-7 },
  mechanism: { seeds: 1, steps: 100, forms: ['negative', 'zero-mean-negative-norm'] },
};

describe('explainRuns', () => {
  it('plans interventions x polarities x seeds on the seed configuration', () => {
    const plan = explainRuns({ ...options, sweep: null, sharpness: null, chaos: null, mechanism: null });
    expect(plan.specs).toHaveLength(3 * 2 * 2);
    const centred = plan.specs.find((s) => s.id === 'centred-neg-s1');
    expect(centred?.config).toMatchObject({ input: 'centred', negative: true, seed: 1, lr: 0.1, epochs: 5, layers: [784, 200, 100, 10], evalSchedule: 'per-epoch', evalFinal: false });
    expect(plan.configurations.map((c) => `${c.intervention.id}/${c.polarity}`)).toEqual(['baseline/positive', 'baseline/negative', 'centred/positive', 'centred/negative', 'lr-0.01/positive', 'lr-0.01/negative']);
  });

  it('trains a sweep cell that equals an intervention once, and a sharpness run per form and seed', () => {
    const plan = explainRuns({ ...options, chaos: null, mechanism: null });
    const cell = (form: string, lr: number) => plan.sweepCells.find((c) => c.form === form && c.lr === lr)?.runIds;
    expect(cell('positive', 0.1)).toEqual(['baseline-pos-s0', 'baseline-pos-s1']);
    expect(cell('positive', 0.01)).toEqual(['lr-0.01-pos-s0', 'lr-0.01-pos-s1']);
    expect(cell('negative', 0.1)).toEqual(['baseline-neg-s0', 'baseline-neg-s1']);
    expect(cell('offset-0.5', 0.1)).toEqual(['sweep-offset-0.5-lr0.1-s0', 'sweep-offset-0.5-lr0.1-s1']);
    // 12 intervention runs + 2 new forms x 2 lrs x 2 seeds (positive and negative are intervention runs) + 4 sharpness runs
    expect(plan.specs).toHaveLength(12 + 8 + 4);
    expect(plan.specs.find((s) => s.id === 'sweep-zero-mean-negative-norm-lr0.01-s0')?.config).toMatchObject({ input: 'pixel-centred', inputGain: 3, lr: 0.01, negative: false });
    expect(plan.specs.find((s) => s.id === 'sharpness-negative-s0')?.config).toMatchObject({ negative: true, lr: 0.1, maxSteps: 200, evalEvery: 50, evalSchedule: 'global', sharpnessEvery: 50 });
    expect(plan.sharpness.map((s) => s.form)).toEqual(['positive', 'negative', 'offset-0.5', 'zero-mean-negative-norm']);
  });

  it('plans twin pairs that differ only by the perturbation, and per-step mechanism runs', () => {
    const plan = explainRuns({ ...options, sweep: { ...options.sweep, lrs: [0.1] }, sharpness: null });
    expect(plan.chaosPairs).toHaveLength(3 * 2);
    const pair = plan.chaosPairs.find((p) => p.intervention === 'centred' && p.polarity === 'negative');
    const [a, b] = (pair?.runIds ?? []).map((id) => plan.specs.find((s) => s.id === id)?.config);
    expect(a).toMatchObject({ maxSteps: 500, evalEvery: 10, evalSchedule: 'global', evalFinal: true, epochs: 1, input: 'centred' });
    expect(b).toEqual({ ...a, perturbation: 1e-7 });
    const mechanism = plan.specs.find((s) => s.id === 'mechanism-negative-s0')?.config;
    expect(mechanism).toMatchObject({ maxSteps: 100, evalEvery: 1, evalSchedule: 'global', negative: true, meanDirectionProbe: true });
    expect(plan.mechanism.map((m) => m.form)).toEqual(['negative', 'zero-mean-negative-norm']);
  });
});
