import path from 'node:path';
import type { Locator, Page } from '@playwright/test';
import { expect, requireBrowser, test } from './fixtures.ts';
import { ConsolePage } from './pages/console-page.ts';
import { ExplorerPage } from './pages/explorer-page.ts';

requireBrowser();

const shot = (name: string) => path.join('test-results', 'e2e', 'screens', `${name}.png`);

const ATTACKER = `SELECT event_time, event_key, event_name, source_ip, identity_arn, access_key_id, user_agent
FROM events WHERE source_ip = '203.0.113.66' ORDER BY event_time`;

/** Empties the editor and types as an analyst does, key by key, so that completion opens as it would. */
async function typeSql(page: Page, sql: ConsolePage, text: string) {
  await sql.editor.click();
  await page.keyboard.press('Control+A');
  await page.keyboard.press('Delete');
  await page.keyboard.type(text);
}

async function closeCompletion(page: Page, completion: Locator) {
  await page.keyboard.press('Escape');
  await expect(completion).toBeHidden();
}

test('the console keeps its place across views, pivots to the explorer, and names findings after hunts', async ({
  casePage,
}) => {
  test.setTimeout(120_000);
  const page = casePage.page;
  await page.setViewportSize({ width: 1280, height: 800 });
  const sql = new ConsolePage(page);
  const explorer = new ExplorerPage(page);
  const completion = page.locator('.cm-tooltip-autocomplete');
  await sql.open();

  // Each hunt shows what the detections after the ingest found in this case.
  const logging = sql.shelf.locator('.shelf-item').filter({ hasText: 'CloudTrail logging stopped or changed' });
  await expect(logging.locator('.hit-count')).toHaveText('1 hit');

  // JSON paths inside arrays are offered; the popup closes when Ctrl+Enter runs the query.
  await typeSql(page, sql, 'SELECT request_parameters.pipeline.stages');
  await expect(completion).toContainText('pipeline.stages[*].actions[*].actionTypeId');
  await page.keyboard.press('Escape');
  await typeSql(page, sql, 'SELECT count(*) AS n FROM events');
  // Opened by hand: whether typing opens it here depended on timing (a CI run saw none), and
  // what is tested is that running the query closes it.
  await page.keyboard.press('Control+Space');
  await expect(completion).toBeVisible();
  await page.keyboard.press('Control+Enter');
  await expect(completion).toHaveCount(0);
  await expect(sql.status).toHaveText(/^1 row ·/);

  // A result, sorted and scrolled, is there as it was after a visit to the explorer.
  const query = 'SELECT event_time, event_key, event_name, source_ip FROM events ORDER BY event_time';
  await sql.run(query);
  await expect(sql.status).toContainText('413 rows');
  const timeHead = sql.grid.getByRole('button', { name: /^event_time / });
  await timeHead.click();
  await timeHead.click();
  await expect(timeHead).toHaveAttribute('aria-sort', 'descending');
  await sql.scrollTo(0.5);
  // The grid draws the rows of the new place a frame after the scroll, and their cells once fetched.
  const row = await sql.settledFirstRow();
  expect(row).toBeGreaterThan(100);
  await expect(sql.grid.locator(`[aria-rowindex="${row}"] .cell.loading`)).toHaveCount(0);
  const rowText = await sql.grid.locator(`[aria-rowindex="${row}"]`).innerText();
  await explorer.open();
  await sql.open();
  await expect(sql.editor).toHaveText(query);
  await expect(sql.status).toContainText('413 rows');
  await expect(timeHead).toHaveAttribute('aria-sort', 'descending');
  expect(await sql.settledFirstRow()).toBe(row);
  await expect(sql.grid.locator(`[aria-rowindex="${row}"] .cell.loading`)).toHaveCount(0);
  expect(await sql.grid.locator(`[aria-rowindex="${row}"]`).innerText()).toBe(rowText);

  // An event_key cell opens its event in the explorer; a source IP pivots to all of its events.
  await sql.run(ATTACKER);
  await expect(sql.status).toContainText('rows');
  await page.screenshot({ path: shot('console-flow-result-1280') });
  await sql.grid
    .getByRole('row')
    .filter({ hasText: 'StopLogging' })
    .getByRole('button', { name: /^Open event / })
    .click();
  await expect(explorer.record.getByRole('heading', { name: 'StopLogging' })).toBeVisible();
  await page.screenshot({ path: shot('console-flow-pivot-event') });
  await sql.open();
  await sql.grid.getByRole('row').first().getByRole('gridcell').nth(3).click();
  await page.getByRole('button', { name: 'Show events with this Source IP' }).click();
  await expect(explorer.activeFilters).toContainText('203.0.113.66');
  await sql.open();

  // A cell listing event keys (a detection's hits) pivots to exactly those events.
  await sql.run(
    'SELECT list(event_key ORDER BY event_time) AS event_keys FROM (SELECT * FROM events ORDER BY event_time LIMIT 3)',
  );
  await expect(sql.status).toContainText('1 row');
  await sql.grid.getByRole('row').first().getByRole('gridcell').first().click();
  await page.getByRole('button', { name: 'Show these 3 events in the explorer' }).click();
  await expect(page.getByTestId('event-keys-chip')).toHaveText(/^Events: 3 listed keys/);
  await expect(explorer.rows).toHaveCount(3);
  await page.screenshot({ path: shot('console-flow-pivot-event-keys') });
  await page.getByRole('button', { name: 'Remove the listed events' }).click();
  await expect(page.getByTestId('event-keys-chip')).toHaveCount(0);
  await sql.open();

  // A finding made from a hunt takes its title and technique, in a dialog of its own.
  await sql.shelf.getByRole('searchbox', { name: 'Filter queries' }).fill('logging stopped');
  await logging.getByTitle('Run this hunt').click();
  await expect(sql.status).toHaveText(/^1 row ·/);
  await page.getByRole('button', { name: 'Add as finding' }).click();
  const dialog = page.getByRole('dialog', { name: 'New finding' });
  await expect(dialog.getByLabel('Title')).toHaveValue('CloudTrail logging stopped or changed');
  await expect(dialog.getByLabel('ATT&CK technique')).toHaveValue('T1562.008');
  await expect(dialog.getByLabel('Severity')).toHaveValue('high');
  await page.screenshot({ path: shot('console-flow-finding-1280') });
  await dialog.getByRole('button', { name: 'Save finding' }).click();
  await expect(page.getByTestId('finding-saved')).toBeVisible();

  // Whole identifiers at both widths, history entries cut visibly, keywords readable in the dark.
  await sql.shelf.getByRole('searchbox', { name: 'Filter queries' }).fill('');
  await sql.shelfTab('History').click();
  await expect(sql.shelf.locator('.shelf-sql').first()).toContainText('…');
  await page.screenshot({ path: shot('console-flow-history-1280') });
  await page.setViewportSize({ width: 1920, height: 1080 });
  await sql.run(ATTACKER);
  await expect(sql.status).toContainText('8 rows');
  await sql.grid.getByRole('row').first().getByRole('gridcell').nth(4).click();
  await page.screenshot({ path: shot('console-flow-result-1920') });
  await page.getByLabel('Theme').selectOption('dark');
  await page.screenshot({ path: shot('console-flow-dark-1920') });
  // A completion open at the end of a line takes Enter as its choice and ArrowUp as a move in its
  // list; whether one has opened by then is timing (a CI run got the path chosen, on one line).
  await typeSql(page, sql, 'SELECT event_name, request_parameters.pipeline.stages');
  await closeCompletion(page, completion);
  await page.keyboard.press('Enter');
  await page.keyboard.type("FROM events WHERE event_name = 'UpdatePipeline'");
  await closeCompletion(page, completion);
  await page.keyboard.press('ArrowUp');
  await page.keyboard.press('End');
  await page.keyboard.type('[*].ac');
  await expect(completion).toContainText('pipeline.stages[*].actions');
  await page.screenshot({ path: shot('console-flow-completion-dark-1920') });
});
