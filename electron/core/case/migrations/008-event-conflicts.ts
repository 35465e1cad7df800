/**
 * Conflicting deliveries (DESIGN §4): two deliveries of one event key whose bodies are not
 * the same JSON. The event keeps its first delivery as `events.record`; each delivery that
 * differs from it is a row here, holding its own body exactly as delivered, so both bodies
 * stay recoverable byte for byte from the case alone. The SHA-256s are of each body's UTF-8
 * bytes. Found at ingest (electron/core/ingest/record-conflicts.ts); cases ingested before
 * this migration have none recorded (their `event_sources.record_hash` still shows a
 * difference, but the other body is only in its source file).
 */
export const sql = `
CREATE TABLE event_conflicts (
  event_key VARCHAR NOT NULL,
  kept_source_id INTEGER NOT NULL,
  kept_record_index INTEGER NOT NULL,
  kept_sha256 VARCHAR NOT NULL,
  source_id INTEGER NOT NULL,
  record_index INTEGER NOT NULL,
  sha256 VARCHAR NOT NULL,
  record JSON NOT NULL
);
`;
