import { type ChildProcess, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, requireBrowser, test } from './fixtures.ts';
import { CasePage } from './pages/case-page.ts';
import { ConsolePage } from './pages/console-page.ts';
import { DetectionsPage } from './pages/detections-page.ts';
import { ExplorerPage } from './pages/explorer-page.ts';
import { serve } from './serve.ts';

requireBrowser();

const shot = (name: string) => path.join('test-results', 'e2e', 'screens', `${name}.png`);
const STOP_LOGGING_RULE = 'cloudtrail-logging-changed';

function trailscope(...args: string[]): string {
  const run = spawnSync(process.execPath, ['bin/trailscope.js', ...args], { encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`trailscope ${args.join(' ')} exited ${run.status}: ${run.stderr}`);
  return run.stdout;
}

let dir: string;
let lake: string;
let served: { url: string; child: ChildProcess };
/** What the case itself answers, to hold the lake's answers to. */
let expected: { events: number; codepipeline: number; stopLogging: number };

test.beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'trailscope-e2e-lake-'));
  const caseFile = path.join(dir, 'demo.duckdb');
  lake = path.join(dir, 'lake');
  trailscope('ingest', '--case', caseFile, 'samples/demo-archive');
  trailscope('export', '--case', caseFile, '--parquet', lake);
  const [counts] = JSON.parse(
    trailscope(
      'query',
      '--case',
      caseFile,
      '--format',
      'json',
      `SELECT count(*) AS events, count(*) FILTER (WHERE event_source = 'codepipeline.amazonaws.com') AS codepipeline,
         (SELECT hit_total FROM detection_results WHERE rule_id = '${STOP_LOGGING_RULE}' ORDER BY run_id DESC LIMIT 1) AS stop_logging
       FROM events`,
    ),
  ) as { events: number; codepipeline: number; stop_logging: number }[];
  expected = {
    events: Number(counts!.events),
    codepipeline: Number(counts!.codepipeline),
    stopLogging: Number(counts!.stop_logging),
  };
  // The start screen, from which the analyst opens the lake folder.
  served = await serve([], dir);
});

test.afterAll(async () => {
  served.child.kill('SIGINT');
  await new Promise((resolve) => served.child.once('exit', resolve));
  fs.rmSync(dir, { recursive: true, force: true });
});

test('an analyst opens a Parquet lake from the start screen and queries, narrows and hunts in it', async ({ page }) => {
  test.setTimeout(180_000);
  await page.setViewportSize({ width: 1280, height: 1000 });
  const casePage = new CasePage(page);
  await casePage.open(served.url);
  await page.getByLabel('Case file, or Parquet lake folder, on this machine').fill(lake);
  await page.getByRole('button', { name: 'Open', exact: true }).click();

  await expect(page.getByText('Parquet lake · read-only')).toBeVisible();
  await expect(page.getByTestId('lake-panel')).toContainText(lake);
  await expect(casePage.events).toContainText(expected.events.toLocaleString('en-US'));
  await expect(casePage.ingestButton).toHaveCount(0);
  await page.screenshot({ path: shot('lake-case'), fullPage: true });

  const sql = new ConsolePage(page);
  await sql.open();
  await sql.run(`SELECT account, count(*) AS n FROM events GROUP BY account`);
  await expect(sql.grid).toContainText('111122223333');
  await expect(sql.grid).toContainText(String(expected.events));
  await sql.run(`SELECT count(*) FROM read_parquet('${lake}/events/**/*.parquet')`);
  await expect(sql.error).toContainText('Refused');
  await page.screenshot({ path: shot('lake-console'), fullPage: true });

  const explorer = new ExplorerPage(page);
  await explorer.open();
  await explorer.expectTotal(expected.events);
  await explorer.facetValue('event_source', 'codepipeline.amazonaws.com').click();
  await explorer.expectTotal(expected.codepipeline);
  await expect(explorer.rows.first()).toContainText('codepipeline:');
  // The other facets count within the filter: IAM's ListUsers is gone from event names.
  await expect(explorer.facetValue('event_name', 'ListUsers')).toHaveCount(0);
  await page.screenshot({ path: shot('lake-explorer'), fullPage: true });

  const detections = new DetectionsPage(page);
  await detections.open();
  await detections.runButton.click();
  await detections.waitForRun(1);
  await detections.find(STOP_LOGGING_RULE);
  await expect(detections.rule(STOP_LOGGING_RULE).getByTestId('rule-hits')).toHaveText(String(expected.stopLogging));
  await page.screenshot({ path: shot('lake-detections'), fullPage: true });

  await page.getByRole('button', { name: 'Integrity', exact: true }).click();
  await expect(page.getByTestId('lake-integrity')).toBeVisible();
  await expect(page.getByRole('button', { name: /^Verify/ })).toHaveCount(0);
});
