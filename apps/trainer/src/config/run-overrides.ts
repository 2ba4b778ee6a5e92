import { defaultEvalFinal } from '@negmnist/core';
import type { EvalSchedule } from '@negmnist/core';
import type { FlagTable, Values } from '../cli/flag-table';
import type { TrainingSettings } from './presets';

/**
 * The run-config fields a command line sets: each flag of `table` that names a config field (the
 * `CONFIG_FLAGS` of args.ts) and is given in `values` (as node:util parseArgs returns them), read by its
 * flag; a switch only when given. `--eval-schedule` also sets `evalFinal` to its schedule's default, as
 * a preset with that schedule has it. Spread the result over the settings the runs start from.
 */
export function runOverrides(values: Values, table: FlagTable): Partial<TrainingSettings> {
  const out: Record<string, unknown> = {};
  for (const [name, flag] of Object.entries(table)) {
    const raw = values[name];
    if (!('field' in flag) || raw === undefined || raw === false) continue;
    out[flag.field as string] = 'read' in flag ? flag.read(raw as string, name) : true;
  }
  if (out.evalSchedule !== undefined) out.evalFinal = defaultEvalFinal(out.evalSchedule as EvalSchedule);
  return out as Partial<TrainingSettings>;
}
