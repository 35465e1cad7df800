import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Page } from '@playwright/test';
import { CHROMIUM_ARGS, chromiumPath } from '../test/e2e/browser.ts';
import { serve } from '../test/e2e/serve.ts';

export interface ConsoleTiming {
  query: string;
  /** Ctrl+Enter to the first result row painted. */
  firstRowMs: number;
  /** Ctrl+Enter to the exact row count shown. */
  totalMs: number;
  /** A header click to the first row of that order painted. */
  sortMs: number;
  /** The scrollbar dragged to the middle, to the row there painted. */
  middlePageMs: number;
}

const QUERIES = [
  'SELECT * FROM events',
  'SELECT event_time, event_name, event_source, source_ip, user_agent, identity_arn, event_key FROM events',
];

/**
 * The console as an analyst meets it: the served UI in Chromium on the bench case, each query
 * typed and run with Ctrl+Enter, timed in the page from the keypress (or click, or scroll) to
 * the frame that paints the row. Each query runs `runs` times on a freshly loaded page; the
 * median of each figure is reported.
 */
export async function consoleBench(caseFile: string, runs: number): Promise<ConsoleTiming[]> {
  const configDir = fs.mkdtempSync(path.join(os.tmpdir(), 'trailscope-bench-console-'));
  const { url, child } = await serve(['--case', caseFile, '--port', '0'], configDir);
  const browser = await chromium.launch({
    executablePath: chromiumPath(),
    args: CHROMIUM_ARGS,
  });
  try {
    const page = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
    // tsx names the arrow functions it compiles with a helper that exists in Node only; the
    // functions sent to the page bring the calls, and the page needs the helper.
    await page.addInitScript({ content: 'globalThis.__name = (f) => f;' });
    const timings: ConsoleTiming[] = [];
    for (const query of QUERIES) {
      const samples: Omit<ConsoleTiming, 'query'>[] = [];
      for (let run = 0; run < runs; run++) samples.push(await timeOnce(page, url, query));
      const median = (key: keyof Omit<ConsoleTiming, 'query'>) => {
        const sorted = samples.map((s) => s[key]).sort((a, b) => a - b);
        return Math.round(sorted[Math.floor(sorted.length / 2)]!);
      };
      timings.push({
        query,
        firstRowMs: median('firstRowMs'),
        totalMs: median('totalMs'),
        sortMs: median('sortMs'),
        middlePageMs: median('middlePageMs'),
      });
    }
    return timings;
  } finally {
    await browser.close();
    child.kill('SIGINT');
    await new Promise((resolve) => child.once('exit', resolve));
    fs.rmSync(configDir, { recursive: true, force: true });
  }
}

async function timeOnce(page: Page, url: string, query: string): Promise<Omit<ConsoleTiming, 'query'>> {
  await page.goto(url);
  await page.getByRole('button', { name: 'SQL', exact: true }).click();
  const editor = page.getByRole('textbox', { name: 'SQL' });
  await editor.fill(query);
  await watchFirstRow(page, 'keydown');
  await editor.press('Control+Enter');
  const firstRowMs = await painted(page);
  const status = page.getByTestId('run-status');
  await status.filter({ hasNotText: 'counting' }).waitFor({ timeout: 600_000 });
  const totalMs = await page.evaluate(() => performance.now() - (globalThis as unknown as Watch).started);

  await watchFirstRow(page, 'click');
  await page.getByRole('button', { name: /^source_ip\b/ }).click();
  const sortMs = await painted(page);

  const grid = page.getByRole('grid', { name: 'Query result' });
  const middlePageMs = await grid.evaluate(
    (element) =>
      new Promise<number>((resolve) => {
        const { requestAnimationFrame } = globalThis as unknown as InPage;
        const started = performance.now();
        element.scrollTop = (element.scrollHeight - element.clientHeight) / 2;
        // Past 8 million pixels the grid scales its scrollbar: the rows shown are found, not computed.
        const check = () => {
          const shown = element.querySelector('.virtual-row');
          const index = Number(shown?.getAttribute('aria-rowindex'));
          if (index > 10_000 && shown?.textContent?.includes('@'))
            requestAnimationFrame(() => resolve(performance.now() - started));
          else requestAnimationFrame(check);
        };
        check();
      }),
  );
  return { firstRowMs, totalMs, sortMs, middlePageMs };
}

interface Watch {
  started: number;
  painted: number | null;
}

/** What the functions run in the page use of it: this file compiles as Node code, without the DOM's types. */
interface InPage extends Watch {
  requestAnimationFrame(callback: () => void): number;
  document: {
    querySelector(selector: string): InPageElement | null;
    addEventListener(type: string, listener: () => void, options: { capture: boolean; once: boolean }): void;
  };
}

interface InPageElement {
  textContent: string | null;
  getAttribute(name: string): string | null;
  querySelector(selector: string): InPageElement | null;
}

/**
 * From the next keydown or click: the frame after the first row shows an event key (a row not
 * yet read is blank, and the rows of an earlier result or order are taken off first).
 */
async function watchFirstRow(page: Page, trigger: 'keydown' | 'click'): Promise<void> {
  await page.evaluate((on) => {
    const watch = globalThis as unknown as InPage;
    const { document, requestAnimationFrame } = watch;
    watch.painted = null;
    const grid = () => document.querySelector('[role=grid][aria-label="Query result"]');
    const before = grid()?.querySelector('[aria-rowindex="1"]')?.textContent ?? null;
    document.addEventListener(
      on,
      () => {
        watch.started = performance.now();
        const check = () => {
          const row = grid()?.querySelector('[aria-rowindex="1"]')?.textContent ?? '';
          if (row.includes('@') && row !== before) requestAnimationFrame(() => (watch.painted = performance.now()));
          else requestAnimationFrame(check);
        };
        requestAnimationFrame(check);
      },
      { capture: true, once: true },
    );
  }, trigger);
}

async function painted(page: Page): Promise<number> {
  await page.waitForFunction(() => (globalThis as unknown as Watch).painted !== null, null, { timeout: 600_000 });
  return page.evaluate(() => {
    const watch = globalThis as unknown as Watch;
    return watch.painted! - watch.started;
  });
}
