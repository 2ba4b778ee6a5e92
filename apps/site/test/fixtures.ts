import { syntheticRecords } from '@negmnist/results/testing';
import type { RunRecord } from '@negmnist/results';

/** The records every e2e build holds: two seeds each of positive/negative ReLU and negative tanh. */
export function fixtureRecords(): RunRecord[] {
  return syntheticRecords({
    configs: [
      { negative: false, hidden: 'relu' },
      { negative: true, hidden: 'relu' },
      { negative: true, hidden: 'tanh' },
    ],
    seedsPerConfig: 2,
    epochs: 2,
  });
}

/** Path (relative to the results directory) of the malformed record the build must skip. */
export const MALFORMED_FILE = 'synthetic/broken-run/record.json';
