import { type Download, expect, type Locator, type Page } from '@playwright/test';

/** The report builder of the browser face, as a user sees it. */
export class ReportPage {
  readonly cards: Locator;
  readonly exports: Locator;

  constructor(readonly page: Page) {
    this.cards = page.getByTestId('finding-card');
    this.exports = page.getByTestId('report-exports');
  }

  async open() {
    await this.page.getByRole('button', { name: 'Report', exact: true }).click();
    await expect(this.page.getByRole('heading', { name: 'Findings' })).toBeVisible();
  }

  /** Fills the new-finding form that is open on the page and saves it. */
  static async saveFinding(
    page: Page,
    words: { title: string; severity?: string; technique?: string; narrative?: string },
  ) {
    const form = page.getByRole('form', { name: 'New finding' });
    await form.getByLabel('Title').fill(words.title);
    if (words.severity) await form.getByLabel('Severity').selectOption(words.severity);
    if (words.technique) await form.getByLabel('ATT&CK technique').fill(words.technique);
    if (words.narrative) await form.getByLabel('Narrative').fill(words.narrative);
    await form.getByRole('button', { name: 'Save finding' }).click();
    await expect(page.getByTestId('finding-saved')).toBeVisible();
  }

  /** Exports one format and downloads the file the way a user would, by its link. */
  async export(format: 'HTML' | 'PDF' | 'Markdown' | 'JSON'): Promise<Download> {
    await this.page.getByRole('button', { name: `Export ${format}` }).click();
    const row = this.exports.getByRole('row').filter({ hasText: new RegExp(`^${format}`) });
    await expect(row).toHaveCount(1, { timeout: 60_000 });
    const download = this.page.waitForEvent('download');
    await row.getByRole('link', { name: 'Download' }).click();
    return download;
  }
}
