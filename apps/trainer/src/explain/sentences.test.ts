import type { Effect } from '@negmnist/results';
import { describe, expect, it } from 'vitest';
import { effectSentence, zeroEventUpperBound } from './sentences';

const effect = (over: Partial<Effect>): Effect => ({
  intervention: 'centred',
  polarity: 'negative',
  metric: 'drops',
  baselineMean: 3.5,
  interventionMean: 0.5,
  difference: -3,
  interval: [-4, -2],
  includesZero: false,
  baselineSeeds: 5,
  interventionSeeds: 5,
  ...over,
});

describe('effectSentence', () => {
  it('states the difference, the interval and the seed count', () => {
    const sentence = effectSentence(effect({}), 'Centred inputs');
    expect(sentence.text).toBe('Centred inputs changed drops per run on negative images by -3.0 (from 3.5 to 0.5; 95% CI -4.0 to -2.0; 5 seeds each).');
    expect(sentence).toMatchObject({ id: 'effect-centred-negative-drops', topic: 'effect', seeds: 5 });
  });
  it('says so when the interval includes zero', () => {
    const sentence = effectSentence(effect({ metric: 'collapse', baselineMean: 0.4, interventionMean: 0.2, difference: -0.2, interval: [-0.6, 0.2], includesZero: true, interventionSeeds: 3 }), 'He init');
    expect(sentence.text).toBe(
      'He init changed the share of runs stuck near chance on negative images by -0.20 (from 0.40 to 0.20; 95% CI -0.60 to 0.20; 3 and 5 seeds); the interval includes zero, so these seeds do not show an effect.',
    );
    expect(sentence.seeds).toBe(3);
  });
  it('marks an increase with a plus sign', () => {
    expect(effectSentence(effect({ difference: 1.5, interval: [0.5, 2.5] }), 'X').text).toContain('by +1.5');
  });
});

describe('zeroEventUpperBound', () => {
  it('is the exact 95% bound of a rate never seen: 1 - 0.025^(1/n)', () => {
    // n = 1: the only bound is 97.5%; n = 8: 36.9% (0.025^(1/8) = 0.631)
    expect(zeroEventUpperBound(1)).toBeCloseTo(0.975, 12);
    expect(zeroEventUpperBound(8)).toBeCloseTo(0.3694, 4);
  });
});
