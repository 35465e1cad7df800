import fs from 'node:fs';
import path from 'node:path';
import { generateArchive } from '../../bench/generate-archive.ts';
import { expect, requireBrowser, test } from './fixtures.ts';
import { PipelinesPage } from './pages/pipelines-page.ts';

requireBrowser();

const shot = (name: string) => path.join('test-results', 'e2e', 'screens', `${name}.png`);

test('finds the maliciously changed pipeline, who changed it from where, and saves the version before as restore JSON', async ({
  casePage,
}) => {
  const page = casePage.page;
  const pipelines = new PipelinesPage(page);
  await pipelines.open();
  await expect(pipelines.items).toHaveCount(1);
  await expect(pipelines.items.first()).toContainText('2 security');
  await pipelines.choose('deploy-prod');
  await expect(pipelines.versions).toHaveCount(4);
  await expect(page.getByTestId('timeline-attempt')).toContainText('UpdatePipeline failed by dana');
  await page.screenshot({ path: shot('pipeline-timeline'), fullPage: true });

  const v3 = pipelines.version(3);
  await expect(v3).toContainText('dana · key AKIAQDEMOLEAKED00001 · from 203.0.113.66');
  await expect(v3).toContainText('agent <img src=x onerror=alert(1)> python-requests/2.32.3');
  await v3.getByRole('button', { name: 'What changed in v3' }).click();
  await expect(pipelines.comparison).toContainText('v2 → v3: 2 changes, 2 security-relevant');
  await expect(pipelines.changeList.locator('tr.security').first()).toContainText('manual approval removed');
  await expect(pipelines.changeList).toContainText('points into another account (999988887777)');
  await expect(pipelines.graph.locator('[data-mark="added"]')).toContainText('Notify');
  await expect(pipelines.graph.locator('[data-mark="removed"]')).toContainText('ManualApproval');
  await page.screenshot({ path: shot('pipeline-diff'), fullPage: true });
  await page.getByRole('button', { name: 'Add this diff to the report' }).click();
  await expect(page.getByLabel('Title')).toHaveValue('deploy-prod v2 → v3: 2 security-relevant changes');
  await page.getByRole('button', { name: 'Save finding' }).click();
  await expect(page.getByTestId('finding-saved')).toContainText('Saved as finding 1 (high)');

  await page.getByRole('tab', { name: 'Raw JSON' }).click();
  await expect(page.getByTestId('json-diff').locator('pre.new').first()).toBeVisible();
  await page.screenshot({ path: shot('pipeline-json-diff'), fullPage: true });

  await page.getByRole('button', { name: 'Close comparison' }).click();
  await pipelines.version(2).getByRole('button', { name: /^v2/ }).click();
  await page.getByRole('button', { name: 'Restore JSON for v2' }).click();
  const saving = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Save deploy-prod-v2.update-pipeline.json' }).click();
  const saved = JSON.parse(fs.readFileSync((await (await saving).path())!, 'utf8')) as {
    pipeline: Record<string, unknown>;
  };
  expect(saved.pipeline.name).toBe('deploy-prod');
  expect(saved.pipeline).not.toHaveProperty('version');
  expect((saved.pipeline.stages as { name: string }[]).map((s) => s.name)).toEqual([
    'Source',
    'Build',
    'Approve',
    'Deploy',
  ]);

  await page.getByRole('button', { name: /What this key did/ }).click();
  await expect(page.getByTestId('actor-activity')).toContainText('codepipeline:UpdatePipeline');
  await page.getByRole('button', { name: 'CloudTrail record' }).click();
  await expect(page.getByTestId('event-record')).toContainText('"eventName": "UpdatePipeline"');
  expect(await page.locator('img').count()).toBe(0);
  await page.screenshot({ path: shot('pipeline-version'), fullPage: true });
});

test('stays usable on a pipeline with 500 versions', async ({ casePage, page, served }) => {
  const archive = path.join(served.dir, 'long');
  generateArchive(archive, 10_000, 5);
  await casePage.ingest(archive);
  await expect(casePage.outcome).toContainText('Done.', { timeout: 90_000 });

  const pipelines = new PipelinesPage(page);
  await pipelines.open();
  await pipelines.search.fill('release');
  const started = Date.now();
  await pipelines.choose('release-train');
  await expect(pipelines.versions).toHaveCount(500);
  console.log(`500-version timeline shown in ${Date.now() - started} ms`);
  await pipelines.version(500).getByRole('button', { name: 'What changed in v500' }).click();
  await expect(pipelines.comparison).toContainText('v499 → v500');
  await page.screenshot({ path: shot('pipeline-500-versions') });
});
