import os from 'node:os';
import path from 'node:path';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // Vitest's default leaves a core free, which on the two-core CI machines is one worker: a clean
    // clone's vitest took 787 s on one and 605 s on two.
    maxWorkers: Math.max(2, os.availableParallelism() - 1),
    globalSetup: ['test/helpers/bundle-cli-once.ts'],
    // The recent-cases list of `trailscope serve` must not be the developer's own.
    env: { TRAILSCOPE_CONFIG_DIR: path.join(os.tmpdir(), 'trailscope-test-config') },
    projects: [
      {
        extends: true,
        test: {
          name: 'node',
          environment: 'node',
          include: ['test/unit/**/*.test.ts', 'test/integration/**/*.test.ts', 'test/hostile/**/*.test.ts'],
        },
      },
      // The renderer's hooks and components, in a DOM of their own, against a fake API client.
      { extends: true, test: { name: 'renderer', environment: 'happy-dom', include: ['test/renderer/**/*.test.tsx'] } },
    ],
  },
});
