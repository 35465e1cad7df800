import { expect, type Locator, type Page } from '@playwright/test';

/** The Integrity view of the browser face, as an analyst checks a case's digests. */
export class IntegrityPage {
  readonly verifyButton: Locator;
  readonly keysFile: Locator;
  readonly keys: Locator;
  readonly summary: Locator;
  readonly strip: Locator;
  readonly problems: Locator;
  readonly problemRows: Locator;
  readonly problemsTotal: Locator;
  readonly gaps: Locator;

  constructor(readonly page: Page) {
    this.verifyButton = page.getByRole('button', { name: /^Verify( again)?$/ });
    this.keysFile = page.getByTestId('keys-file');
    this.keys = page.getByTestId('keys');
    this.summary = page.getByTestId('integrity-summary');
    this.strip = page.getByTestId('trail-strip');
    this.problems = page.getByTestId('integrity-problems');
    this.problemRows = this.problems.getByTestId('problem');
    this.problemsTotal = page.getByTestId('problems-total');
    this.gaps = page.getByTestId('integrity-gaps');
  }

  async open() {
    await this.page.getByRole('button', { name: 'Integrity', exact: true }).click();
    await expect(this.page.getByRole('heading', { name: 'Integrity', exact: true })).toBeVisible();
  }

  /** Runs a verification and waits until the summary shows the run it stored. */
  async verify(run: number) {
    await this.verifyButton.click();
    await expect(this.page.getByText(`Run ${run} stored`)).toBeVisible({ timeout: 30_000 });
    await expect(this.summary).toContainText(`Run ${run},`);
  }

  /** The count the summary shows for a kind of file and a verdict. */
  count(kind: 'digests' | 'log-files', status: string): Locator {
    return this.summary.getByTestId(`${kind}-${status}`);
  }

  problem(text: string): Locator {
    return this.problemRows.filter({ hasText: text });
  }

  /** Shows or hides the files of one verdict in the list. */
  async toggleStatus(status: string) {
    await this.problems.getByRole('checkbox', { name: status, exact: true }).click();
  }

  /** An hour of the strip, by its status. */
  hours(status: string): Locator {
    return this.strip.locator(`rect[data-status="${status}"]`);
  }
}
