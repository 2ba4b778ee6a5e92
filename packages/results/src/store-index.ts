export { writeFileAtomic } from './store-atomic';
export { listRuns, readRun, RECORD_FILE, runDirectory, writeRecord } from './store';
export type { ListRunsOptions, RunEntry } from './store';
export { EXPLANATION_FILE, listExplanations, readExplanation, writeExplanation } from './store-explanation';
export type { ExplanationEntry, ListExplanationsOptions } from './store-explanation';
