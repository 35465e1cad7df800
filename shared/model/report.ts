import type { CaseInfo } from './case-info.ts';
import type { DetectionRun, DetectionSeverity } from './detection.ts';
import type { EventSummary, Finding } from './finding.ts';
import type { IntegrityFileResult, IntegrityRun, IntegrityStatus } from './integrity.ts';
import type { PipelineGap, PipelineKey } from './pipeline.ts';
import type { SourceKind, SourceStatus } from './source.ts';

/** What the analyst states about the case, for the report's cover. Dates are YYYY-MM-DD. */
export interface CaseDetails {
  case_name: string | null;
  investigator: string | null;
  opened_on: string | null;
  closed_on: string | null;
}

export const reportFormats = ['html', 'pdf', 'md', 'json'] as const;
export type ReportFormat = (typeof reportFormats)[number];

/**
 * Where a key event comes from: the analyst's bookmarks, notes and tags; the events a finding
 * rests on (its events, its query's event keys, its pipeline version); the latest detection
 * results; or a pipeline version with security-relevant changes.
 */
export const timelineSources = ['analyst', 'finding', 'detection', 'pipeline'] as const;
export type TimelineSource = (typeof timelineSources)[number];

/** A key event on the report's timeline, with why it is there. */
export interface TimelineEntry extends EventSummary {
  /** Each reason in words, naming its source ("detection: …", "finding 2: …"). */
  reasons: string[];
  /** The sources of those reasons, each once, in the order of `timelineSources`. */
  sources: TimelineSource[];
}

/** One version of a pipeline as a report lists it: who made it, when, from where. */
export interface ReportPipelineVersion {
  version: number;
  event_key: string;
  event_time: string;
  event_name: string;
  actor: string | null;
  source_ip: string | null;
  declaration_status: string;
  /** Changes from the previous version; null for the first known one. */
  changes: number | null;
  security_changes: { path: string; kind: string; reason: string | null }[];
}

export interface ReportPipeline extends PipelineKey {
  lineage: number;
  deleted: boolean;
  versions: ReportPipelineVersion[];
  gaps: PipelineGap[];
}

/** One source file of the evidence, as the case recorded it at ingest. */
export interface ManifestEntry {
  source_id: number;
  path: string;
  member: string | null;
  kind: SourceKind;
  status: SourceStatus;
  size_stored: number;
  size_content: number | null;
  sha256_stored: string | null;
  sha256_content: string | null;
  record_count: number;
  ingested_at: string;
  error: string | null;
  /** Its verdict in the latest verification; null when that did not judge it (not a trail file, or never verified). */
  integrity: IntegrityStatus | null;
}

/**
 * The manifest in brief, for the report's appendix: sources grouped by the folder they were
 * read from (archive members by the archive and their folder in it), as deep as keeps the
 * groups few. The complete list is the attached CSV.
 */
export interface ManifestFolder {
  /** Relative to `ManifestSummary.root`; '' for the root itself. */
  folder: string;
  files: number;
  kinds: { kind: SourceKind; files: number }[];
  records: number;
  size_stored: number;
  /** Files whose status is not ok: read with an error, or the same bytes as another file. */
  errors: number;
  duplicates: number;
  /** Verdicts of the latest verification; files it did not judge are not counted. */
  integrity: { status: IntegrityStatus; files: number }[];
}

export interface ManifestSummary {
  /** The folder every source path lies in, with its trailing separator; '' when they share none. */
  root: string;
  /** How many path segments below the root the folders keep. */
  depth: number;
  folders: ManifestFolder[];
  /** Files read with an error, with why: the first MANIFEST_ERRORS_SHOWN of `errors_total`. */
  errors: Pick<ManifestEntry, 'source_id' | 'path' | 'member' | 'error'>[];
  errors_total: number;
}

/** The complete manifest as a CSV file written beside the report, which names it with its hash. */
export interface AttachedFile {
  name: string;
  bytes: number;
  sha256: string;
  rows: number;
}

/** The report's integrity section: the latest verification stored in the case, or plainly none. */
export interface ReportIntegrity {
  digest_files: number;
  /** Whether the case holds a verification. */
  validated: boolean;
  /** The section in one paragraph, for the case summary. */
  note: string;
  run: IntegrityRun | null;
  /** Files not found valid, worst first: the first of `problems_total`. */
  problems: IntegrityFileResult[];
  problems_total: number;
}

/** A rule with hits, as the report's detections section lists it. */
export interface ReportDetectionRule {
  rule_id: string;
  title: string;
  severity: DetectionSeverity;
  attack: string[];
  hit_total: number;
  /** Events its hits rest on (exact), and the span they cover. */
  events: number;
  first: string | null;
  last: string | null;
}

/** The report's detections section: the latest results stored in the case, or plainly none. */
export interface ReportDetections {
  run: DetectionRun | null;
  /** The section in one paragraph, for the case summary. */
  note: string;
  /** Rules with hits, most severe first, then by hits. */
  rules: ReportDetectionRule[];
  failed: { rule_id: string; error: string }[];
}

/** Everything a report says, in one shape that every format renders and JSON carries as is. */
export interface Report {
  report_format: 1;
  title: string;
  generated_at: string;
  trailscope_version: string;
  case_file: string;
  details: CaseDetails;
  summary: CaseInfo & { digests: number; bookmarks: number; findings: number };
  integrity: ReportIntegrity;
  detections: ReportDetections;
  timeline: TimelineEntry[];
  /** Key events in all; the timeline keeps the first TIMELINE_LIMIT of them. */
  timeline_total: number;
  findings: Finding[];
  bookmarks: EventSummary[];
  pipelines: ReportPipeline[];
  /** Every source, one entry each; the HTML, PDF and Markdown show `manifest_summary` and name the CSV. */
  manifest: ManifestEntry[];
  manifest_summary: ManifestSummary;
  manifest_csv: AttachedFile;
}

/** An exported report file, as the case log records it, with the manifest CSV written beside it. */
export interface ReportExport {
  path: string;
  name: string;
  format: ReportFormat;
  bytes: number;
  sha256: string;
  manifest_csv: { path: string; name: string; bytes: number; sha256: string };
}
