// Browser-safe entry: no Node built-ins here (file loading lives in '@negmnist/data/node').
export { batchIndices, shuffledIndices, stepsPerEpoch } from './batching';
export type { BatchOptions } from './batching';
export { classCounts, toImageDataset } from './dataset';
export type { FloatDataset, ImageDataset, ToImageDatasetOptions } from './dataset';
export { DatasetError, IdxFormatError } from './errors';
export type { ErrorDetail } from './errors';
export { parseIdx } from './idx';
export type { IdxArray, IdxDtype, ParseIdxOptions } from './idx';
export { createRng, restoreRng } from './rng';
export type { Rng } from './rng';
export { datasetStats, normalize, toFloatDataset, toUnit, withPolarity } from './transforms';
export type { Stats, ToFloatDatasetOptions } from './transforms';
