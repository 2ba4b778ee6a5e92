// Colours of lines drawn on the site's white charts: WCAG contrast, and the two adjustments the
// charts make (darken a faint colour until it reads on white; fade an earlier run's colour).

/** Least contrast against white of a chart line (WCAG 2.1, non-text contrast: 3:1). */
export const MIN_LINE_CONTRAST = 3;

/** `#rrggbb` (or `#rgb`) as [r, g, b] in 0–255; throws for anything else. */
function rgb(hex: string): [number, number, number] {
  const match = /^#([0-9a-f]{3}|[0-9a-f]{6})$/i.exec(hex);
  if (!match) throw new Error(`expected a colour as #rrggbb or #rgb, received ${JSON.stringify(hex)}`);
  const digits = match[1]!.length === 3 ? [...match[1]!].map((d) => d + d).join('') : match[1]!;
  return [0, 2, 4].map((i) => parseInt(digits.slice(i, i + 2), 16)) as [number, number, number];
}

const toHex = (channels: readonly number[]): string => `#${channels.map((c) => Math.round(Math.min(255, Math.max(0, c))).toString(16).padStart(2, '0')).join('')}`;

/** WCAG 2.1 relative luminance of a `#rrggbb` colour (0 black, 1 white). */
export function relativeLuminance(hex: string): number {
  const [r, g, b] = rgb(hex).map((c) => {
    const s = c / 255;
    return s <= 0.04045 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  }) as [number, number, number];
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

/** WCAG 2.1 contrast ratio of two colours, 1 (same) to 21 (black on white). */
export function contrastRatio(a: string, b: string): number {
  const [light, dark] = [relativeLuminance(a), relativeLuminance(b)].sort((x, y) => y - x) as [number, number];
  return (light + 0.05) / (dark + 0.05);
}

/**
 * `hex` unchanged when it has at least `minimum` contrast against white, else the same hue darkened
 * (every channel scaled down together) just enough to reach it.
 */
export function readableOnWhite(hex: string, minimum: number = MIN_LINE_CONTRAST): string {
  if (contrastRatio(hex, '#ffffff') >= minimum) return hex.toLowerCase();
  const channels = rgb(hex);
  // contrast grows as the scale shrinks: bisect on the scale, keeping the side that reaches `minimum`
  let [low, high] = [0, 1];
  for (let i = 0; i < 30; i++) {
    const mid = (low + high) / 2;
    if (contrastRatio(toHex(channels.map((c) => c * mid)), '#ffffff') >= minimum) low = mid;
    else high = mid;
  }
  // rounding to whole channel values can land just under the line: step down until it holds
  let scale = low;
  while (contrastRatio(toHex(channels.map((c) => c * scale)), '#ffffff') < minimum) scale -= 0.002;
  return toHex(channels.map((c) => c * scale));
}

/** `hex` mixed with white: `amount` 0 keeps it, 1 is white. For runs drawn behind the current ones. */
export function fadeColor(hex: string, amount: number): string {
  return toHex(rgb(hex).map((c) => c + (255 - c) * amount));
}

/** A Plot colour scale's options with every colour of its range made {@link readableOnWhite}. */
export function readableScale<T extends { range: readonly string[] }>(scale: T): T & { range: string[] } {
  return { ...scale, range: scale.range.map((color) => readableOnWhite(color)) };
}
