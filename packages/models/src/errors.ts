export { ConfigError } from '@negmnist/core';

/** Saved weights cannot be read or do not fit the model: names the tensor or field. */
export class WeightsFormatError extends Error {
  override readonly name = 'WeightsFormatError';
}
