import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * Playwright's global setup: the demo case is ingested once per run, and each test serves a copy
 * of it. Ingesting it again for every test, detections included, took a tenth of the e2e run.
 * The folder is named in the environment, which Playwright hands on to its workers.
 */
export default function demoCaseOnce(): () => void {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'trailscope-e2e-demo-'));
  const caseFile = path.join(dir, 'demo.duckdb');
  const built = spawnSync(
    process.execPath,
    ['bin/trailscope.js', 'ingest', '--case', caseFile, 'samples/demo-archive'],
    {
      encoding: 'utf8',
    },
  );
  if (built.status !== 0) throw new Error(`ingesting the demo case failed: ${built.stderr}`);
  process.env.TRAILSCOPE_E2E_DEMO_CASE = caseFile;
  return () => fs.rmSync(dir, { recursive: true, force: true });
}
