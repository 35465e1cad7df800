/**
 * Each record compressed with zstd (issue 15: the case file at most 0.7x the JSON it holds).
 * Measured at 1M bench events: `record` took 1.17 GB uncompressed and 0.58 GB with DuckDB's
 * own choice (DICT_FSST); zstd keeps its 300k-event sample at 0.12x of its text, and the
 * insert was no slower. DuckDB writes zstd only in files created with storage version v1.3.0
 * or later (case-store.ts), and ignores it elsewhere.
 *
 * A change of layout, not of columns: the table is rebuilt only while it holds no events
 * (`appliesWhen` in index.ts). A case that holds events keeps its layout, since its file keeps
 * the storage version it was created with and copying its events would change nothing in it;
 * a lake's side case has a view of the lake there.
 */
export const sql = `
CREATE TABLE events_compressed (
  event_key VARCHAR NOT NULL,
  event_id VARCHAR,
  event_time TIMESTAMPTZ NOT NULL,
  event_version VARCHAR,
  event_source VARCHAR,
  event_name VARCHAR,
  aws_region VARCHAR,
  source_ip VARCHAR,
  user_agent VARCHAR,
  event_type VARCHAR,
  event_category VARCHAR,
  read_only BOOLEAN,
  management_event BOOLEAN,
  error_code VARCHAR,
  error_message VARCHAR,
  request_id VARCHAR,
  shared_event_id VARCHAR,
  recipient_account_id VARCHAR,
  vpc_endpoint_id VARCHAR,
  identity_type VARCHAR,
  principal_id VARCHAR,
  identity_arn VARCHAR,
  identity_account_id VARCHAR,
  access_key_id VARCHAR,
  user_name VARCHAR,
  session_issuer_arn VARCHAR,
  session_mfa BOOLEAN,
  session_created_at TIMESTAMPTZ,
  invoked_by VARCHAR,
  tls_version VARCHAR,
  request_parameters JSON,
  response_elements JSON,
  additional_event_data JSON,
  resources JSON,
  service_event_details JSON,
  user_identity JSON,
  record JSON NOT NULL USING COMPRESSION zstd,
  source_id INTEGER NOT NULL,
  record_index INTEGER NOT NULL
);
INSERT INTO events_compressed SELECT * FROM events;
DROP TABLE events;
ALTER TABLE events_compressed RENAME TO events;
`;

/** True while `events` is a table holding no rows; events are never deleted, so its estimate counts each one stored. */
export const appliesWhen = `
SELECT count(*) = 1 FROM duckdb_tables()
WHERE database_name = current_database() AND schema_name = 'main' AND table_name = 'events' AND estimated_size = 0
`;
