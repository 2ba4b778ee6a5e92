import { inputScalings, RUN_CONFIG_DEFAULTS, type InputScaling } from '@negmnist/core';
import type { FloatDataset, ImageDataset } from '@negmnist/core';
import { pixelMeans, pixelTable, toFloatDataset, type Stats } from './transforms';

/**
 * Pixel scaling before the network, after the polarity and the offset: none (`unit`, x = v / 255 as the
 * seed), minus the training mean over all pixels (`centred`), or also divided by the training standard
 * deviation (`standardised`), minus each pixel's own training mean (`pixel-centred`: mean-zero inputs), or
 * each pixel's training mean μᵢ replaced by 1 - μᵢ (`mean-swapped`: x - μᵢ + (1 - μᵢ); at offset 0 positive
 * digits then have the negative images' mean image and vice versa, with the covariance unchanged). The same
 * names as the run records' `input` field (@negmnist/results `inputScalings`).
 */

/** Options of {@link prepareInputs}: what the network sees, in the order they apply. */
export interface InputOptions {
  /** Negative images `1 - x` (x = v / 255). Default: false. */
  negative?: boolean;
  /** Constant added to every pixel after the polarity (finite). Default: 0. */
  offset?: number;
  /**
   * Then scale with the statistics of the training images as the network sees them (after polarity and
   * offset), the same statistics for training and validation. Default: `unit` (no scaling).
   */
  input?: InputScaling;
  /** Then multiply by this factor (finite, > 0), e.g. to give a zero-mean input a chosen E||x||². Default: 1. */
  gain?: number;
}

/** Training and validation images as float features. */
export interface PreparedInputs {
  train: FloatDataset;
  validation: FloatDataset;
}

/**
 * Mean and population standard deviation of every pixel of `ds` after `1 - x` (if `negative`) and the
 * offset, as float32 values like the network sees them (exact float64 sums over a 256-bin histogram).
 */
export function imageStats(ds: ImageDataset, options: { negative?: boolean; offset?: number } = {}): Stats {
  const table = pixelTable(options);
  const counts = new Float64Array(256);
  const pixels = ds.images;
  for (let i = 0; i < pixels.length; i++) counts[pixels[i] as number] = (counts[pixels[i] as number] as number) + 1;
  let sum = 0;
  for (let v = 0; v < 256; v++) sum += (counts[v] as number) * (table[v] as number);
  const mean = sum / pixels.length;
  let squares = 0;
  for (let v = 0; v < 256; v++) {
    const d = (table[v] as number) - mean;
    squares += (counts[v] as number) * d * d;
  }
  return { mean, std: Math.sqrt(squares / pixels.length) };
}


/** Per-pixel means of the training images, per image set and polarity/offset (several runs prepare the same inputs). */
const meansCache = new WeakMap<ImageDataset, Map<string, Float64Array>>();
function cachedPixelMeans(training: ImageDataset, negative: boolean, offset: number): Float64Array {
  let byForm = meansCache.get(training);
  if (byForm === undefined) meansCache.set(training, (byForm = new Map()));
  const key = `${negative}:${offset}`;
  let means = byForm.get(key);
  if (means === undefined) byForm.set(key, (means = pixelMeans(training, { negative, offset })));
  return means;
}

/** One split with its scaling statistics taken from `training` (the training images). */
export function prepareSplit(ds: ImageDataset, options: InputOptions & { training: ImageDataset }): FloatDataset {
  const input = options.input ?? RUN_CONFIG_DEFAULTS.input;
  if (!(inputScalings as readonly string[]).includes(input)) throw new RangeError(`input: expected one of ${inputScalings.join(', ')}, received ${String(input)}`);
  const negative = options.negative === true;
  const offset = options.offset ?? RUN_CONFIG_DEFAULTS.inputOffset;
  const gain = options.gain ?? RUN_CONFIG_DEFAULTS.inputGain;
  if (input === 'unit') return toFloatDataset(ds, { negative, offset, gain });
  let made: FloatDataset;
  if (input === 'pixel-centred' || input === 'mean-swapped') {
    const means = cachedPixelMeans(options.training, negative, offset);
    const shift = Float32Array.from(means, (m) => (input === 'pixel-centred' ? -m : 1 - 2 * m));
    made = toFloatDataset(ds, { negative, offset, shift, gain });
  } else {
    const stats = imageStats(options.training, { negative, offset });
    if (!(stats.std > 0)) throw new RangeError(`input ${input}: expected training images that are not all equal, received a pixel std of ${stats.std}`);
    const normalize = input === 'centred' ? { mean: stats.mean, std: 1 } : stats;
    made = toFloatDataset(ds, { negative, offset, normalize, gain });
  }
  // assign, not spread: a spread would read `x` and make the float copy that toFloatDataset defers
  return Object.assign(made, { scaling: { input, training: options.training } });
}

/**
 * The inputs of a run: each pixel v / 255, then `1 - x` for negative images, then `+ offset`, then the
 * `input` scaling with the mean (and std) of the training images as the network sees them, applied to
 * training and validation alike. Standardised negative images are then the negated standardised
 * positive ones (the statistics are taken after the polarity).
 */
export function prepareInputs(images: { train: ImageDataset; validation: ImageDataset }, options: InputOptions = {}): PreparedInputs {
  return {
    train: prepareSplit(images.train, { ...options, training: images.train }),
    validation: prepareSplit(images.validation, { ...options, training: images.train }),
  };
}

/**
 * The dataset with the asked polarity: `ds` itself when it already has it (asking for the negative of
 * negative images is a no-op, never a double inversion), else recomputed from its source images with
 * the same offset, and the same normalisation: the same fixed statistics, or, for a dataset made by
 * `prepareInputs` with `centred`/`standardised` inputs, the statistics of its training images in the
 * asked polarity.
 */
export function withPolarity(ds: FloatDataset, negative: boolean): FloatDataset {
  if (ds.negative === negative) return ds;
  // One twin per dataset, so runs that train on it in turn share its float values (computed when first read)
  let twin = twins.get(ds);
  if (twin === undefined) {
    twin =
      ds.scaling !== undefined
        ? prepareSplit(ds.source, { training: ds.scaling.training, negative, offset: ds.offset, input: ds.scaling.input, gain: ds.gain })
        : toFloatDataset(ds.source, { negative, offset: ds.offset, gain: ds.gain, ...(ds.normalize === undefined ? {} : { normalize: ds.normalize }) });
    twins.set(ds, twin);
    twins.set(twin, ds);
  }
  return twin;
}

/** Each dataset's other polarity, made by {@link withPolarity}. */
const twins = new WeakMap<FloatDataset, FloatDataset>();
