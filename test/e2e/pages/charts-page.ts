import { expect, type Locator, type Page } from '@playwright/test';

/** The Charts view's volume chart, as an analyst reads it, zooms and pins on it. */
export class ChartsPage {
  readonly chart: Locator;
  readonly plot: Locator;
  readonly summary: Locator;
  readonly empty: Locator;
  readonly outliers: Locator;
  readonly rare: Locator;
  readonly legend: Locator;
  readonly from: Locator;
  readonly to: Locator;

  constructor(readonly page: Page) {
    this.chart = page.getByTestId('volume-chart');
    this.plot = this.chart.locator('.recharts-cartesian-grid');
    this.summary = page.getByTestId('volume-summary');
    this.empty = page.getByTestId('volume-empty');
    this.outliers = page.getByTestId('volume-outliers');
    this.rare = page.getByTestId('rare-values');
    this.legend = this.chart.getByRole('list', { name: /^Legend:/ });
    this.from = page.getByLabel('From (UTC)');
    this.to = page.getByLabel('to (UTC)');
  }

  async open() {
    await this.page.getByRole('button', { name: 'Charts', exact: true }).click();
    await expect(this.plot).toBeVisible();
  }

  /**
   * Presses on the plot at a fraction of its width and lets go at `toX` pixels right of the
   * plot's left edge: past its width is the chart's margin, and beyond.
   */
  async drag(fromFraction: number, toX: (plotWidth: number) => number) {
    const box = (await this.plot.boundingBox())!;
    const y = box.y + box.height / 2;
    await this.page.mouse.move(box.x + box.width * fromFraction, y);
    await this.page.mouse.down();
    await this.page.mouse.move(box.x + (box.width * fromFraction + toX(box.width)) / 2, y, { steps: 5 });
    await this.page.mouse.move(box.x + toX(box.width), y, { steps: 5 });
    await this.page.mouse.up();
  }

  /** The time range the filter bar shows, as typed there. */
  async range(): Promise<[string, string]> {
    return [await this.from.inputValue(), await this.to.inputValue()];
  }
}
