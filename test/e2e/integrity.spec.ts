import fs from 'node:fs';
import path from 'node:path';
import type { Report } from '../../shared/model/report.ts';
import { expect, requireBrowser, test } from './fixtures.ts';
import { ExplorerPage } from './pages/explorer-page.ts';
import { IntegrityPage } from './pages/integrity-page.ts';
import { ReportPage } from './pages/report-page.ts';

requireBrowser();
// A zone whose clock went back on 1 November 2026, inside the demo's digests: local time must lay that out too.
test.use({ timezoneId: 'America/New_York' });

const shot = (name: string) => path.join('test-results', 'e2e', 'screens', `${name}.png`);

/**
 * The demo's audit trail: 336 hourly digests signed with the key in samples/demo-public-keys.json,
 * of which the digest of the attack hour (2 November, 02:00) was deleted, and one later log
 * file (05:05) was rewritten after delivery.
 */
const TAMPERED = '111122223333_CloudTrail_us-east-1_20261102T0505Z_demo0502.json.gz';
const ATTACK_HOUR_FILE = '111122223333_CloudTrail_us-east-1_20261102T0205Z_demo0202.json.gz';
const STATUSES = ['valid', 'invalid', 'missing', 'unlisted', 'unverifiable'] as const;

test('an analyst verifies the demo case, without and with keys, pivots to a tampered file’s events and reports what the view shows', async ({
  casePage,
  served,
}) => {
  test.setTimeout(180_000);
  const page = casePage.page;
  const integrity = new IntegrityPage(page);
  await integrity.open();
  await expect(page.getByTestId('never-verified')).toContainText('This case was never verified');
  await expect(page.getByTestId('no-keys')).toBeVisible();
  await page.screenshot({ path: shot('integrity-never-verified'), fullPage: true });

  // Without a key: hashes and the chain are checked, signatures are unverifiable, with the reason.
  await integrity.verify(1);
  await expect(integrity.summary).toContainText('with no public key, so no signature was checked');
  await expect(integrity.summary.getByTestId('signatures')).toHaveText('0 verified, 0 failed, 335 not checked');
  await expect(integrity.count('digests', 'unverifiable')).toHaveText('335');
  await expect(integrity.count('log-files', 'invalid')).toHaveText('1');
  await expect(integrity.problemRows.nth(3)).toContainText('signature not checked');
  await page.screenshot({ path: shot('integrity-without-keys'), fullPage: true });

  await integrity.keysFile.setInputFiles(path.resolve('samples/demo-public-keys.json'));
  await expect(page.getByTestId('keys-imported')).toContainText('From demo-public-keys.json: 1 key added.');
  await expect(integrity.keys.locator('tbody tr')).toHaveCount(1);
  await expect(page.getByText('1 key was imported after the latest run: verify again to use it.')).toBeVisible();
  await integrity.verify(2);

  await expect(integrity.summary.getByTestId('signatures')).toHaveText('334 verified, 0 failed, 1 not checked');
  const shownCounts = { digests: {} as Record<string, number>, log_files: {} as Record<string, number> };
  for (const status of STATUSES) {
    shownCounts.digests[status] = Number(await integrity.count('digests', status).innerText());
    shownCounts.log_files[status] = Number(await integrity.count('log-files', status).innerText());
  }
  expect(shownCounts).toEqual({
    digests: { valid: 334, invalid: 0, missing: 1, unlisted: 0, unverifiable: 1 },
    log_files: { valid: 236, invalid: 1, missing: 0, unlisted: 1, unverifiable: 1 },
  });
  await expect(integrity.summary.getByTestId('event-integrity')).toHaveText(
    '398 verified, 3 only from invalid files, 12 unverified',
  );

  // The strip: fourteen days of hours, one invalid, the deleted digest's hour a gap.
  await expect(integrity.strip).toHaveCount(1);
  await expect(integrity.strip).toContainText('acme-audit');
  await expect(integrity.hours('invalid')).toHaveCount(1);
  await expect(integrity.hours('gap')).toHaveCount(1);
  await expect(integrity.hours('valid')).toHaveCount(333);
  await integrity.hours('invalid').hover();
  await expect(page.locator('.strip-tooltip')).toContainText('2026-11-02 05:00–06:00 UTC');
  await expect(page.locator('.strip-tooltip')).toContainText('invalid: 2 files, 1 not valid');
  await integrity.strip.screenshot({ path: shot('integrity-strip') });
  await integrity.hours('gap').hover();
  await expect(page.locator('.strip-tooltip')).toContainText('in a gap: no digest in the case covers this hour');
  await page.screenshot({ path: shot('integrity-verified'), fullPage: true });

  // The problems, worst first, each with its reason; filtered by status.
  await expect(integrity.problemsTotal).toHaveText('5 files, worst first.');
  await expect(integrity.problemRows.first()).toContainText(TAMPERED);
  await expect(integrity.problemRows.first()).toContainText('the file was changed after delivery');
  await expect(integrity.problem(ATTACK_HOUR_FILE)).toContainText('in the gap of trail acme-audit');
  await expect(integrity.gaps.getByTestId('gap')).toHaveCount(1);
  await expect(integrity.gaps).toContainText('the next digest names it as its previous one; deleted, or not copied');
  await integrity.toggleStatus('unverifiable');
  await expect(integrity.problemsTotal).toHaveText('3 files, worst first.');
  await integrity.toggleStatus('valid');
  await expect(integrity.problemsTotal).toHaveText('573 files, worst first; the first 100 shown.');
  await integrity.toggleStatus('valid');
  await integrity.problems.getByLabel('Kind').selectOption('log');
  await expect(integrity.problemsTotal).toHaveText('2 files, worst first.');
  await page.screenshot({ path: shot('integrity-problems-filtered'), fullPage: true });
  const viewProblems: { status: string; file: string }[] = [];
  await integrity.problems.getByLabel('Kind').selectOption('');
  await integrity.toggleStatus('unverifiable');
  await expect(integrity.problemsTotal).toHaveText('5 files, worst first.');
  for (const row of await integrity.problemRows.all()) {
    viewProblems.push({
      status: await row.locator('.status-badge').innerText(),
      file: (await row.locator('.problem-key').getAttribute('title'))!,
    });
  }

  // A finding of the tampered file; then its events, in the explorer.
  await integrity.problem(TAMPERED).getByRole('button', { name: 'Add to report' }).click();
  await expect(page.getByRole('form', { name: 'New finding' }).getByLabel('Title')).toHaveValue(
    `Log file invalid: ${TAMPERED}`,
  );
  await integrity.problem(TAMPERED).screenshot({ path: shot('integrity-finding-form') });
  await ReportPage.saveFinding(page, {
    title: 'Audit log rewritten after delivery',
    severity: 'high',
    technique: 'T1565.001',
  });
  await page.screenshot({ path: shot('integrity-finding'), fullPage: true });
  await integrity.problem(TAMPERED).getByRole('button', { name: 'Show events' }).click();
  const explorer = new ExplorerPage(page);
  await explorer.expectTotal(3);
  await expect(page.getByTestId('source-chip')).toContainText(`from 1 file: ${TAMPERED}`);
  await expect(explorer.facetValue('integrity', 'invalid-only')).toContainText('3');
  await expect(explorer.rows.filter({ hasText: 'DescribeInstances' })).toContainText('198.51.100.23');
  await page.screenshot({ path: shot('integrity-pivot'), fullPage: true });
  await page.getByTestId('source-chip').getByRole('button').click();
  await explorer.expectTotal(413);

  // A finding of the gap.
  await integrity.open();
  await integrity.gaps.getByRole('button', { name: 'Add to report' }).click();
  await ReportPage.saveFinding(page, { title: 'Digest of the attack hour deleted', severity: 'high' });

  // The same view in the dark theme, and in local time.
  await page.getByLabel('Theme').selectOption('dark');
  await page.getByLabel('Times').selectOption('local');
  await integrity.hours('invalid').hover();
  await expect(page.locator('.strip-tooltip')).toContainText('invalid: 2 files, 1 not valid');
  await page.screenshot({ path: shot('integrity-dark'), fullPage: true });
  await page.getByLabel('Theme').selectOption('system');
  await page.getByLabel('Times').selectOption('utc');

  // The report shows what the view showed.
  const report = new ReportPage(page);
  await report.open();
  await expect(report.cards).toHaveCount(2);
  await expect(report.cards.nth(0)).toContainText('integrity verdicts');
  await expect(report.cards.nth(0)).toContainText(TAMPERED);
  await expect(report.cards.nth(0)).toContainText('invalid');
  await expect(report.cards.nth(1)).toContainText('2026-11-02T02:01:31Z');
  await page.screenshot({ path: shot('integrity-report'), fullPage: true });
  const download = await report.export('JSON');
  const file = path.join(served.dir, download.suggestedFilename());
  await download.saveAs(file);
  const json = JSON.parse(fs.readFileSync(file, 'utf8')) as Report;
  const run = json.integrity.run!;
  expect({ digests: run.summary.digests, log_files: run.summary.log_files }).toEqual(shownCounts);
  expect(json.integrity.problems.map((p) => ({ status: p.status, file: p.s3_object }))).toEqual(viewProblems);
  const html = await report.export('HTML');
  const htmlFile = path.join(served.dir, html.suggestedFilename());
  await html.saveAs(htmlFile);
  const reader = await page.context().newPage();
  await reader.goto(`file://${htmlFile}`);
  await expect(reader.locator('#integrity')).toBeVisible();
  await reader.setViewportSize({ width: 1280, height: 1400 });
  await reader.locator('#integrity').scrollIntoViewIfNeeded();
  await reader.screenshot({ path: shot('integrity-report-html') });
  await reader.close();
});
