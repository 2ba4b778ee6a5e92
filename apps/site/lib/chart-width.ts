import type { CSSProperties } from 'react';

// How far a chart may shrink with a narrow figure before it scrolls inside it instead: Plot draws its
// axis text at 10 px, so a chart shown at a third of its size (a phone) had 3 px labels.

/** Least share of its drawn width a chart is shown at (10 px text stays at least 8.5 px). */
export const MIN_CHART_SCALE = 0.85;

/** Plot's width when the options name none. */
const PLOT_DEFAULT_WIDTH = 640;

/** Drawn width of chart markup: the widest `<svg width="…">` in it (a legend's swatches are smaller), or undefined. */
export function svgWidth(markup: string): number | undefined {
  const widths = [...markup.matchAll(/<svg\b[^>]*?\swidth="([\d.]+)"/g)].map((match) => Number(match[1])).filter((w) => Number.isFinite(w) && w > 0);
  return widths.length === 0 ? undefined : Math.max(...widths);
}

/** Style of a chart's container: its least width as a CSS variable that globals.css applies to the chart. */
export function chartWidthStyle(width: number | undefined): CSSProperties | undefined {
  if (width === undefined) return undefined;
  return { '--chart-min-width': `${Math.round(width * MIN_CHART_SCALE)}px` } as CSSProperties;
}

/** {@link chartWidthStyle} of a chart drawn from Plot options in the browser. */
export function liveChartWidthStyle(options: { width?: number }): CSSProperties | undefined {
  return chartWidthStyle(options.width ?? PLOT_DEFAULT_WIDTH);
}
