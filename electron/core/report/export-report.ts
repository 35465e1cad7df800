import fs from 'node:fs';
import path from 'node:path';
import { TrailscopeError } from '../../../shared/api/errors.ts';
import type { ReportProgress } from '../../../shared/model/job.ts';
import type { Report, ReportExport, ReportFormat } from '../../../shared/model/report.ts';
import { controlSafeJson } from '../../../shared/visible-text.ts';
import { logAction } from '../case/case-log.ts';
import type { CaseStore } from '../case/case-store.ts';
import { freeName } from '../files/free-name.ts';
import { hashFile } from '../files/hash-file.ts';
import { exportsDir } from '../query/export-result.ts';
import type { PdfPrinter } from './chromium-pdf.ts';
import { gatherReport } from './gather-report.ts';
import { attachManifestCsv } from './manifest-csv.ts';
import { reportHtml } from './report-html.ts';
import { reportMarkdown } from './report-markdown.ts';

export interface ReportRequest {
  format: ReportFormat;
  title?: string;
}

export interface ReportRun {
  /** Stops the report between steps, and a PDF while it prints; nothing is left behind or logged. */
  signal?: AbortSignal;
  onProgress?: (progress: ReportProgress) => void;
}

/** While a step lasts, its snapshot again this often: a 600-page PDF prints for a minute. */
const TICK_MS = 1000;

const cancelled = () => new TrailscopeError('cancelled', 'Report cancelled: no file was written.');

/**
 * Writes a report in one format as a new file in the case's exports folder, and records the
 * file's SHA-256 in the case log, so a report handed on can be matched to the case it came from.
 */
export async function exportReport(
  store: CaseStore,
  request: ReportRequest,
  printPdf: PdfPrinter,
  run: ReportRun = {},
): Promise<ReportExport> {
  const progress = reportProgress(request.format, run);
  try {
    return await writeReport(store, request, printPdf, run.signal, progress.step);
  } finally {
    progress.stop();
  }
}

/** Each step's snapshot when it starts, and every second while it lasts; a step checks for a cancel first. */
function reportProgress(format: ReportFormat, run: ReportRun) {
  const started = performance.now();
  let phase: ReportProgress['phase'] = 'gathering';
  const report = () =>
    run.onProgress?.({ kind: 'report', format, phase, elapsedSeconds: (performance.now() - started) / 1000 });
  const ticking = run.onProgress ? setInterval(report, TICK_MS) : null;
  return {
    step(next: ReportProgress['phase']) {
      if (run.signal?.aborted) throw cancelled();
      phase = next;
      report();
    },
    stop: () => clearInterval(ticking ?? undefined),
  };
}

async function writeReport(
  store: CaseStore,
  request: ReportRequest,
  printPdf: PdfPrinter,
  signal: AbortSignal | undefined,
  step: (phase: ReportProgress['phase']) => void,
): Promise<ReportExport> {
  step('gathering');
  const gathered = await gatherReport(store, request.title);
  step('rendering');
  const dir = mkdirs(exportsDir(store));
  const file = freeName(dir, `report-${gathered.generated_at.replace(/[-:]/g, '').replace(/Z$/, '')}`, request.format);
  // The complete manifest goes beside the report, which names it with its SHA-256: a case of
  // a thousand files would otherwise print dozens of pages of hashes.
  const csvFile = freeName(dir, `${path.basename(file)}.sources`, 'csv');
  const { report, csv } = attachManifestCsv(gathered, path.basename(csvFile));
  try {
    fs.writeFileSync(csvFile, csv);
    if (request.format === 'pdf') {
      const page = `${file}.print.html`;
      fs.writeFileSync(page, reportHtml(report));
      try {
        step('printing');
        await printPdf(page, file, signal);
      } finally {
        fs.rmSync(page, { force: true });
      }
    } else {
      fs.writeFileSync(file, render(report, request.format));
    }
    if (signal?.aborted) throw cancelled();
    const exported: ReportExport = {
      path: file,
      name: path.basename(file),
      format: request.format,
      bytes: fs.statSync(file).size,
      sha256: await hashFile(file),
      manifest_csv: {
        path: csvFile,
        name: path.basename(csvFile),
        bytes: fs.statSync(csvFile).size,
        sha256: await hashFile(csvFile),
      },
    };
    await store.writeAnalyst((db) =>
      logAction(db, 'report-exported', {
        ...exported,
        title: report.title,
        findings: report.findings.length,
        generated_at: report.generated_at,
      }),
    );
    return exported;
  } catch (error) {
    fs.rmSync(file, { force: true });
    fs.rmSync(csvFile, { force: true });
    // A printer stopped by the cancel fails in its own words; the cancel is what happened.
    throw signal?.aborted ? cancelled() : error;
  }
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
