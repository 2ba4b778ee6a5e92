import type { GradientHistogram } from '@negmnist/results';

/** Evenly spaced bin edges over [-range, +range]: `bins + 1` numbers. */
export function symmetricBinEdges(bins: number, range: number): number[] {
  return Array.from({ length: bins + 1 }, (_, i) => -range + (2 * range * i) / bins);
}

/** Counts of `values[offset, offset + length)` in fixed bins; values outside the edges are clamped into the end bins. */
export function histogramCounts(values: ArrayLike<number>, edges: readonly number[], offset = 0, length = values.length): number[] {
  const bins = edges.length - 1;
  const lo = edges[0] as number;
  const width = ((edges[bins] as number) - lo) / bins;
  const counts = new Array<number>(bins).fill(0);
  for (let i = offset; i < offset + length; i++) {
    const v = values[i] as number;
    if (Number.isNaN(v)) continue;
    const b = Math.min(bins - 1, Math.max(0, Math.floor((v - lo) / width)));
    counts[b] = (counts[b] as number) + 1;
  }
  return counts;
}

/** One histogram per member from a member-major gradient buffer of `perMember` values each. */
export function gradientHistograms(
  values: ArrayLike<number>,
  members: number,
  meta: { epoch: number; step: number; layer: string; bins: number; range: number },
): GradientHistogram[] {
  const binEdges = symmetricBinEdges(meta.bins, meta.range);
  const perMember = values.length / members;
  return Array.from({ length: members }, (_, m) => ({
    epoch: meta.epoch,
    step: meta.step,
    layer: meta.layer,
    binEdges,
    counts: histogramCounts(values, binEdges, m * perMember, perMember),
  }));
}
