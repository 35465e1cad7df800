import { expect, type Locator, type Page } from '@playwright/test';

/** The pipeline history view, as an analyst uses it. */
export class PipelinesPage {
  readonly search: Locator;
  readonly items: Locator;
  readonly timeline: Locator;
  readonly versions: Locator;
  readonly comparison: Locator;
  readonly changeList: Locator;
  readonly graph: Locator;
  readonly sort: Locator;
  readonly withVersions: Locator;
  readonly count: Locator;

  constructor(readonly page: Page) {
    this.search = page.getByLabel('Search pipelines');
    this.items = page.getByTestId('pipeline-item');
    this.timeline = page.getByTestId('timeline');
    this.versions = page.getByTestId('timeline-version');
    this.comparison = page.getByTestId('comparison');
    this.changeList = page.getByTestId('change-list');
    this.graph = page.getByTestId('pipeline-graph');
    this.sort = page.getByLabel('Sort by');
    this.withVersions = page.getByLabel(/Only with a version in the logs/);
    this.count = page.getByTestId('pipeline-count');
  }

  /** The pipelines' names, in the list's order. */
  async names(): Promise<string[]> {
    return this.items.locator('.pipeline-name').allInnerTexts();
  }

  async open() {
    await this.page.getByRole('button', { name: 'Pipelines', exact: true }).click();
    await expect(this.search).toBeVisible();
  }

  async choose(name: string) {
    await this.items.filter({ hasText: name }).first().click();
    await expect(this.timeline).toBeVisible();
  }

  version(n: number): Locator {
    return this.versions.filter({ has: this.page.getByRole('button', { name: new RegExp(`^v${n}\\b`) }) });
  }
}
