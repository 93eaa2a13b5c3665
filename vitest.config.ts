import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.{ts,tsx}'],
    globalSetup: ['test/setup/global-setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // Clusters are cheap, but the end-to-end tests spawn daemons and kubectl: keep to the two CI cores.
    maxWorkers: 2,
  },
});
