import { createHash } from 'node:crypto';
import fs from 'node:fs';
import type { DuckDBConnection } from '@duckdb/node-api';
import { z } from 'zod';
import { CaseReader } from '../case/case-reader.ts';
import { migrations } from '../case/migrations/index.ts';
import { sqlString } from '../case/sql.ts';

/**
 * What opening a lake reads from its files, kept in the side case for the next open of the same
 * files. Each table's files were read three times at every open (whether they share one schema,
 * their column types, the row count), as was the catalog, which binds every view and so reads
 * the footers again: 160–250 ms to open the 1M bench lake, against 20–30 ms for its case
 * (measured). The files are the same while the manifest lists the same ones with the same
 * size, mtime and inode and the case's schema is the same, and that is the reading's key
 * (`lakeFingerprint`).
 *
 * The views themselves are not taken on trust: each is made again unless both the SQL this
 * version of Trailscope writes for it and the definition DuckDB holds are the ones kept. A side
 * case copied with its lake is read afresh (the files' inodes are new), so what a reading vouches
 * for was made on this machine.
 */

const column = z.object({ column_name: z.string(), data_type: z.string() });

const tableReading = z.object({
  /** The case's columns for the table, partition columns left out. */
  columns: z.array(column),
  /** Whether every file holds the same columns with the same types. */
  sameColumns: z.boolean(),
  /** Each column's type in the files. */
  fileTypes: z.array(z.tuple([z.string(), z.string()])),
  /**
   * The view as written, and as DuckDB held it when the side case was next opened: DuckDB gives
   * a view's definition otherwise once it has read it back from the file (a type name quoted
   * before, not after), so the definition is taken on the open after the one that made it.
   */
  viewSql: z.string(),
  heldSql: z.string().nullable(),
});

const lakeReading = z.object({
  tables: z.record(z.string(), tableReading),
  events: z
    .object({
      count: z.number().int().min(0),
      deliveries: z.number().int().min(0),
      days: z.array(z.tuple([z.string().regex(/^\d{4}-\d\d-\d\d$/), z.number().int().min(1)])),
    })
    .nullable(),
});

export type TableReading = z.infer<typeof tableReading>;
export type LakeReading = z.infer<typeof lakeReading>;

const READING_TABLE = 'lake_reading';

/**
 * The key of a reading: each file the manifest lists as it is on disk, and the case's schema.
 * The rest of the manifest changes nothing the open reads.
 */
export function lakeFingerprint(files: ReadonlyMap<string, fs.BigIntStats>): string {
  const hash = createHash('sha256');
  hash.update(`\0schema ${migrations.at(-1)?.version ?? 0}\0`);
  for (const [file, stats] of [...files].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
    hash.update(`${file}\0${stats.size}\0${stats.mtimeNs}\0${stats.ino}\0`);
  return hash.digest('hex');
}

/** The reading kept under this key, or null: none kept, another key, or a row that is not one. */
export async function keptReading(db: DuckDBConnection, fingerprint: string): Promise<LakeReading | null> {
  const reader = new CaseReader(db);
  const exists = await reader.number(
    `SELECT count(*) FROM duckdb_tables() WHERE database_name = current_database() AND schema_name = 'main' AND table_name = ?`,
    [READING_TABLE],
  );
  if (exists === 0) return null;
  const text = await reader.value(`SELECT reading FROM ${READING_TABLE} WHERE fingerprint = ?`, [fingerprint]);
  if (typeof text !== 'string') return null;
  try {
    const parsed = lakeReading.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/** Keeps the reading in place of any other, by `write`: the open's transaction. */
export async function keepReading(
  write: (sql: string) => Promise<void>,
  fingerprint: string,
  reading: LakeReading,
): Promise<void> {
  await write(`CREATE TABLE IF NOT EXISTS ${READING_TABLE} (fingerprint VARCHAR NOT NULL, reading VARCHAR NOT NULL)`);
  await write(`DELETE FROM ${READING_TABLE}`);
  await write(`INSERT INTO ${READING_TABLE} VALUES (${sqlString(fingerprint)}, ${sqlString(JSON.stringify(reading))})`);
}

/** The definition DuckDB holds for each view of the case, by name. */
export async function heldViews(db: DuckDBConnection): Promise<Map<string, string>> {
  const views = await new CaseReader(db).rows<{ view_name: string; sql: string }>(
    `SELECT view_name, sql FROM duckdb_views() WHERE database_name = current_database() AND schema_name = 'main'`,
  );
  return new Map(views.map((v) => [v.view_name, v.sql]));
}
