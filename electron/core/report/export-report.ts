import fs from 'node:fs';
import path from 'node:path';
import type { Report, ReportExport, ReportFormat } from '../../../shared/model/report.ts';
import { controlSafeJson } from '../../../shared/visible-text.ts';
import { logAction } from '../case/case-log.ts';
import type { CaseStore } from '../case/case-store.ts';
import { hashFile } from '../files/hash-file.ts';
import { freeName } from '../files/free-name.ts';
import { exportsDir } from '../query/export-result.ts';
import type { PdfPrinter } from './chromium-pdf.ts';
import { gatherReport } from './gather-report.ts';
import { reportHtml } from './report-html.ts';
import { reportMarkdown } from './report-markdown.ts';

export interface ReportRequest {
  format: ReportFormat;
  title?: string;
  /** Where to write it; by default a new file in the case's exports folder. */
  out?: string;
}

/**
 * Writes a report in one format and records the file's SHA-256 in the case log, so a report
 * handed on can be matched to the case it came from.
 */
export async function exportReport(store: CaseStore, request: ReportRequest, printPdf: PdfPrinter): Promise<ReportExport> {
  const report = await gatherReport(store, request.title);
  const file = request.out ? path.resolve(request.out) : freeName(mkdirs(exportsDir(store)), `report-${report.generated_at.replace(/[-:]/g, '').replace(/Z$/, '')}`, request.format);
  mkdirs(path.dirname(file));
  if (request.format === 'pdf') {
    const page = `${file}.print.html`;
    fs.writeFileSync(page, reportHtml(report));
    try {
      await printPdf(page, file);
    } finally {
      fs.rmSync(page, { force: true });
    }
  } else {
    fs.writeFileSync(file, render(report, request.format));
  }
  const exported: ReportExport = { path: file, name: path.basename(file), format: request.format, bytes: fs.statSync(file).size, sha256: await hashFile(file) };
  await store.writeAnalyst((db) => logAction(db, 'report-exported', { ...exported, title: report.title, findings: report.findings.length, generated_at: report.generated_at }));
  return exported;
}

function render(report: Report, format: Exclude<ReportFormat, 'pdf'>): string {
  switch (format) {
    case 'html':
      return reportHtml(report);
    case 'md':
      return reportMarkdown(report);
    case 'json':
      return `${controlSafeJson(report, 2)}\n`;
  }
}

function mkdirs(dir: string): string {
  fs.mkdirSync(dir, { recursive: true });
  return dir;
}
