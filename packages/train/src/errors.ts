export { ConfigError } from '@negmnist/models';
export { CheckpointError } from './checkpoint/errors';
