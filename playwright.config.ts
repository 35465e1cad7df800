import { defineConfig } from '@playwright/test';
import { CHROMIUM_ARGS, chromiumPath } from './test/e2e/browser.ts';

export default defineConfig({
  testDir: 'test/e2e',
  globalSetup: './test/e2e/demo-case-once.ts',
  outputDir: 'test-results/e2e',
  // Limits that catch a hung test, not measures of speed (`npm run bench` measures): on these
  // shared machines the same e2e tier took 4.1 to 5.3 minutes, and two stories of 45 s under a
  // 60 s limit were one slow run away from failing CI.
  timeout: 120_000,
  expect: { timeout: 10_000 },
  fullyParallel: false,
  // Two spec files at a time: a test mostly waits on its served core and its page, and CI runs
  // this tier after the unit tiers, when both cores are free.
  workers: 2,
  reporter: [['list']],
  use: {
    screenshot: 'on',
    trace: 'retain-on-failure',
    launchOptions: {
      executablePath: chromiumPath(),
      args: CHROMIUM_ARGS,
    },
  },
});
