import { okabeIto } from '@negmnist/viz';
import { describe, expect, test } from 'vitest';
import { contrastRatio, fadeColor, MIN_LINE_CONTRAST, readableOnWhite, readableScale, relativeLuminance } from './colors';

describe('contrast (WCAG 2.1)', () => {
  test('black on white is 21:1, a colour against itself 1:1, in either order', () => {
    expect(contrastRatio('#000000', '#ffffff')).toBeCloseTo(21, 6);
    expect(contrastRatio('#ffffff', '#000')).toBeCloseTo(21, 6);
    expect(contrastRatio('#56B4E9', '#56b4e9')).toBe(1);
  });

  test('#767676, the usual lightest AA grey for text on white, is 4.54:1', () => {
    expect(contrastRatio('#767676', '#ffffff')).toBeCloseTo(4.54, 2);
  });

  test('the faint Okabe–Ito colours the issue measured: yellow 1.32, orange 2.25, sky blue 2.31', () => {
    expect(contrastRatio('#F0E442', '#ffffff')).toBeCloseTo(1.32, 2);
    expect(contrastRatio('#E69F00', '#ffffff')).toBeCloseTo(2.25, 2);
    expect(contrastRatio('#56B4E9', '#ffffff')).toBeCloseTo(2.31, 2);
  });

  test('luminance runs from 0 (black) to 1 (white); a malformed colour is refused', () => {
    expect(relativeLuminance('#000000')).toBe(0);
    expect(relativeLuminance('#ffffff')).toBe(1);
    expect(() => relativeLuminance('blue')).toThrow(/expected a colour as #rrggbb/);
  });
});

describe('readableOnWhite', () => {
  test('every Okabe–Ito colour reaches 3:1 on white; those already there are kept', () => {
    for (const color of okabeIto) {
      const readable = readableOnWhite(color);
      expect(contrastRatio(readable, '#ffffff'), `${color} → ${readable}`).toBeGreaterThanOrEqual(MIN_LINE_CONTRAST);
      if (contrastRatio(color, '#ffffff') >= MIN_LINE_CONTRAST) expect(readable).toBe(color.toLowerCase());
    }
  });

  test('darkens no more than needed and keeps the hue (channel ratios)', () => {
    const readable = readableOnWhite('#56B4E9');
    expect(contrastRatio(readable, '#ffffff')).toBeLessThan(MIN_LINE_CONTRAST + 0.1);
    const [r, g, b] = [1, 3, 5].map((i) => parseInt(readable.slice(i, i + 2), 16)) as [number, number, number];
    expect(r / b).toBeCloseTo(0x56 / 0xe9, 1);
    expect(g / b).toBeCloseTo(0xb4 / 0xe9, 1);
  });

  test('a scale keeps its domain and other options, with a readable range', () => {
    const scale = { type: 'ordinal', domain: ['a', 'b'], range: ['#000000', '#F0E442'], legend: true };
    const readable = readableScale(scale);
    expect(readable).toMatchObject({ type: 'ordinal', domain: ['a', 'b'], legend: true });
    expect(readable.range.map((c) => contrastRatio(c, '#ffffff') >= MIN_LINE_CONTRAST)).toEqual([true, true]);
  });
});

test('fadeColor mixes towards white: 0 keeps the colour, 1 is white, 0.5 halfway per channel', () => {
  expect(fadeColor('#0072b2', 0)).toBe('#0072b2');
  expect(fadeColor('#0072b2', 1)).toBe('#ffffff');
  expect(fadeColor('#000000', 0.5)).toBe('#808080');
});
