import { DeviceLimitError } from '@negmnist/engine-webgpu';
import { describe, expect, it } from 'vitest';
import { EXIT, exitCodeFor, isUserError, UsageError } from './errors';

describe('exitCodeFor', () => {
  it('gives a setup too large for the GPU the usage exit (one line), any other RangeError the internal one', () => {
    expect(exitCodeFor(new DeviceLimitError('webgpu engine: 64 members x 1000 rows of activations need more than the binding limit'))).toBe(EXIT.usage);
    expect(isUserError(new DeviceLimitError('too large'))).toBe(true);
    expect(exitCodeFor(new RangeError('index out of range'))).toBe(EXIT.internal);
    expect(exitCodeFor(new UsageError('--epochs: expected a positive integer'))).toBe(EXIT.usage);
    expect(exitCodeFor('not an error')).toBe(EXIT.internal);
  });
});
