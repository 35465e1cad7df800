import fs from 'node:fs';
import path from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import { CaseReader } from '../case/case-reader.ts';
import { sqlString } from '../case/sql.ts';
import { accountPartition, type LakeColumn, type LakeTable, partFilePattern, regionPartition } from './lake-layout.ts';
import {
  type DaySpan,
  type ExportScope,
  newEventDaysQuery,
  newEventPartitionsQuery,
  newRowsQuery,
  type RowSpan,
  TABLE_ALIAS,
} from './lake-select.ts';

/** What one table's copy needs: where the rows come from and where their files go. */
export interface CopyTarget {
  table: LakeTable;
  columns: readonly LakeColumn[];
  scope: ExportScope;
  earlier: readonly ExportScope[];
  staging: string;
  exportNumber: number;
}

/** Row groups near 128 MB in memory, as DuckDB's ROW_GROUP_SIZE_BYTES would make them. */
const ROW_GROUP_BYTES = 128 * 1024 * 1024;

/**
 * One table's new rows as Parquet files under `staging/<table>/`, events in one file per
 * partition, day by day, each file read from the case within its partition's span of row ids
 * (`newEventPartitionsQuery`). Reading the whole day again for each file made an org trail's
 * 1,462 files take 643 s; within the spans, 58 s (1M events, measured). Staging a day in a
 * temporary table instead cost more than reading it again: DuckDB sorts and copies the whole
 * records. Returns how many rows; a table with no new rows leaves no file.
 *
 * DuckDB refuses ROW_GROUP_SIZE_BYTES while it preserves insertion order, and the locked case
 * cannot turn that off (nor should it: it keeps each file in event_time order), so the byte
 * target becomes a row count from a sample. zstd at level 1 wrote smaller files than the
 * default level here, in a quarter less time.
 */
export async function copyNewRows(
  db: DuckDBConnection,
  target: CopyTarget,
  onEvents: (done: number, total: number) => void,
): Promise<number> {
  const { table, columns, scope, earlier, staging, exportNumber } = target;
  const folder = path.join(staging, table.name);
  const options = [
    'FORMAT parquet',
    'COMPRESSION zstd',
    'COMPRESSION_LEVEL 1',
    `ROW_GROUP_SIZE ${await rowsPerGroup(db, table, columns)}`,
  ];
  const fileName = `${partFilePattern(exportNumber).replace('{i}', '0')}.parquet`;
  if (table.partitions.length === 0) {
    fs.mkdirSync(folder, { recursive: true });
    const rows = await copy(db, newRowsQuery(table, columns, scope, earlier), path.join(folder, fileName), options);
    if (rows === 0) fs.rmSync(folder, { recursive: true, force: true });
    return rows;
  }
  const reader = new CaseReader(db);
  const days = await reader.rows<{ day: string; events: number }>(newEventDaysQuery(scope, earlier));
  const total = days.reduce((sum, d) => sum + d.events, 0);
  let done = 0;
  onEvents(done, total);
  const names = columns.map((c) => `"${c.name.replaceAll('"', '""')}"`).join(', ');
  for (const { day } of days) {
    const partitions = await reader.rows<StagedPartition & { first: bigint; last: bigint }>(
      newEventPartitionsQuery(scope, earlier, daySpan(day)),
    );
    for (const partition of partitions) {
      const file = path.join(folder, partitionFolder(partition), fileName);
      fs.mkdirSync(path.dirname(file), { recursive: true });
      const rowIds: RowSpan = { first: Number(partition.first), last: Number(partition.last) };
      const query = newRowsQuery(table, columns, scope, earlier, daySpan(day), rowIds);
      const rows = `SELECT ${names} FROM (${query}) WHERE account = ${sqlString(partition.account)}
        AND region = ${sqlString(partition.region)} ORDER BY ${table.sortBy}`;
      done += await copy(db, rows, file, options);
      onEvents(done, total);
    }
  }
  return done;
}

interface StagedPartition {
  account: string;
  region: string;
  day: string;
}

/**
 * A partition's folder. The query already reduced each value to the layout's shape; checked
 * again here because the values come from the logs and are about to name folders.
 */
function partitionFolder({ account, region, day }: StagedPartition): string {
  if (accountPartition(account) !== account || regionPartition(region) !== region || !/^\d{4}-\d{2}-\d{2}$/.test(day))
    throw new Error(`not a lake partition: ${JSON.stringify({ account, region, day })}`);
  return path.join(`account=${account}`, `region=${region}`, `date=${day}`);
}

/**
 * Each file is written by a COPY of its own: DuckDB's PARTITION_BY writes its threads' rows
 * into a partition as they come, so an ORDER BY did not survive into the files (most files of
 * a million events were out of event_time order), while a single-file COPY keeps the order.
 */
async function copy(db: DuckDBConnection, query: string, to: string, options: readonly string[]): Promise<number> {
  const copied = await db.run(`COPY (${query}) TO ${sqlString(to)} (${options.join(', ')})`);
  return Number(copied.rowsChanged);
}

/** One UTC day as instants, from its start to the next day's. */
export function daySpan(day: string): DaySpan {
  return { from: startOf(day), to: startOf(nextDay(day)) };
}

const startOf = (day: string) => `${day}T00:00:00Z`;

function nextDay(day: string): string {
  const next = new Date(`${day}T00:00:00Z`);
  next.setUTCDate(next.getUTCDate() + 1);
  return next.toISOString().slice(0, 10);
}

/** From the table's first rows: a reservoir sample reads the whole table, which took seconds of a million events. */
async function rowsPerGroup(db: DuckDBConnection, table: LakeTable, columns: readonly LakeColumn[]): Promise<number> {
  // DuckDB holds a string in 16 bytes plus its text, anything else here in at most 8.
  const size = columns.map((c) => (c.type === 'VARCHAR' ? `16 + coalesce(strlen(${c.select}), 0)` : '8')).join(' + ');
  const bytes = await new CaseReader(db).number(
    `SELECT coalesce(avg(${size}), 0) FROM (SELECT * FROM ${table.name} LIMIT 2000) ${TABLE_ALIAS}`,
  );
  return Math.min(10_000_000, Math.max(10_000, Math.floor(ROW_GROUP_BYTES / Math.max(bytes, 1))));
}
