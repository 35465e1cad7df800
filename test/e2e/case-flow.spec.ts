import fs from 'node:fs';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { generateArchive } from '../../bench/generate-archive.ts';
import { expect, requireBrowser, test } from './fixtures.ts';

requireBrowser();

const shot = (name: string) => path.join('test-results', 'e2e', 'screens', `${name}.png`);
const DOCS = 'test/fixtures/corpus/codepipeline/awsdocs-codepipeline-userguide-UpdatePipeline';

/** A file that loads 436 records and rejects 3: partly loaded, not an error. */
function partlyLoaded(file: string) {
  const records = Array.from({ length: 436 }, (_, i) => ({
    eventVersion: '1.08',
    eventTime: `2026-11-0${1 + (i % 9)}T10:00:00Z`,
    eventSource: 's3.amazonaws.com',
    eventName: 'GetObject',
    eventID: `partly-${i}`,
    recipientAccountId: '210987654321',
  }));
  for (let i = 0; i < 3; i++)
    records.push({ eventVersion: '1.08', eventID: `no-time-${i}` } as (typeof records)[number]);
  fs.writeFileSync(file, JSON.stringify({ Records: records }));
}

async function screens(page: Page, name: string) {
  for (const width of [1280, 1920]) {
    await page.setViewportSize({ width, height: 1000 });
    await page.screenshot({ path: shot(`${name}-${width}`) });
  }
  await page.setViewportSize({ width: 1280, height: 1000 });
}

test('the case flow: ingest progress through its commits, a conflict side by side, the summary ranked with more, the chain of custody', async ({
  casePage,
  page,
  served,
}) => {
  test.setTimeout(240_000);
  await page.setViewportSize({ width: 1280, height: 1000 });
  // About 66 MB of records: batches of 16 and 32 MiB commit while files are read, the rest after.
  const big = path.join(served.dir, 'big');
  generateArchive(big, 60_000, 9);
  const extra = path.join(served.dir, 'extra');
  fs.mkdirSync(extra);
  fs.copyFileSync(`${DOCS}-2017.json`, path.join(extra, '2017.json'));
  fs.copyFileSync(`${DOCS}-2021.json`, path.join(extra, '2021.json'));
  partlyLoaded(path.join(extra, 'partly.json'));

  // Progress covers the commits: once every file is read the bar is still short of its end, the
  // commits left are said, and the summary already counts what the first batches committed.
  await casePage.ingest(big, extra);
  await expect
    .poll(
      () =>
        page.evaluate(() => ({
          events: document.querySelector('[data-testid="summary-events"]')?.textContent,
          running: document.querySelector('[data-testid="ingest-stats"]') !== null,
        })),
      { timeout: 60_000 },
    )
    .toEqual({ events: expect.not.stringMatching(/^413$/), running: true });
  await expect(casePage.stats).toHaveText(/^Committing · \d{1,2}% · [\d,]+ records committed in \d batch(es)? ·/, {
    timeout: 90_000,
  });
  await expect(page.getByTestId('ingest-reading')).toHaveText(/^Every file read: [\d,]+ files, [\d,]+ records\.$/);
  await expect(page.getByTestId('ingest-commit')).toHaveText(/^Committing batch \d of \d/);
  await page.screenshot({ path: shot('case-flow-committing-1280') });

  // Leaving the Case view while the ingest runs loses nothing: back again, the job, its paths
  // and its progress are where they were (or its end, had it ended meanwhile).
  await page.getByRole('button', { name: 'SQL', exact: true }).click();
  await expect(page.getByTestId('ingest-stats')).toHaveCount(0);
  await page.getByRole('button', { name: 'Case', exact: true }).click();
  await expect(casePage.paths).toHaveValue(`${big}\n${extra}`);
  await expect(casePage.stats.or(casePage.outcome)).toBeVisible();
  await expect(casePage.outcome).toContainText('Done, with errors.', { timeout: 120_000 });
  await expect(casePage.outcome).toContainText('60,437 events added');
  await expect(casePage.outcome).toContainText('1 conflicting delivery recorded');
  await expect(casePage.outcome.getByRole('note')).toContainText('evidence of tampering or of a bad export');

  // The summary: counts in words, a file that loaded in part, the conflict.
  await expect(casePage.events).toHaveText('60,850');
  await expect(casePage.sources).toHaveText(/^[\d,]+: [\d,]+ loaded, 1 partly loaded$/);
  await expect(page.getByTestId('summary-rejected')).toHaveText('3 records in 1 file');
  await expect(page.getByTestId('summary-conflicts')).toHaveText('1 event, 1 differing delivery');
  await page.getByLabel(/only files with problems/).check();
  await expect(page.getByTestId('sources').locator('tbody tr')).toHaveCount(1);
  await expect(page.getByTestId('source-status')).toHaveText(/^partly loaded3 record\(s\) not loaded/);
  await page.getByLabel(/only files with problems/).uncheck();

  // Ranked lists: a few values, then more on request.
  const names = page.getByTestId('ranked-event_name');
  await expect(names.getByRole('listitem')).toHaveCount(5);
  await names.getByRole('button', { name: /^\d+ more$/ }).click();
  expect(await names.getByRole('listitem').count()).toBeGreaterThan(5);
  const principals = page.getByTestId('ranked-principal');
  await expect(principals.getByRole('heading')).toHaveText(/^Principals · [\d,]+ values$/);
  await principals.getByRole('button', { name: '20 more' }).click();
  await expect(principals.getByRole('listitem')).toHaveCount(25);
  await page.getByTestId('case-summary').scrollIntoViewIfNeeded();
  await screens(page, 'case-flow-summary');

  // The conflict: both bodies side by side, the difference marked, from the summary.
  await page.getByRole('button', { name: 'compare the bodies' }).click();
  const dialog = page.getByRole('dialog', { name: 'Conflicting deliveries of one event' });
  await expect(dialog).toBeVisible();
  await expect(dialog.locator('pre.old')).toContainText('AWS-CodePipeline-Service');
  await expect(dialog.locator('pre.new')).toContainText('CodePipeline_Service_Role');
  await expect(dialog).toContainText('evidence of tampering or of a bad export');
  await screens(page, 'case-flow-conflict');
  await dialog.getByRole('button', { name: 'Close' }).click();
  await expect(dialog).toBeHidden();

  // And from the event itself, in the explorer's record.
  await page.getByRole('button', { name: 'open the event' }).click();
  const note = page.getByTestId('conflict-note');
  await expect(note).toContainText('Delivered with 2 different bodies.');
  await page.getByTestId('record-panel').screenshot({ path: shot('case-flow-record-panel-1280') });
  await note.getByRole('button', { name: 'Compare them side by side' }).click();
  await expect(dialog.locator('pre.new')).toContainText('CodePipeline_Service_Role');
  await screens(page, 'case-flow-conflict-from-event');
  await dialog.getByRole('button', { name: 'Close' }).click();

  // The chain of custody, in its own tab of the Case view.
  await page.getByRole('button', { name: 'Case', exact: true }).click();
  await page.getByRole('tab', { name: /^Chain of custody/ }).click();
  const log = page.getByTestId('case-log');
  await expect(log.locator('.log-entry').filter({ hasText: 'Evidence ingested' })).toHaveCount(2);
  // The demo's detections at least; ours may still be running behind the ingest.
  await expect(log.locator('.log-entry').filter({ hasText: 'Detections run' }).first()).toBeVisible();
  await expect(log).toContainText(`From ${big} and 1 more input: `);
  await expect(log).toContainText('3 records rejected, 1 file with problems, 1 conflicting delivery.');
  await screens(page, 'case-flow-custody');
});
