import fs from 'node:fs';
import path from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import { TrailscopeError } from '../../../shared/api/errors.ts';
import { CaseReader } from '../case/case-reader.ts';
import { quoteIdentifier, sqlString } from '../case/sql.ts';
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
 * A table without partitions: its new rows as one Parquet file under `staging/<table>/`, or no
 * file when it has none. Returns how many rows.
 */
export async function copyTable(db: DuckDBConnection, target: CopyTarget): Promise<number> {
  const { table, columns, scope, earlier } = target;
  const folder = path.join(target.staging, table.name);
  fs.mkdirSync(folder, { recursive: true });
  const file = path.join(folder, fileName(target));
  const rows = await copy(db, newRowsQuery(table, columns, scope, earlier), file, await fileOptions(db, target));
  if (rows === 0) fs.rmSync(folder, { recursive: true, force: true });
  return rows;
}

/** The events files an export writes: a file per partition, with the runs of row ids that hold its events. */
export interface EventFiles {
  target: CopyTarget;
  files: PartitionFile[];
  total: number;
  options: string[];
}

/**
 * The events files of this export, found in its transaction (`newEventPartitionsQuery`). Each
 * file is then read from the case within its runs of row ids. Staging a day in a temporary
 * table instead cost more than reading it again: DuckDB sorts and copies the whole records.
 */
export async function planEventFiles(db: DuckDBConnection, target: CopyTarget): Promise<EventFiles> {
  const { scope, earlier } = target;
  const reader = new CaseReader(db);
  const days = await reader.rows<{ day: string }>(newEventDaysQuery(scope, earlier));
  const timeless = days.filter(({ day }) => !isCalendarDay(day));
  if (timeless.length > 0) throw timelessEventsError(timeless.map(({ day }) => day));
  const files: PartitionFile[] = [];
  for (const { day } of days)
    for (const file of byPartition(await reader.rows<RowRun>(newEventPartitionsQuery(scope, earlier, daySpan(day)))))
      files.push(file);
  const total = files.reduce((sum, f) => sum + f.events, 0);
  return { target, files, total, options: await fileOptions(db, target) };
}

/**
 * Writes the planned events files under `staging/events/`, on every lane at once, each lane
 * joining when it is ready and taking the next file as it comes free; none takes another once
 * `stop` is aborted or a file failed. Returns how many events.
 *
 * One file's COPY keeps DuckDB's Parquet writer on about one core: two lanes wrote the bench
 * case's 128 files in 12 s where one took 18 s (2 cores, measured). A lane outside the
 * export's transaction reads the same rows, because the runs name them by row id and a case's
 * events are only ever appended; each file's count is checked against the plan's all the same.
 */
export async function writeEventFiles(
  plan: EventFiles,
  lanes: readonly Promise<DuckDBConnection>[],
  stop: AbortSignal,
  onEvents: (done: number, total: number) => void,
): Promise<number> {
  const { target, files, total, options } = plan;
  const { table, columns, scope, earlier, staging } = target;
  const names = columns.map((c) => quoteIdentifier(c.name)).join(', ');
  let done = 0;
  onEvents(done, total);
  await onLanes(lanes, files, stop, async (lane, { partition, runs, events }) => {
    const file = path.join(staging, table.name, partitionFolder(partition), fileName(target));
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const query = newRowsQuery(table, columns, scope, earlier, daySpan(partition.day), runs);
    const rows = `SELECT ${names} FROM (${query}) WHERE account = ${sqlString(partition.account)}
      AND region = ${sqlString(partition.region)} ORDER BY ${table.sortBy}`;
    const copied = await copy(lane, rows, file, options);
    if (copied !== events)
      throw new Error(`${path.relative(staging, file)}: ${copied} events copied where the export found ${events}`);
    done += copied;
    onEvents(done, total);
  });
  return done;
}

const fileName = (target: CopyTarget) => `${partFilePattern(target.exportNumber).replace('{i}', '0')}.parquet`;

/**
 * DuckDB refuses ROW_GROUP_SIZE_BYTES while it preserves insertion order, and the locked case
 * cannot turn that off (nor should it: it keeps each file in event_time order), so the byte
 * target becomes a row count from a sample. zstd at level 1 wrote smaller files than the
 * default level here, in a quarter less time.
 */
async function fileOptions(db: DuckDBConnection, { table, columns }: CopyTarget): Promise<string[]> {
  const rows = await rowsPerGroup(db, table, columns);
  return ['FORMAT parquet', 'COMPRESSION zstd', 'COMPRESSION_LEVEL 1', `ROW_GROUP_SIZE ${rows}`];
}

interface StagedPartition {
  account: string;
  region: string;
  day: string;
}

type RowRun = StagedPartition & { first: bigint; last: bigint; events: number };

interface PartitionFile {
  partition: StagedPartition;
  runs: RowSpan[];
  events: number;
}

/** The runs of one day (`newEventPartitionsQuery`, sorted by partition), a file per partition. */
function byPartition(runs: readonly RowRun[]): PartitionFile[] {
  const files: PartitionFile[] = [];
  for (const { account, region, day, first, last, events } of runs) {
    const file = files.at(-1);
    const span = { first: Number(first), last: Number(last) };
    if (file?.partition.account === account && file.partition.region === region) {
      file.runs.push(span);
      file.events += events;
    } else files.push({ partition: { account, region, day }, runs: [span], events });
  }
  return files;
}

/**
 * `work` on every item, each lane starting when it is ready and taking the next item as it
 * comes free. After a failure or `stop` no lane takes another, and the first failure is thrown
 * once every lane has stopped: the export's transaction must not end while a lane still reads.
 */
async function onLanes<T>(
  lanes: readonly Promise<DuckDBConnection>[],
  items: readonly T[],
  stop: AbortSignal,
  work: (lane: DuckDBConnection, item: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  let failed = false;
  const ended = await Promise.allSettled(
    lanes.map(async (ready) => {
      const lane = await ready;
      while (!failed && !stop.aborted && next < items.length) {
        const item = items[next++]!;
        await work(lane, item).catch((error: unknown) => {
          failed = true;
          throw error;
        });
      }
    }),
  );
  const failure = ended.find((e) => e.status === 'rejected');
  if (failure) throw failure.reason;
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

/** A day the lake's `date` partition can name, and Athena's date projection read. */
function isCalendarDay(day: string): boolean {
  return /^\d{4}-\d{2}-\d{2}$/.test(day) && !Number.isNaN(Date.parse(`${day}T00:00:00Z`));
}

/**
 * Ingest never stores such a time (event-time.ts), but a case from elsewhere may hold one, and an
 * export that left its events out would no longer match the case's counts.
 */
function timelessEventsError(days: string[]): TrailscopeError {
  const shown = days.slice(0, 3).map((day) => JSON.stringify(day));
  return new TrailscopeError(
    'invalid-input',
    `Some events of the case have no UTC day the lake can file them under (${shown.join(', ')}${days.length > 3 ? ', …' : ''}): the lake's events are partitioned by date, so nothing was exported. Export a window that leaves them out (--since and --until), after looking at them with: SELECT * FROM events WHERE NOT isfinite(event_time) OR event_time < TIMESTAMPTZ '0001-01-01 00:00:00Z' OR event_time >= TIMESTAMPTZ '10000-01-01 00:00:00Z'`,
  );
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
