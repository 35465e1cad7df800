import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { call, create, declaration, update, writeLog } from '../helpers/pipeline-story.ts';
import { expect, requireBrowser, test } from './fixtures.ts';
import { ExplorerPage } from './pages/explorer-page.ts';
import { PipelinesPage } from './pages/pipelines-page.ts';
import { ReportPage } from './pages/report-page.ts';

requireBrowser();

const shot = (name: string) => path.join('test-results', 'e2e', 'screens', `${name}.png`);
const LEAKED_KEY = 'AKIAQDEMOLEAKED00001';

/** Two more pipelines beside the demo's: one changed without a security change, one only ever run. */
function morePipelines(root: string): string {
  writeLog(root, 'api', [
    create('2026-11-01T09:00:00Z', declaration('api-gateway-build')),
    update('2026-11-01T10:00:00Z', declaration('api-gateway-build'), 2),
  ]);
  writeLog(root, 'nightly', [
    call('StartPipelineExecution', '2026-11-01T03:00:00Z', { request: { name: 'nightly-batch' } }),
  ]);
  return root;
}

test('an analyst sorts and filters the pipelines, follows the intruder from a version to the explorer, and reads the report appendix', async ({
  casePage,
  served,
  browser,
}) => {
  test.setTimeout(150_000);
  const page = casePage.page;
  await page.setViewportSize({ width: 1280, height: 900 });
  await casePage.ingest(morePipelines(path.join(served.dir, 'more')));
  await expect(casePage.outcome).toContainText('Done.', { timeout: 90_000 });

  // The list: security changes first by default, then by name or last change; unchanged pipelines hidden on request.
  const pipelines = new PipelinesPage(page);
  await pipelines.open();
  await expect(pipelines.items).toHaveCount(3);
  expect(await pipelines.names()).toEqual(['deploy-prod', 'api-gateway-build', 'nightly-batch']);
  await pipelines.sort.selectOption('Name');
  await expect(pipelines.items.first()).toContainText('api-gateway-build');
  expect(await pipelines.names()).toEqual(['api-gateway-build', 'deploy-prod', 'nightly-batch']);
  await pipelines.sort.selectOption('Last change');
  expect(await pipelines.names()).toEqual(['deploy-prod', 'api-gateway-build', 'nightly-batch']);
  await pipelines.sort.selectOption('Name');
  await expect(pipelines.items.filter({ hasText: 'nightly-batch' })).toContainText('no version in these logs');
  await pipelines.withVersions.check();
  await expect(pipelines.items).toHaveCount(2);
  await expect(pipelines.count).toHaveText('2 of 3 pipelines');

  // The timeline marks the version that brought the security-relevant changes.
  await pipelines.choose('deploy-prod');
  const v3 = pipelines.version(3);
  await expect(v3).toHaveAttribute('data-security', '2');
  await expect(v3.getByRole('button', { name: /^v3/ })).toContainText('⚠ 2 security changes');
  await v3.getByRole('button', { name: /^v3/ }).click();
  await expect(v3.getByRole('list', { name: 'Security-relevant changes in v3' })).toContainText(
    'manual approval removed',
  );
  await expect(pipelines.version(2)).toHaveAttribute('data-security', '0');
  await pipelines.version(2).getByRole('button', { name: /^v2/ }).click();
  await page.screenshot({ path: shot('flow-pipelines-1280'), fullPage: true });

  // The list's choices, the pipeline and the version survive a trip to another view.
  await page.getByRole('button', { name: 'Report', exact: true }).click();
  await pipelines.open();
  await expect(pipelines.sort).toHaveValue('name');
  await expect(pipelines.withVersions).toBeChecked();
  await expect(pipelines.items).toHaveCount(2);
  await expect(page.getByTestId('version-view').getByRole('heading', { name: 'v2' })).toBeVisible();

  // Diff cells are indented JSON; at 1280 px the graph says which stages are out of view.
  await v3.getByRole('button', { name: 'What changed in v3' }).click();
  const added = pipelines.changeList.locator('pre.value').filter({ hasText: 'Notify' });
  expect(await added.innerText()).toContain('{\n  "name": "Notify",\n  "actionTypeId": {\n    "category": "Invoke",');
  const right = page.getByTestId('off-screen-right');
  await expect(right).toHaveText(/^\d+ stages? →$/);
  await expect(right).toHaveAttribute('title', 'Not in view: Approve (removed)');
  await right.click();
  await expect(page.getByTestId('off-screen-left')).toBeVisible();
  await page.screenshot({ path: shot('flow-pipelines-diff-1280'), fullPage: true });
  await page.setViewportSize({ width: 1920, height: 1000 });
  await expect(right).toBeHidden();
  await page.screenshot({ path: shot('flow-pipelines-diff-1920'), fullPage: true });

  // The intruder's key, from the version it made, to every event of the case in the explorer.
  await v3.getByRole('button', { name: `Explore access key ${LEAKED_KEY}` }).click();
  const explorer = new ExplorerPage(page);
  await expect(explorer.activeFilters).toContainText(LEAKED_KEY);
  await explorer.expectTotal(104);
  await pipelines.open();
  await pipelines.version(3).getByRole('button', { name: 'Explore source IP 203.0.113.66' }).click();
  await expect(explorer.activeFilters).toContainText('203.0.113.66');
  await expect(explorer.activeFilters).not.toContainText(LEAKED_KEY);

  // The report: its manifest is an appendix of folders, and the complete list a CSV with its own SHA-256.
  const report = new ReportPage(page);
  await report.open();
  await page.screenshot({ path: shot('flow-report-builder-1920'), fullPage: true });
  const download = await report.export('HTML');
  const html = path.join(served.dir, download.suggestedFilename());
  await download.saveAs(html);
  const csvRow = report.exports.getByRole('row').filter({ hasText: 'its manifest, CSV' });
  await expect(csvRow).toHaveCount(1);
  const csvName = (await csvRow.locator('code').first().innerText()).trim();
  const stated = (await csvRow.locator('code.hash').innerText()).trim();
  const csvDownload = page.waitForEvent('download');
  await csvRow.getByRole('link', { name: 'Download' }).click();
  const csvFile = path.join(served.dir, csvName);
  await (await csvDownload).saveAs(csvFile);
  expect(crypto.createHash('sha256').update(fs.readFileSync(csvFile)).digest('hex')).toBe(stated);
  const sources = parse(fs.readFileSync(csvFile), { columns: true }) as Record<string, string>[];
  expect(sources.length).toBe(577);

  const reader = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  await reader.goto(`file://${html}`);
  const appendix = reader.locator('h2#manifest');
  await expect(appendix).toHaveText('Appendix: evidence manifest');
  await expect(reader.locator('dl.summary').last()).toContainText(csvName);
  await expect(reader.locator('dl.summary').last()).toContainText(stated);
  await expect(reader.getByRole('row').filter({ hasText: 'CloudTrail/us-east-1/2026/11/02' })).toContainText('log 18');
  await expect(reader.locator('#timeline + p')).toContainText('from the latest detection results');
  await appendix.scrollIntoViewIfNeeded();
  await reader.screenshot({ path: shot('flow-report-appendix-1280') });
  await reader.setViewportSize({ width: 1920, height: 1000 });
  await reader.locator('h2#timeline').scrollIntoViewIfNeeded();
  await reader.screenshot({ path: shot('flow-report-timeline-1920') });
  await reader.close();

  await page.setViewportSize({ width: 1280, height: 900 });
  await page.screenshot({ path: shot('flow-report-builder-1280'), fullPage: true });
});
