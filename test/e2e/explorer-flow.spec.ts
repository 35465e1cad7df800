import path from 'node:path';
import { expect, requireBrowser, test } from './fixtures.ts';
import { ConsolePage } from './pages/console-page.ts';
import { ExplorerPage } from './pages/explorer-page.ts';

requireBrowser();

const shot = (name: string) => path.join('test-results', 'e2e', 'screens', `${name}.png`);
const CI_ROLE = 'arn:aws:sts::111122223333:assumed-role/ci-runner/build';
const WIDE = { width: 1920, height: 1080 };
const NARROW = { width: 1280, height: 800 };

test('the analyst searches, excludes, sorts, picks columns, finds a rare value and opens the filter as SQL', async ({
  casePage,
}) => {
  const page = casePage.page;
  await page.setViewportSize(NARROW);
  const explorer = new ExplorerPage(page);
  await explorer.open();
  await explorer.expectTotal(413);

  // Search: a key inside request_parameters, in another case than the record's.
  await explorer.search.fill('ASSETS/APP-310.JS');
  await explorer.expectTotal(1);
  await expect(explorer.activeFilters).toContainText('Search: “ASSETS/APP-310.JS”');
  await expect(explorer.rows.first()).toContainText('PutObject');
  await page.screenshot({ path: shot('flow-search-1280'), fullPage: true });
  await explorer.activeFilters.getByRole('button', { name: 'Remove the search' }).click();
  await explorer.expectTotal(413);
  await expect(explorer.search).toHaveValue('');

  // NOT: the noisy CI role out, from its facet; its chip says ≠ and takes it back.
  await explorer.excludeValue('principal', CI_ROLE).click();
  await explorer.expectTotal(212);
  await expect(explorer.activeFilters).toContainText(`Principal ≠ ${CI_ROLE}`);
  await expect(explorer.facetValue('principal', 'ci-runner/build')).toHaveClass(/excluded/);
  await expect(explorer.facetValue('principal', 'ci-runner/build')).toContainText('201');

  // Sort: newest first, then back.
  const oldestFirst = await explorer.rows.first().locator('span').nth(1).innerText();
  await explorer.orderButton.click();
  await expect(explorer.orderButton).toHaveText('Newest first ↓');
  await expect(explorer.rows.first().locator('span').nth(1)).not.toHaveText(oldestFirst);
  const newestFirst = await explorer.rows.first().locator('span').nth(1).innerText();
  expect(newestFirst > oldestFirst).toBe(true);

  // Columns: the user agent hidden, the principal widened by its edge.
  await page.getByText('Columns', { exact: true }).click();
  await page.getByRole('checkbox', { name: 'User agent' }).uncheck();
  await page.getByText('Columns', { exact: true }).click();
  await expect(explorer.columnHeads).not.toContainText(['User agent']);
  const principalHead = explorer.columnHead('principal');
  const before = (await principalHead.boundingBox())!.width;
  const edge = (await explorer.resizeHandle('Principal').boundingBox())!;
  await page.mouse.move(edge.x + edge.width / 2, edge.y + edge.height / 2);
  await page.mouse.down();
  await page.mouse.move(edge.x + 60, edge.y + edge.height / 2, { steps: 4 });
  await page.mouse.move(edge.x + 120, edge.y + edge.height / 2, { steps: 4 });
  await page.mouse.up();
  await expect.poll(async () => (await principalHead.boundingBox())!.width).toBeGreaterThan(before + 100);

  // A facet's rare values: all of them, then searched within.
  const names = page.getByTestId('facet-event_name');
  await expect(names.locator('button.facet-value')).toHaveCount(8);
  await names.getByRole('button', { name: /^Show all \d+ values$/ }).click();
  await expect(names.locator('button.facet-value')).toHaveCount(12);
  await page.screenshot({ path: shot('flow-exclude-all-values-1280'), fullPage: true });
  await page.setViewportSize(WIDE);
  await page.screenshot({ path: shot('flow-exclude-all-values-1920'), fullPage: true });
  await page.setViewportSize(NARROW);
  await names.getByLabel('Find a value of Event name').fill('logging');
  await expect(names.locator('button.facet-value')).toHaveCount(2);
  await explorer.facetValue('event_name', 'StopLogging').click();
  await explorer.expectTotal(1);

  // The filter as SQL in the console: the same events.
  await page.getByRole('button', { name: 'Open in SQL' }).click();
  const sql = new ConsolePage(page);
  await expect(sql.editor).toContainText('StopLogging');
  await expect(sql.editor).toContainText(CI_ROLE);
  await sql.runButton.click();
  await expect(sql.status).toContainText(/^1 row\b/);
  await page.screenshot({ path: shot('flow-open-in-sql-1280'), fullPage: true });

  // Back in the explorer, nothing was lost: filter, order and columns.
  await explorer.open();
  await explorer.expectTotal(1);
  await expect(explorer.orderButton).toHaveText('Newest first ↓');
  await expect(explorer.columnHeads).not.toContainText(['User agent']);

  // From the record: a value left out, then a call of the ±6 h table followed to the explorer.
  await page.setViewportSize(WIDE);
  await explorer.activeFilters.getByRole('button', { name: 'Clear filters' }).click();
  await explorer.expectTotal(413);
  await names.getByLabel('Find a value of Event name').fill('');
  await names.getByRole('button', { name: 'Show the top 8' }).click();
  await explorer.search.fill('203.0.113.66');
  await explorer.expectTotal(8);
  await page.screenshot({ path: shot('flow-search-1920'), fullPage: true });
  await explorer.openEvent('UpdatePipeline');
  await explorer.record.getByRole('button', { name: 'Exclude this event_name' }).click();
  await explorer.expectTotal(6);
  await expect(explorer.activeFilters).toContainText('Event name ≠ UpdatePipeline');
  const around = explorer.record.getByTestId('around-event');
  const calls = around.locator('tbody tr');
  await expect(calls).toHaveCount(10);
  await expect(around.locator('tbody tr.selected')).toContainText('203.0.113.66');
  await page.screenshot({ path: shot('flow-record-1920'), fullPage: true });
  await page.setViewportSize(NARROW);
  await page.screenshot({ path: shot('flow-record-1280'), fullPage: true });
  await around.getByRole('button', { name: 'cloudtrail:StopLogging' }).click();
  await explorer.expectTotal(10);
  await expect(explorer.record.getByRole('heading', { name: 'StopLogging' })).toBeVisible();
  await expect(explorer.activeFilters).toContainText('Access key: AKIAQDEMOLEAKED00001');
  await expect(explorer.activeFilters).not.toContainText('Search');
  await expect(explorer.from).toHaveValue('2026-11-01 20:21:45');
  await expect(explorer.to).toHaveValue('2026-11-02 08:21:46');
  await page.screenshot({ path: shot('flow-around-pivot-1280'), fullPage: true });
  await page.setViewportSize(WIDE);
  await page.screenshot({ path: shot('flow-around-pivot-1920'), fullPage: true });
});
