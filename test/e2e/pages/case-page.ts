import { expect, type Locator, type Page } from '@playwright/test';

/** The case screen of the browser face, as a user sees it. */
export class CasePage {
  readonly events: Locator;
  readonly sources: Locator;
  readonly paths: Locator;
  readonly ingestButton: Locator;
  readonly cancelButton: Locator;
  readonly upload: Locator;
  readonly progress: Locator;
  readonly stats: Locator;
  readonly queued: Locator;
  readonly outcome: Locator;
  readonly alert: Locator;

  constructor(readonly page: Page) {
    this.events = page.getByTestId('summary-events');
    this.sources = page.getByTestId('summary-sources');
    this.paths = page.getByLabel('Folders, files or archives on this machine, one per line');
    this.ingestButton = page.getByRole('button', { name: 'Ingest' });
    this.cancelButton = page.getByRole('button', { name: 'Cancel' });
    this.upload = page.getByTestId('ingest-upload');
    this.progress = page.getByTestId('ingest-progress');
    this.stats = page.getByTestId('ingest-stats');
    this.queued = page.getByTestId('ingest-queued');
    this.outcome = page.getByTestId('ingest-outcome');
    this.alert = page.getByRole('alert');
  }

  async open(url: string) {
    await this.page.goto(url);
    await expect(this.page.getByRole('heading', { name: 'Trailscope' })).toBeVisible();
  }

  async ingest(...paths: string[]) {
    await this.paths.fill(paths.join('\n'));
    await this.ingestButton.click();
  }
}
