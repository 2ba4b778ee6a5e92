// `@negmnist/train/testing`: the engine conformance suite and its neutral fixtures (needs vitest and @negmnist/models).
export { describeEngine } from './describe-engine';
export { syntheticDataset, tinyData, withoutWallTime } from './fixtures';
