/**
 * Detections: the case's own rules (imported from Sigma) and the latest result of every rule.
 * Results are derived, never evidence: a run replaces the results of the rules it ran, and
 * the case log keeps the history of runs. No primary keys on the replaced tables: DuckDB
 * refuses to re-insert a key deleted earlier in the same transaction.
 */
export const sql = `
CREATE TABLE detection_rules (
  rule_id VARCHAR NOT NULL UNIQUE,
  sigma_id VARCHAR,
  source_name VARCHAR NOT NULL,
  sigma_text VARCHAR NOT NULL,
  sha256 VARCHAR NOT NULL,
  detection JSON NOT NULL,
  imported_at TIMESTAMPTZ NOT NULL
);

CREATE TABLE detection_runs (
  run_id INTEGER PRIMARY KEY,
  started_at TIMESTAMPTZ NOT NULL,
  finished_at TIMESTAMPTZ NOT NULL,
  trigger VARCHAR NOT NULL CHECK (trigger IN ('ingest', 'request')),
  trailscope_version VARCHAR NOT NULL,
  rules_run INTEGER NOT NULL,
  events_in_case BIGINT NOT NULL
);

-- The rule as it ran (its SQL, severity and techniques then), and what it found.
CREATE TABLE detection_results (
  rule_id VARCHAR NOT NULL,
  run_id INTEGER NOT NULL,
  detection JSON NOT NULL,
  hit_total INTEGER NOT NULL,
  error VARCHAR,
  duration_ms DOUBLE NOT NULL
);

CREATE TABLE detection_hits (
  rule_id VARCHAR NOT NULL,
  hit INTEGER NOT NULL,
  first_time TIMESTAMPTZ NOT NULL,
  last_time TIMESTAMPTZ NOT NULL,
  event_count BIGINT NOT NULL,
  context JSON NOT NULL
);

CREATE TABLE detection_hit_events (
  rule_id VARCHAR NOT NULL,
  hit INTEGER NOT NULL,
  event_key VARCHAR NOT NULL
);
`;
