import type { DuckDBConnection } from '@duckdb/node-api';
import type { CommitStep } from '../../../shared/model/ingest.ts';
import { CaseReader } from '../case/case-reader.ts';
import { sqlString } from '../case/sql.ts';
import { insertPipelineCalls } from '../pipelines/pipeline-calls.ts';
import { diskFullError } from './disk-full.ts';
import {
  eventColumns,
  eventKeyExpression,
  identityJoin,
  keyFieldsExpression,
  parsedRecordExpression,
  rejectReasonExpression,
} from './normalize-sql.ts';
import { recordConflicts } from './record-conflicts.ts';
import { rowMarks, verifyStagedPairs } from './staged-pairs.ts';
import type { StagingBatch } from './staging.ts';
import { stagedRecords } from './staging-file.ts';

export interface CommitResult {
  eventsAdded: number;
  recordsLinked: number;
  rejectedInDatabase: number;
  /** Deliveries whose body contradicts the event stored under their key. */
  conflicts: number;
}

const SOURCE_COLUMNS = {
  source_id: 'INTEGER',
  path: 'VARCHAR',
  member: 'VARCHAR',
  kind: 'VARCHAR',
  format: 'VARCHAR',
  size_stored: 'BIGINT',
  size_content: 'BIGINT',
  sha256_stored: 'VARCHAR',
  sha256_content: 'VARCHAR',
  s3_key: 'VARCHAR',
  sha256_first_member: 'VARCHAR',
  bytes_after_first_member: 'BIGINT',
  org_id: 'VARCHAR',
  account_id: 'VARCHAR',
  region: 'VARCHAR',
  log_date: 'DATE',
  record_count: 'INTEGER',
  rejected_count: 'INTEGER',
  status: 'VARCHAR',
  error: 'VARCHAR',
  duplicate_of: 'INTEGER',
  ingest_id: 'INTEGER',
};

const columnsOption = (columns: Record<string, string>) =>
  `{${Object.entries(columns)
    .map(([name, type]) => `'${name}': '${type}'`)
    .join(', ')}}`;

/**
 * The keys of events this ingest stored from records whose key JS could not read (an escaped
 * eventID, say). JS never saw them, so a later batch's fresh records are checked against
 * them; the table is nearly always empty. It lives on the writer connection for one ingest.
 */
export const UNKNOWN_KEYS = 'ingest_unknown_keys';

/**
 * Loads one staged batch in a single transaction: its sources (with what integrity validation
 * reads of digests and signatures), its events (each new event once, every delivery linked,
 * every body that contradicts its event's recorded) and its rejected records. `onStep` hears
 * where it is: its events, then the checks, then the write to disk. An `onStep` that throws
 * (the ingest was cancelled) rolls the batch back: a cancel that fell between two statements,
 * where DuckDB's interrupt is lost, is still honoured before the commit. Either all of it is in the case
 * afterwards or none of it is, so a cancelled or killed ingest leaves nothing half-written.
 * Before it commits, it proves that DuckDB read exactly the records staged, from files no one
 * touched since they were closed.
 */
export async function commitBatch(
  db: DuckDBConnection,
  batch: StagingBatch,
  onStep: (step: CommitStep) => void = () => undefined,
): Promise<CommitResult> {
  const sourceNames = Object.keys(SOURCE_COLUMNS).join(', ');
  onStep('events');
  await db.run('BEGIN TRANSACTION');
  try {
    if (batch.sourceCount > 0) {
      await db.run(`INSERT INTO sources (${sourceNames}, ingested_at)
        SELECT ${sourceNames}, now() FROM read_json(${sqlString(batch.sourcesPath)}, format = 'newline_delimited', columns = ${columnsOption(SOURCE_COLUMNS)})`);
    }
    await batch.integrity.insert(db);

    // Rows appended in this transaction have row ids past every committed one (DuckDB numbers
    // them from 2^55 until the commit), so `rowid >= count before` finds exactly this batch's.
    const marks = await rowMarks(db);
    const fresh =
      batch.freshCount > 0 ? await commitFresh(db, batch, marks.events) : { added: 0, linked: 0, conflicts: 0 };
    onStep('checking');
    const checked =
      batch.checkedCount > 0 ? await commitChecked(db, batch) : { added: 0, linked: 0, rejected: 0, conflicts: 0 };
    await db.run(insertPipelineCalls(`e.rowid >= ${marks.events}`));
    // Before the rejections JS found join them: the check counts only DuckDB's.
    await verifyStagedPairs(db, batch.pairs, marks);
    await db.run(`INSERT INTO rejected_records
      SELECT * FROM read_json(${sqlString(batch.rejectionsPath)}, format = 'newline_delimited',
        columns = {'source_id': 'INTEGER', 'record_index': 'INTEGER', 'reason': 'VARCHAR', 'record': 'VARCHAR'})`);
    batch.assertUnchanged();
    onStep('writing');
    await db.run('COMMIT');
    return {
      eventsAdded: fresh.added + checked.added,
      recordsLinked: fresh.linked + checked.linked,
      rejectedInDatabase: checked.rejected,
      conflicts: fresh.conflicts + checked.conflicts,
    };
  } catch (error) {
    // After a fatal error (a failed checkpoint on a full disk) DuckDB can no longer roll back;
    // its complaint about that would hide the error that matters.
    await db.run('ROLLBACK').catch(() => undefined);
    throw diskFullError(error, 'committing a batch') ?? error;
  }
}

/** Records JS found new and sound: one parse each, straight into events. */
async function commitFresh(db: DuckDBConnection, batch: StagingBatch, firstNewRow: number) {
  const records = stagedRecords(batch.freshPath, {
    source_id: 'INTEGER',
    record_index: 'INTEGER',
    event_key: 'VARCHAR',
    record: 'VARCHAR',
  });
  const guarded = (await new CaseReader(db).number(`SELECT count(*) FROM ${UNKNOWN_KEYS}`)) > 0;
  const added = await db.run(`INSERT INTO events
    SELECT ${eventColumns} FROM (
      SELECT *, ${identityJoin} FROM (
        SELECT event_key, source_id, record_index, record, ${parsedRecordExpression} AS r FROM ${records}
        ${guarded ? `WHERE event_key NOT IN (SELECT event_key FROM ${UNKNOWN_KEYS})` : ''}))`);
  // Hashed from the rows just stored: reading the staging file again cost five times as much (measured).
  let linked = (
    await db.run(`INSERT INTO event_sources
    SELECT event_key, source_id, record_index, hash(record)::VARCHAR FROM events WHERE rowid >= ${firstNewRow}`)
  ).rowsChanged;
  let conflicts = 0;
  if (guarded) {
    const known = `(SELECT event_key, source_id, record_index, hash(record)::VARCHAR AS record_hash FROM ${records}
      WHERE event_key IN (SELECT event_key FROM ${UNKNOWN_KEYS}))`;
    linked += (
      await db.run(`INSERT INTO event_sources SELECT event_key, source_id, record_index, record_hash FROM ${known}`)
    ).rowsChanged;
    conflicts = await recordConflicts(db, known, records);
  }
  return { added: added.rowsChanged, linked, conflicts };
}

/**
 * Everything else: DuckDB reads each record's key and validity, rejects what it cannot
 * load, links every delivery, and stores the first delivery of each key not yet in the case
 * (the fresh records of this batch are already there).
 */
async function commitChecked(db: DuckDBConnection, batch: StagingBatch) {
  const records = stagedRecords(batch.checkedPath, {
    source_id: 'INTEGER',
    record_index: 'INTEGER',
    key_known: 'INTEGER',
    record: 'VARCHAR',
  });

  // Pass 1: identity and validity of every staged record, without keeping the record.
  await db.run(`CREATE OR REPLACE TEMP TABLE staged AS
    SELECT source_id, record_index, key_known, record_hash, reject_reason,
      CASE WHEN reject_reason IS NULL THEN ${eventKeyExpression} END AS event_key
    FROM (SELECT *, ${rejectReasonExpression} AS reject_reason
          FROM (SELECT source_id, record_index, key_known, record, hash(record) AS record_hash, ${keyFieldsExpression} AS r FROM ${records}))`);

  const rejected = await new CaseReader(db).number(`SELECT count(*) FROM staged WHERE reject_reason IS NOT NULL`);
  if (rejected > 0) {
    await db.run(`INSERT INTO rejected_records
      SELECT s.source_id, s.record_index, s.reject_reason, c.record
      FROM staged s JOIN ${records} c USING (source_id, record_index) WHERE s.reject_reason IS NOT NULL`);
  }

  const linked = await db.run(`INSERT INTO event_sources
    SELECT event_key, source_id, record_index, record_hash::VARCHAR FROM staged WHERE event_key IS NOT NULL`);

  // New events only, and of several deliveries in this batch the first one.
  await db.run(`CREATE OR REPLACE TEMP TABLE keep AS
    SELECT source_id, record_index, event_key, key_known FROM staged s
    WHERE event_key IS NOT NULL AND NOT EXISTS (SELECT 1 FROM events e WHERE e.event_key = s.event_key)
    QUALIFY row_number() OVER (PARTITION BY event_key ORDER BY source_id, record_index) = 1`);
  await db.run(`INSERT INTO ${UNKNOWN_KEYS} SELECT event_key FROM keep WHERE key_known = 0`);

  // Pass 2: the full parse, only of the records that become events.
  const added = await db.run(`INSERT INTO events
    SELECT ${eventColumns} FROM (
      SELECT *, ${identityJoin} FROM (
        SELECT k.event_key, c.source_id, c.record_index, c.record, ${parsedRecordExpression} AS r
        FROM ${records} c JOIN keep k USING (source_id, record_index)))`);

  // Every delivery of a key now has its event, this batch's first deliveries included.
  const conflicts = await recordConflicts(
    db,
    `(SELECT event_key, source_id, record_index, record_hash::VARCHAR AS record_hash FROM staged WHERE event_key IS NOT NULL)`,
    records,
  );

  // Sources whose records DuckDB rejected: counted, marked, and the first reason given.
  await db.run(`UPDATE sources SET
      record_count = sources.record_count - x.n,
      rejected_count = sources.rejected_count + x.n,
      status = 'error',
      error = concat_ws('; ', sources.error, x.n || ' record(s) not loaded, first record ' || x.first_index || ': ' || x.first_reason)
    FROM (SELECT source_id, count(*) AS n, min(record_index) AS first_index, arg_min(reject_reason, record_index) AS first_reason
          FROM staged WHERE reject_reason IS NOT NULL GROUP BY source_id) x
    WHERE sources.source_id = x.source_id`);
  await db.run('DROP TABLE staged');
  await db.run('DROP TABLE keep');
  return { added: added.rowsChanged, linked: linked.rowsChanged, rejected, conflicts };
}
