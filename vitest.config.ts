import os from 'node:os';
import path from 'node:path';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/unit/**/*.test.ts', 'test/integration/**/*.test.ts', 'test/hostile/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // The recent-cases list of `trailscope serve` must not be the developer's own.
    env: { TRAILSCOPE_CONFIG_DIR: path.join(os.tmpdir(), 'trailscope-test-config') },
  },
});
