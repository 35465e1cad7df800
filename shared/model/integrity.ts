/**
 * Integrity validation of CloudTrail digests and log files (DESIGN §7). The inputs are what
 * the case knows about each file, one plain row each, so that they can be read from tables;
 * the outputs are what the CLI, the UI and the report show, JSON-safe and stored as rows.
 * Field names are snake_case like the case file's columns. Times are ISO 8601 UTC.
 */

/**
 * valid: every check passed, up to a signature by AWS. invalid: a check failed.
 * missing: named by a digest, not in the case. unlisted: in the case, named by no digest.
 * unverifiable: nothing contradicts it, but what would prove it could not be checked.
 */
export const integrityStatuses = ['valid', 'invalid', 'missing', 'unlisted', 'unverifiable'] as const;
export type IntegrityStatus = (typeof integrityStatuses)[number];

export type IntegrityFileKind = 'log' | 'digest';

/** The fields of a digest file that describe the digest itself, as written (never reformatted). */
export interface DigestFields {
  aws_account_id: string;
  digest_start_time: string;
  /** Part of the signed string exactly as written. */
  digest_end_time: string;
  digest_s3_bucket: string;
  digest_s3_object: string;
  digest_public_key_fingerprint: string;
  digest_signature_algorithm: string;
  newest_event_time: string | null;
  oldest_event_time: string | null;
  /** The previous-digest fields are all null in the first digest of a chain. */
  previous_digest_s3_bucket: string | null;
  previous_digest_s3_object: string | null;
  previous_digest_hash_value: string | null;
  previous_digest_hash_algorithm: string | null;
  previous_digest_signature: string | null;
}

/** One entry of a digest's `logFiles`. */
export interface DigestLogEntry {
  s3_bucket: string;
  s3_object: string;
  /** Hex SHA-256 of the log file's uncompressed content. */
  hash_value: string;
  hash_algorithm: string;
  newest_event_time: string | null;
  oldest_event_time: string | null;
}

/** A digest file found in the case. */
export interface DigestInput {
  source_id: number;
  /** Where the file was read from, as the analyst gave it. */
  path: string;
  /** Its S3 key as found (a path holding `AWSLogs/…` will do: keys are compared from there). */
  s3_key: string;
  /** SHA-256 of its first gzip member's uncompressed bytes; null when it could not be decompressed. */
  sha256: string | null;
  /** Stored bytes after the first gzip member: CloudTrail writes exactly one member. */
  bytes_after_first_member: number;
  /** Null when the content is not a readable digest; `problem` then says why. */
  fields: DigestFields | null;
  problem: string | null;
  /** Its own signature, from saved `head-object` output (`Metadata.signature`); null when not given. */
  sidecar_signature: string | null;
}

/** One log file a digest lists: a row per `logFiles` entry, tied to its digest by source id. */
export interface DigestListingInput {
  digest_source_id: number;
  s3_object: string;
  hash_value: string;
}

/** A trail log file found in the case. */
export interface LogFileInput {
  source_id: number;
  path: string;
  s3_key: string;
  /** SHA-256 of the first gzip member's uncompressed bytes; null when it could not be read. */
  sha256: string | null;
  /** Stored bytes after the first gzip member: CloudTrail writes exactly one member. */
  bytes_after_first_member: number;
  /** Why the file could not be read whole; null when it could. */
  problem: string | null;
}

/** A CloudTrail public key, from `aws cloudtrail list-public-keys` output. */
export interface PublicKeyInput {
  /** Hex MD5 of the DER, as AWS states it. */
  fingerprint: string;
  /** The key's DER (PKCS#1 RSAPublicKey or SubjectPublicKeyInfo), base64. */
  der_base64: string;
  valid_from: string | null;
  valid_to: string | null;
  /** The file it came from, to say which keys were used. */
  origin: string | null;
}

export interface IntegrityInput {
  digests: DigestInput[];
  listings: DigestListingInput[];
  log_files: LogFileInput[];
  keys: PublicKeyInput[];
}

/** One file's verdict. Missing files have no path and no source id. */
export interface IntegrityFileResult {
  kind: IntegrityFileKind;
  /** The key from `AWSLogs/` on: where a present file was found, or where a missing one should be. */
  s3_object: string;
  path: string | null;
  source_id: number | null;
  status: IntegrityStatus;
  /** Why, in words a person can read, including what could not be checked. */
  reason: string;
  account: string | null;
  region: string | null;
  /** The trail of a digest; null for log files, whose names do not say. */
  trail: string | null;
  /** A digest's end time; a log file's time from its name. */
  time: string | null;
  /** The digest whose record decided this verdict (the listing, or the signature's carrier), if any. */
  checked_against: string | null;
}

/** A time range of a trail that no digest in the case covers. `from` inclusive, `to` exclusive. */
export interface IntegrityGap {
  account: string;
  region: string;
  trail: string;
  home_region: string;
  from: string;
  to: string;
  reason: string;
}

/** One trail's digest chain as found in the case. */
export interface IntegrityTrail {
  org_id: string | null;
  account: string;
  region: string;
  trail: string;
  home_region: string;
  digests: number;
  /** Start of the oldest and end of the newest digest in the case. */
  from: string | null;
  to: string | null;
  gaps: number;
  /** Whether the oldest digest in the case is the first of its chain (its previous-digest fields are null). */
  starts_chain: boolean;
}

export type IntegrityStatusCounts = Record<IntegrityStatus, number>;

export interface IntegrityKeyUse {
  fingerprint: string;
  origin: string | null;
  valid_from: string | null;
  valid_to: string | null;
  /** Digests whose signature this key verified. */
  verified: number;
}

export interface IntegritySummary {
  digests: IntegrityStatusCounts;
  log_files: IntegrityStatusCounts;
  gaps: number;
  /** Hours of digest time not covered, summed over all gaps. */
  gap_hours: number;
  signatures: { verified: number; failed: number; not_checked: number };
  keys: IntegrityKeyUse[];
  rejected_keys: { fingerprint: string; origin: string | null; reason: string }[];
  /** What was and was not verified, as whole sentences. */
  notes: string[];
  /**
   * Why signatures went unchecked: the first clause of the reasons of digests found invalid or
   * unverifiable that say so, most frequent first (20 kinds at most), and how many digests gave
   * another. Absent from runs stored before 2026-12-05.
   */
  unchecked?: { reasons: { reason: string; digests: number }[]; other_digests: number };
}

export interface IntegrityResult {
  files: IntegrityFileResult[];
  gaps: IntegrityGap[];
  trails: IntegrityTrail[];
  summary: IntegritySummary;
}

/**
 * Where an event's record comes from, by the latest verification stored in the case
 * (`event_integrity`): from at least one valid file; only from invalid files; or from none
 * that a verified digest vouches for (unlisted, unverifiable, not a trail file, or never verified).
 */
export const eventIntegrityValues = ['verified', 'invalid-only', 'unverified'] as const;
export type EventIntegrity = (typeof eventIntegrityValues)[number];

/** Events per `event_integrity` value, by the latest run; `run_id` null when the case was never verified. */
export interface EventIntegrityCounts {
  run_id: number | null;
  verified: number;
  'invalid-only': number;
  unverified: number;
}

/** A public key the case holds, as the analyst gave it. */
export interface StoredPublicKey {
  fingerprint: string;
  valid_from: string | null;
  valid_to: string | null;
  origin: string | null;
  imported_at: string;
}

/** What one import of `list-public-keys` output did. */
export interface PublicKeyImport {
  origin: string;
  /** Keys new to the case, and keys it already held. */
  added: string[];
  already_held: string[];
  rejected: { fingerprint: string; reason: string }[];
}

/** What a verification read from the case. */
export interface IntegrityInputCounts {
  digests: number;
  listings: number;
  log_files: number;
  /** Saved head-object outputs linked to a digest. */
  signatures: number;
  keys: number;
}

/** One verification as the case stores it. */
export interface IntegrityRun {
  run_id: number;
  ran_at: string;
  trailscope_version: string;
  inputs: IntegrityInputCounts;
  /** Every public key the case held: all were offered to validation. */
  keys: StoredPublicKey[];
  summary: IntegritySummary;
  /** The first RUN_LISTED trails, in order; `integrity:list-trails` pages them all. */
  trails: IntegrityTrail[];
  trails_total: number;
  /** The first RUN_LISTED gaps, in order; `summary.gaps` counts them, `integrity:list-gaps` pages them all. */
  gaps: IntegrityGap[];
  /** Sources ingested after this run, which it does not cover. */
  sources_since: number;
}

/**
 * Trails and gaps a run carries: digests forged to be apart make as many gaps, and forged
 * names as many trails (200,000 of each made a 90 MB answer, read in 4.7 s).
 */
export const RUN_LISTED = 10_000;

/** A page of a run's trails or gaps, in order. */
export interface IntegrityListPage<T> {
  run_id: number;
  total: number;
  offset: number;
  rows: T[];
}

export interface IntegrityFileFilter {
  /** The latest run when absent. */
  run_id?: number;
  statuses?: IntegrityStatus[];
  kind?: IntegrityFileKind;
  /** A digest's trail; for a log file, the trail of the digest its verdict rests on. */
  trail?: string;
  limit: number;
  offset?: number;
}

export interface IntegrityFilePage {
  run_id: number;
  /** Files the filter matches, exactly. */
  total: number;
  offset: number;
  rows: IntegrityFileResult[];
}

/** A verification's progress, a complete snapshot each time, like a report's (shared/model/job.ts). */
export interface VerifyProgress {
  kind: 'verify';
  /** Reading the digests and meeting the log files with their listings, judging them (each verdict stored as it comes), then storing the run. */
  step: 'reading' | 'validating' | 'storing';
  /** Inputs read so far (all of them from `validating` on). */
  digests: number;
  logFiles: number;
  /** Files judged so far, digests then log files: counts up while validating, a page at a time. */
  judged: number;
  elapsedSeconds: number;
}

/** What a verification ends with: the stored run, and the keys it was given. The verdicts are read page by page. */
export interface VerifyDone {
  run: IntegrityRun;
  keys_imported: PublicKeyImport | null;
}

/** One trail's chain in one region, as a run records it (`IntegrityTrail` without its counts). */
export interface TrailIdentity {
  account: string;
  region: string;
  trail: string;
  home_region: string;
}

/** The most hours one answer carries: a year, leap or not. A longer trail is read a window at a time. */
export const MAX_STRIP_HOURS = 366 * 24;

/**
 * How an hour of a trail is coded in `TrailHours.statuses`: the worst status among the
 * files placed on it (`.` when none is), one character per hour so that a year stays a few
 * kilobytes.
 */
export const hourCodes: Record<IntegrityStatus, string> = {
  valid: 'v',
  invalid: 'x',
  missing: 'm',
  unlisted: 'u',
  unverifiable: 'n',
};
export const NO_FILE_CODE = '.';

/**
 * A trail's hours by their worst verdict, from the digest chain of one run. Each digest is
 * placed on the hours it mostly covers (CloudTrail's hourly digests start a minute or two
 * past the hour), and so are the log files it lists and whose verdict rests on it; a log
 * file no digest lists is placed on the hour its name gives, when it is of the trail's
 * account and region. An hour inside a gap counts as missing however its files were judged.
 */
export interface TrailHours extends TrailIdentity {
  run_id: number;
  /** Start of the trail's first hour; null when none of its hourly digests could be read. */
  span_from: string | null;
  /** Hours from the start of the first digest to the end of the last. */
  span_hours: number;
  /** The hours carried: at most MAX_STRIP_HOURS of the span, from `from` (index `first_hour`). */
  from: string | null;
  first_hour: number;
  /** One `hourCodes` character per hour carried. */
  statuses: string;
  /** Per hour carried: files placed on it, and those of them not found valid. */
  files: number[];
  problems: number[];
  /** Hours no digest covers, as [first, end) indexes into the hours carried. */
  gaps: [number, number][];
}
