import { expect, it } from 'vitest';
import { gradientHistograms, histogramCounts, symmetricBinEdges } from './histogram';

it('uses evenly spaced symmetric edges, an odd bin count centring a bin on zero', () => {
  expect(symmetricBinEdges(4, 1)).toEqual([-1, -0.5, 0, 0.5, 1]);
  const edges = symmetricBinEdges(3, 0.3);
  expect(edges[1]! < 0 && edges[2]! > 0).toBe(true);
});

it('counts values per bin, clamping outliers into the end bins and skipping NaN', () => {
  const edges = symmetricBinEdges(4, 1);
  expect(histogramCounts([-5, -0.75, -0.1, 0, 0.2, 0.99, 1, 7, Number.NaN], edges)).toEqual([2, 1, 2, 3]);
});

it('splits a member-major buffer into one histogram per member', () => {
  const hs = gradientHistograms([0, 0, 0.9, -0.9], 2, { epoch: 1, step: 10, layer: 'fc1', bins: 2, range: 1 });
  expect(hs.map((h) => h.counts)).toEqual([[0, 2], [1, 1]]);
  expect(hs[0]).toMatchObject({ epoch: 1, step: 10, layer: 'fc1', binEdges: [-1, 0, 1] });
});

it('puts a dead layer\'s all-zero gradient in the one bin around zero', () => {
  const [h] = gradientHistograms(new Float32Array(784 * 200), 1, { epoch: 0, step: 938, layer: 'fc1', bins: 41, range: 0.01 });
  const centre = h!.counts.findIndex((count) => count > 0);
  expect(h!.counts.filter((count) => count > 0)).toEqual([784 * 200]);
  expect(h!.binEdges[centre]!).toBeLessThan(0);
  expect(h!.binEdges[centre + 1]!).toBeGreaterThan(0);
});
