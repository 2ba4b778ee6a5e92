import { toFloatDataset, type FloatDataset } from '@negmnist/data';
import type { TrainData } from '@negmnist/core';

/** A small learnable dataset of 1-row images: uniform pixels, label = argmax of fixed linear scores of x = pixel / 255. Deterministic. */
export function syntheticDataset(name: string, count: number, features: number, numClasses: number, seed: number): FloatDataset {
  let state = seed * 2654435761 + 1;
  const next = (): number => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 4294967296;
  };
  const images = new Uint8Array(count * features);
  const labels = new Uint8Array(count);
  const x = (at: number): number => (images[at] as number) / 255;
  for (let i = 0; i < count; i++) {
    let best = 0;
    let bestScore = -Infinity;
    for (let f = 0; f < features; f++) images[i * features + f] = Math.floor(next() * 256);
    for (let c = 0; c < numClasses; c++) {
      let score = 0;
      for (let f = 0; f < features; f++) score += x(i * features + f) * Math.sin(1 + c * features + f);
      if (score > bestScore) [best, bestScore] = [c, score];
    }
    labels[i] = best;
  }
  return toFloatDataset({ name, images, labels, count, rows: 1, cols: features, numClasses });
}

/** Train/validation pair for tests: 96 + 40 images of 6 features, 3 classes. */
export function tinyData(features = 6, numClasses = 3): TrainData {
  return {
    train: syntheticDataset('tiny-train', 96, features, numClasses, 1),
    validation: syntheticDataset('tiny-val', 40, features, numClasses, 2),
  };
}

/** The record fields that must be reproducible (wall time is not). */
export function withoutWallTime<T>(value: T): T {
  return JSON.parse(JSON.stringify(value, (key, v: unknown) => (key === 'wallTimeMs' ? 0 : v))) as T;
}
