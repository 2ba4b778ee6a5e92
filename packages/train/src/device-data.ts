import * as tf from '@tensorflow/tfjs';
import type { FloatDataset } from '@negmnist/data';
import type { ResolvedMember } from './options';

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

/**
 * Member input transform: member k sees `offset[k] + scale[k] * x` (1 - x for negative members).
 * Returns the identity as undefined so the common all-positive case costs nothing.
 */
export interface InputTransform {
  apply(x: tf.Tensor3D): tf.Tensor3D;
  dispose(): void;
}

export function createInputTransform(members: readonly ResolvedMember[]): InputTransform {
  const negatives = members.map((m) => m.negative);
  if (negatives.every((n) => !n)) return { apply: (x) => x, dispose: () => undefined };
  if (negatives.every((n) => n)) return { apply: (x) => tf.sub(1, x), dispose: () => undefined };
  const scale = tf.tensor3d(negatives.map((n) => (n ? -1 : 1)), [members.length, 1, 1]);
  const offset = tf.tensor3d(negatives.map((n) => (n ? 1 : 0)), [members.length, 1, 1]);
  return {
    apply: (x) => tf.add(offset, tf.mul(scale, x)),
    dispose: () => tf.dispose([scale, offset]),
  };
}

/**
 * Gathers rows for each member: `indices` is K index arrays of equal length (or one array shared by
 * every member); returns `[K or 1, n, features]` and labels `[K or 1, n]`.
 */
export function gatherMembers(ds: DeviceDataset, indices: readonly Uint32Array[]): { x: tf.Tensor3D; labels: tf.Tensor2D } {
  const k = indices.length;
  const n = indices[0]?.length ?? 0;
  const flat = new Int32Array(k * n);
  indices.forEach((idx, m) => flat.set(idx, m * n));
  return {
    x: gatherRows(ds, flat).reshape([k, n, ds.features]),
    labels: tf.gather(ds.labels, tf.tensor1d(flat, 'int32')).reshape([k, n]),
  };
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
