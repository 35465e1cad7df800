import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test as base, expect } from '@playwright/test';
import { missingBrowser } from './browser.ts';
import { CasePage } from './pages/case-page.ts';

export interface ServedCase {
  url: string;
  caseFile: string;
  dir: string;
}

/**
 * Starts `trailscope serve` as a user would and reads the URL from its one line of output. Its
 * recent-cases list goes into `configDir`, not into the user's own config.
 */
export async function serve(args: string[], configDir: string): Promise<{ url: string; child: ChildProcess }> {
  const env = { ...process.env, TRAILSCOPE_CONFIG_DIR: configDir };
  const child = spawn(process.execPath, ['bin/trailscope.js', 'serve', ...args], {
    stdio: ['ignore', 'pipe', 'inherit'],
    env,
  });
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const match = /at (http:\/\/127\.0\.0\.1:\d+\/\?token=\S+)/.exec(out);
      if (match) resolve(match[1]!);
    });
    child.once('exit', (code) => reject(new Error(`trailscope serve exited ${code}: ${out}`)));
  });
  return { url, child };
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
