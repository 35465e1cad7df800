import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { generateArchive } from '../../bench/generate-archive.ts';
import { expect, requireBrowser, test } from './fixtures.ts';

requireBrowser();

const shot = (name: string) => path.join('test-results', 'e2e', 'screens', `${name}.png`);

test('opens the demo case and shows its summary', async ({ casePage, page }) => {
  await expect(casePage.events).toHaveText('413');
  await expect(casePage.sources).toHaveText('575, all loaded');
  await expect(page.getByTestId('ranked-recipient_account_id').getByRole('listitem')).toHaveText(['111122223333413']);
  await expect(page.getByTestId('sources').locator('tbody tr')).toHaveCount(50);
  await expect(page.getByText('The first 50 of 575')).toBeVisible();
  expect(page.url()).not.toContain('token=');
  await page.screenshot({ path: shot('demo-case'), fullPage: true });
});

test('refuses to show the case to a page opened without the token', async ({ page, served }) => {
  await page.goto(served.url.replace(/\?token=.*/, ''));
  await expect(page.getByRole('alert')).toContainText('missing or wrong token');
});

test('ingests a folder with a progress bar, cancels it, and finishes it on a second run', async ({
  casePage,
  page,
  served,
}) => {
  const folder = path.join(served.dir, 'big');
  generateArchive(folder, 100_000, 3);

  await casePage.ingest(folder);
  await expect(casePage.progress).toBeVisible();
  await expect(casePage.stats).toContainText('records/s');
  await page.screenshot({ path: shot('ingest-running'), fullPage: true });
  await casePage.cancelButton.click();
  // Batches start small, so a cancel a moment in has usually kept the first ones; either way it says which.
  await expect(casePage.outcome).toContainText(
    /Cancelled: (nothing was kept|\d+ batch(es)? committed before the cancel (was|were) kept)/,
  );
  await page.screenshot({ path: shot('ingest-cancelled'), fullPage: true });

  await casePage.ingest(folder);
  await expect(casePage.outcome).toContainText('Done.', { timeout: 90_000 });
  await expect(casePage.events).toHaveText('100,413');
  await page.screenshot({ path: shot('ingest-done'), fullPage: true });
});

test('queues an ingest behind one already writing the case, says behind which, and cancels it before it starts', async ({
  casePage,
  page,
  served,
}) => {
  const folder = path.join(served.dir, 'other-tab');
  generateArchive(folder, 30_000, 4);
  const good = path.join(served.dir, 'stop-logging.json.gz');
  fs.writeFileSync(good, zlib.gzipSync(fs.readFileSync('test/fixtures/corpus/stratus-cloudtrail-stop.json')));
  // Another tab of the same browser face starts a long ingest first.
  const { origin, searchParams } = new URL(served.url);
  const call = (name: string, params: unknown) =>
    fetch(`${origin}/api/${name}`, {
      method: 'POST',
      headers: { 'x-trailscope-token': searchParams.get('token')! },
      body: JSON.stringify(params),
    }).then((r) => r.json() as Promise<{ value: { jobId: string } }>);
  const other = (await call('ingest:start', { paths: [folder] })).value.jobId;

  await casePage.ingest(good);
  // The other tab's ingest queued the detection pack's run behind it: ours waits for both, and names the one just ahead.
  await expect(casePage.queued).toContainText(
    /Queued behind the detections after the ingest( \(and 1 more job ahead\))?: it starts when that ends\./,
  );
  await page.screenshot({ path: shot('ingest-queued'), fullPage: true });
  await casePage.cancelButton.click();
  await expect(casePage.outcome).toContainText('Cancelled before it started: nothing was ingested.');

  await casePage.ingest(good);
  await call('job:cancel', { jobId: other });
  await expect(casePage.outcome).toContainText('Done. 1 file read, 1 event added', { timeout: 30_000 });
});

test('ingests an uploaded archive and shows hostile file names and errors as plain text', async ({
  casePage,
  page,
  served,
}) => {
  let dialogs = 0;
  page.on('dialog', (dialog) => {
    dialogs++;
    void dialog.dismiss();
  });
  const good = path.join(served.dir, 'stop-logging.json.gz');
  fs.writeFileSync(good, zlib.gzipSync(fs.readFileSync('test/fixtures/corpus/stratus-cloudtrail-stop.json')));
  const hostile = path.join(served.dir, '<img src=x onerror=alert(1)>.json');
  fs.writeFileSync(hostile, '{"Records": [ {"eventTime": ');

  await casePage.upload.setInputFiles(good);
  await expect(casePage.outcome).toContainText('Done. 1 file read, 1 event added');
  await casePage.ingest(hostile);
  await expect(casePage.outcome).toContainText('Done, with errors. 1 file read');
  await expect(casePage.outcome).toContainText('1 file with errors: the rest loaded');
  await expect(casePage.outcome.getByText('<img src=x onerror=alert(1)>.json', { exact: false })).toBeVisible();
  await page.getByLabel(/only files with problems/).check();
  await expect(page.getByTestId('sources')).toContainText('<img src=x onerror=alert(1)>.json');
  await expect(page.getByTestId('sources')).toContainText('invalid JSON at line 1, column 29');
  expect(await page.locator('img').count()).toBe(0);
  expect(dialogs).toBe(0);
  await page.screenshot({ path: shot('ingest-errors'), fullPage: true });
});

test('makes a new case from archives on the start screen, with progress, and lists it among recent cases', async ({
  casePage,
  page,
  served,
}) => {
  await page.getByRole('button', { name: 'Cases', exact: true }).click();
  await expect(page.getByRole('region', { name: 'Recent cases' }).getByRole('listitem').first()).toContainText(
    `${served.caseFile}open now`,
  );
  const fresh = path.join(served.dir, 'fresh.duckdb');
  await page.getByLabel('New case file').fill(fresh);
  await page
    .getByLabel('Folders, zips or files to build it from, one per line')
    .fill(path.resolve('samples/demo-archive'));
  await page.screenshot({ path: shot('start-screen'), fullPage: true });
  await page.getByRole('button', { name: 'Create and ingest' }).click();
  await expect(casePage.outcome).toContainText('Done. 575 files read, 413 events added', { timeout: 30_000 });
  await expect(casePage.events).toHaveText('413');
  await expect(page.locator('.case-path')).toHaveText(fresh);
  await page.getByRole('button', { name: 'Cases', exact: true }).click();
  await expect(page.getByRole('region', { name: 'Recent cases' }).getByRole('listitem')).toHaveCount(2);
  await expect(page.getByRole('region', { name: 'Recent cases' }).getByRole('listitem').first()).toContainText(
    `${fresh}open now`,
  );
});
