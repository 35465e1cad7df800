import type { ManifestEntry, Report } from '../../../shared/model/report.ts';
import { caseDetails } from '../analyst/case-details.ts';
import { bookmarkedEvents } from '../analyst/event-summaries.ts';
import { listFindings } from '../analyst/findings.ts';
import { caseInfo } from '../case/case-info.ts';
import type { CaseReader } from '../case/case-reader.ts';
import type { CaseStore } from '../case/case-store.ts';
import { trailscopeVersion } from '../version.ts';
import { manifestSummary } from './manifest-summary.ts';
import { reportDetections } from './report-detections.ts';
import { reportIntegrity } from './report-integrity.ts';
import { reportPipelines } from './report-pipelines.ts';
import { reportTimeline } from './report-timeline.ts';

/** A report as gathered from the case; the export attaches the manifest CSV it writes beside it. */
export type GatheredReport = Omit<Report, 'manifest_csv'>;

/**
 * Everything a report says, read from the case in one go. Every format renders this one
 * object, so HTML, PDF, Markdown and JSON cannot disagree.
 */
export async function gatherReport(store: CaseStore, title: string | undefined): Promise<GatheredReport> {
  const [details, info, findings] = await Promise.all([caseDetails(store), caseInfo(store), listFindings(store)]);
  return store.read(async (db) => {
    const bookmarks = await bookmarkedEvents(db);
    const pipelines = await reportPipelines(db);
    const manifest = await readManifest(db);
    const digests = manifest.filter((m) => m.kind === 'digest').length;
    return {
      report_format: 1,
      title: title?.trim() || details.case_name || 'CloudTrail investigation',
      generated_at: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
      trailscope_version: trailscopeVersion,
      case_file: store.path,
      details,
      summary: { ...info, digests, bookmarks: bookmarks.length, findings: findings.length },
      integrity: await reportIntegrity(db, digests),
      detections: await reportDetections(db),
      ...(await reportTimeline(db, findings, bookmarks, pipelines)),
      findings,
      bookmarks,
      pipelines,
      manifest,
      manifest_summary: manifestSummary(manifest),
    };
  });
}

async function readManifest(db: CaseReader): Promise<ManifestEntry[]> {
  // Each file's verdict in the latest verification, where it judged the file.
  const rows = await db.rows<
    Omit<ManifestEntry, 'size_stored' | 'size_content' | 'record_count'> & {
      size_stored: string;
      size_content: string | null;
      record_count: number;
    }
  >(
    `SELECT s.source_id, s.path, s.member, s.kind, s.status, s.size_stored, s.size_content, s.sha256_stored, s.sha256_content, s.record_count,
       strftime(s.ingested_at, '%Y-%m-%dT%H:%M:%SZ') AS ingested_at, s.error, f.status AS integrity
     FROM sources s LEFT JOIN integrity_files f ON f.source_id = s.source_id AND f.run_id = (SELECT max(run_id) FROM integrity_runs)
     ORDER BY s.source_id`,
  );
  return rows.map((row) => ({
    ...row,
    size_stored: Number(row.size_stored),
    size_content: row.size_content === null ? null : Number(row.size_content),
    record_count: Number(row.record_count),
  }));
}
