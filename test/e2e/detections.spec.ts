import path from 'node:path';
import type { Page } from '@playwright/test';
import { expect, requireBrowser, test } from './fixtures.ts';
import { DetectionsPage } from './pages/detections-page.ts';
import { ExplorerPage } from './pages/explorer-page.ts';
import { ReportPage } from './pages/report-page.ts';

requireBrowser();

const shot = (name: string) => path.join('test-results', 'e2e', 'screens', `${name}.png`);

/** The demo's StopLogging: an intruder with a leaked key, from a python-requests client whose user agent carries markup. */
const STOP_LOGGING_RULE = 'cloudtrail-logging-changed';
const STOP_LOGGING_TITLE = 'CloudTrail logging stopped or changed';
const HOSTILE_AGENT = '<img src=x onerror=alert(1)> python-requests/2.32.3';
const SIGMA_RULE = 'sigma-cloudtrail-changed-by-a-python-script';
const SIGMA_FILES = ['scripted-cloudtrail-changes.yml', 'keyword-search.yml'].map((f) =>
  path.resolve('test/fixtures/sigma/ui', f),
);

/**
 * Nothing on the page is wider than the window: a table, an ARN or the matrix would push it
 * sideways. Charts and grids take their width from a resize observer, a frame or two after
 * the window changes, so the page is given a moment to settle.
 */
async function expectNoSidewaysOverflow(page: Page) {
  await expect
    .poll(() => page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth))
    .toBeLessThanOrEqual(0);
}

async function atWidths(page: Page, name: string) {
  for (const width of [1280, 1920]) {
    await page.setViewportSize({ width, height: 1000 });
    await expectNoSidewaysOverflow(page);
    await page.screenshot({ path: shot(`${name}-${width}`), fullPage: true });
  }
}

test('an analyst reads the demo case’s detections, pivots from a hit to its events, reports it, and imports a Sigma rule', async ({
  casePage,
}) => {
  test.setTimeout(180_000);
  const page = casePage.page;
  await page.setViewportSize({ width: 1280, height: 1000 });
  const detections = new DetectionsPage(page);
  await detections.open();
  // The demo case was built by an ingest, which queued a run of the whole pack behind it.
  await detections.waitForRun(1);
  await expect(detections.latestRun).toContainText('after an ingest, all');
  await expect(page.getByTestId('never-run')).toHaveCount(0);

  // Hits by severity, and the ATT&CK matrix.
  await expect(detections.severity('high')).toContainText(/^high [1-9]\d* hits?, [1-9]\d* rules?$/);
  await expect(detections.severity('critical')).toBeVisible();
  const logs = detections.technique('Defense Evasion', 'T1562.008');
  await expect(logs).toHaveAttribute('class', /heat-[1-4]/);
  await expect(detections.matrix.getByRole('group', { name: 'Initial Access' })).toBeVisible();
  await atWidths(page, 'detections-overview');

  // The matrix narrows the rule list to a technique.
  await logs.click();
  await expect(page.getByTestId('technique-chip')).toContainText('T1562.008');
  await expect(detections.rule(STOP_LOGGING_RULE)).toBeVisible();
  for (const row of await detections.ruleRows.all())
    await expect(row.locator('.rule-attack')).toContainText('T1562.008');
  await expect(detections.rule(STOP_LOGGING_RULE).getByTestId('rule-hits')).toHaveText('1');

  // The rule whole, and its hit, the intruder's markup shown as text.
  await detections.openRule(STOP_LOGGING_RULE);
  await expect(detections.detail.getByRole('heading', { name: STOP_LOGGING_TITLE })).toBeVisible();
  await expect(detections.detail).toContainText('Impair Defenses: Disable or Modify Cloud Logs');
  await expect(detections.detail).toContainText('Trailscope’s detection pack');
  await expect(detections.hits).toHaveCount(1);
  await expect(detections.hits).toContainText('StopLogging');
  await expect(detections.hits.getByTitle(HOSTILE_AGENT)).toHaveText(HOSTILE_AGENT);
  await expect(page.locator('.rule-detail img')).toHaveCount(0);
  await atWidths(page, 'detections-rule');

  // Show events: the explorer, narrowed to the events of this hit.
  await detections.hits.getByRole('button', { name: 'Show events' }).click();
  const explorer = new ExplorerPage(page);
  await explorer.expectTotal(1);
  await expect(page.getByTestId('detection-chip')).toHaveText(`detection: ${STOP_LOGGING_TITLE}, hit 1×`);
  await expect(explorer.rows).toHaveCount(1);
  await expect(explorer.rows.first()).toContainText('StopLogging');
  await atWidths(page, 'detections-pivot');

  // Back: the same rule is open. Its hit becomes a finding, drafted from the rule.
  await detections.open();
  await expect(detections.hits).toHaveCount(1);
  await detections.hits.getByRole('button', { name: 'Add as finding' }).click();
  const form = page.getByRole('form', { name: 'New finding' });
  await expect(form.getByLabel('Title')).toHaveValue(STOP_LOGGING_TITLE);
  await expect(form.getByLabel('Severity')).toHaveValue('high');
  await expect(form.getByLabel('ATT&CK technique')).toHaveValue('T1562.008');
  await expect(form.getByLabel('Narrative')).toHaveValue(/StopLogging.*It rests on 1 event\.$/s);
  await detections.detail.screenshot({ path: shot('detections-finding-form') });
  await form.getByRole('button', { name: 'Save finding' }).click();
  await expect(page.getByTestId('finding-saved')).toBeVisible();

  const report = new ReportPage(page);
  await report.open();
  const card = report.cards.filter({ hasText: STOP_LOGGING_TITLE });
  await expect(card).toHaveCount(1);
  await expect(card).toContainText('ATT&CK T1562.008');
  await expect(card).toContainText('StopLogging');

  // A Sigma rule of the analyst's own, and one Trailscope refuses; the imported one runs at once.
  await detections.open();
  await detections.sigmaFiles.setInputFiles(SIGMA_FILES);
  await expect(detections.sigmaResults).toContainText('1 rule imported, 1 document refused');
  const results = detections.sigmaResults.getByTestId('sigma-result');
  await expect(results.filter({ hasText: 'scripted-cloudtrail-changes.yml' })).toContainText(`imported`);
  await expect(results.filter({ hasText: 'scripted-cloudtrail-changes.yml' })).toContainText(SIGMA_RULE);
  await expect(results.filter({ hasText: 'keyword-search.yml' })).toContainText('refused');
  await expect(results.filter({ hasText: 'keyword-search.yml' })).toContainText('keyword search');
  await expect(page.getByTestId('detect-outcome')).toContainText('Run 2 stored: 1 rule run, 1 hit', {
    timeout: 60_000,
  });
  await detections.waitForRun(2);
  await expect(detections.latestRun).toContainText('on request, 1 of the');

  await page.getByTestId('technique-chip').getByRole('button').click();
  await detections.find('python');
  await expect(detections.rule(SIGMA_RULE).getByTestId('rule-hits')).toHaveText('1');
  await detections.openRule(SIGMA_RULE);
  await expect(page.getByTestId('rule-origin')).toContainText(
    'Sigma rule imported into this case from scripted-cloudtrail-changes.yml',
  );
  await expect(detections.detail).toContainText('Imported from scripted-cloudtrail-changes.yml');
  await expect(detections.hits).toHaveCount(1);
  await expect(detections.hits).toContainText('StopLogging');
  await atWidths(page, 'detections-sigma');

  // The same view in the dark theme.
  await page.getByLabel('Theme').selectOption('dark');
  await detections.find('');
  await atWidths(page, 'detections-dark');
  await page.getByLabel('Theme').selectOption('system');
});
