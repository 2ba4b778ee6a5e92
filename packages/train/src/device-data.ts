import * as tf from '@tensorflow/tfjs';
import type { FloatDataset } from '@negmnist/data';
import type { ResolvedMember } from './options';

/** A dataset held on the device once, so each step uploads only its indices. */
export interface DeviceDataset {
  readonly count: number;
  readonly features: number;
  readonly numClasses: number;
  /** `[count, features]` */
  readonly x: tf.Tensor2D;
  /** `[count]` int32 */
  readonly labels: tf.Tensor1D;
  /** Host copy of the labels (for the confusion matrix). */
  readonly hostLabels: Uint8Array;
}

export function uploadDataset(ds: FloatDataset): DeviceDataset {
  return {
    count: ds.count,
    features: ds.features,
    numClasses: ds.numClasses,
    x: tf.tensor2d(ds.x, [ds.count, ds.features]),
    labels: tf.tensor1d(Int32Array.from(ds.labels), 'int32'),
    hostLabels: ds.labels,
  };
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
  const idx = tf.tensor1d(flat, 'int32');
  return {
    x: tf.gather(ds.x, idx).reshape([k, n, ds.features]),
    labels: tf.gather(ds.labels, idx).reshape([k, n]),
  };
}

/** Contiguous rows `[start, start + n)` shared by every member, as `[1, n, features]` and labels `[1, n]` (evaluation). */
export function sharedRows(ds: DeviceDataset, start: number, n: number): { x: tf.Tensor3D; labels: tf.Tensor2D } {
  return {
    x: tf.slice(ds.x, [start, 0], [n, ds.features]).reshape([1, n, ds.features]),
    labels: tf.slice(ds.labels, [start], [n]).reshape([1, n]),
  };
}
