import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { TrailscopeError } from '../../../shared/api/errors.ts';

/** Prints a report's HTML file to a PDF file, stopping on `signal`. The desktop face prints with Electron instead. */
export type PdfPrinter = (htmlFile: string, pdfFile: string, signal?: AbortSignal) => Promise<void>;

const CANDIDATES: Record<string, string[]> = {
  linux: [
    '/usr/bin/chromium',
    '/usr/bin/chromium-browser',
    '/usr/bin/google-chrome',
    '/usr/bin/google-chrome-stable',
    '/snap/bin/chromium',
  ],
  darwin: [
    '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
    '/Applications/Chromium.app/Contents/MacOS/Chromium',
  ],
  win32: [
    path.join(process.env.PROGRAMFILES ?? 'C:\\Program Files', 'Google', 'Chrome', 'Application', 'chrome.exe'),
    path.join(
      process.env['PROGRAMFILES(X86)'] ?? 'C:\\Program Files (x86)',
      'Microsoft',
      'Edge',
      'Application',
      'msedge.exe',
    ),
  ],
};

/** The Chromium (or Chrome, or Edge) to print with: $TRAILSCOPE_CHROMIUM, else the usual places. */
export function findChromium(): string | null {
  const given = process.env.TRAILSCOPE_CHROMIUM;
  if (given) return fs.existsSync(given) ? given : null;
  return (CANDIDATES[process.platform] ?? []).find((candidate) => fs.existsSync(candidate)) ?? null;
}

const PRINT_TIMEOUT_MS = 120_000;

/**
 * Headless Chromium's own --print-to-pdf, in a throwaway profile with no network services.
 * Scripts stay on only because printing needs them (--blink-settings=scriptEnabled=false
 * prints nothing); the report's own policy allows none. The sandbox is dropped only for
 * root, where Chromium refuses to start with it.
 */
export const chromiumPdf: PdfPrinter = async (htmlFile, pdfFile, signal) => {
  const chromium = findChromium();
  if (!chromium) {
    throw new TrailscopeError(
      'not-found',
      'A PDF is printed by Chromium, Chrome or Edge, and none was found: install one, or set TRAILSCOPE_CHROMIUM to its path. HTML, Markdown and JSON reports need none.',
    );
  }
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'trailscope-pdf-'));
  const args = [
    '--headless',
    '--disable-gpu',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-extensions',
    '--no-first-run',
    '--no-default-browser-check',
    `--user-data-dir=${profile}`,
    '--no-pdf-header-footer',
    `--print-to-pdf=${pdfFile}`,
    ...(process.getuid?.() === 0 ? ['--no-sandbox'] : []),
    pathToFileURL(htmlFile).href,
  ];
  fs.rmSync(pdfFile, { force: true });
  try {
    await new Promise<void>((resolve, reject) => {
      execFile(
        chromium,
        args,
        { timeout: PRINT_TIMEOUT_MS, ...(signal ? { signal } : {}) },
        (error, _stdout, stderr) => {
          if (!signal?.aborted && fs.existsSync(pdfFile) && fs.statSync(pdfFile).size > 0) resolve();
          else
            reject(
              new TrailscopeError(
                'internal',
                `${chromium} did not print the PDF: ${error?.message ?? lastLine(stderr)}`,
              ),
            );
        },
      );
    });
  } finally {
    fs.rmSync(profile, { recursive: true, force: true });
  }
};

const lastLine = (text: string) => text.trim().split('\n').pop() ?? 'no output';
