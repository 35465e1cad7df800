import type { EventSummary, Finding } from '../../../shared/model/finding.ts';
import type { ManifestEntry, Report, ReportPipeline, TimelineEntry } from '../../../shared/model/report.ts';
import { caseDetails } from '../analyst/case-details.ts';
import { bookmarkedEvents, eventSummaries } from '../analyst/event-summaries.ts';
import { listFindings } from '../analyst/findings.ts';
import { caseInfo } from '../case/case-info.ts';
import type { CaseReader } from '../case/case-reader.ts';
import type { CaseStore } from '../case/case-store.ts';
import { trailscopeVersion } from '../version.ts';
import { reportDetections } from './report-detections.ts';
import { reportIntegrity } from './report-integrity.ts';
import { reportPipelines } from './report-pipelines.ts';

/** A timeline longer than this stops being read; the report says how many were left out. */
export const TIMELINE_LIMIT = 500;

/**
 * Everything a report says, read from the case in one go. Every format renders this one
 * object, so HTML, PDF, Markdown and JSON cannot disagree.
 */
export async function gatherReport(store: CaseStore, title: string | undefined): Promise<Report> {
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
      ...(await timeline(db, findings, bookmarks, pipelines)),
      findings,
      bookmarks,
      pipelines,
      manifest,
    };
  });
}

/**
 * Key events: the bookmarked, noted or tagged ones, those a finding rests on, and pipeline
 * versions with security-relevant changes, each with why it is on the timeline.
 */
async function timeline(
  db: CaseReader,
  findings: Finding[],
  bookmarks: EventSummary[],
  pipelines: ReportPipeline[],
): Promise<{ timeline: TimelineEntry[]; timeline_total: number }> {
  const reasons = new Map<string, string[]>();
  const add = (key: string, reason: string) => reasons.set(key, [...(reasons.get(key) ?? []), reason]);
  for (const event of bookmarks) add(event.event_key, 'bookmarked');
  // Notes and tags on events that are not bookmarked are the analyst's work too.
  const annotated = await db.rows<{
    event_key: string;
    reason: string;
  }>(`SELECT event_key, 'note' AS reason FROM notes WHERE event_key IS NOT NULL
    UNION ALL SELECT event_key, 'tagged ' || string_agg(tag, ', ' ORDER BY tag) FROM tags GROUP BY event_key`);
  for (const { event_key, reason } of annotated)
    if (!bookmarks.some((b) => b.event_key === event_key)) add(event_key, reason);
  for (const finding of findings) {
    const { evidence } = finding;
    if (evidence.kind === 'events')
      for (const event of evidence.events) add(event.event_key, `finding ${finding.position}`);
    if (evidence.kind === 'pipeline-diff')
      add(evidence.changed_by.event_key, `finding ${finding.position}: ${evidence.name} v${evidence.to_version}`);
  }
  for (const pipeline of pipelines) {
    for (const v of pipeline.versions) {
      if (v.security_changes.length > 0)
        add(v.event_key, `${pipeline.name} v${v.version}: ${v.security_changes.length} security-relevant change(s)`);
    }
  }
  const events = await eventSummaries(db, [...reasons.keys()]);
  return {
    timeline: events
      .slice(0, TIMELINE_LIMIT)
      .map((event) => ({ ...event, reasons: reasons.get(event.event_key) ?? [] })),
    timeline_total: events.length,
  };
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
