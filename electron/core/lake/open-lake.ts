import fs from 'node:fs';
import path from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import { TrailscopeError } from '../../../shared/api/errors.ts';
import { CaseReader } from '../case/case-reader.ts';
import { quoteIdentifier, sqlString } from '../case/sql.ts';
import { LAKE_TABLES, type LakePartition, MANIFEST_FILE } from './lake-layout.ts';
import { insideLake, plainFilesOf, readManifest } from './lake-manifest.ts';
import {
  heldViews,
  keepReading,
  keptReading,
  type LakeReading,
  lakeFingerprint,
  type TableReading,
} from './lake-reading.ts';
import { parquetFooterRefusal } from './parquet-footer.ts';

/**
 * Opening a Parquet lake (written by `trailscope export --parquet`) as a case. The lake stays
 * untouched: a small side case file beside it holds the analyst's work (findings, notes,
 * detection results), and its evidence tables are views over the lake's Parquet files, so every
 * query the app runs on a case runs on the lake unchanged. The views present the case's own
 * column types; the events view also carries the partition columns `account`, `region` and
 * `date`, which is what lets DuckDB read only the partitions a query names.
 */

/** The scan the lake's views call (see `CaseStore.viewScans`). */
export const LAKE_SCANS: ReadonlySet<string> = new Set(['read_parquet']);

/**
 * A lake is evidence already exported: what changes it is an ingest into the case it came from
 * and another export. Ingest and integrity validation (which needs the original log files) say so.
 */
export function refuseOnLake(store: { lake: string | null }, what: string): void {
  if (store.lake)
    throw new TrailscopeError(
      'read-only',
      `${store.lake} is a Parquet lake, open read-only: ${what} runs on the case it was exported from (then export it again with trailscope export --parquet).`,
    );
}

/** Where a lake folder's side case lives: beside the folder, so the lake itself is never written. */
export function sideCaseFor(lakeDir: string): string {
  const dir = path.resolve(lakeDir);
  return path.join(path.dirname(dir), `${path.basename(dir)}.lake-side.trailscope.duckdb`);
}

/** A folder holding a lake's manifest. */
export function isLakeFolder(candidate: string): boolean {
  try {
    return fs.statSync(candidate).isDirectory() && fs.statSync(path.join(candidate, MANIFEST_FILE)).isFile();
  } catch {
    return false;
  }
}

/**
 * The lake folder a file at `casePath` would be the side case of, judged by its place alone (it
 * is decided before anything in the file is read): the lockdown then lets DuckDB read that
 * folder, so a case file cannot name just any folder (a crafted one naming "/" would open the
 * whole disk to DuckDB).
 */
export function lakeBeside(casePath: string): string | null {
  const beside = path.join(
    path.dirname(casePath),
    path.basename(casePath).replace(/\.lake-side\.trailscope\.duckdb$/, ''),
  );
  return sideCaseFor(beside) === casePath && isLakeFolder(beside) ? beside : null;
}

/**
 * The lake folder a side case was made for, or null for an ordinary case: the one beside it
 * (`lakeBeside`), once the file says it is a side case.
 */
export async function lakeOfCase(
  db: DuckDBConnection,
  casePath: string,
  beside: string | null,
): Promise<string | null> {
  const reader = new CaseReader(db);
  if (!(await hasLakeOrigin(reader))) return null;
  const named = await reader.value('SELECT lake_dir FROM lake_origin');
  if (typeof named !== 'string' || beside === null) {
    throw new TrailscopeError(
      'not-a-case',
      `${casePath} holds the analyst work of a Parquet lake, but no lake is beside it (it expects the folder ${casePath.replace(/\.lake-side\.trailscope\.duckdb$/, '')}). Open the lake folder itself.`,
    );
  }
  return beside;
}

/**
 * A lake's events as the open found them: the lake is read-only and its files are the ones listed
 * at the open, so what is read from them once holds while it stays open.
 */
export interface LakeEvents {
  /**
   * The events files as stored, partition columns included: UTC wall-clock times and JSON as
   * text, which sort and match as the view's columns do. A page or a text search that reads
   * these instead of the view skips its conversions (see `storedEvents` in the explorer).
   */
  scan: string;
  /**
   * How many there are. A case's table knows its row count; a lake's count(*) builds a reader
   * for every file (18–22 ms over the bench lake's 128 files), which the unfiltered explorer
   * would otherwise pay on every page.
   */
  count: number;
  /**
   * Rows of its `event_sources`: one per event, and one more per further delivery of an event
   * (integrity-sql.ts reads an event's verdict by its own file when there is none). Counted here
   * for the same reason.
   */
  deliveries: number;
  /**
   * Each UTC day that has events, oldest first, with its count: the lake files events by day, so
   * an unfiltered page knows which days' files hold it without opening the others (events-page.ts).
   */
  days: [day: string, events: number][];
}

/**
 * Turns a migrated case into the side case of `lakeDir`: records the folder, then replaces each
 * evidence table the lake holds with a view over the Parquet files its manifest lists. Refuses a
 * case that holds evidence of its own: a real case must never lose a table. Returns its events,
 * or null when it has none.
 */
export async function attachLake(writer: DuckDBConnection, lakeDir: string): Promise<LakeEvents | null> {
  const reader = new CaseReader(writer);
  // Without lake_origin the file is new, or a first open failed before writing it, or it is
  // somebody's case: the last holds evidence, and is refused.
  const hasOrigin = await hasLakeOrigin(reader);
  if (!hasOrigin && (await reader.number('SELECT count(*) FROM sources')) > 0) {
    throw new TrailscopeError(
      'not-a-case',
      `${lakeDir} is a lake, but the file beside it where its analyst work goes is a case of its own; move that file away and open the lake again.`,
    );
  }
  const listed = listedFiles(lakeDir);
  const fingerprint = lakeFingerprint(listed.stats);
  const kept = await keptReading(writer, fingerprint);
  // Files kept from an open that checked them are the same files (the fingerprint is their identity).
  if (kept === null) refuseUnsafeFooters(lakeDir, listed.byTable);
  const reading: LakeReading = { tables: {}, events: null };
  let readAgain = kept === null;
  let eventsScan: string | null = null;
  // A later open of unchanged files writes nothing, so it neither commits nor leaves a checkpoint to the close.
  let writing = false;
  const write = async (sql: string) => {
    if (!writing) await writer.run('BEGIN TRANSACTION');
    writing = true;
    await writer.run(sql);
  };
  try {
    if (!hasOrigin || (await reader.value('SELECT lake_dir FROM lake_origin')) !== lakeDir) {
      await write('CREATE TABLE IF NOT EXISTS lake_origin (lake_dir VARCHAR NOT NULL)');
      await write('DELETE FROM lake_origin');
      await write(`INSERT INTO lake_origin VALUES (${sqlString(lakeDir)})`);
    }
    const views = await heldViews(writer);
    for (const { name: table, partitions } of LAKE_TABLES) {
      const files = listed.byTable.get(table);
      if (!files) continue;
      const known = kept?.tables[table];
      const read = known ?? (await readTable(writer, table, files, partitions, listed.exportOf));
      const scan = parquetScan(files, partitions, read.sameColumns);
      const sql = viewSql(table, read.columns, new Map(read.fileTypes), partitions, scan);
      const held = views.get(table) ?? null;
      if (known && sql === known.viewSql && held !== null && (known.heldSql ?? held) === held) {
        reading.tables[table] = { ...known, heldSql: held };
        readAgain ||= known.heldSql === null;
      } else {
        readAgain = true;
        // The first open replaces the case's table with the view.
        if (held === null) await write(`DROP TABLE IF EXISTS ${quoteIdentifier(table)}`);
        await write(sql);
        reading.tables[table] = { ...read, viewSql: sql, heldSql: null };
      }
      if (table === 'events') eventsScan = scan;
    }
    if (eventsScan !== null) reading.events = kept?.events ?? (await countEvents(reader, eventsScan));
    if (readAgain) await keepReading(write, fingerprint, reading);
    if (writing) await writer.run('COMMIT');
  } catch (error) {
    if (writing) await writer.run('ROLLBACK');
    throw error;
  }
  return eventsScan !== null && reading.events ? { scan: eventsScan, ...reading.events } : null;
}

async function countEvents(reader: CaseReader, eventsScan: string): Promise<NonNullable<LakeReading['events']>> {
  const days = await reader.rows<{ day: string; events: string | number }>(
    `SELECT strftime("date", '%Y-%m-%d') AS day, count(*) AS events FROM ${eventsScan} GROUP BY ALL ORDER BY day`,
  );
  return {
    count: days.reduce((sum, d) => sum + Number(d.events), 0),
    deliveries: await reader.number('SELECT count(*) FROM event_sources'),
    days: days.map((d) => [d.day, Number(d.events)]),
  };
}

/**
 * What the view over one table needs from the case and from the files. The case's columns are
 * its table's at the first open, and the view's (the same) after.
 */
async function readTable(
  writer: DuckDBConnection,
  table: string,
  files: readonly string[],
  partitions: readonly LakePartition[],
  exportOf: ReadonlyMap<string, number>,
): Promise<Omit<TableReading, 'viewSql' | 'heldSql'>> {
  const reader = new CaseReader(writer);
  const partitionNames = new Set<string>(partitions.map((p) => p.name));
  const columns = await reader.rows<{ column_name: string; data_type: string }>(
    `SELECT column_name, data_type FROM duckdb_columns()
       WHERE database_name = current_database() AND schema_name = 'main' AND table_name = ?
       ORDER BY column_index`,
    [table],
  );
  const sameColumns = await sameColumnsIn(reader, firstOfEachExport(files, exportOf));
  const inFiles = await reader.rows<{ column_name: string; column_type: string }>(
    `SELECT column_name, column_type FROM (DESCRIBE SELECT * FROM ${parquetScan(files, partitions, sameColumns)})`,
  );
  const inView = columns.filter((column) => !partitionNames.has(column.column_name));
  const read = new Set(inFiles.map((c) => c.column_name));
  const lacking = inView.filter((column) => !read.has(column.column_name)).map((c) => c.column_name);
  if (lacking.length > 0)
    throw new TrailscopeError(
      'invalid-input',
      `The lake's ${table} files, read by the columns of ${sameColumns ? files[0] : 'all of them'}, have no column ${lacking.join(', ')}, which an export writes: ${sameColumns ? 'that file was changed after the export (MANIFEST.json holds the hash it was written with)' : 'they were changed after the export, or written by another version of Trailscope'}. Nothing was opened.`,
    );
  return { columns: inView, sameColumns, fileTypes: inFiles.map((c) => [c.column_name, c.column_type]) };
}

async function hasLakeOrigin(reader: CaseReader): Promise<boolean> {
  const tables = await reader.number(
    `SELECT count(*) FROM duckdb_tables() WHERE database_name = current_database() AND schema_name = 'main' AND table_name = 'lake_origin'`,
  );
  return tables > 0;
}

/**
 * Each table's Parquet files, as the manifest lists them: what the exports vouch for with a
 * hash, and nothing else. A file dropped into the folder later is not evidence and is not read,
 * and a file the manifest names that is gone refuses the open, rather than counts that silently
 * miss its events. A list binds faster than a glob, too (docs/ARCHITECTURE.md, "Opening a lake").
 */
function listedFiles(lakeDir: string): {
  byTable: Map<string, string[]>;
  stats: Map<string, fs.BigIntStats>;
  exportOf: Map<string, number>;
} {
  const manifest = readManifest(lakeDir);
  const byTable = new Map<string, string[]>();
  const stats = new Map<string, fs.BigIntStats>();
  const exportOf = new Map<string, number>();
  const missing: string[] = [];
  const notPlain: string[] = [];
  const plainFile = plainFilesOf(lakeDir);
  const listed = manifest?.files ?? {};
  for (const name of Object.keys(listed).sort()) {
    // DuckDB expands a pattern in every path of a list; no export writes these characters.
    if (/[*?[\]{}]/.test(name))
      throw new TrailscopeError(
        'invalid-input',
        `${path.join(lakeDir, MANIFEST_FILE)} names a file with a pattern character, which would read other files: ${name}`,
      );
    const file = insideLake(lakeDir, name);
    const table = path.relative(lakeDir, file).split(path.sep)[0]!;
    if (!file.endsWith('.parquet') || !LAKE_TABLES.some((t) => t.name === table)) continue;
    const found = plainFile(file);
    if (found === 'missing') missing.push(name);
    else if (typeof found === 'string') notPlain.push(`${name}: ${found}`);
    if (typeof found === 'string') continue;
    stats.set(file, found);
    exportOf.set(file, listed[name]!.export);
    const files = byTable.get(table);
    if (files) files.push(file);
    else byTable.set(table, [file]);
  }
  if (missing.length > 0)
    throw new TrailscopeError(
      'invalid-input',
      `${lakeDir} is missing ${missing.length} of the files its ${MANIFEST_FILE} lists (${missing.slice(0, 3).join(', ')}${missing.length > 3 ? ', …' : ''}): its counts would be short. Copy the lake again whole.`,
    );
  if (notPlain.length > 0)
    throw new TrailscopeError(
      'invalid-input',
      `${lakeDir} lists ${notPlain.length === 1 ? 'a file that is not a plain file' : `${notPlain.length} files that are not plain files`} of the lake, as an export writes them (${notPlain.slice(0, 3).join('; ')}${notPlain.length > 3 ? '; …' : ''}): nothing was read from them. Copy the lake again whole.`,
    );
  return { byTable, stats, exportOf };
}

/**
 * Refuses the open when a listed file's footer could end the process as DuckDB reads it
 * (parquet-footer.ts), before DuckDB reads any: each query reads every file's footer sooner or
 * later. About 25 µs a file once warm (the bench lake's 131 files 2.5-5.5 ms, the org trail's
 * 1,465 files 29-51 ms), paid when the files are read afresh.
 */
function refuseUnsafeFooters(lakeDir: string, byTable: ReadonlyMap<string, readonly string[]>): void {
  const refused: string[] = [];
  for (const files of byTable.values()) {
    for (const file of files) {
      const refusal = parquetFooterRefusal(file);
      if (refusal) refused.push(`${path.relative(lakeDir, file)}: ${refusal}`);
    }
  }
  if (refused.length > 0)
    throw new TrailscopeError(
      'invalid-input',
      `${lakeDir} lists ${refused.length === 1 ? 'a file' : `${refused.length} files`} no export writes, which DuckDB cannot read safely (${refused.slice(0, 3).join('; ')}${refused.length > 3 ? '; …' : ''}): nothing was read from ${refused.length === 1 ? 'it' : 'them'}, and nothing was opened.`,
    );
}

/**
 * One file of each export that wrote `files`. An export writes every file of a table with the
 * same statement, so its files share their columns; a lake holds other columns only where a
 * later Trailscope exported into it. A file forged to differ from its export's is read by the
 * columns of the first file all the same, which fails loudly where it matters: a column it lacks
 * fails every query reading it, naming the file, where `union_by_name` would have read NULLs;
 * a column of another type is cast as the view casts it anyway, and one it adds is not read
 * (test/hostile/lake-open.test.ts holds each).
 */
function firstOfEachExport(files: readonly string[], exportOf: ReadonlyMap<string, number>): string[] {
  const first = new Map<number | undefined, string>();
  for (const file of files) if (!first.has(exportOf.get(file))) first.set(exportOf.get(file), file);
  return [...first.values()];
}

/**
 * Whether `files` hold the same columns with the same types. DuckDB then reads them by the
 * first file's schema (matching columns by name); otherwise `union_by_name` reads each file's,
 * which costs every query on a lake of a thousand files about 60 ms more (measured).
 */
async function sameColumnsIn(reader: CaseReader, files: readonly string[]): Promise<boolean> {
  if (files.length < 2) return true;
  const schemas = await reader.number(
    `SELECT count(DISTINCT columns) FROM (
       SELECT list(name || ' ' || duckdb_type ORDER BY name) AS columns
         FROM parquet_schema(${fileList(files)}) WHERE duckdb_type IS NOT NULL GROUP BY file_name)`,
  );
  return schemas === 1;
}

/**
 * Each column as the case types it, converted only where the files hold another type: the
 * app's queries (and the console's completion) expect the case's types, and a conversion in the
 * view is paid on every row of every query that reads the column.
 */
function viewSql(
  table: string,
  columns: { column_name: string; data_type: string }[],
  fileTypes: ReadonlyMap<string, string>,
  partitions: readonly LakePartition[],
  scan: string,
): string {
  const select = columns.map(({ column_name, data_type }) => {
    const name = quoteIdentifier(column_name);
    return `${asCaseType(name, fileTypes.get(column_name), data_type)} AS ${name}`;
  });
  select.push(...partitions.map((p) => quoteIdentifier(p.name)));
  return `CREATE OR REPLACE VIEW ${quoteIdentifier(table)} AS SELECT ${select.join(', ')} FROM ${scan}`;
}

/**
 * A lake column as the case's type. The lake holds instants as UTC wall-clock TIMESTAMPs
 * (lake-layout.ts), whose microseconds since the epoch are the instant's: rebuilt from them, a
 * 1M-event scan took 3 ms where DuckDB's cast, which goes through ICU's calendar, took 42 ms
 * (measured). The infinities have no epoch and keep the cast.
 */
function asCaseType(name: string, fileType: string | undefined, caseType: string): string {
  if (fileType === caseType) return name;
  if (fileType === 'TIMESTAMP' && caseType === 'TIMESTAMP WITH TIME ZONE')
    return `CASE WHEN isfinite(${name}) THEN make_timestamptz(epoch_us(${name})) ELSE CAST(${name} AS TIMESTAMPTZ) END`;
  return `CAST(${name} AS ${caseType})`;
}

function parquetScan(files: readonly string[], partitions: readonly LakePartition[], same: boolean): string {
  const hive =
    partitions.length > 0
      ? `hive_partitioning = true, hive_types = {${partitions.map((p) => `${sqlString(p.name)}: ${sqlString(p.type)}`).join(', ')}}`
      : 'hive_partitioning = false';
  return `read_parquet(${fileList(files)}, ${hive}, union_by_name = ${same ? 'false' : 'true'})`;
}

const fileList = (files: readonly string[]) => `[${files.map(sqlString).join(', ')}]`;
