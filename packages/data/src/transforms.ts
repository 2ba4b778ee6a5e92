import type { FloatDataset, ImageDataset } from './dataset';

/** Mean and standard deviation of a set of values. */
export interface Stats {
  /** Arithmetic mean. */
  mean: number;
  /** Population standard deviation (divides by N, like the usual MNIST 0.1307/0.3081). */
  std: number;
}

/** Options of {@link toFloatDataset}. */
export interface ToFloatDatasetOptions {
  /** Use negative images `1 - x` (after scaling to [0, 1]). Default: false. */
  negative?: boolean;
  /** Then add this constant to every pixel (a finite number; float32 rounding). Default: 0. */
  offset?: number;
  /** Then standardise as `(x - mean) / std`. Default: none. */
  normalize?: Stats;
}

// Every pixel transform is a function of one byte, so a 256-entry table gives exact float32 results fast.
const unitTable = Float32Array.from({ length: 256 }, (_, v) => v / 255);

function outputFor(length: number, out: Float32Array | undefined): Float32Array {
  if (out === undefined) return new Float32Array(length);
  if (out.length !== length) throw new RangeError(`out length: expected ${length}, received ${out.length}`);
  return out;
}

/** Pixels 0..255 to float32 in [0, 1] (v / 255, as PyTorch's ToTensor). Writes into `out` when given. */
export function toUnit(src: Uint8Array, out?: Float32Array): Float32Array {
  const dst = outputFor(src.length, out);
  for (let i = 0; i < src.length; i++) dst[i] = unitTable[src[i] as number] as number;
  return dst;
}

/** `1 - x`, elementwise, on the 256-entry pixel table (not exported: negative datasets come from toFloatDataset only). */
function invert(x: Float32Array, out?: Float32Array): Float32Array {
  const dst = outputFor(x.length, out);
  for (let i = 0; i < x.length; i++) dst[i] = 1 - (x[i] as number);
  return dst;
}

/** `(x - mean) / std` with float32 rounding after each step (as torchvision's Normalize). `out` may be `x`. */
export function normalize(x: Float32Array, stats: Stats, out?: Float32Array): Float32Array {
  if (!(stats.std > 0) || !Number.isFinite(stats.std) || !Number.isFinite(stats.mean)) {
    throw new RangeError(`normalize stats: expected finite mean and std > 0, received mean ${stats.mean}, std ${stats.std}`);
  }
  const dst = outputFor(x.length, out);
  const mean = Math.fround(stats.mean);
  const std = Math.fround(stats.std);
  for (let i = 0; i < x.length; i++) dst[i] = Math.fround((x[i] as number) - mean) / std;
  return dst;
}

/**
 * The 256-entry table of what each pixel byte becomes: v / 255, then `1 - x` if `negative`, then `+ offset`,
 * each step rounded to float32 (what {@link toFloatDataset} applies before any normalisation).
 */
export function pixelTable(options: { negative?: boolean; offset?: number } = {}): Float32Array {
  const offset = options.offset ?? 0;
  if (typeof offset !== 'number' || !Number.isFinite(offset)) throw new RangeError(`offset: expected a finite number, received ${String(offset)}`);
  const table = new Float32Array(unitTable);
  if (options.negative === true) invert(table, table);
  if (offset !== 0) for (let v = 0; v < 256; v++) table[v] = (table[v] as number) + offset;
  return table;
}

/** Mean and population standard deviation of all values (two passes in float64). NaN for an empty array. */
export function datasetStats(x: Float32Array): Stats {
  let sum = 0;
  for (let i = 0; i < x.length; i++) sum += x[i] as number;
  const mean = sum / x.length;
  let squares = 0;
  for (let i = 0; i < x.length; i++) {
    const d = (x[i] as number) - mean;
    squares += d * d;
  }
  return { mean, std: Math.sqrt(squares / x.length) };
}

/**
 * Converts u8 images to float features: v / 255, then `1 - x` if `negative`, then `+ offset`, then
 * `normalize`. The one place negative images are made. One allocation for the whole dataset; results
 * equal {@link toUnit} → `1 - x` → `+ offset` → {@link normalize}.
 */
export function toFloatDataset(ds: ImageDataset, options: ToFloatDatasetOptions = {}): FloatDataset {
  const negative = options.negative === true;
  const offset = options.offset ?? 0;
  const table = pixelTable({ negative, offset });
  if (options.normalize !== undefined) normalize(table, options.normalize, table);
  const x = new Float32Array(ds.images.length);
  const pixels = ds.images;
  for (let i = 0; i < pixels.length; i++) x[i] = table[pixels[i] as number] as number;
  return {
    name: negative ? `${ds.name} (negative)` : ds.name,
    negative,
    offset,
    normalize: options.normalize === undefined ? undefined : { mean: options.normalize.mean, std: options.normalize.std },
    scaling: undefined,
    source: ds,
    x,
    labels: ds.labels,
    count: ds.count,
    features: ds.rows * ds.cols,
    numClasses: ds.numClasses,
  };
}
