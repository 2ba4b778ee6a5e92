import { negativePixel } from '@negmnist/core';
import type { FloatDataset, ImageDataset } from '@negmnist/core';
import { lookupPixels } from './pixel-lookup';

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
  /** Then add this value per feature (length = pixels per image): a per-pixel scaling. Default: none. */
  shift?: Float32Array;
  /** Then multiply by this factor (finite, > 0). Default: 1. */
  gain?: number;
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
  return lookupPixels(src, unitTable, outputFor(src.length, out));
}

/** Core's `negativePixel` (`1 - x`), elementwise, on the 256-entry pixel table (not exported: negative datasets come from toFloatDataset only). */
function invert(x: Float32Array, out?: Float32Array): Float32Array {
  const dst = outputFor(x.length, out);
  for (let i = 0; i < x.length; i++) dst[i] = negativePixel(x[i] as number);
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
 * `normalize`. The one place negative images are made. Results equal {@link toUnit} → `1 - x` →
 * `+ offset` → {@link normalize}. `x` is computed on its first read (one allocation for the whole
 * dataset); a consumer that converts `source.images` itself (the ONNX engine, per batch, checked
 * against `pixelValues`) never makes it.
 */
export function toFloatDataset(ds: ImageDataset, options: ToFloatDatasetOptions = {}): FloatDataset {
  const negative = options.negative === true;
  const offset = options.offset ?? 0;
  const table = pixelTable({ negative, offset });
  if (options.normalize !== undefined) normalize(table, options.normalize, table);
  const gain = options.gain ?? 1;
  if (!(gain > 0) || !Number.isFinite(gain)) throw new RangeError(`gain: expected a finite number > 0, received ${String(gain)}`);
  const features = ds.rows * ds.cols;
  if (options.shift !== undefined && options.shift.length !== features) throw new RangeError(`shift length: expected ${features} (pixels per image), received ${options.shift.length}`);
  const shift = options.shift === undefined ? undefined : Float32Array.from(options.shift, (v) => v * gain);
  if (gain !== 1) for (let v = 0; v < 256; v++) table[v] = (table[v] as number) * gain;
  let x: Float32Array | undefined;
  return {
    name: negative ? `${ds.name} (negative)` : ds.name,
    negative,
    offset,
    normalize: options.normalize === undefined ? undefined : { mean: options.normalize.mean, std: options.normalize.std },
    scaling: undefined,
    gain,
    pixelShift: shift,
    source: ds,
    pixelValues: table,
    get x(): Float32Array {
      x ??= mapPixels(ds.images, table, shift);
      return x;
    },
    labels: ds.labels,
    count: ds.count,
    features: ds.rows * ds.cols,
    numClasses: ds.numClasses,
  };
}

function mapPixels(pixels: Uint8Array, table: Float32Array, shift: Float32Array | undefined): Float32Array {
  const x = lookupPixels(pixels, table, new Float32Array(pixels.length));
  if (shift === undefined) return x;
  // float32(table value + shift), as one expression would round it: the table value is already float32.
  const features = shift.length;
  for (let base = 0; base < x.length; base += features) {
    for (let j = 0; j < features; j++) x[base + j] = (x[base + j] as number) + (shift[j] as number);
  }
  return x;
}

/**
 * Per-pixel mean of `ds`'s images after `1 - x` (if `negative`) and the offset, in float64: the mean image
 * μ (length rows * cols).
 */
export function pixelMeans(ds: ImageDataset, options: { negative?: boolean; offset?: number } = {}): Float64Array {
  const table = pixelTable(options);
  const features = ds.rows * ds.cols;
  const sums = new Float64Array(features);
  const pixels = ds.images;
  for (let n = 0; n < ds.count; n++) {
    const base = n * features;
    for (let i = 0; i < features; i++) sums[i] = (sums[i] as number) + (table[pixels[base + i] as number] as number);
  }
  return sums.map((s) => s / ds.count);
}
