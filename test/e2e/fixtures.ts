import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test as base, expect } from '@playwright/test';
import { missingBrowser } from './browser.ts';
import { CasePage } from './pages/case-page.ts';
import { serve } from './serve.ts';

export interface ServedCase {
  url: string;
  caseFile: string;
  dir: string;
}

export const test = base.extend<{ served: ServedCase; casePage: CasePage }>({
  served: async ({}, use) => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'trailscope-e2e-'));
    const caseFile = path.join(dir, 'demo.duckdb');
    fs.copyFileSync(demoCase(), caseFile);
    const { url, child } = await serve(['--case', caseFile], dir);
    await use({ url, caseFile, dir });
    child.kill('SIGINT');
    await new Promise((resolve) => child.once('exit', resolve));
    fs.rmSync(dir, { recursive: true, force: true });
  },
  casePage: async ({ page, served }, use) => {
    const casePage = new CasePage(page);
    await casePage.open(served.url);
    await use(casePage);
  },
});

export { expect };

/** The demo case ingested once for the run (demo-case-once.ts): each test serves its own copy. */
function demoCase(): string {
  const file = process.env.TRAILSCOPE_E2E_DEMO_CASE;
  if (!file) throw new Error('the e2e global setup did not build the demo case');
  return file;
}

/**
 * Without a browser the suite cannot run: under CI that is a failure (the launch fails and
 * says why); elsewhere the suite is skipped, loudly.
 */
export function requireBrowser(): void {
  const problem = missingBrowser();
  if (problem && !process.env.CI) console.warn(`\n!!! E2E TESTS SKIPPED: ${problem} !!!\n`);
  test.skip(problem !== null && !process.env.CI, problem ?? '');
}
