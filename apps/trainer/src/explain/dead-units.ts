import { isRelu } from '@negmnist/core';
import type { DeadUnits, RunRecord } from '@negmnist/results';
import { seedStat } from '@negmnist/results/aggregate';
import type { LoadedData } from '../config/data';
import { recordsOf, runNumbers } from './evidence';
import { initialPreActivation } from './inputs';
import type { ExplainPlan } from './runs';

/**
 * Dead fc1 units before the first step (from each run's initial weights on its probe images, the same images
 * and rule as the record's probes: ≤ 0 for every image) and at the last evaluation, per configuration with a
 * ReLU fc1: dead at initialisation is a different thing from dying during training.
 */
export async function deadUnitsOf(plan: ExplainPlan, records: ReadonlyMap<string, RunRecord>, data: LoadedData): Promise<DeadUnits[]> {
  const out: DeadUnits[] = [];
  for (const planned of plan.configurations) {
    const runs = recordsOf(planned.runIds, records);
    if (!runs.every((r) => isRelu(r.config.hidden))) continue;
    const atInit: number[] = [];
    for (const run of runs) atInit.push((await initialPreActivation(run.config, data, { split: 'probe' })).deadUnitShare);
    const atEnd = runs.map((r) => runNumbers(r).fc1DeadFraction ?? 0);
    out.push({ intervention: planned.intervention.id, polarity: planned.polarity, atInit: seedStat(atInit), atEnd: seedStat(atEnd) });
  }
  return out;
}
