import { baseConfig } from '@negmnist/eslint-config';

// The workspace packages lint themselves (`turbo run lint`); this covers the scripts outside them.
export default [...baseConfig, { ignores: ['packages/**', 'apps/**'] }];
