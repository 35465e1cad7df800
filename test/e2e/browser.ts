import fs from 'node:fs';

/** Debian's Chromium, or the browser named by TRAILSCOPE_CHROMIUM; Playwright's own download cannot work offline. */
export function chromiumPath(): string {
  return process.env.TRAILSCOPE_CHROMIUM ?? '/usr/bin/chromium';
}

/** What Chromium is launched with, for the e2e tests and the console benchmark alike. */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
];

/** Null when the browser is there; otherwise why the suite cannot run. */
export function missingBrowser(): string | null {
  const path = chromiumPath();
  return fs.existsSync(path)
    ? null
    : `no Chromium at ${path}: install Debian's chromium package or set TRAILSCOPE_CHROMIUM`;
}

/** The Electron binary if this machine has one; its download is lazy and often unreachable. */
export function electronBinary(): string | null {
  const pathFile = 'node_modules/electron/path.txt';
  if (!fs.existsSync(pathFile)) return null;
  const binary = `node_modules/electron/dist/${fs.readFileSync(pathFile, 'utf8')}`;
  return fs.existsSync(binary) ? binary : null;
}

/** Null when the desktop suite can run here; otherwise why not. */
export function missingDesktop(): string | null {
  if (!electronBinary())
    return 'no Electron binary here (node_modules/electron has none and its download is unreachable)';
  if (process.platform === 'linux' && !process.env.DISPLAY) return 'no X display: run under xvfb-run -a';
  return null;
}
