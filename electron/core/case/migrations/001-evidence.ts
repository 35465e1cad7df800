/** Evidence tables: what was ingested, and the events it carried. */
export const sql = `
CREATE TABLE ingests (
  ingest_id INTEGER PRIMARY KEY,
  started_at TIMESTAMPTZ NOT NULL,
  finished_at TIMESTAMPTZ,
  inputs JSON NOT NULL,
  trailscope_version VARCHAR NOT NULL
);

CREATE TABLE sources (
  source_id INTEGER PRIMARY KEY,
  path VARCHAR NOT NULL,
  member VARCHAR,
  kind VARCHAR NOT NULL CHECK (kind IN ('log', 'digest', 'insight', 'other')),
  format VARCHAR NOT NULL,
  size_stored BIGINT NOT NULL,
  size_content BIGINT,
  sha256_stored VARCHAR,
  sha256_content VARCHAR,
  org_id VARCHAR,
  account_id VARCHAR,
  region VARCHAR,
  log_date DATE,
  record_count INTEGER NOT NULL DEFAULT 0,
  rejected_count INTEGER NOT NULL DEFAULT 0,
  status VARCHAR NOT NULL CHECK (status IN ('ok', 'error', 'duplicate-file')),
  error VARCHAR,
  duplicate_of INTEGER,
  ingest_id INTEGER NOT NULL,
  ingested_at TIMESTAMPTZ NOT NULL
);

CREATE TABLE events (
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
  record JSON NOT NULL,
  source_id INTEGER NOT NULL,
  record_index INTEGER NOT NULL
);

-- record_hash is DuckDB's 64-bit hash of the record's bytes: a cheap fingerprint that shows
-- when two deliveries of one event differ (SHA-256 per record cost 3.5 s per million).
CREATE TABLE event_sources (
  event_key VARCHAR NOT NULL,
  source_id INTEGER NOT NULL,
  record_index INTEGER NOT NULL,
  record_hash VARCHAR NOT NULL
);

CREATE TABLE rejected_records (
  source_id INTEGER NOT NULL,
  record_index INTEGER NOT NULL,
  reason VARCHAR NOT NULL,
  record VARCHAR NOT NULL
);
`;
