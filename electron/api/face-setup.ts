/**
 * What a face needs from the core to set itself up, beside requests: where recent cases are
 * listed, how a PDF is printed, where a case keeps its folders. Faces import these from here,
 * never from the core, so that `check-layers` can hold them to the one front door.
 */
export { caseFolders } from '../core/case/case-folders.ts';
export { cliRecentCasesFile, RecentCases } from '../core/case/recent-cases.ts';
export type { PdfPrinter } from '../core/report/chromium-pdf.ts';
