export { ConfigError } from '@negmnist/models';

/** A checkpoint cannot resume this run (other model, batch size, schedule or member setup). */
export class CheckpointError extends Error {
  override readonly name = 'CheckpointError';
}
