import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { CASE_STORAGE_VERSION } from '../electron/core/case/case-store.ts';
import { loadDuckDB } from '../electron/core/case/duckdb-library.ts';
import { migrations } from '../electron/core/case/migrations/index.ts';
import { sqlString } from '../electron/core/case/sql.ts';
import { KeySet } from '../electron/core/ingest/key-set.ts';
import {
  eventColumns,
  eventKeyExpression,
  identityJoin,
  parsedRecordExpression,
} from '../electron/core/ingest/normalize-sql.ts';
import { recognize } from '../electron/core/ingest/recognize.ts';
import { StagingBatch } from '../electron/core/ingest/staging.ts';
import { stagedRecords } from '../electron/core/ingest/staging-file.ts';

/**
 * Reference rows: what ingest cannot avoid doing with the same files (against the
 * single-stream gunzip floor), and what an expert would do instead of using Trailscope
 * (DuckDB loading the files by itself), which ingest's time is judged against.
 */

/** One stream: read, SHA-256 as stored, gunzip, SHA-256 of the content (ingest must hash both). */
export function gunzipAndHashSeconds(files: readonly string[]): number {
  const t = performance.now();
  for (const file of files) {
    const stored = fs.readFileSync(file);
    createHash('sha256').update(stored).digest();
    createHash('sha256').update(zlib.gunzipSync(stored)).digest();
  }
  return (performance.now() - t) / 1000;
}

const BATCH_BYTES = 256 * 1024 * 1024;

/**
 * DuckDB storing nothing but each record's original text, in ingest's batches and settings
 * (800 MB, transactions of 256 MiB), timed without the JS that stages them: the least
 * DuckDB's part of ingest could cost while `events.record` keeps every record whole.
 */
export async function duckdbRecordsOnlySeconds(files: readonly string[], dir: string): Promise<number> {
  const file = path.join(dir, 'records-only.duckdb');
  for (const f of [file, `${file}.wal`]) fs.rmSync(f, { force: true });
  const instance = await (await loadDuckDB()).DuckDBInstance.create(file, { memory_limit: '800MB' });
  const db = await instance.connect();
  await db.run('CREATE TABLE records (record JSON NOT NULL)');
  let seconds = 0;
  let sequence = 0;
  const keys = new KeySet();
  const csv = (staged: string, keyColumn: string) =>
    `SELECT record FROM ${stagedRecords(staged, { source_id: 'INTEGER', record_index: 'INTEGER', [keyColumn]: 'VARCHAR', record: 'VARCHAR' })}`;
  const store = async (batch: StagingBatch) => {
    batch.finish();
    const t = performance.now();
    await db.run('BEGIN TRANSACTION');
    if (batch.freshCount > 0) await db.run(`INSERT INTO records ${csv(batch.freshPath, 'event_key')}`);
    if (batch.checkedCount > 0) await db.run(`INSERT INTO records ${csv(batch.checkedPath, 'key_known')}`);
    await db.run('COMMIT');
    seconds += (performance.now() - t) / 1000;
    batch.remove();
  };
  let batch = new StagingBatch(dir, sequence++, keys);
  for (const [id, name] of files.entries()) {
    const recognition = recognize(zlib.gunzipSync(fs.readFileSync(name)), 'log');
    if (recognition.ok) batch.addRecords(id, recognition.records);
    if (batch.stagedBytes >= BATCH_BYTES) {
      await store(batch);
      batch = new StagingBatch(dir, sequence++, keys);
    }
  }
  await store(batch);
  db.closeSync();
  instance.closeSync();
  for (const f of [file, `${file}.wal`]) fs.rmSync(f, { force: true });
  return seconds;
}

/**
 * read_json's whole-file limit, since a trail file is one JSON object: big enough for every
 * file of both bench archives. Ingest's own limit, 512 MiB, made DuckDB alone 3x slower over
 * the org trail's 111k files (it sizes a buffer per file).
 */
const MAX_FILE_BYTES = 64 * 1024 * 1024;

/**
 * DuckDB loading the trail by itself, as an expert would by hand: one `INSERT … SELECT … FROM
 * read_json(glob)` into the case's own `events` table (every migration applied, the same
 * storage version, `record` compressed the same way), every column computed by the same
 * expressions, with all threads, DuckDB's default memory limit, the insertion order not kept,
 * and no provenance, dedupe or checks. Its `record` is DuckDB's re-serialization, not the bytes delivered.
 */
export async function duckdbAlone(
  root: string,
  dir: string,
): Promise<{ seconds: number; events: number; fileBytes: number }> {
  const file = path.join(dir, 'duckdb-alone.duckdb');
  for (const f of [file, `${file}.wal`]) fs.rmSync(f, { force: true });
  const instance = await (await loadDuckDB()).DuckDBInstance.create(file, {
    storage_compatibility_version: CASE_STORAGE_VERSION,
    // DuckDB's advice for a bulk load, and what made this row strong: with the order kept,
    // the same load took 29.9 s instead of 20.0 s at 1M events, and 215 s instead of 33.5 s
    // over the org trail's 111k files.
    preserve_insertion_order: 'false',
  });
  const db = await instance.connect();
  for (const migration of migrations) await db.run(migration.sql);
  const started = performance.now();
  const files = sqlString(path.join(root, '**', '*.json.gz'));
  await db.run(`INSERT INTO events SELECT ${eventColumns} FROM (
    SELECT *, ${identityJoin} FROM (
      SELECT ${eventKeyExpression} AS event_key, * FROM (
        SELECT 0 AS source_id, 0 AS record_index, record, ${parsedRecordExpression} AS r FROM (
          SELECT unnest(Records)::VARCHAR AS record
          FROM read_json(${files}, columns = {'Records': 'JSON[]'}, maximum_object_size = ${MAX_FILE_BYTES})))))`);
  await db.run('CHECKPOINT');
  const seconds = (performance.now() - started) / 1000;
  const events = Number((await db.runAndReadAll('SELECT count(*) FROM events')).getRows()[0]![0]);
  db.closeSync();
  instance.closeSync();
  const fileBytes = fs.statSync(file).size;
  for (const f of [file, `${file}.wal`]) fs.rmSync(f, { force: true });
  return { seconds, events, fileBytes };
}
