import { baseConfig } from '@negmnist/eslint-config';

export default [...baseConfig, { ignores: ['tsup.config.ts', 'vitest.config.ts'] }];
