export { writeFileAtomic } from './store-atomic';
export { CHECKPOINT_FILE, readCheckpoint, writeCheckpoint } from './store-checkpoint';
export type { Checkpoint, CheckpointTensor } from './store-checkpoint';
export { listRuns, readRun, RECORD_FILE, runDirectory, writeRecord } from './store';
export type { ListRunsOptions, RunEntry } from './store';
