import { defineConfig } from 'tsup';
import { baseConfig } from '@negmnist/tsup-config';

// One entry per job: `.` names + schema + parsing, `./aggregate`, `./store` (Node I/O), `./testing` (fixtures).
export default defineConfig({
  ...baseConfig,
  entry: { index: 'src/index.ts', aggregate: 'src/aggregate.ts', store: 'src/store-index.ts', testing: 'src/testing.ts' },
});
