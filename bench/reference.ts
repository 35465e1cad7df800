import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { DuckDBInstance } from '@duckdb/node-api';
import { KeySet } from '../electron/core/ingest/key-set.ts';
import { recognize } from '../electron/core/ingest/recognize.ts';
import { StagingBatch } from '../electron/core/ingest/staging.ts';
import { stagedRecords } from '../electron/core/ingest/staging-file.ts';

/**
 * Reference rows that explain the floor, not replace it: what ingest cannot avoid doing with
 * the same files. The ratio stays against the single-stream gunzip.
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
  const instance = await DuckDBInstance.create(file, { memory_limit: '800MB' });
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
