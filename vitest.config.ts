import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // Browser suites launch one Chromium each; two cores cannot run many at once.
    maxWorkers: 2,
    testTimeout: 60_000,
    hookTimeout: 60_000,
    projects: [
      // Pure code: no servers, no processes, no module state a test changes, so files share their modules.
      { extends: true, test: { name: 'unit', include: ['test/unit/**/*.test.ts'], isolate: false } },
      { extends: true, test: { name: 'stack', include: ['test/stack/**/*.test.ts'] } },
    ],
  },
});
