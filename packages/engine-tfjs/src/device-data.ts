import * as tf from '@tensorflow/tfjs';
import { withPolarity, type FloatDataset } from '@negmnist/data';

/** A dataset held on the device once, so each step uploads only its indices. */
export interface DeviceDataset {
  readonly count: number;
  readonly features: number;
  readonly numClasses: number;
  /**
   * Row blocks `[rowsPerBlock, features]` (the last may be shorter): one block unless the backend caps
   * a buffer binding below the whole set (WebGPU: 128 MiB on lavapipe, MNIST's train set is 188 MB).
   */
  readonly blocks: readonly tf.Tensor2D[];
  readonly rowsPerBlock: number;
  /** `[count]` int32 */
  readonly labels: tf.Tensor1D;
  /** Host copy of the labels (for the confusion matrix). */
  readonly hostLabels: Uint8Array;
}

/** Largest buffer one shader may bind, in bytes: the WebGPU device's limit, unbounded elsewhere. */
export function bindingLimitBytes(): number {
  if (tf.getBackend() !== 'webgpu') return Number.POSITIVE_INFINITY;
  // duck-typed: tfjs-backend-webgpu exposes its GPUDevice, and this package does not depend on it
  const device = (tf.backend() as unknown as { device?: { limits?: { maxStorageBufferBindingSize?: number } } }).device;
  return device?.limits?.maxStorageBufferBindingSize ?? Number.POSITIVE_INFINITY;
}

/** Uploads a dataset in row blocks of at most `maxBlockBytes` bytes each (default: the backend's binding limit). */
export function uploadDataset(ds: FloatDataset, maxBlockBytes = bindingLimitBytes()): DeviceDataset {
  const rowsPerBlock = Math.max(1, Math.min(ds.count, Math.floor(maxBlockBytes / (ds.features * 4))));
  const blocks: tf.Tensor2D[] = [];
  for (let start = 0; start < ds.count; start += rowsPerBlock) {
    const rows = Math.min(rowsPerBlock, ds.count - start);
    blocks.push(tf.tensor2d(ds.x.subarray(start * ds.features, (start + rows) * ds.features), [rows, ds.features]));
  }
  return {
    count: ds.count,
    features: ds.features,
    numClasses: ds.numClasses,
    blocks,
    rowsPerBlock,
    labels: tf.tensor1d(Int32Array.from(ds.labels), 'int32'),
    hostLabels: ds.labels,
  };
}

/** Frees a dataset's device memory. */
export function disposeDataset(ds: DeviceDataset): void {
  tf.dispose([...ds.blocks, ds.labels]);
}

/** One split on the device: a copy per polarity its members use, so negative images come only from @negmnist/data. */
export interface DeviceSplit {
  /** One dataset per polarity in use (usually one). */
  readonly sets: readonly DeviceDataset[];
  /** Member k reads `sets[memberSet[k]]`. */
  readonly memberSet: readonly number[];
  readonly count: number;
  readonly numClasses: number;
  /** Host copy of the labels (for the confusion matrix). */
  readonly hostLabels: Uint8Array;
}

/** Uploads `ds` with each polarity that `negatives` (one flag per member) asks for, made by @negmnist/data's `withPolarity`. */
export function uploadSplit(ds: FloatDataset, negatives: readonly boolean[], maxBlockBytes?: number): DeviceSplit {
  const polarities = [...new Set(negatives)];
  const sets = polarities.map((negative) => uploadDataset(withPolarity(ds, negative), maxBlockBytes));
  return { sets, memberSet: negatives.map((n) => polarities.indexOf(n)), count: ds.count, numClasses: ds.numClasses, hostLabels: ds.labels };
}

/** Frees a split's device memory. */
export function disposeSplit(split: DeviceSplit): void {
  for (const set of split.sets) disposeDataset(set);
}

/**
 * A batch for every member: `indices` holds one index array per member, all of the same length; with
 * `shared` every member uses `indices[0]`. Returns `x: [K or 1, n, features]` (1 when the members share
 * both rows and polarity) and labels `[K or 1, n]`.
 */
export function memberBatch(split: DeviceSplit, indices: readonly Uint32Array[], shared: boolean): { x: tf.Tensor3D; labels: tf.Tensor2D } {
  const first = split.sets[0] as DeviceDataset;
  if (split.sets.length === 1) return gatherMembers(first, shared ? indices.slice(0, 1) : indices);
  if (shared) {
    const rows = split.sets.map((set) => gatherMembers(set, indices.slice(0, 1)));
    return { x: perMember(split, rows.map((r) => r.x)), labels: (rows[0] as { labels: tf.Tensor2D }).labels };
  }
  const x = split.sets.map((set, s) => gatherMembers(set, split.memberSet.flatMap((at, k) => (at === s ? [indices[k] as Uint32Array] : []))).x);
  return { x: perMember(split, x), labels: gatherLabels(first, indices) };
}

/** Contiguous rows `[start, start + n)` for every member (evaluation): `[1, n, features]` with one polarity, `[K, n, features]` with two. */
export function memberRows(split: DeviceSplit, start: number, n: number): { x: tf.Tensor3D; labels: tf.Tensor2D } {
  const rows = split.sets.map((set) => sharedRows(set, start, n));
  const labels = (rows[0] as { labels: tf.Tensor2D }).labels;
  return { x: split.sets.length === 1 ? (rows[0] as { x: tf.Tensor3D }).x : perMember(split, rows.map((r) => r.x)), labels };
}

/** Orders per-set member blocks (`parts[s]` holds set s's members in member order, or one shared row block) as `[K, n, features]`. */
function perMember(split: DeviceSplit, parts: readonly tf.Tensor3D[]): tf.Tensor3D {
  const sizes = parts.map((p) => p.shape[0]);
  const seen = sizes.map(() => 0);
  const offsets = sizes.map((_, s) => sizes.slice(0, s).reduce((a, b) => a + b, 0));
  const row = split.memberSet.map((s) => (offsets[s] as number) + (sizes[s] === 1 ? 0 : (seen[s] as number)++));
  return tf.gather(tf.concat(parts as tf.Tensor3D[]), tf.tensor1d(row, 'int32'));
}

/**
 * Gathers rows for each member: `indices` is K index arrays of equal length (or one array shared by
 * every member); returns `[K or 1, n, features]` and labels `[K or 1, n]`.
 */
export function gatherMembers(ds: DeviceDataset, indices: readonly Uint32Array[]): { x: tf.Tensor3D; labels: tf.Tensor2D } {
  const flat = flatIndices(indices);
  return { x: gatherRows(ds, flat).reshape([indices.length, indices[0]?.length ?? 0, ds.features]), labels: gatherLabels(ds, indices, flat) };
}

function flatIndices(indices: readonly Uint32Array[]): Int32Array {
  const n = indices[0]?.length ?? 0;
  const flat = new Int32Array(indices.length * n);
  indices.forEach((idx, m) => flat.set(idx, m * n));
  return flat;
}

/** Labels `[K, n]` of K index arrays of equal length. */
function gatherLabels(ds: DeviceDataset, indices: readonly Uint32Array[], flat = flatIndices(indices)): tf.Tensor2D {
  return tf.gather(ds.labels, tf.tensor1d(flat, 'int32')).reshape([indices.length, indices[0]?.length ?? 0]);
}

/** Rows `rows` of the dataset in that order, gathering from each block its own rows, then restoring the order. */
function gatherRows(ds: DeviceDataset, rows: Int32Array): tf.Tensor2D {
  if (ds.blocks.length === 1) return tf.gather(ds.blocks[0] as tf.Tensor2D, tf.tensor1d(rows, 'int32'));
  const local = ds.blocks.map(() => [] as number[]);
  const sources = ds.blocks.map(() => [] as number[]);
  rows.forEach((row, i) => {
    const b = Math.floor(row / ds.rowsPerBlock);
    local[b]?.push(row - b * ds.rowsPerBlock);
    sources[b]?.push(i);
  });
  const parts = ds.blocks.flatMap((block, b) => ((local[b]?.length ?? 0) === 0 ? [] : [tf.gather(block, tf.tensor1d(local[b] as number[], 'int32'))]));
  // concatenated rows come block by block: position[i] is where row i landed
  const position = new Int32Array(rows.length);
  sources.flat().forEach((i, at) => (position[i] = at));
  return tf.gather(tf.concat(parts), tf.tensor1d(position, 'int32'));
}

/** Contiguous rows `[start, start + n)` shared by every member, as `[1, n, features]` and labels `[1, n]` (evaluation). */
export function sharedRows(ds: DeviceDataset, start: number, n: number): { x: tf.Tensor3D; labels: tf.Tensor2D } {
  const parts: tf.Tensor2D[] = [];
  for (let b = Math.floor(start / ds.rowsPerBlock); b * ds.rowsPerBlock < start + n; b++) {
    const from = Math.max(start, b * ds.rowsPerBlock);
    const to = Math.min(start + n, (b + 1) * ds.rowsPerBlock);
    parts.push(tf.slice(ds.blocks[b] as tf.Tensor2D, [from - b * ds.rowsPerBlock, 0], [to - from, ds.features]));
  }
  return {
    x: (parts.length === 1 ? (parts[0] as tf.Tensor2D) : tf.concat(parts)).reshape([1, n, ds.features]),
    labels: tf.slice(ds.labels, [start], [n]).reshape([1, n]),
  };
}
