import type { LayerProbe, RunRecord } from '@negmnist/results';

const RUN_COLUMNS = ['step', 'epoch', 'trainLoss', 'trainAccuracy', 'valLoss', 'valAccuracy', 'deadOutputFraction', 'wallTimeMs'] as const;
const LAYER_COLUMNS = ['deadFraction', 'gradNorm', 'weightNorm', 'activationMean', 'activationStd'] as const satisfies readonly (keyof LayerProbe)[];

/** A CSV cell: empty for null, plain numbers otherwise (names are quoted only when they need it). */
function cell(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return '';
  const text = String(value);
  return /[",\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/**
 * The curves of a run as CSV: one row per evaluation, run metrics first, then
 * `<layer>.<metric>` for every probed layer (empty cells where a value is null or missing).
 */
export function curvesCsv(record: RunRecord): string {
  const layers = [...new Set(record.evaluations.flatMap((e) => e.layers.map((l) => l.name)))];
  const header = [...RUN_COLUMNS, ...layers.flatMap((layer) => LAYER_COLUMNS.map((metric) => `${layer}.${metric}`))];
  const rows = record.evaluations.map((evaluation) => {
    const probes = new Map(evaluation.layers.map((l) => [l.name, l]));
    return [
      ...RUN_COLUMNS.map((column) => evaluation[column]),
      ...layers.flatMap((layer) => LAYER_COLUMNS.map((metric) => probes.get(layer)?.[metric] ?? null)),
    ];
  });
  return [header, ...rows].map((row) => row.map(cell).join(',')).join('\n') + '\n';
}
