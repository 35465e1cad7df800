import fs from 'node:fs';
import type { BrowserWindow, BrowserWindowConstructorOptions } from 'electron';
import type { PdfPrinter } from '../api/face-setup.ts';

/** A hidden window for printing only: no preload, no Node, no scripts (the report has none). */
export const printWindowOptions: BrowserWindowConstructorOptions = {
  show: false,
  webPreferences: {
    javascript: false,
    sandbox: true,
    contextIsolation: true,
    nodeIntegration: false,
    webSecurity: true,
    spellcheck: false,
  },
};

type PrintWindow = Pick<BrowserWindow, 'loadFile' | 'destroy' | 'isDestroyed'> & {
  webContents: Pick<BrowserWindow['webContents'], 'printToPDF'>;
};

/**
 * The desktop face prints reports with Electron's own printToPDF, in A4 landscape like the
 * browser face. A cancelled report closes the window at once, which ends the printing.
 */
export function electronPdfPrinter(
  createWindow: (options: BrowserWindowConstructorOptions) => PrintWindow,
): PdfPrinter {
  return async (htmlFile, pdfFile, signal) => {
    signal?.throwIfAborted();
    const window = createWindow(printWindowOptions);
    const close = () => {
      if (!window.isDestroyed()) window.destroy();
    };
    signal?.addEventListener('abort', close, { once: true });
    try {
      await window.loadFile(htmlFile);
      const pdf = await window.webContents.printToPDF({ printBackground: true, preferCSSPageSize: true });
      await fs.promises.writeFile(pdfFile, pdf);
    } finally {
      signal?.removeEventListener('abort', close);
      close();
    }
  };
}
