import type {
  DigestFields,
  IntegrityInputCounts,
  PublicKeyInput,
  StoredPublicKey,
} from '../../../shared/model/integrity.ts';
import type { CaseReader } from '../case/case-reader.ts';
import { caseKeys } from './case-public-keys.ts';
import type { SidecarLocation } from './sidecar-links.ts';

/**
 * What validation reads of a case besides its digests, which it reads a trail at a time
 * (`case-digests.ts`), and its log files, which it reads key by key (`case-log-files.ts`).
 */
export interface CaseIntegrityInput {
  /** The public keys offered to validation. */
  keyInputs: PublicKeyInput[];
  counts: IntegrityInputCounts;
  keys: StoredPublicKey[];
  /** What the case holds that validation could not use, in sentences. */
  notes: string[];
  /** The newest source the inputs were read from: sources after it came later. */
  last_source_id: number;
  /** Saved head-object outputs, whose signatures belong to digests (`SidecarLinker`). */
  sidecars: SidecarLocation[];
}

// Where a source was found: its path, and its member inside an archive.
export const LOCATION = `s.path || coalesce('!/' || s.member, '')`;
// What a digest hashes: the first gzip member's content. A file stored uncompressed is its
// content; a source ingested before migration 6 has only its whole content's hash.
export const DIGESTED = `coalesce(s.sha256_first_member, s.sha256_content)`;
// A duplicate file (the same bytes under another name) shares its original's parsed rows.
export const ORIGINAL = `coalesce(s.duplicate_of, s.source_id)`;

// Trail log files: by format wherever they are, and anything read from a CloudTrail/ folder.
export const TRAIL_LOG_FILE = `s.kind = 'log' AND (s.format = 'trail-log' OR s.s3_key IS NOT NULL)`;

// Each digest's listed log files, a duplicate digest's through its original.
export const LISTINGS = `sources s JOIN digest_log_files l ON l.digest_source_id = ${ORIGINAL} WHERE s.kind = 'digest'`;

export const DIGEST_FIELDS: (keyof DigestFields)[] = [
  'aws_account_id',
  'digest_start_time',
  'digest_end_time',
  'digest_s3_bucket',
  'digest_s3_object',
  'digest_public_key_fingerprint',
  'digest_signature_algorithm',
  'newest_event_time',
  'oldest_event_time',
  'previous_digest_s3_bucket',
  'previous_digest_s3_object',
  'previous_digest_hash_value',
  'previous_digest_hash_algorithm',
  'previous_digest_signature',
];

interface SidecarRow {
  source_id: number;
  location: string;
  signature: string;
  etag: string | null;
  content_length: string | null;
}

/**
 * What validation needs of a case besides its digests and log files: the saved head-object
 * outputs, the analyst's public keys, how many digests, listings and log files there are, and
 * what it holds that validation cannot use.
 */
export async function loadCaseInput(db: CaseReader): Promise<CaseIntegrityInput> {
  const sidecarRows = await db.rows<SidecarRow>(
    `SELECT s.source_id, ${LOCATION} AS location, g.signature, g.etag, g.content_length
     FROM sources s JOIN digest_signatures g ON g.source_id = ${ORIGINAL} ORDER BY s.source_id`,
  );
  const keys = await caseKeys(db);
  return {
    keyInputs: keys.inputs,
    counts: {
      digests: await db.number(
        `SELECT count(*) FROM sources s JOIN digests d ON d.source_id = ${ORIGINAL} WHERE s.kind = 'digest'`,
      ),
      listings: await db.number(`SELECT count(*) FROM ${LISTINGS}`),
      log_files: await db.number(`SELECT count(*) FROM sources s WHERE ${TRAIL_LOG_FILE}`),
      // Counted as each digest is linked to its output (`placeDigests`).
      signatures: 0,
      keys: keys.inputs.length,
    },
    keys: keys.stored,
    notes: await caseNotes(db),
    last_source_id: await db.number('SELECT coalesce(max(source_id), 0) FROM sources'),
    sidecars: sidecarRows.map((s) => ({
      ...s,
      content_length: s.content_length === null ? null : Number(s.content_length),
    })),
  };
}

/** What the case holds that validation cannot use, and why. */
async function caseNotes(db: CaseReader): Promise<string[]> {
  const notes: string[] = [];
  const unread = await db.number(
    `SELECT count(*) FROM sources s WHERE s.kind = 'digest' AND NOT EXISTS (SELECT 1 FROM digests d WHERE d.source_id = ${ORIGINAL})`,
  );
  if (unread > 0) {
    notes.push(
      `${unread} digest file(s) were ingested by an earlier Trailscope, which recorded them without their content, so they were not validated and the log files they list are unlisted here. Ingest the same archive into a new case to validate them.`,
    );
  }
  const wholeContent = await db.number(
    `SELECT count(*) FROM sources WHERE kind = 'log' AND ingested_at < (SELECT applied_at FROM schema_migrations WHERE version = 6)`,
  );
  if (wholeContent > 0) {
    notes.push(
      `${wholeContent} log file(s) were ingested by an earlier Trailscope, which did not measure gzip members: their whole uncompressed content was compared with the digests, so a gzip member appended to one shows as a changed file.`,
    );
  }
  const keyLists = await db.rows<{ location: string }>(
    `SELECT ${LOCATION} AS location FROM sources s WHERE s.format = 'public-key-list' ORDER BY s.source_id`,
  );
  for (const { location } of keyLists) {
    notes.push(
      `${location} holds list-public-keys output among the evidence. Keys are never taken from the evidence, where keys planted beside forged digests would vouch for them: only keys given to a verification are used (trailscope verify --keys FILE).`,
    );
  }
  return notes;
}
