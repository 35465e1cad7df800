/**
 * Integrity validation (DESIGN §7), from the case alone.
 *
 * Inputs, written by ingest in the batch of their sources: each digest's fields as written
 * (the signed string is rebuilt from them byte for byte), with time copies for queries; one
 * row per log file a digest lists; saved head-object outputs, the only copy of a newest
 * digest's signature; and for every source its key from `AWSLogs/` on and its first gzip
 * member (what a digest hashes, and whether anything was appended). Public keys come from
 * the analyst only, never from the evidence: keys planted beside forged digests would vouch
 * for them.
 *
 * Outputs, one set per run: every file's verdict, the gaps, the trails, and the summary.
 * `event_integrity` reads the latest run: per event, whether a valid file delivered it.
 *
 * Cases from before keep their sources: their keys are read from the paths here, their log
 * files are compared by whole content (sha256_content), and their digests, whose content was
 * not kept, are counted and named in each run's notes.
 */
export const sql = `
ALTER TABLE sources ADD COLUMN s3_key VARCHAR;
ALTER TABLE sources ADD COLUMN sha256_first_member VARCHAR;
ALTER TABLE sources ADD COLUMN bytes_after_first_member BIGINT;

UPDATE sources SET s3_key = nullif(regexp_extract(replace(coalesce(member, path), '\\', '/'), '(?:^|/)(AWSLogs/.*)$', 1), '');

CREATE TABLE digests (
  source_id INTEGER PRIMARY KEY,
  md5_stored VARCHAR,
  problem VARCHAR,
  aws_account_id VARCHAR,
  digest_start_time VARCHAR,
  digest_end_time VARCHAR,
  digest_s3_bucket VARCHAR,
  digest_s3_object VARCHAR,
  digest_public_key_fingerprint VARCHAR,
  digest_signature_algorithm VARCHAR,
  newest_event_time VARCHAR,
  oldest_event_time VARCHAR,
  previous_digest_s3_bucket VARCHAR,
  previous_digest_s3_object VARCHAR,
  previous_digest_hash_value VARCHAR,
  previous_digest_hash_algorithm VARCHAR,
  previous_digest_signature VARCHAR,
  start_time TIMESTAMPTZ,
  end_time TIMESTAMPTZ
);

CREATE TABLE digest_log_files (
  digest_source_id INTEGER NOT NULL,
  position INTEGER NOT NULL,
  s3_bucket VARCHAR NOT NULL,
  s3_object VARCHAR NOT NULL,
  hash_value VARCHAR NOT NULL,
  hash_algorithm VARCHAR NOT NULL,
  newest_event_time VARCHAR,
  oldest_event_time VARCHAR
);

CREATE TABLE digest_signatures (
  source_id INTEGER PRIMARY KEY,
  digest_name VARCHAR,
  signature VARCHAR NOT NULL,
  signature_algorithm VARCHAR,
  etag VARCHAR,
  content_length BIGINT
);

CREATE TABLE public_keys (
  fingerprint VARCHAR NOT NULL,
  der_base64 VARCHAR NOT NULL,
  valid_from TIMESTAMPTZ,
  valid_to TIMESTAMPTZ,
  origin VARCHAR,
  imported_at TIMESTAMPTZ NOT NULL,
  UNIQUE (fingerprint, der_base64)
);

CREATE TABLE integrity_runs (
  run_id INTEGER PRIMARY KEY,
  ran_at TIMESTAMPTZ NOT NULL,
  trailscope_version VARCHAR NOT NULL,
  digests INTEGER NOT NULL,
  listings INTEGER NOT NULL,
  log_files INTEGER NOT NULL,
  signatures INTEGER NOT NULL,
  last_source_id INTEGER NOT NULL,
  keys JSON NOT NULL,
  summary JSON NOT NULL
);

CREATE TABLE integrity_files (
  run_id INTEGER NOT NULL,
  kind VARCHAR NOT NULL CHECK (kind IN ('log', 'digest')),
  s3_object VARCHAR NOT NULL,
  path VARCHAR,
  source_id INTEGER,
  status VARCHAR NOT NULL CHECK (status IN ('valid', 'invalid', 'missing', 'unlisted', 'unverifiable')),
  reason VARCHAR NOT NULL,
  account VARCHAR,
  region VARCHAR,
  trail VARCHAR,
  file_time TIMESTAMPTZ,
  checked_against VARCHAR,
  checked_trail VARCHAR
);

CREATE TABLE integrity_gaps (
  run_id INTEGER NOT NULL,
  account VARCHAR NOT NULL,
  region VARCHAR NOT NULL,
  trail VARCHAR NOT NULL,
  home_region VARCHAR NOT NULL,
  gap_from TIMESTAMPTZ NOT NULL,
  gap_to TIMESTAMPTZ NOT NULL,
  reason VARCHAR NOT NULL
);

CREATE TABLE integrity_trails (
  run_id INTEGER NOT NULL,
  org_id VARCHAR,
  account VARCHAR NOT NULL,
  region VARCHAR NOT NULL,
  trail VARCHAR NOT NULL,
  home_region VARCHAR NOT NULL,
  digests INTEGER NOT NULL,
  from_time TIMESTAMPTZ,
  to_time TIMESTAMPTZ,
  gaps INTEGER NOT NULL,
  starts_chain BOOLEAN NOT NULL
);

-- Per event, from the latest run: a delivery counts as valid when its file, or a file with
-- the same bytes recorded as its duplicate, was found valid.
CREATE VIEW event_integrity AS
WITH judged AS (
  SELECT coalesce(s.duplicate_of, s.source_id) AS source_id,
    bool_or(f.status = 'valid') AS valid, bool_and(f.status = 'invalid') AS invalid
  FROM integrity_files f JOIN sources s ON s.source_id = f.source_id
  WHERE f.run_id = (SELECT max(run_id) FROM integrity_runs)
  GROUP BY ALL)
SELECT es.event_key,
  CASE WHEN bool_or(j.valid) THEN 'verified'
    WHEN count(j.source_id) = count(*) AND bool_and(j.invalid) THEN 'invalid-only'
    ELSE 'unverified' END AS integrity,
  count(*) AS deliveries,
  count(*) FILTER (WHERE j.valid) AS valid_deliveries,
  count(*) FILTER (WHERE j.invalid) AS invalid_deliveries
FROM event_sources es LEFT JOIN judged j USING (source_id)
GROUP BY es.event_key;
`;
