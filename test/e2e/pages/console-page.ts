import { expect, type Locator, type Page } from '@playwright/test';

/** The SQL console of the browser face, as a user sees it. */
export class ConsolePage {
  readonly editor: Locator;
  readonly runButton: Locator;
  readonly cancelButton: Locator;
  readonly status: Locator;
  readonly grid: Locator;
  readonly error: Locator;
  readonly shelf: Locator;

  constructor(readonly page: Page) {
    this.editor = page.getByRole('textbox', { name: 'SQL' });
    this.runButton = page.getByRole('button', { name: 'Run', exact: true });
    this.cancelButton = page.getByRole('button', { name: 'Cancel', exact: true });
    this.status = page.getByRole('status');
    this.grid = page.getByRole('grid', { name: 'Query result' });
    this.error = page.locator('.query-error');
    this.shelf = page.getByRole('complementary', { name: 'Queries' });
  }

  async open() {
    await this.page.getByRole('button', { name: 'SQL', exact: true }).click();
    await expect(this.editor).toBeVisible();
  }

  /**
   * Replaces the editor's text and runs it with the keyboard, as an analyst would. Not `fill`:
   * it selects through the DOM, which the editor reads only at the next selectionchange, so on a
   * newer Chromium the text went in at the cursor, before the old text (seen in CI).
   */
  async run(sql: string) {
    await this.editor.click();
    await this.page.keyboard.press('Control+A');
    await this.page.keyboard.insertText(sql);
    await expect.poll(() => this.text()).toBe(sql);
    await this.editor.press('Control+Enter');
  }

  /** The editor's document, line by line as it renders it. */
  text(): Promise<string> {
    return this.editor.evaluate((editor) =>
      Array.from(editor.querySelectorAll('.cm-line'), (line) => line.textContent).join('\n'),
    );
  }

  shelfTab(name: 'Hunts' | 'Saved' | 'History') {
    return this.shelf.getByRole('tab', { name: new RegExp(`^${name}`) });
  }

  /** The row the grid shows at the top, by its 1-based number. */
  /**
   * The first visible row once scrolling has stopped: wheel events go on scrolling after they
   * are sent, and a row read too early is soon virtualized away (it failed CI once).
   */
  async settledFirstRow(): Promise<number> {
    let row = Number.NaN;
    await expect
      .poll(
        async () => {
          const now = await this.firstVisibleRow();
          const settled = now === row;
          row = now;
          return settled;
        },
        { intervals: [150] },
      )
      .toBe(true);
    return row;
  }

  async firstVisibleRow(): Promise<number> {
    return this.grid.evaluate((grid) => {
      const top = grid.getBoundingClientRect().top + 40;
      const rows = Array.from(grid.querySelectorAll('[role=row]'));
      const first = rows.find((row) => row.getBoundingClientRect().bottom > top + 1);
      return Number(first?.getAttribute('aria-rowindex'));
    });
  }

  /** Drags the scrollbar to a fraction of the way down. */
  async scrollTo(fraction: number) {
    await this.grid.evaluate((grid, f) => {
      grid.scrollTop = f * (grid.scrollHeight - grid.clientHeight);
    }, fraction);
  }
}
