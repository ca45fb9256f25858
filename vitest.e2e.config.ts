import { defineConfig } from 'vitest/config';

// End-to-end tests drive real browsers with the built extension: run `npm run build` and
// `npm run build:firefox` first (npm test does). One file at a time: the machines have 2 cores.
export default defineConfig({
  test: {
    include: ['tests/e2e/**/*.e2e.ts'],
    environment: 'node',
    fileParallelism: false,
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
