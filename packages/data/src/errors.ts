/** The parts of an error message: what failed, what was expected, what was received. */
export interface ErrorDetail {
  /** The file the bytes came from, when known. */
  fileName?: string;
  /** What was checked, e.g. `magic bytes 0-1` or `label 3`. */
  what: string;
  /** What a valid input has there. */
  expected: string;
  /** What this input has there. */
  received: string;
}

function formatDetail(detail: ErrorDetail): string {
  const where = detail.fileName === undefined ? '' : `${detail.fileName}: `;
  return `${where}${detail.what}: expected ${detail.expected}, received ${detail.received}`;
}

// Brands make `instanceof` hold across the duplicated classes of separate CJS bundles (index.cjs, node.cjs).
const idxBrand = Symbol.for('@negmnist/data/IdxFormatError');
const datasetBrand = Symbol.for('@negmnist/data/DatasetError');

function isBranded(value: unknown, brand: symbol): boolean {
  return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[brand] === true;
}

/** The fields both error classes carry; `brand` marks the instance for its subclass's `instanceof`. */
abstract class DetailedError extends Error {
  /** The file the bytes came from, if known. */
  readonly fileName: string | undefined;
  /** What was checked. */
  readonly what: string;
  /** What a valid input has there. */
  readonly expected: string;
  /** What this input has there. */
  readonly received: string;

  constructor(brand: symbol, detail: ErrorDetail, options?: { cause?: unknown }) {
    super(formatDetail(detail), options);
    this.fileName = detail.fileName;
    this.what = detail.what;
    this.expected = detail.expected;
    this.received = detail.received;
    Object.defineProperty(this, brand, { value: true });
  }
}

/** Bytes that are not a valid IDX file: bad magic, unknown type code, bad rank, wrong length, broken gzip. */
export class IdxFormatError extends DetailedError {
  override readonly name = 'IdxFormatError';

  constructor(detail: ErrorDetail, options?: { cause?: unknown }) {
    super(idxBrand, detail, options);
  }

  static override [Symbol.hasInstance](value: unknown): boolean {
    return this === IdxFormatError ? isBranded(value, idxBrand) : Function.prototype[Symbol.hasInstance].call(this, value);
  }
}

/** Valid IDX files that do not form a dataset (counts differ, wrong rank or type, label out of range), or unreadable files. */
export class DatasetError extends DetailedError {
  override readonly name = 'DatasetError';

  constructor(detail: ErrorDetail, options?: { cause?: unknown }) {
    super(datasetBrand, detail, options);
  }

  static override [Symbol.hasInstance](value: unknown): boolean {
    return this === DatasetError ? isBranded(value, datasetBrand) : Function.prototype[Symbol.hasInstance].call(this, value);
  }
}
