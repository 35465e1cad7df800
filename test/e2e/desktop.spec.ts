import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { _electron as electron, expect, test } from '@playwright/test';
import { electronBinary, missingDesktop } from './browser.ts';

const problem = missingDesktop();
if (problem) console.warn(`\n!!! DESKTOP (ELECTRON) E2E SKIPPED: ${problem} !!!\n`);
test.skip(problem !== null, problem ?? '');

test('opens a case in a locked-down window that talks to the core over IPC', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'trailscope-desktop-'));
  const caseFile = path.join(dir, 'demo.duckdb');
  spawnSync(process.execPath, ['bin/trailscope.js', 'ingest', '--case', caseFile, 'samples/demo-archive'], {
    stdio: 'ignore',
  });
  const app = await electron.launch({ executablePath: electronBinary()!, args: ['.', caseFile] });
  const window = await app.firstWindow();
  await expect(window.getByTestId('summary-events')).toHaveText('413');
  expect(await window.evaluate(() => typeof (globalThis as { require?: unknown }).require)).toBe('undefined');
  expect(await window.evaluate(() => typeof (globalThis as { process?: unknown }).process)).toBe('undefined');
  await window.screenshot({ path: path.join('test-results', 'e2e', 'screens', 'desktop.png') });
  await app.close();
  fs.rmSync(dir, { recursive: true, force: true });
});
