// Browser-safe entry: no Node built-ins here (file loading lives in '@negmnist/data/node').
export { batchIndices, shuffledIndices, stepsPerEpoch } from './batching';
export type { BatchOptions } from './batching';
export { classCounts, toImageDataset } from './dataset';
export type { ToImageDatasetOptions } from './dataset';
// defined in @negmnist/core (the engines read them); made here
export type { FloatDataset, ImageDataset } from '@negmnist/core';
export { DatasetError, IdxFormatError } from './errors';
export type { ErrorDetail } from './errors';
export { parseIdx } from './idx';
export { encodeIdx } from './idx-encode';
export type { IdxArray, IdxDtype, ParseIdxOptions } from './idx';
export { createRng, restoreRng } from './rng';
export type { Rng } from './rng';
export { inputGeometry } from './geometry';
export type { InputGeometry, InputGeometryOptions } from './geometry';
export { imageStats, prepareInputs, withPolarity } from './inputs';
export type { InputOptions, PreparedInputs } from './inputs';
export { datasetStats, normalize, pixelMeans, toFloatDataset, toUnit } from './transforms';
export type { Stats, ToFloatDatasetOptions } from './transforms';
