import type { DuckDBConnection } from '@duckdb/node-api';
import { sameJson } from '../../../shared/same-json.ts';
import { CaseReader } from '../case/case-reader.ts';
import { sha256 } from '../files/hash-file.ts';

/** Kept bodies read at once: each read finds its rows by rowid. */
const CHUNK = 500;

const CANDIDATES = 'ingest_conflict_candidates';
const DIFFERING = 'ingest_conflicts_found';

/**
 * Records, inside the batch's transaction, the deliveries that contradict the event already
 * stored under their key (DESIGN §4: evidence of tampering or of a bad export). `deliveries`
 * selects event_key, source_id, record_index and record_hash (DuckDB's 64-bit hash of the
 * body, as VARCHAR, as `event_sources` stores it) of the batch's deliveries of known keys;
 * `bodies` selects source_id, record_index and record, where their bodies are read from.
 *
 * Cost: one join of those deliveries with the events' keys and their stored hashes. Only the
 * deliveries whose hash differs from the stored event's are read whole, and JS then tells a
 * real difference from another serialization of the same JSON (shared/same-json.ts). Fresh records,
 * nearly all of any ingest, never come here: a new key has nothing to contradict.
 * Returns how many conflicting deliveries it recorded.
 */
export async function recordConflicts(db: DuckDBConnection, deliveries: string, bodies: string): Promise<number> {
  // The stored event's delivery is the one its row names; a different hash is a different body.
  await db.run(`CREATE OR REPLACE TEMP TABLE ${CANDIDATES} AS
    SELECT row_number() OVER () AS candidate, d.event_key, e.rowid AS kept_row,
      e.source_id AS kept_source_id, e.record_index AS kept_record_index, d.source_id, d.record_index
    FROM ${deliveries} d
    JOIN events e ON e.event_key = d.event_key
    JOIN event_sources k ON k.event_key = e.event_key AND k.source_id = e.source_id AND k.record_index = e.record_index
    WHERE k.record_hash <> d.record_hash`);
  try {
    const reader = new CaseReader(db);
    if ((await reader.number(`SELECT count(*) FROM ${CANDIDATES}`)) === 0) return 0;
    await db.run(`CREATE OR REPLACE TEMP TABLE ${DIFFERING} (candidate BIGINT, kept_sha256 VARCHAR)`);
    const differing = await db.createAppender(DIFFERING, 'main', 'temp');
    const candidates = await db.stream(`SELECT c.candidate, c.kept_row, b.record FROM ${CANDIDATES} c
      JOIN ${bodies} b ON b.source_id = c.source_id AND b.record_index = c.record_index ORDER BY c.kept_row`);
    for (
      let chunk = await candidates.fetchChunk();
      chunk && chunk.rowCount > 0;
      chunk = await candidates.fetchChunk()
    ) {
      const rows = chunk.getRows() as [bigint, bigint, string][];
      for (let from = 0; from < rows.length; from += CHUNK) {
        const part = rows.slice(from, from + CHUNK);
        const kept = await keptBodies(
          db,
          part.map(([, row]) => row),
        );
        for (const [candidate, row, record] of part) {
          const body = kept.get(row);
          if (body === undefined) throw new Error(`the stored event at row ${row} could not be read back`);
          if (sameJson(body, record)) continue;
          differing.appendBigInt(candidate);
          differing.appendVarchar(sha256(body));
          differing.endRow();
        }
      }
    }
    differing.closeSync();
    const recorded = await db.run(`INSERT INTO event_conflicts
      SELECT c.event_key, c.kept_source_id, c.kept_record_index, f.kept_sha256, c.source_id, c.record_index,
        sha256(b.record), b.record
      FROM ${CANDIDATES} c JOIN ${DIFFERING} f USING (candidate)
      JOIN ${bodies} b ON b.source_id = c.source_id AND b.record_index = c.record_index`);
    await db.run(`DROP TABLE ${DIFFERING}`);
    return recorded.rowsChanged;
  } finally {
    await db.run(`DROP TABLE IF EXISTS ${CANDIDATES}`);
  }
}

/** Stored bodies by rowid: a join on the key would read the record of every event in the case. */
async function keptBodies(db: DuckDBConnection, rows: bigint[]): Promise<Map<bigint, string>> {
  const found = await db.runAndReadAll(
    `SELECT rowid, record FROM events WHERE rowid IN (${[...new Set(rows)].map(String).join(', ')})`,
  );
  return new Map(found.getRows().map(([row, record]) => [row as bigint, record as string]));
}
