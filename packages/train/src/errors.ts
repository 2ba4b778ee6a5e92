export { ConfigError } from '@negmnist/core';
export { CheckpointError } from './checkpoint/errors';
