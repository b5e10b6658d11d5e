import { defineConfig } from 'vitest/config';

// One runner for the engine and the server; e2e has its own config (it needs a built app and Chromium).
export default defineConfig({
  test: {
    pool: 'forks',
    testTimeout: 30_000,
    hookTimeout: Number(process.env.TEST_HOOK_TIMEOUT ?? 60_000),
    projects: [
      { extends: true, test: { name: 'engine', include: ['packages/engine/src/**/*.test.ts'] } },
      // The web's pure modules (CSV writer, HTML escaping); components are covered by e2e.
      { extends: true, test: { name: 'web', include: ['packages/web/src/**/*.test.ts'] } },
      {
        extends: true,
        test: {
          name: 'server',
          include: ['packages/server/src/**/*.test.ts', 'packages/server/test/**/*.test.ts'],
          globalSetup: ['packages/server/test/global-setup.ts'],
        },
      },
    ],
  },
});
