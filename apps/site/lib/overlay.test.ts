import { syntheticRecords } from '@negmnist/results/testing';
import { expect, test } from 'vitest';
import { contrastRatio } from './colors';
import { MAX_OVERLAY, overlayOptions, sideOptions } from './overlay';

// eight runs (two configurations × four seeds), each its own line: the overlay's full palette
const records = syntheticRecords({
  configs: [
    { negative: false, hidden: 'relu' },
    { negative: true, hidden: 'relu' },
  ],
  seedsPerConfig: 4,
  epochs: 1,
});

test(`every colour of a full overlay (${MAX_OVERLAY} runs) and of the comparison sides has at least 3:1 contrast on white`, () => {
  expect(records).toHaveLength(MAX_OVERLAY);
  const overlay = overlayOptions(records, 'valAccuracy').color as { domain: string[]; range: string[] };
  expect(overlay.range).toHaveLength(MAX_OVERLAY);
  expect(new Set(overlay.range).size).toBe(MAX_OVERLAY);
  // the comparison sides colour by configuration label from the page's palette: put these runs' labels last, where the faint colours are
  const palette = Array.from({ length: MAX_OVERLAY }, (_, i) => `other ${i}`);
  palette[MAX_OVERLAY - 3] = records[0]!.label;
  palette[MAX_OVERLAY - 1] = records[4]!.label;
  const side = sideOptions(records, 'valAccuracy', palette).color as { range: string[] };
  for (const color of [...overlay.range, ...side.range]) expect(contrastRatio(color, '#ffffff'), color).toBeGreaterThanOrEqual(3);
});
