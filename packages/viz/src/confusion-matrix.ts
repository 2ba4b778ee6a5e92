import * as Plot from '@observablehq/plot';
import type { LegendOptions, PlotOptions, ScaleOptions } from '@observablehq/plot';
import type { RunRecord } from '@negmnist/results';
import type { ChartOptions } from './options';
import { ChartInputError, DEFAULT_WIDTH } from './options';
import { selectConfigs } from './series';

/** Options of {@link confusionMatrix}. */
export interface ConfusionMatrixOptions extends ChartOptions {
  /** Configuration keys, one panel each, in this order. Default: every key with a confusion matrix. */
  configs?: readonly string[];
  /** Configuration key of a run (seeds with equal keys are summed). Default: `record.label`. */
  groupBy?: (record: RunRecord) => string;
  /** `row`: each cell is the share of its true class (rows sum to 1); `none`: image counts. Default: `row`. */
  normalize?: 'row' | 'none';
}

interface ConfusionCell {
  config: string;
  actual: number;
  predicted: number;
  count: number;
  value: number;
}

/** Row-normalised colour classes: the diagonal lands in the top classes, confusions in the lower ones. */
const SHARE_THRESHOLDS = [0.005, 0.01, 0.02, 0.05, 0.1, 0.3, 0.6, 0.9];

/** Validation confusion matrix at the last evaluation (rows = true class, columns = predicted), per configuration. */
export function confusionMatrix(records: readonly RunRecord[], options: ConfusionMatrixOptions = {}): PlotOptions {
  const { normalize = 'row' } = options;
  const groupBy = options.groupBy ?? ((record: RunRecord) => record.label);
  const withMatrix = records.filter((record) => record.confusion !== undefined);
  if (withMatrix.length === 0) {
    throw new ChartInputError(`confusionMatrix: expected records with a confusion matrix, received ${records.length} without one`);
  }
  const configs = selectConfigs(withMatrix, options);
  const sums = new Map<string, number[][]>();
  for (const record of withMatrix) {
    const key = groupBy(record);
    if (!configs.includes(key)) continue;
    const matrix = record.confusion!;
    const sum = sums.get(key) ?? matrix.map((row) => row.map(() => 0));
    matrix.forEach((row, actual) => row.forEach((count, predicted) => (sum[actual]![predicted]! += count)));
    sums.set(key, sum);
  }
  const cells: ConfusionCell[] = [...sums].flatMap(([config, matrix]) =>
    matrix.flatMap((row, actual) => {
      const total = row.reduce((a, b) => a + b, 0) || 1;
      return row.map((count, predicted) => ({ config, actual, predicted, count, value: normalize === 'row' ? count / total : count }));
    }),
  );
  const classes = [...new Set(cells.map((cell) => cell.actual))].sort((a, b) => a - b);
  const maxCount = Math.max(...cells.map((cell) => cell.value));
  const top = 0.6; // cells in the darkest colour classes get white text
  const label = (cell: ConfusionCell): string => (normalize === 'row' ? (cell.value >= 0.01 ? `${Math.round(cell.value * 100)}` : '') : cell.count > 0 ? `${cell.count}` : '');
  const textFill = (cell: ConfusionCell): string => ((normalize === 'row' ? cell.value : cell.value / maxCount) >= top ? 'white' : 'black');
  // Plot reads legend options (width) from the scale options; its types only list them on Plot.legend
  const color: ScaleOptions & Omit<LegendOptions, 'legend'> =
    normalize === 'row'
      ? { type: 'threshold', domain: SHARE_THRESHOLDS, scheme: 'blues', legend: true, width: 400, label: 'share of true class', tickFormat: '~%' }
      : { type: 'sqrt', scheme: 'blues', legend: false };
  const width = options.width ?? Math.min(DEFAULT_WIDTH * 1.25, 80 + configs.length * 300);
  return {
    width,
    height: Math.max(260, (width - 80) / configs.length + 70),
    marginLeft: 50,
    title: options.title === undefined ? 'Confusion matrix (validation, last evaluation)' : options.title,
    subtitle:
      options.subtitle === undefined
        ? normalize === 'row'
          ? 'Percent of each true class predicted as each digit, seeds summed; cells under 1% are left blank.'
          : 'Validation images per (true, predicted) pair, seeds summed.'
        : options.subtitle,
    ariaLabel: 'Confusion matrix',
    ariaDescription: `Confusion matrices of ${configs.join('; ')}: rows are the true digit, columns the predicted digit.`,
    color,
    x: { type: 'band', domain: classes, label: 'predicted digit →', axis: 'top' },
    y: { type: 'band', domain: classes, label: '↓ true digit' },
    fx: { label: null, domain: configs, axis: 'bottom' },
    marks: [
      Plot.cell(cells, { x: 'predicted', y: 'actual', fx: 'config', fill: 'value', inset: 0.5, ariaLabel: (cell: ConfusionCell) => `${cell.config}: true ${cell.actual}, predicted ${cell.predicted}, ${cell.count} images`, ariaDescription: 'confusion cells' }),
      Plot.text(cells, { x: 'predicted', y: 'actual', fx: 'config', text: label, fill: textFill, fontSize: 10, ariaHidden: 'true' }),
    ],
  };
}
