// The data shapes engines and the training loop read; @negmnist/data makes them (IDX parsing, inputs).

/** Images and labels as stored in IDX files: u8 pixels, one label per image. */
export interface ImageDataset {
  /** Label for reports, e.g. `mnist-train`. */
  name: string;
  /** count * rows * cols pixels in 0..255, row-major, image after image. */
  images: Uint8Array;
  /** count labels in 0..numClasses-1. */
  labels: Uint8Array;
  /** Number of images. */
  count: number;
  /** Image height in pixels. */
  rows: number;
  /** Image width in pixels. */
  cols: number;
  /** Number of classes; every label is below it. */
  numClasses: number;
}

/**
 * Images as float features, ready for a model. Made only by @negmnist/data's `toFloatDataset` (and `withPolarity`),
 * which record how: the polarity, the normalisation and the source images.
 */
export interface FloatDataset {
  /** Label for reports, e.g. `mnist-train (negative)`. */
  name: string;
  /** True when `x` holds negative images `1 - pixel / 255` (before any offset and normalisation). */
  readonly negative: boolean;
  /** Constant added to every pixel after the polarity and before the normalisation (0: none). */
  readonly offset: number;
  /** The standardisation applied last, if any. */
  readonly normalize: { readonly mean: number; readonly std: number } | undefined;
  /**
   * Set by `prepareInputs` for `centred` and `standardised` inputs: `normalize` holds the statistics of
   * `training` (the training images, in this polarity and offset), so `withPolarity` recomputes them for
   * the other polarity instead of reusing them. Undefined when `normalize` is fixed or absent.
   */
  readonly scaling: { readonly input: 'centred' | 'standardised' | 'pixel-centred' | 'mean-swapped'; readonly training: ImageDataset } | undefined;
  /** Factor applied last, after any scaling (1: none); already in `pixelValues` and `pixelShift`. */
  readonly gain: number;
  /**
   * Per-pixel inputs (`pixel-centred`, `mean-swapped`): a value per feature added to the byte's value, so
   * `x[n * features + i] = pixelValues[byte] + pixelShift[i]` (float32). Undefined: `x` is the byte table alone.
   */
  readonly pixelShift: Float32Array | undefined;
  /** The u8 images `x` was computed from (lets `withPolarity` recompute exactly instead of inverting floats). */
  readonly source: ImageDataset;
  /** What each pixel byte of `source.images` becomes in `x` (256 values, float32): `x[i] = pixelValues[source.images[i]]` (plus `pixelShift` where set). */
  readonly pixelValues: Float32Array;
  /** count * features values, row-major (one image per row); computed from `source` on first read. */
  readonly x: Float32Array;
  /** count labels in 0..numClasses-1. */
  labels: Uint8Array;
  /** Number of images. */
  count: number;
  /** Values per image (rows * cols). */
  features: number;
  /** Number of classes. */
  numClasses: number;
}
