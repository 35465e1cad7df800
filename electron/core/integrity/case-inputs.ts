import type {
  DigestFields,
  DigestInput,
  IntegrityInputCounts,
  PublicKeyInput,
  StoredPublicKey,
} from '../../../shared/model/integrity.ts';
import type { CaseReader } from '../case/case-reader.ts';
import { caseKeys } from './case-public-keys.ts';
import { linkSidecars } from './sidecar-links.ts';

/** What validation reads of a case before its log files, which it reads key by key (`case-log-files.ts`). */
export interface CaseIntegrityInput {
  digests: DigestInput[];
  /** The public keys offered to validation. */
  keyInputs: PublicKeyInput[];
  counts: IntegrityInputCounts;
  keys: StoredPublicKey[];
  /** What the case holds that validation could not use, in sentences. */
  notes: string[];
  /** The newest source the inputs were read from: sources after it came later. */
  last_source_id: number;
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

/** How many digests validation holds in memory, counted without reading them. */
export function countDigests(db: CaseReader): Promise<number> {
  return db.number(`SELECT count(*) FROM sources s WHERE s.kind = 'digest'`);
}

const DIGEST_FIELDS: (keyof DigestFields)[] = [
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

type DigestRow = Record<keyof DigestFields, string | null> & {
  source_id: number;
  location: string;
  s3_key: string;
  sha256: string | null;
  bytes_after: string;
  size_stored: string;
  md5_stored: string | null;
  problem: string | null;
};

interface SidecarRow {
  source_id: number;
  location: string;
  signature: string;
  etag: string | null;
  content_length: string | null;
}

/**
 * What validation needs before the log files, from the case alone: digests with their fields
 * as written, the saved head-object outputs linked to them, the analyst's public keys, and how
 * many listings and log files there are.
 */
export async function loadDigestInput(db: CaseReader): Promise<CaseIntegrityInput> {
  const digestRows = await db.rows<DigestRow>(
    `SELECT s.source_id, ${LOCATION} AS location, coalesce(s.s3_key, s.member, s.path) AS s3_key, ${DIGESTED} AS sha256,
       coalesce(s.bytes_after_first_member, 0) AS bytes_after, s.size_stored, d.md5_stored, d.problem, ${DIGEST_FIELDS.map((f) => `d.${f}`).join(', ')}
     FROM sources s JOIN digests d ON d.source_id = ${ORIGINAL}
     WHERE s.kind = 'digest' ORDER BY s.source_id`,
  );
  const sidecarRows = await db.rows<SidecarRow>(
    `SELECT s.source_id, ${LOCATION} AS location, g.signature, g.etag, g.content_length
     FROM sources s JOIN digest_signatures g ON g.source_id = ${ORIGINAL} ORDER BY s.source_id`,
  );
  const keys = await caseKeys(db);
  const links = linkSidecars(
    digestRows.map((d) => ({
      source_id: d.source_id,
      location: d.location,
      md5_stored: d.md5_stored,
      size_stored: Number(d.size_stored),
    })),
    sidecarRows.map((s) => ({ ...s, content_length: s.content_length === null ? null : Number(s.content_length) })),
  );
  const digests: DigestInput[] = digestRows.map((d) => ({
    source_id: d.source_id,
    path: d.location,
    s3_key: d.s3_key,
    sha256: d.sha256,
    bytes_after_first_member: Number(d.bytes_after),
    fields:
      d.problem === null ? (Object.fromEntries(DIGEST_FIELDS.map((f) => [f, d[f]])) as unknown as DigestFields) : null,
    problem: d.problem,
    sidecar_signature: links.signatures.get(d.source_id) ?? null,
  }));
  return {
    digests,
    keyInputs: keys.inputs,
    counts: {
      digests: digests.length,
      listings: await db.number(`SELECT count(*) FROM ${LISTINGS}`),
      log_files: await db.number(`SELECT count(*) FROM sources s WHERE ${TRAIL_LOG_FILE}`),
      signatures: links.signatures.size,
      keys: keys.inputs.length,
    },
    keys: keys.stored,
    notes: [
      ...(await caseNotes(db)),
      ...links.unlinked.map(
        (s) =>
          `Head-object output ${s.location} belongs to no digest in the case (by its name, or its ETag and size), so its signature was not used.`,
      ),
    ],
    last_source_id: await db.number('SELECT coalesce(max(source_id), 0) FROM sources'),
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
