import { expect, type Locator, type Page } from '@playwright/test';

/** The explorer and charts views, as an analyst narrows a case. */
export class ExplorerPage {
  readonly volumeChart: Locator;
  readonly bars: Locator;
  readonly volumeSummary: Locator;
  readonly total: Locator;
  readonly rows: Locator;
  readonly from: Locator;
  readonly to: Locator;
  readonly activeFilters: Locator;
  readonly record: Locator;
  readonly recordJson: Locator;
  readonly search: Locator;
  readonly orderButton: Locator;
  readonly columnHeads: Locator;

  constructor(readonly page: Page) {
    this.volumeChart = page.getByTestId('volume-chart');
    this.bars = this.volumeChart.locator('.recharts-bar-rectangle');
    this.volumeSummary = page.getByTestId('volume-summary');
    this.total = page.getByTestId('event-total');
    this.rows = page.getByTestId('event-row');
    this.from = page.getByLabel('From (UTC)');
    this.to = page.getByLabel('to (UTC)');
    this.activeFilters = page.getByRole('list', { name: 'Active filters' });
    this.record = page.getByTestId('record-panel');
    this.recordJson = page.getByTestId('record-json');
    this.search = page.getByLabel('Search every record');
    this.orderButton = page.getByRole('button', { name: /^Order: / });
    this.columnHeads = page.locator('.event-head [role=columnheader]');
  }

  async open(view: 'Explorer' | 'Charts' = 'Explorer') {
    await this.page.getByRole('button', { name: view, exact: true }).click();
    await expect(this.bars.first()).toBeVisible();
  }

  async expectTotal(events: number) {
    await expect(this.total).toHaveText(`${events.toLocaleString('en-US')} ${events === 1 ? 'event' : 'events'}`);
  }

  /** The number of events the list says it holds. */
  async totalNow(): Promise<number> {
    await expect(this.total).toHaveText(/^[\d,]+ events?$/);
    return Number((await this.total.innerText()).replace(/\D/g, ''));
  }

  /** A facet's value, the button that chooses it (beside it, "≠" excludes it). */
  facetValue(dimension: string, value: string): Locator {
    return this.page.getByTestId(`facet-${dimension}`).locator('button.facet-value').filter({ hasText: value });
  }

  /** The "≠" beside a facet's value, which leaves its events out. */
  excludeValue(dimension: string, value: string): Locator {
    return this.page
      .getByTestId(`facet-${dimension}`)
      .locator('li.facet-row')
      .filter({ hasText: value })
      .getByRole('button', { name: /^(Exclude|Stop excluding) / });
  }

  columnHead(column: string): Locator {
    return this.page.locator(`.event-head [data-column="${column}"]`);
  }

  resizeHandle(label: string): Locator {
    return this.page.getByRole('separator', { name: `Resize ${label}` });
  }

  /** Presses on the plot at one fraction of its width and lets go at another, as a user drags. */
  async dragAcrossChart(fromFraction: number, toFraction: number) {
    const box = (await this.volumeChart.locator('.recharts-cartesian-grid').boundingBox())!;
    const y = box.y + box.height / 2;
    await this.page.mouse.move(box.x + box.width * fromFraction, y);
    await this.page.mouse.down();
    await this.page.mouse.move(box.x + box.width * ((fromFraction + toFraction) / 2), y, { steps: 5 });
    await this.page.mouse.move(box.x + box.width * toFraction, y, { steps: 5 });
    await this.page.mouse.up();
  }

  async openEvent(text: string) {
    await this.rows.filter({ hasText: text }).first().click();
    await expect(this.record).toBeVisible();
  }
}
