import { describe, expect, test } from 'vitest';
import { parseNumericSetting } from './settings';

describe('parseNumericSetting', () => {
  test('accepts the values each field allows', () => {
    expect(parseNumericSetting('lr', '0.1')).toEqual({ value: 0.1 });
    expect(parseNumericSetting('lr', ' 2e-3 ')).toEqual({ value: 0.002 });
    expect(parseNumericSetting('seed', '0')).toEqual({ value: 0 });
    expect(parseNumericSetting('epochs', '50')).toEqual({ value: 50 });
    expect(parseNumericSetting('evalEvery', '1')).toEqual({ value: 1 });
  });

  test('a negative or zero learning rate is refused with what was expected and what was received', () => {
    const negative = parseNumericSetting('lr', '-5');
    expect(negative).toHaveProperty('error');
    expect('error' in negative && negative.error).toMatch(/^Learning rate: expected a number above 0, received -5\.$/);
    expect(parseNumericSetting('lr', '0')).toHaveProperty('error');
    expect(parseNumericSetting('lr', 'abc')).toHaveProperty('error');
    expect(parseNumericSetting('lr', 'Infinity')).toHaveProperty('error');
  });

  test('whole-number fields refuse fractions, values out of range and empty fields', () => {
    expect(parseNumericSetting('seed', '1.5')).toHaveProperty('error');
    expect(parseNumericSetting('seed', '-1')).toHaveProperty('error');
    expect(parseNumericSetting('epochs', '0')).toHaveProperty('error');
    expect(parseNumericSetting('epochs', '51')).toEqual({ error: 'Epochs: expected a whole number from 1 to 50, received 51.' });
    expect(parseNumericSetting('evalEvery', '')).toEqual({ error: 'Evaluate every: expected a whole number 1 or more; the field is empty.' });
  });
});
