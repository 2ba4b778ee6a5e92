import * as Plot from '@observablehq/plot';

/** About `count` round tick values (1, 2 or 5 × 10^k apart) from 0 to at least `max`. */
export function niceTicks(max: number, count = 5): number[] {
  if (!(max > 0)) return [0];
  const raw = max / count;
  const power = 10 ** Math.floor(Math.log10(raw));
  const step = ([1, 2, 5, 10].find((factor) => factor * power >= raw) ?? 10) * power;
  const ticks: number[] = [];
  for (let i = 0; i * step < max + step * 1e-9; i += 1) ticks.push(Number((i * step).toPrecision(12)));
  if (ticks.at(-1)! < max - step * 1e-9) ticks.push(Number((ticks.length * step).toPrecision(12)));
  return ticks;
}

/** Per-row vertical extent: the top tick of each row's values, so rows can have their own scale. */
export function rowExtents<T>(rows: readonly T[], row: (d: T) => string, high: (d: T) => number, fixed: Record<string, number> = {}): Map<string, number> {
  const extents = new Map<string, number>();
  for (const d of rows) extents.set(row(d), Math.max(extents.get(row(d)) ?? 0, high(d)));
  for (const [key, value] of extents) extents.set(key, fixed[key] ?? niceTicks(value).at(-1)!);
  return extents;
}

/**
 * Grid lines and tick labels for facet rows whose values were divided by the row's extent
 * (Plot shares one y scale across facets; this draws each row's own axis on the 0–1 scale).
 */
export function facetRowAxis(extents: ReadonlyMap<string, number>, firstColumn?: string): Plot.Markish[] {
  const ticks = [...extents].flatMap(([row, extent]) => niceTicks(extent).map((value) => ({ row, column: firstColumn, y: value / extent, label: `${value}` })));
  return [
    Plot.ruleY(ticks, { y: 'y', fy: 'row', strokeOpacity: 0.1, ariaHidden: 'true' }),
    // labels only beside the first column, as a shared axis would be
    Plot.text(ticks, { y: 'y', fy: 'row', ...(firstColumn === undefined ? {} : { fx: 'column' }), text: 'label', frameAnchor: 'left', textAnchor: 'end', dx: -6, ariaDescription: 'y-axis tick label' }),
  ];
}
