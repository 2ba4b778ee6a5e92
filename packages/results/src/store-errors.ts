// A brand makes `instanceof` hold across the duplicated classes of separate CJS bundles (index.cjs, node.cjs).
const schemaBrand = Symbol.for('@negmnist/results/ResultsSchemaError');

function isBranded(value: unknown, brand: symbol): boolean {
  return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[brand] === true;
}

/** A run record on disk that is not valid for this schema version. */
export class ResultsSchemaError extends Error {
  override readonly name = 'ResultsSchemaError';
  /** The file that failed to parse. */
  readonly file: string;
  /** Dotted path of the first bad field, e.g. `config.lr` or `evaluations[2].valAccuracy`; `` for the whole file. */
  readonly fieldPath: string;

  /** `options.record` names the kind of file in the message (default `run record`, e.g. `explanation record`). */
  constructor(file: string, fieldPath: string, detail: string, options?: { cause?: unknown; record?: string }) {
    super(`${file}: invalid ${options?.record ?? 'run record'} at ${fieldPath === '' ? '(root)' : fieldPath}: ${detail}`, options?.cause === undefined ? undefined : { cause: options.cause });
    this.file = file;
    this.fieldPath = fieldPath;
    Object.defineProperty(this, schemaBrand, { value: true });
  }

  static override [Symbol.hasInstance](value: unknown): boolean {
    return this === ResultsSchemaError ? isBranded(value, schemaBrand) : Function.prototype[Symbol.hasInstance].call(this, value);
  }
}
