import type { RunRecord } from '@negmnist/results';
import { getResults } from './results';

/** Route params of a run page. */
export interface RunParams {
  experiment: string;
  id: string;
}

/**
 * Params of every run; with no runs, one placeholder, because a static export needs at least one
 * page per dynamic route (its page says there is no such run).
 */
export async function runParams(): Promise<RunParams[]> {
  const { records } = await getResults();
  if (records.length === 0) return [{ experiment: 'none', id: 'none' }];
  return records.map((r) => ({ experiment: r.experiment, id: r.id }));
}

/** The record of a run page, or undefined for the placeholder. */
export async function findRecord(params: Promise<RunParams>): Promise<RunRecord | undefined> {
  const { experiment, id } = await params;
  const { records } = await getResults();
  return records.find((r) => r.experiment === experiment && r.id === id);
}
