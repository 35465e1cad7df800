import path from 'node:path';
import { expect, requireBrowser, test } from './fixtures.ts';
import { ExplorerPage } from './pages/explorer-page.ts';

requireBrowser();

const shot = (name: string) => path.join('test-results', 'e2e', 'screens', `${name}.png`);
const HOSTILE_AGENT = '<img src=x onerror=alert(1)> python-requests/2.32.3';

test('a facet value filters the events, and dragging across the volume chart sets the time range', async ({
  casePage,
}) => {
  const page = casePage.page;
  const explorer = new ExplorerPage(page);
  await explorer.open();
  await explorer.expectTotal(413);
  await expect(explorer.volumeSummary).toContainText('413 events, 1 failed · 6 hours per bar');
  await page.screenshot({ path: shot('explorer'), fullPage: true });

  await explorer.facetValue('source_ip', '203.0.113.66').click();
  await explorer.expectTotal(8);
  await expect(explorer.activeFilters).toContainText('Source IP: 203.0.113.66');
  await expect(explorer.rows).toHaveCount(8);
  await expect(explorer.volumeSummary).toContainText('8 events, 1 failed · 1 minute per bar');
  await page.screenshot({ path: shot('explorer-facet'), fullPage: true });
  await explorer.activeFilters.getByRole('button', { name: 'Remove filter Source IP 203.0.113.66' }).click();
  await explorer.expectTotal(413);

  await expect(explorer.from).toHaveValue('');
  await explorer.dragAcrossChart(0.3, 0.6);
  await expect(explorer.from).not.toHaveValue('');
  await expect(explorer.to).not.toHaveValue('');
  const asIso = (typed: string) => `${typed.replace(' ', 'T')}Z`;
  const from = asIso(await explorer.from.inputValue());
  const to = asIso(await explorer.to.inputValue());
  expect(Date.parse(to) - Date.parse(from)).toBeGreaterThan(3 * 86_400_000);
  expect(Date.parse(to) - Date.parse(from)).toBeLessThan(6 * 86_400_000);
  const brushed = await explorer.totalNow();
  expect(brushed).toBeGreaterThan(0);
  expect(brushed).toBeLessThan(413);
  // The chart redraws the chosen range alone, in finer buckets, counting what the list counts.
  await expect(explorer.volumeSummary).toContainText(`${brushed} events`);
  await expect(explorer.volumeSummary).toContainText('1 hour per bar');
  const firstTime = await explorer.rows.first().locator('span').nth(1).innerText();
  expect(Date.parse(asIso(firstTime))).toBeGreaterThanOrEqual(Date.parse(from));
  await page.screenshot({ path: shot('explorer-brushed'), fullPage: true });

  await page.getByRole('button', { name: 'Whole case' }).click();
  await explorer.expectTotal(413);

  await explorer.from.fill('2026-11-02 02:00');
  await explorer.to.fill('2026-11-02 03:00');
  await explorer.to.press('Enter');
  await explorer.expectTotal(10);
  await expect(explorer.from).toHaveValue('2026-11-02 02:00:00');
  await explorer.to.fill('2026-11-31');
  await explorer.to.press('Enter');
  await expect(explorer.to).toHaveAttribute('aria-invalid', 'true');
  await explorer.expectTotal(10);
});

test('an event opens to its record, with the hostile user agent shown as text, and can be bookmarked, tagged and pivoted on', async ({
  casePage,
}) => {
  const page = casePage.page;
  const dialogs: string[] = [];
  page.on('dialog', (dialog) => {
    dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  const explorer = new ExplorerPage(page);
  await explorer.open();
  await explorer.facetValue('source_ip', '203.0.113.66').click();
  await explorer.expectTotal(8);
  await explorer.openEvent('UpdatePipeline');

  await expect(explorer.record.getByRole('heading', { name: 'UpdatePipeline' })).toBeVisible();
  await expect(explorer.record).toContainText('AccessDeniedException');
  await expect(explorer.recordJson).toContainText('"eventName": "UpdatePipeline"');
  await expect(explorer.recordJson).toContainText(`"userAgent": "${HOSTILE_AGENT}"`);
  await expect(explorer.record.getByRole('row', { name: /^user_agent/ })).toContainText(HOSTILE_AGENT);
  await expect(explorer.rows.first()).toContainText(HOSTILE_AGENT);
  expect(await page.locator('img').count()).toBe(0);
  expect(await page.locator('[onerror]').count()).toBe(0);
  expect(dialogs).toEqual([]);

  await explorer.record.getByRole('button', { name: '☆ Bookmark' }).click();
  await expect(explorer.record.getByRole('button', { name: '★ Bookmarked' })).toBeVisible();
  await expect(explorer.rows.filter({ hasText: 'AccessDeniedException' }).locator('.star')).toHaveText('★');
  await explorer.record.getByLabel('New tag').fill('initial-access');
  await explorer.record.getByRole('button', { name: 'Add tag' }).click();
  await expect(explorer.record.getByRole('list', { name: 'Tags' })).toContainText('initial-access');
  await explorer.record.getByLabel('Note').fill('First try at the pipeline; iam:PassRole denied.');
  await explorer.record.getByRole('button', { name: 'Save note' }).click();
  await expect(explorer.record).toContainText('Note saved');
  await page.screenshot({ path: shot('explorer-record'), fullPage: true });

  await page.getByLabel('Bookmarked only').check();
  await explorer.expectTotal(1);
  await page.getByLabel('Bookmarked only').uncheck();

  await explorer.record.getByRole('button', { name: 'Everything with this access_key_id' }).click();
  await explorer.expectTotal(104);
  await expect(explorer.activeFilters).toContainText('Access key: AKIAQDEMOLEAKED00001');
  await expect(explorer.activeFilters).not.toContainText('Source IP');
  expect(dialogs).toEqual([]);
});

test('the charts show the top values and the weekly pattern, and a range brushed there filters the explorer', async ({
  casePage,
}) => {
  const page = casePage.page;
  const explorer = new ExplorerPage(page);
  await explorer.open('Charts');
  await expect(page.getByTestId('top-principal').locator('.recharts-bar-rectangle')).toHaveCount(3);
  await expect(page.getByTestId('top-source_ip').locator('.recharts-bar-rectangle')).toHaveCount(4);
  await expect(page.getByTestId('heatmap').locator('rect')).toHaveCount(7 * 24);
  await page.screenshot({ path: shot('charts'), fullPage: true });

  await page.getByRole('combobox', { name: 'stacked by' }).selectOption('error_code');
  await expect(explorer.volumeChart.getByRole('list', { name: 'Legend: Error code' })).toContainText(
    'AccessDeniedException',
  );
  await explorer.dragAcrossChart(0.85, 0.99);
  await expect(explorer.from).not.toHaveValue('');
  await page.getByRole('button', { name: 'Explorer', exact: true }).click();
  const total = await explorer.totalNow();
  expect(total).toBeLessThan(413);
  await expect(explorer.volumeSummary).toContainText(`${total} events`);
});

test('a view that fails to draw says so in its place, and the others still work', async ({ casePage }) => {
  const page = casePage.page;
  // An answer of a shape the explorer does not expect, as a server of another version could send.
  await page.route('**/api/explore:count-facets', (route) =>
    route.fulfill({
      contentType: 'application/json',
      body: JSON.stringify({ ok: true, value: [{ dimension: 'event_name', values: null }] }),
    }),
  );
  await page.getByRole('button', { name: 'Explorer', exact: true }).click();
  const alert = page.getByRole('alert').filter({ hasText: 'The Explorer view failed to draw' });
  await expect(alert).toBeVisible();
  await expect(page.getByRole('navigation', { name: 'Views' })).toBeVisible();
  await page.screenshot({ path: shot('explorer-failed-to-draw'), fullPage: true });

  await page.unroute('**/api/explore:count-facets');
  await page.getByRole('button', { name: 'Case', exact: true }).click();
  await expect(alert).toBeHidden();
  const explorer = new ExplorerPage(page);
  await explorer.open();
  await explorer.expectTotal(413);
});
