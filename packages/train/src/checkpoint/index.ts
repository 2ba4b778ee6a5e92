// Pure TypeScript, browser-safe: no TensorFlow.js import anywhere under this entry, so any engine reads and writes the same files.
export { CHECKPOINT_VERSION, decodeCheckpoint, encodeCheckpoint } from './checkpoint';
export type { Checkpoint, CheckpointMember, CheckpointSetup, MemberCheckpoint } from './checkpoint';
export { CheckpointError } from './errors';
export { memberCheckpoint, stackCheckpoints } from './members';
export { decodeSafetensors, encodeSafetensors } from './safetensors';
export type { Safetensors } from './safetensors';
