import { withPolarity, type FloatDataset } from '@negmnist/data';

/** One split as the shaders read it: pixel bytes then label bytes, packed four to a u32. */
export interface PackedSplit {
  words: Uint32Array;
  /** Byte offset of the labels. */
  labelByte: number;
  count: number;
}

/** Packs a dataset's source bytes and labels (the floats are made on the GPU through the pixel tables). */
export function packSplit(ds: FloatDataset): PackedSplit {
  const pixels = ds.count * ds.features;
  const labelByte = Math.ceil(pixels / 4) * 4;
  const bytes = new Uint8Array(Math.ceil((labelByte + ds.count) / 4) * 4);
  bytes.set(ds.source.images.subarray(0, pixels));
  bytes.set(ds.labels.subarray(0, ds.count), labelByte);
  return { words: new Uint32Array(bytes.buffer), labelByte, count: ds.count };
}

/**
 * A split's pixel tables, one per polarity in `polarities` (made by @negmnist/data's `withPolarity`, the one
 * place negative images are made): the 256-entry byte table, then the per-feature shift (zeros when none).
 */
export function pixelTables(ds: FloatDataset, polarities: readonly boolean[]): Float32Array {
  const stride = 256 + ds.features;
  const out = new Float32Array(polarities.length * stride);
  polarities.forEach((negative, i) => {
    const set = withPolarity(ds, negative);
    out.set(set.pixelValues, i * stride);
    if (set.pixelShift !== undefined) out.set(set.pixelShift, i * stride + 256);
  });
  return out;
}
