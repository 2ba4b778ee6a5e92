// A brand makes `instanceof` hold across the class copies of separate CJS bundles (index.cjs, checkpoint.cjs).
const brand = Symbol.for('@negmnist/train/CheckpointError');

/**
 * A checkpoint that cannot be read (truncated, not safetensors, another format or version) or cannot
 * resume this run (other model, batch size, schedule or member setup). The message names the file or
 * option, what was expected and what was received.
 */
export class CheckpointError extends Error {
  override readonly name = 'CheckpointError';
  /** The checkpoint file, or `resumeFrom` for an in-memory checkpoint. */
  readonly source: string;

  constructor(source: string, detail: string, options?: { cause?: unknown }) {
    super(`${source}: ${detail}`, options);
    this.source = source;
    Object.defineProperty(this, brand, { value: true });
  }

  static override [Symbol.hasInstance](value: unknown): boolean {
    if (this !== CheckpointError) return Function.prototype[Symbol.hasInstance].call(this, value);
    return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[brand] === true;
  }
}
