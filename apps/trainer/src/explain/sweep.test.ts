import type { CriticalLrRecord, InputFormRecord } from '@negmnist/results';
import { describe, expect, it } from 'vitest';
import { ruleTests } from './sweep';

const form = (id: string, meanSquaredNorm: number, meanNormSquared: number, initialSharpness: number | null = 1): InputFormRecord => ({
  id,
  label: id,
  description: '',
  change: {},
  geometry: { meanSquaredNorm, meanNormSquared, covarianceTrace: meanSquaredNorm - meanNormSquared, secondMomentTop: meanNormSquared + 1 },
  initialSharpness,
});
const lrc = (f: string, value: number, censored: CriticalLrRecord['censored'] = null): CriticalLrRecord => ({ form: f, value, censored, interval: null, censoredShare: 0 });

describe('ruleTests', () => {
  it('picks the scalar whose rule predicts held-out forms: here lr_c = 20 / ‖μ‖² while E‖x‖² varies independently', () => {
    const forms = [form('a', 100, 10), form('b', 120, 40), form('c', 700, 100), form('d', 800, 400), form('zero', 600, 0)];
    const criticalLrs = [lrc('a', 2), lrc('b', 0.5), lrc('c', 0.2), lrc('d', 0.05), lrc('zero', 1, 'above')];
    const { rules, winner } = ruleTests(forms, criticalLrs);
    expect(winner).toBe('meanNormSquared');
    const mean = rules.find((r) => r.scalar === 'meanNormSquared');
    expect(mean?.constant).toBeCloseTo(20, 9);
    expect(mean?.consistent).toBe(5);
    // the zero-mean form: no limit predicted, consistent with "above 1"
    expect(mean?.heldOut.find((h) => h.form === 'zero')).toMatchObject({ predicted: null, consistent: true });
    expect(rules.find((r) => r.scalar === 'meanSquaredNorm')?.consistent).toBeLessThan(5);
  });
  it('leaves a candidate out when fewer than three forms have it, and has no winner without bracketed forms', () => {
    const forms = [form('a', 100, 10, null), form('b', 120, 40, null), form('c', 700, 100, 2)];
    const { rules } = ruleTests(forms, [lrc('a', 2), lrc('b', 0.5), lrc('c', 0.2)]);
    expect(rules.map((r) => r.scalar)).not.toContain('initialSharpness');
    expect(ruleTests(forms, [lrc('a', 2, 'above'), lrc('b', 0.5, 'above'), lrc('c', 0.2, 'below')]).winner).toBeNull();
  });
});
