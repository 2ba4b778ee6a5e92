import { describe, expect, test } from 'vitest';
import { curvesCaption, epochsText, runsPerConfiguration, seedsText } from './seed-counts';

const runs = (...labels: string[]) => labels.map((label) => ({ label }));

describe('runsPerConfiguration', () => {
  test('counts the runs of each label', () => {
    expect(runsPerConfiguration(runs('a', 'a', 'b'))).toEqual({ configurations: 2, min: 1, max: 2 });
    expect(runsPerConfiguration([])).toEqual({ configurations: 0, min: 0, max: 0 });
  });
});

describe('seedsText', () => {
  test('one count, or the range', () => {
    expect(seedsText({ configurations: 2, min: 1, max: 1 })).toBe('1 seed');
    expect(seedsText({ configurations: 2, min: 3, max: 3 })).toBe('3 seeds');
    expect(seedsText({ configurations: 2, min: 1, max: 3 })).toBe('1–3 seeds');
  });
});

describe('curvesCaption', () => {
  test('claims no band and no mean when every configuration has one run', () => {
    const text = curvesCaption(runs('a', 'b'));
    expect(text).toMatch(/one run per configuration/);
    expect(text).not.toMatch(/band from min to max|mean over the/);
  });

  test('a mean and a band over the seeds when every configuration has several', () => {
    expect(curvesCaption(runs('a', 'a', 'a', 'b', 'b', 'b'))).toBe('mean over the 3 seeds of each configuration, band from min to max');
  });

  test('says which configurations are single lines when the counts differ', () => {
    expect(curvesCaption(runs('a', 'a', 'b'))).toMatch(/^mean over the 1–2 seeds .* a configuration with one run is a single line$/);
    expect(curvesCaption([])).toBe('no runs shown');
  });
});

describe('epochsText', () => {
  test('one length or several', () => {
    expect(epochsText([1])).toBe('1 epoch');
    expect(epochsText([2])).toBe('2 epochs');
    expect(epochsText([2, 20])).toBe('2 or 20 epochs');
  });
});
