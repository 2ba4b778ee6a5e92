import type { PlotOptions } from '@observablehq/plot';
import type { RunRecord } from '@negmnist/results';
import { configColorScale, learningCurves } from '@negmnist/viz';
import type { LearningMetric } from '@negmnist/core';
import { readableScale } from './colors';

/** At most this many runs overlay at once (one colour each). */
export const MAX_OVERLAY = 8;

/** Legend name of a run: label and seed, plus the experiment when two selected runs would share a name. */
function overlayName(records: readonly RunRecord[]): (record: RunRecord) => string {
  const short = (r: RunRecord) => `${r.label} · seed ${r.config.seed}`;
  const names = records.map(short);
  const ambiguous = new Set(names.filter((name, i) => names.indexOf(name) !== i));
  return (r) => (ambiguous.has(short(r)) ? `${short(r)} (${r.experiment})` : short(r));
}

/** One metric needs no facet labels (the figure names it), so drop them and the margin they take. */
function singleMetric(options: PlotOptions): PlotOptions {
  return { ...options, marginRight: 20, fx: { ...options.fx, axis: null }, fy: { ...options.fy, axis: null } };
}

/** Chart options of the overlay: one line per selected run, no band, every colour at least 3:1 on white. */
export function overlayOptions(records: readonly RunRecord[], metric: LearningMetric): PlotOptions {
  const options = learningCurves(records, { metrics: [metric], groupBy: overlayName(records), band: 'none', title: null, subtitle: null, x: 'epoch' });
  return singleMetric({ ...options, color: readableScale(options.color as { range: string[] }) });
}

/**
 * Options of one side of the positive-vs-negative comparison: mean over seeds with a min–max band,
 * coloured like `palette` (every label on the page, in order) so both sides share colours, each at
 * least 3:1 on white.
 */
export function sideOptions(records: readonly RunRecord[], metric: LearningMetric, palette: readonly string[]): PlotOptions {
  const options = learningCurves(records, { metrics: [metric], title: null, x: 'epoch', width: 560, facetHeight: 260 });
  const all = readableScale(configColorScale(palette));
  const labels = [...new Set(records.map((r) => r.label))];
  const range = labels.map((label) => all.range[all.domain.indexOf(label)] ?? all.range[0]!);
  return singleMetric({ ...options, color: { ...all, domain: labels, range } });
}
