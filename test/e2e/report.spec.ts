import fs from 'node:fs';
import path from 'node:path';
import { SERIES_COLORS } from '../../shared/chart-palette.ts';
import { readPdf } from '../helpers/pdf-text.ts';
import { expect, requireBrowser, test } from './fixtures.ts';
import { ConsolePage } from './pages/console-page.ts';
import { ExplorerPage } from './pages/explorer-page.ts';
import { PipelinesPage } from './pages/pipelines-page.ts';
import { ReportPage } from './pages/report-page.ts';

requireBrowser();

const shot = (name: string) => path.join('test-results', 'e2e', 'screens', `${name}.png`);
const HOSTILE_AGENT = '<img src=x onerror=alert(1)> python-requests/2.32.3';
const TITLES = [
  'Leaked key used from 203.0.113.66',
  'Activity burst on 2 November',
  'deploy-prod: approval removed, Lambda added',
];

test('an analyst builds a report of three findings and exports it in all four formats', async ({
  casePage,
  served,
  browser,
}) => {
  test.setTimeout(180_000);
  const page = casePage.page;

  const sql = new ConsolePage(page);
  await sql.open();
  await sql.run(
    `SELECT event_time, event_name, user_agent FROM events WHERE source_ip = '203.0.113.66' ORDER BY event_time`,
  );
  await expect(sql.status).toContainText('8 rows');
  await page.getByRole('button', { name: 'Add as finding' }).click();
  await ReportPage.saveFinding(page, {
    title: TITLES[0]!,
    severity: 'high',
    technique: 'T1078.004',
    narrative: 'Every call from the attacker address, in order.',
  });

  const explorer = new ExplorerPage(page);
  await explorer.open('Charts');
  await page.getByRole('button', { name: 'Add chart as finding' }).click();
  await ReportPage.saveFinding(page, { title: TITLES[1]!, severity: 'medium' });

  const pipelines = new PipelinesPage(page);
  await pipelines.open();
  await pipelines.choose('deploy-prod');
  await pipelines.version(3).getByRole('button', { name: 'What changed in v3' }).click();
  await page.getByRole('button', { name: 'Add this diff to the report' }).click();
  await ReportPage.saveFinding(page, { title: TITLES[2]!, severity: 'critical', technique: 'T1195.002' });

  await explorer.open();
  await explorer.facetValue('source_ip', '203.0.113.66').click();
  await explorer.openEvent('StopLogging');
  await explorer.record.getByRole('button', { name: '☆ Bookmark' }).click();
  await explorer.record.getByLabel('Note').fill('Logging stopped <b>here</b>.');
  await explorer.record.getByRole('button', { name: 'Save note' }).click();
  await expect(explorer.record).toContainText('Note saved');

  const report = new ReportPage(page);
  await report.open();
  const details = page.getByRole('form', { name: 'Case details' });
  await details.getByLabel('Case name').fill('IR-2026-0042 deploy-prod');
  await details.getByLabel('Investigator').fill('R. Analyst');
  await details.getByLabel('Opened').fill('2026-11-03');
  await details.getByRole('button', { name: 'Save details' }).click();
  await expect(details.getByRole('status')).toHaveText('Saved.');

  await expect(report.cards).toHaveCount(3);
  await expect(report.cards.nth(1).locator('svg.recharts-surface')).toBeVisible();
  await page.getByRole('button', { name: 'Move finding 3 up' }).click();
  await expect(report.cards.nth(1)).toContainText(TITLES[2]!);
  await page.getByRole('button', { name: 'Move finding 2 down' }).click();
  await expect(report.cards.nth(2)).toContainText(TITLES[2]!);
  await report.cards.nth(0).getByRole('button', { name: 'Edit' }).click();
  await page
    .getByRole('form', { name: 'Edit finding 1' })
    .getByLabel('Narrative')
    .fill('Every call from the attacker address, in order.\nThe key was leaked from a CI log.');
  await page.getByRole('form', { name: 'Edit finding 1' }).getByRole('button', { name: 'Save' }).click();
  await expect(report.cards.nth(0)).toContainText('The key was leaked from a CI log.');
  await expect(page.getByRole('region', { name: 'From bookmarked events' })).toContainText('StopLogging');
  await page.screenshot({ path: shot('report-builder'), fullPage: true });

  const files: Record<string, string> = {};
  for (const format of ['HTML', 'PDF', 'Markdown', 'JSON'] as const) {
    const download = await report.export(format);
    files[format] = path.join(served.dir, download.suggestedFilename());
    await download.saveAs(files[format]!);
  }
  // A header, then each report and its manifest CSV.
  await expect(report.exports.getByRole('row')).toHaveCount(9);
  await page.screenshot({ path: shot('report-exports'), fullPage: true });

  const reader = await browser.newPage({ javaScriptEnabled: true });
  const dialogs: string[] = [];
  const requests: string[] = [];
  reader.on('dialog', (dialog) => {
    dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  reader.on('request', (request) => {
    if (!request.url().startsWith('file:')) requests.push(request.url());
  });
  await reader.goto(`file://${files.HTML}`);
  await expect(reader.getByRole('heading', { level: 1 })).toHaveText('IR-2026-0042 deploy-prod');
  await expect(reader.locator('section.finding h3')).toHaveText(
    TITLES.map((t, i) => new RegExp(`^${i + 1}\\. ${t.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`)),
  );
  await expect(reader.locator('section.finding svg rect').first()).toBeVisible();
  await expect(reader.locator('section.finding').nth(2)).toContainText('stages[Approve]');
  await expect(reader.locator('body')).toContainText(HOSTILE_AGENT);
  await expect(reader.locator('table').filter({ hasText: 'Tags and note' })).toContainText(
    'Logging stopped <b>here</b>.',
  );
  expect(await reader.locator('img, script, iframe, [onerror]').count()).toBe(0);
  expect(dialogs).toEqual([]);
  expect(requests).toEqual([]);
  await reader.screenshot({ path: shot('report-html'), fullPage: false });
  await reader.locator('#finding-2').screenshot({ path: shot('report-html-chart') });
  await reader.close();

  const pdf = await readPdf(files.PDF!);
  const pdfText = pdf.text.replace(/\s+/g, ' ');
  for (const title of TITLES) expect(pdfText).toContain(title);
  for (const color of SERIES_COLORS.slice(0, 3)) expect(pdf.fillColors).toContain(color);

  const markdown = fs.readFileSync(files.Markdown!, 'utf8');
  expect(markdown).toContain('### 1. Leaked key used from 203.0.113.66 (high)');
  expect(markdown).toContain('`<img src=x onerror=alert(1)> python-requests/2.32.3`');
  const json = JSON.parse(fs.readFileSync(files.JSON!, 'utf8')) as {
    findings: { title: string }[];
    details: { investigator: string };
  };
  expect(json.findings.map((f) => f.title)).toEqual(TITLES);
  expect(json.details.investigator).toBe('R. Analyst');
});

test('bookmarked events become a finding of their own', async ({ casePage }) => {
  const page = casePage.page;
  const explorer = new ExplorerPage(page);
  await explorer.open();
  await explorer.facetValue('source_ip', '203.0.113.66').click();
  for (const name of ['StopLogging', 'CreateAccessKey']) {
    await explorer.openEvent(name);
    await explorer.record.getByRole('button', { name: '☆ Bookmark' }).click();
    await expect(explorer.record.getByRole('button', { name: '★ Bookmarked' })).toBeVisible();
  }
  const report = new ReportPage(page);
  await report.open();
  const bookmarks = page.getByRole('region', { name: 'From bookmarked events' });
  await bookmarks.getByRole('checkbox').first().uncheck();
  await bookmarks.getByRole('button', { name: 'Make a finding of 1 bookmarked event' }).click();
  await ReportPage.saveFinding(page, {
    title: 'Access key made for another user',
    severity: 'high',
    technique: 'T1098.001',
  });
  await expect(report.cards).toHaveCount(1);
  await expect(report.cards.first()).toContainText('CreateAccessKey');
  await expect(report.cards.first()).not.toContainText('StopLogging');
});
