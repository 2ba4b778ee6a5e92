import type { BenchReport } from '@negmnist/results';

// The `--json` shape of `negmnist bench` (and the `.json` of `--save`): the files committed under
// experiments/bench/ and read by the site's /speed page. Its schema is @negmnist/results' `benchReportSchema`,
// the one the site parses them with, and `BenchReport` is that schema's type.

export type { BenchReport, BenchSettings } from '@negmnist/results';

/** The report of one bench invocation that started measuring at `startedAt` (the JSON key order: date first). */
export function benchReport(startedAt: Date, fields: Omit<BenchReport, 'measuredAt'>): BenchReport {
  const { machine, settings, negmnist, pytorch, rows } = fields;
  return { measuredAt: startedAt.toISOString(), machine, settings, negmnist, pytorch, rows };
}
