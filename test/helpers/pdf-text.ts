import fs from 'node:fs';
import { getDocument, OPS } from 'pdfjs-dist/legacy/build/pdf.mjs';

export interface PdfContent {
  pages: number;
  text: string;
  /** Every fill color the pages paint with, as #rrggbb. */
  fillColors: Set<string>;
}

/** Opens a PDF as a reader would (Mozilla's pdf.js) and reads back its text and fill colors. */
export async function readPdf(file: string): Promise<PdfContent> {
  const doc = await getDocument({ data: new Uint8Array(fs.readFileSync(file)), verbosity: 0 }).promise;
  const texts: string[] = [];
  const fillColors = new Set<string>();
  for (let n = 1; n <= doc.numPages; n++) {
    const page = await doc.getPage(n);
    const content = await page.getTextContent();
    texts.push(content.items.map((item) => ('str' in item ? item.str : '')).join(' '));
    const ops = await page.getOperatorList();
    ops.fnArray.forEach((fn, i) => {
      if (fn === OPS.setFillRGBColor) fillColors.add(String(ops.argsArray[i]![0]));
    });
  }
  await doc.destroy();
  return { pages: doc.numPages, text: texts.join('\n'), fillColors };
}
