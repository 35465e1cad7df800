/** What a source file turned out to be, recognized by content rather than by name. */
export type SourceKind = 'log' | 'digest' | 'insight' | 'other';

/** The concrete layout a source was read as. */
export type SourceFormat =
  | 'trail-log'
  | 'lookup-events'
  | 'event-history-csv'
  | 'json-lines'
  | 'eventbridge'
  | 'record-array'
  | 'digest'
  /** Saved `aws s3api head-object` output of a digest: its signature, kept in S3 metadata. */
  | 'digest-signature'
  /** Saved `aws cloudtrail list-public-keys` output: recorded, never used as keys (the analyst gives those). */
  | 'public-key-list'
  | 'archive'
  | 'unknown';

/**
 * ok: loaded whole; error: something in it could not be loaded (the message says what,
 * and records that could be read were still loaded); duplicate-file: the same bytes were
 * already ingested from another path.
 */
export type SourceStatus = 'ok' | 'error' | 'duplicate-file';

export interface SourceRow {
  source_id: number;
  path: string;
  member: string | null;
  kind: SourceKind;
  format: SourceFormat;
  size_stored: number;
  size_content: number | null;
  /** Null only when the file could not be read at all. */
  sha256_stored: string | null;
  sha256_content: string | null;
  org_id: string | null;
  account_id: string | null;
  region: string | null;
  log_date: string | null;
  record_count: number;
  rejected_count: number;
  status: SourceStatus;
  error: string | null;
  duplicate_of: number | null;
  ingested_at: string;
}
