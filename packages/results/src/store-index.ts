export { writeFileAtomic } from './store-atomic';
export { listRuns, readRun, RECORD_FILE, runDirectory, writeRecord } from './store';
export type { ListRunsOptions, RunEntry } from './store';
