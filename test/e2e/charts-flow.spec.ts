import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { expect, requireBrowser, test } from './fixtures.ts';
import { CasePage } from './pages/case-page.ts';
import { ChartsPage } from './pages/charts-page.ts';
import { serve } from './serve.ts';

requireBrowser();

const shot = (name: string) => path.join('test-results', 'e2e', 'screens', `${name}.png`);
/** The CodePipeline user guide's example record, of 2015-06-17: eleven years before the demo's incident. */
const OLD_RECORD = 'test/fixtures/corpus/codepipeline/awsdocs-codepipeline-userguide-UpdatePipeline-2017.json';

/** The demo case with one old record ingested beside it, served as a user would serve it. */
async function openOldCase(page: Page) {
  const demo = process.env.TRAILSCOPE_E2E_DEMO_CASE;
  if (!demo) throw new Error('the e2e global setup did not build the demo case');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'trailscope-e2e-charts-'));
  const caseFile = path.join(dir, 'old-record.duckdb');
  fs.copyFileSync(demo, caseFile);
  const added = spawnSync(process.execPath, ['bin/trailscope.js', 'ingest', '--case', caseFile, OLD_RECORD], {
    encoding: 'utf8',
  });
  if (added.status !== 0) throw new Error(`ingesting the old record failed: ${added.stderr}`);
  const { url, child } = await serve(['--case', caseFile], dir);
  await new CasePage(page).open(url);
  return async () => {
    child.kill('SIGINT');
    await new Promise((resolve) => child.once('exit', resolve));
    fs.rmSync(dir, { recursive: true, force: true });
  };
}

test('the charts stay honest over eleven years: months, the year on the axis, brushing to the edge and past it, zoom to the events, an empty range, a pinned value', async ({
  page,
}) => {
  test.setTimeout(120_000);
  await page.setViewportSize({ width: 1280, height: 900 });
  const close = await openOldCase(page);
  try {
    const charts = new ChartsPage(page);
    await charts.open();

    // 2015-06 to 2026-11 in months: 138 bars where days would have been 4,157, the year on every label.
    await expect(charts.summary).toContainText('414 events, 1 failed · 1 month per bar (months from the 1st)');
    const plot = (await charts.plot.boundingBox())!;
    const labels = await charts.chart.locator('.recharts-xAxis-tick-labels text').allTextContents();
    expect(labels.length).toBeGreaterThan(2);
    expect(labels[0]).toBe('2015-06');
    for (const label of labels) expect(label).toMatch(/^20\d\d-\d\d$/);
    expect(138).toBeLessThanOrEqual(plot.width);

    // The lone 2015 record is a mark with its date and count; the rare event names are listed beside.
    const mark = charts.chart.getByRole('button', {
      name: '1 event far from the rest, from 2015-06-17 19:12 UTC: zoom to it',
    });
    await expect(mark).toHaveText('▼ 2015-06-17 · 1');
    await expect(charts.outliers).toHaveText('Far from the rest: 2015-06-17 19:12 · 1 event');
    await expect(charts.rare.getByRole('button', { name: 'Pin StopLogging' })).toBeVisible();
    await page.screenshot({ path: shot('charts-flow-years-1280'), fullPage: true });

    // A drag that ends in the right margin, and past the chart, takes the plot's last bar, not bar 0.
    await charts.drag(0.5, (width) => width + 6);
    await expect(charts.to).toHaveValue('2026-12-01 00:00:00');
    const [marginFrom] = await charts.range();
    expect(marginFrom >= '2020-01-01' && marginFrom < '2022-01-01').toBe(true);
    await page.getByRole('button', { name: 'Whole case' }).click();
    await expect(charts.summary).toContainText('414 events');
    await charts.drag(0.5, (width) => width + 400);
    await expect(charts.from).toHaveValue(marginFrom);
    await expect(charts.to).toHaveValue('2026-12-01 00:00:00');
    await page.getByRole('button', { name: 'Whole case' }).click();
    await expect(charts.summary).toContainText('414 events');

    // The mark zooms to the record; "zoom to where the events are" to the incident.
    await mark.click();
    await expect(charts.from).toHaveValue('2015-06-17 19:12:20');
    await expect(charts.summary).toContainText('1 event, 0 failed · 1 minute per bar');
    await page.getByRole('button', { name: 'Whole case' }).click();
    await page.getByRole('button', { name: 'Zoom to where the events are' }).click();
    await expect(charts.from).toHaveValue('2026-10-20 00:19:07');
    await expect(charts.to).toHaveValue('2026-11-02 21:38:01');
    await expect(charts.summary).toContainText('413 events, 1 failed · 6 hours per bar');
    await expect(page.getByRole('button', { name: 'Zoom to where the events are' })).toHaveCount(0);

    // A drag to the very edge of the plot reaches the end of its last bar: 2026-11-03 00:00, not days short.
    await charts.drag(0.5, (width) => width - 0.5);
    await expect(charts.to).toHaveValue('2026-11-03 00:00:00');
    await expect(charts.from).toHaveValue(/^2026-10-2[67] /);
    await page.screenshot({ path: shot('charts-flow-brushed-1280'), fullPage: true });

    // A range with no events is an empty state in every chart, never an error, never the chart before.
    await charts.from.fill('2020-01-01 00:00');
    await charts.to.fill('2020-01-02 00:00');
    await charts.to.press('Enter');
    await expect(charts.empty).toHaveText('No events in this range.');
    await expect(page.getByTestId('top-principal')).toContainText('No events in this range.');
    await expect(page.getByTestId('heatmap')).toContainText('No events in this range.');
    await expect(charts.legend).toHaveCount(0);
    await expect(page.getByRole('alert')).toHaveCount(0);
    await page.screenshot({ path: shot('charts-flow-empty-1280'), fullPage: true });

    // StopLogging, hidden in "other", pinned from the rare list: a series of its own, kept across views.
    await page.getByRole('button', { name: 'Whole case' }).click();
    await charts.rare.getByRole('button', { name: 'Pin StopLogging' }).click();
    const unpin = charts.legend.getByRole('button', { name: 'Unpin StopLogging' });
    await expect(unpin).toHaveAttribute('aria-pressed', 'true');
    await expect(charts.legend.locator('li').first()).toContainText('StopLogging');
    await expect(charts.rare.getByRole('button', { name: 'Pin StopLogging' })).toHaveCount(0);
    await page.getByRole('combobox', { name: 'stacked by' }).selectOption('principal');
    await expect(charts.legend).toHaveAccessibleName('Legend: Principal');
    await page.screenshot({ path: shot('charts-flow-principals-1280'), fullPage: true });
    await page.getByRole('combobox', { name: 'stacked by' }).selectOption('event_name');
    await page.getByRole('button', { name: 'Explorer', exact: true }).click();
    await expect(page.getByTestId('volume-chart').getByRole('button', { name: 'Unpin StopLogging' })).toBeVisible();
    await page.screenshot({ path: shot('charts-flow-explorer-1280'), fullPage: true });
    await charts.open();
    await expect(unpin).toHaveAttribute('aria-pressed', 'true');
    await page.screenshot({ path: shot('charts-flow-pinned-1280'), fullPage: true });

    await page.setViewportSize({ width: 1920, height: 1080 });
    await expect(charts.summary).toContainText('414 events');
    await page.screenshot({ path: shot('charts-flow-pinned-1920'), fullPage: true });
    await page.getByRole('combobox', { name: 'stacked by' }).selectOption('principal');
    await expect(charts.legend).toHaveAccessibleName('Legend: Principal');
    await page.screenshot({ path: shot('charts-flow-principals-1920'), fullPage: true });
  } finally {
    await close();
  }
});
