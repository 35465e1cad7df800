/** Analyst tables: written only through their own API, never by console SQL. */
export const sql = `
CREATE TABLE case_log (
  entry_id INTEGER PRIMARY KEY,
  logged_at TIMESTAMPTZ NOT NULL,
  action VARCHAR NOT NULL,
  detail JSON NOT NULL
);

CREATE TABLE notes (
  note_id INTEGER PRIMARY KEY,
  event_key VARCHAR,
  body VARCHAR NOT NULL,
  created_at TIMESTAMPTZ NOT NULL,
  updated_at TIMESTAMPTZ NOT NULL
);

CREATE TABLE bookmarks (
  event_key VARCHAR PRIMARY KEY,
  created_at TIMESTAMPTZ NOT NULL
);

CREATE TABLE tags (
  event_key VARCHAR NOT NULL,
  tag VARCHAR NOT NULL,
  created_at TIMESTAMPTZ NOT NULL,
  PRIMARY KEY (event_key, tag)
);

CREATE TABLE saved_queries (
  query_id INTEGER PRIMARY KEY,
  title VARCHAR NOT NULL,
  sql VARCHAR NOT NULL,
  description VARCHAR,
  created_at TIMESTAMPTZ NOT NULL
);

CREATE TABLE query_history (
  history_id INTEGER PRIMARY KEY,
  sql VARCHAR NOT NULL,
  ran_at TIMESTAMPTZ NOT NULL,
  duration_ms DOUBLE,
  row_count BIGINT,
  error VARCHAR
);

CREATE TABLE findings (
  finding_id INTEGER PRIMARY KEY,
  title VARCHAR NOT NULL,
  severity VARCHAR NOT NULL CHECK (severity IN ('info', 'low', 'medium', 'high', 'critical')),
  narrative VARCHAR,
  attack_technique VARCHAR,
  evidence JSON,
  position INTEGER NOT NULL,
  created_at TIMESTAMPTZ NOT NULL,
  updated_at TIMESTAMPTZ NOT NULL
);
`;
