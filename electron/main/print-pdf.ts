import fs from 'node:fs';
import type { BrowserWindow, BrowserWindowConstructorOptions } from 'electron';
import type { PdfPrinter } from '../core/report/chromium-pdf.ts';

/** A hidden window for printing only: no preload, no Node, no scripts (the report has none). */
export const printWindowOptions: BrowserWindowConstructorOptions = {
  show: false,
  webPreferences: { javascript: false, sandbox: true, contextIsolation: true, nodeIntegration: false, webSecurity: true, spellcheck: false },
};

/** The desktop face prints reports with Electron's own printToPDF, in A4 landscape like the browser face. */
export function electronPdfPrinter(createWindow: (options: BrowserWindowConstructorOptions) => BrowserWindow): PdfPrinter {
  return async (htmlFile, pdfFile) => {
    const window = createWindow(printWindowOptions);
    try {
      await window.loadFile(htmlFile);
      const pdf = await window.webContents.printToPDF({ printBackground: true, preferCSSPageSize: true });
      await fs.promises.writeFile(pdfFile, pdf);
    } finally {
      window.destroy();
    }
  };
}
