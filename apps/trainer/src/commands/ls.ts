import { relative } from 'node:path';
import { listRuns } from '@negmnist/results/store';
import type { RunRecord } from '@negmnist/results';
import { parseCommand } from '../args';
import { formatDuration, formatPercent } from '../format';
import { HELP } from '../help';
import type { CommandContext } from './context';

/** One row of `negmnist ls`. */
export interface RunRow {
  experiment: string;
  id: string;
  status: RunRecord['status'];
  bestValAccuracy: number | null;
  finalValAccuracy: number | null;
  step: number;
  totalSteps: number;
  wallTimeMs: number;
  backend: string;
}

/** Summarises a record for listing. */
export function runRow(record: RunRecord): RunRow {
  const accs = record.evaluations.map((e) => e.valAccuracy);
  return {
    experiment: record.experiment,
    id: record.id,
    status: record.status,
    bestValAccuracy: accs.length === 0 ? null : Math.max(...accs),
    finalValAccuracy: accs.at(-1) ?? null,
    step: record.step,
    totalSteps: record.totalSteps,
    wallTimeMs: record.wallTimeMs,
    backend: record.backend.adapter === undefined ? record.backend.name : `${record.backend.name} (${record.backend.adapter})`,
  };
}

function table(rows: string[][]): string {
  const widths = rows[0]?.map((_, c) => Math.max(...rows.map((r) => (r[c] ?? '').length))) ?? [];
  return rows.map((r) => r.map((cell, c) => (c === r.length - 1 ? cell : cell.padEnd(widths[c] ?? 0))).join('  ')).join('\n');
}

/** `negmnist ls [dir]`: runs with status, best/final validation accuracy, wall time, backend. */
export async function lsCommand(argv: string[], ctx: CommandContext): Promise<number> {
  const { values, positionals } = parseCommand('ls', argv, { json: { type: 'boolean' } }, 1);
  if (values.help === true) return ctx.print(HELP.ls ?? '');
  const dir = positionals[0] ?? 'results';
  const runs = await listRuns(dir, { onInvalid: (error) => ctx.warn(`skipped ${error.message}`) });
  const rows = runs.map((run) => runRow(run.record));
  if (values.json === true) {
    for (const row of rows) ctx.print(JSON.stringify(row));
    return 0;
  }
  if (rows.length === 0) return ctx.print(`no runs under ${relative(process.cwd(), dir) || '.'}`);
  const header = ['run', 'status', 'best val', 'final val', 'steps', 'wall time', 'backend'];
  const body = rows.map((r) => [
    `${r.experiment}/${r.id}`,
    r.status,
    formatPercent(r.bestValAccuracy),
    formatPercent(r.finalValAccuracy),
    `${r.step}/${r.totalSteps}`,
    formatDuration(r.wallTimeMs),
    r.backend,
  ]);
  return ctx.print(table([header, ...body]));
}
