import { describe, expect, it } from 'vitest';
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
  phase: { offsets: [0, 0.5], lrs: [0.01, 0.1], seeds: 2 },
  chaos: { seeds: 1, maxSteps: 500, evalEvery: 10, perturbation: 1e-7 },
  mechanism: { seeds: 1, steps: 100 },
};

describe('explainRuns', () => {
  it('plans interventions x polarities x seeds on the seed configuration', () => {
    const plan = explainRuns({ ...options, phase: null, chaos: null, mechanism: null });
    expect(plan.specs).toHaveLength(3 * 2 * 2);
    const centred = plan.specs.find((s) => s.id === 'centred-neg-s1');
    expect(centred?.config).toMatchObject({ input: 'centred', negative: true, seed: 1, lr: 0.1, epochs: 5, layers: [784, 200, 100, 10], evalSchedule: 'per-epoch', evalFinal: false });
    expect(plan.configurations.map((c) => `${c.intervention.id}/${c.polarity}`)).toEqual(['baseline/positive', 'baseline/negative', 'centred/positive', 'centred/negative', 'lr-0.01/positive', 'lr-0.01/negative']);
  });

  it('trains a phase cell that equals an intervention once', () => {
    const plan = explainRuns({ ...options, chaos: null, mechanism: null });
    const cell = (offset: number | null, lr: number) => plan.phaseCells.find((c) => c.offset === offset && c.lr === lr)?.runIds;
    expect(cell(0, 0.1)).toEqual(['baseline-pos-s0', 'baseline-pos-s1']);
    expect(cell(0, 0.01)).toEqual(['lr-0.01-pos-s0', 'lr-0.01-pos-s1']);
    expect(cell(null, 0.1)).toEqual(['baseline-neg-s0', 'baseline-neg-s1']);
    expect(cell(0.5, 0.1)).toEqual(['phase-c0.5-lr0.1-s0', 'phase-c0.5-lr0.1-s1']);
    // 12 intervention runs + the c = 0.5 row (2 lrs x 2 seeds); the other 3 x 2 x 2 cells are shared.
    expect(plan.specs).toHaveLength(12 + 4);
    expect(plan.specs.find((s) => s.id === 'phase-c0.5-lr0.01-s0')?.config).toMatchObject({ inputOffset: 0.5, lr: 0.01, negative: false });
  });

  it('plans twin pairs that differ only by the perturbation, and per-step mechanism runs', () => {
    const plan = explainRuns({ ...options, phase: null });
    expect(plan.chaosPairs).toHaveLength(3 * 2);
    const pair = plan.chaosPairs.find((p) => p.intervention === 'centred' && p.polarity === 'negative');
    const [a, b] = (pair?.runIds ?? []).map((id) => plan.specs.find((s) => s.id === id)?.config);
    expect(a).toMatchObject({ maxSteps: 500, evalEvery: 10, evalSchedule: 'global', evalFinal: true, epochs: 1, input: 'centred' });
    expect(b).toEqual({ ...a, perturbation: 1e-7 });
    const mechanism = plan.specs.find((s) => s.id === 'mechanism-neg-s0')?.config;
    expect(mechanism).toMatchObject({ maxSteps: 100, evalEvery: 1, evalSchedule: 'global', negative: true });
  });
});
