import { defineConfig } from 'vitest/config';

// One runner for the engine and the server; e2e has its own config (it needs a built app and Chromium).
export default defineConfig({
  test: {
    include: ['packages/*/src/**/*.test.ts', 'packages/*/test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
  },
});
