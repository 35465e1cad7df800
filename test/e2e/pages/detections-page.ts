import { expect, type Locator, type Page } from '@playwright/test';

/** The Detections view of the browser face, as an analyst reads a case's detections. */
export class DetectionsPage {
  readonly latestRun: Locator;
  readonly runButton: Locator;
  readonly sigmaFiles: Locator;
  readonly sigmaResults: Locator;
  readonly summary: Locator;
  readonly matrix: Locator;
  readonly ruleList: Locator;
  readonly ruleRows: Locator;
  readonly detail: Locator;
  readonly hits: Locator;

  constructor(readonly page: Page) {
    this.latestRun = page.getByTestId('latest-run');
    this.runButton = page.getByRole('button', { name: 'Run all detections' });
    this.sigmaFiles = page.getByTestId('sigma-files');
    this.sigmaResults = page.getByTestId('sigma-results');
    this.summary = page.getByTestId('detections-summary');
    this.matrix = page.getByTestId('attack-matrix');
    this.ruleList = page.getByTestId('rule-list');
    this.ruleRows = this.ruleList.getByTestId('rule-row');
    this.detail = page.getByTestId('rule-detail');
    this.hits = this.detail.getByTestId('hit');
  }

  async open() {
    await this.page.getByRole('button', { name: 'Detections', exact: true }).click();
    await expect(this.page.getByRole('heading', { name: 'Detections', exact: true })).toBeVisible();
  }

  /** The run queued behind the ingest, or one asked for: its result is shown once it is stored. */
  async waitForRun(run: number) {
    await expect(this.latestRun).toContainText(`Latest run ${run}:`, { timeout: 60_000 });
  }

  severity(severity: string): Locator {
    return this.summary.getByTestId(`severity-${severity}`);
  }

  /** A technique's cell under one tactic. */
  technique(tactic: string, id: string): Locator {
    return this.matrix.getByRole('group', { name: tactic }).locator(`[data-technique="${id}"]`);
  }

  rule(id: string): Locator {
    return this.ruleList.locator(`[data-rule="${id}"]`);
  }

  async openRule(id: string) {
    await this.rule(id).locator('.rule-open').click();
    await expect(this.detail.locator('code', { hasText: id }).first()).toBeVisible();
  }

  async find(text: string) {
    await this.ruleList.getByLabel('Find rules by id, title or technique').fill(text);
  }
}
