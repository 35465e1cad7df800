import fs from 'node:fs';

/** Debian's Chromium, or the browser named by TRAILSCOPE_CHROMIUM; Playwright's own download cannot work offline. */
export function chromiumPath(): string {
  return process.env.TRAILSCOPE_CHROMIUM ?? '/usr/bin/chromium';
}

/** Null when the browser is there; otherwise why the suite cannot run. */
export function missingBrowser(): string | null {
  const path = chromiumPath();
  return fs.existsSync(path) ? null : `no Chromium at ${path}: install Debian's chromium package or set TRAILSCOPE_CHROMIUM`;
}
