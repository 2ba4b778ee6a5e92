/** Small inline-SVG helpers for the standalone explanation report: no scripts, no external assets. */

/** Escapes text for HTML and SVG content and attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

/** A map from data values to pixels. */
export type Scale = (value: number) => number;

/** Linear scale of [d0, d1] onto [r0, r1] (a zero-width domain maps to the middle). */
export function linearScale([d0, d1]: [number, number], [r0, r1]: [number, number]): Scale {
  return (v) => (d1 === d0 ? (r0 + r1) / 2 : r0 + ((v - d0) / (d1 - d0)) * (r1 - r0));
}

/** Log10 scale of [d0, d1] (positive) onto [r0, r1]. */
export function logScale([d0, d1]: [number, number], range: [number, number]): Scale {
  const linear = linearScale([Math.log10(d0), Math.log10(d1)], range);
  return (v) => linear(Math.log10(v));
}

/** Numbers rounded for axis labels. */
export function tickLabel(value: number): string {
  if (value === 0) return '0';
  const abs = Math.abs(value);
  return abs >= 1000 || abs < 0.01 ? value.toExponential(0) : String(Number(value.toPrecision(2)));
}

/** About `count` round ticks over [low, high]. */
export function niceTicks(low: number, high: number, count = 5): number[] {
  if (!(high > low)) return [low];
  const raw = (high - low) / count;
  const power = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * power).find((s) => s >= raw) ?? raw;
  const ticks: number[] = [];
  for (let v = Math.ceil(low / step) * step; v <= high + step * 1e-9; v += step) ticks.push(Number(v.toPrecision(12)));
  return ticks;
}

/** An SVG element with a title for screen readers. */
export function svg(width: number, height: number, title: string, body: string): string {
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" aria-label="${escapeHtml(title)}"><title>${escapeHtml(title)}</title>${body}</svg>`;
}

/** Text at (x, y). */
export function text(x: number, y: number, content: string, attributes = ''): string {
  return `<text x="${x.toFixed(1)}" y="${y.toFixed(1)}" ${attributes}>${escapeHtml(content)}</text>`;
}

/** A line from (x1, y1) to (x2, y2). */
export function line(x1: number, y1: number, x2: number, y2: number, attributes = 'stroke="#888"'): string {
  return `<line x1="${x1.toFixed(1)}" y1="${y1.toFixed(1)}" x2="${x2.toFixed(1)}" y2="${y2.toFixed(1)}" ${attributes}/>`;
}

/** A polyline through points. */
export function polyline(points: ReadonlyArray<[number, number]>, attributes: string): string {
  return `<polyline fill="none" points="${points.map(([x, y]) => `${x.toFixed(1)},${y.toFixed(1)}`).join(' ')}" ${attributes}/>`;
}

/** Colours of the series, by index. */
export const PALETTE = ['#1f77b4', '#d62728', '#2ca02c', '#ff7f0e', '#9467bd', '#8c564b', '#e377c2', '#7f7f7f', '#bcbd22', '#17becf'];

/** A line chart of several series over a shared x axis (linear). */
export function lineChart(options: {
  title: string;
  xLabel: string;
  yLabel: string;
  series: ReadonlyArray<{ name: string; points: ReadonlyArray<[number, number]> }>;
  yDomain?: [number, number];
}): string {
  const width = 560;
  const height = 260;
  const margin = { left: 56, right: 150, top: 16, bottom: 40 };
  const all = options.series.flatMap((s) => s.points);
  const xs = all.map(([x]) => x);
  const ys = all.map(([, y]) => y);
  const xDomain: [number, number] = [Math.min(0, ...xs), Math.max(1, ...xs)];
  const yDomain = options.yDomain ?? [Math.min(0, ...ys), Math.max(1e-9, ...ys)];
  const x = linearScale(xDomain, [margin.left, width - margin.right]);
  const y = linearScale(yDomain, [height - margin.bottom, margin.top]);
  const parts: string[] = [];
  for (const t of niceTicks(...xDomain)) parts.push(line(x(t), height - margin.bottom, x(t), height - margin.bottom + 4), text(x(t), height - margin.bottom + 16, tickLabel(t), 'text-anchor="middle" font-size="10"'));
  for (const t of niceTicks(...yDomain)) parts.push(line(margin.left - 4, y(t), width - margin.right, y(t), 'stroke="#eee"'), text(margin.left - 6, y(t) + 3, tickLabel(t), 'text-anchor="end" font-size="10"'));
  parts.push(text((margin.left + width - margin.right) / 2, height - 6, options.xLabel, 'text-anchor="middle" font-size="11"'));
  parts.push(text(12, (margin.top + height - margin.bottom) / 2, options.yLabel, `text-anchor="middle" font-size="11" transform="rotate(-90 12 ${((margin.top + height - margin.bottom) / 2).toFixed(1)})"`));
  options.series.forEach((s, i) => {
    const colour = PALETTE[i % PALETTE.length] as string;
    parts.push(polyline(s.points.map(([px, py]) => [x(px), y(py)]), `stroke="${colour}" stroke-width="1.5"`));
    parts.push(line(width - margin.right + 8, margin.top + 6 + i * 16, width - margin.right + 24, margin.top + 6 + i * 16, `stroke="${colour}" stroke-width="2"`));
    parts.push(text(width - margin.right + 28, margin.top + 10 + i * 16, s.name, 'font-size="10"'));
  });
  return svg(width, height, options.title, parts.join(''));
}
