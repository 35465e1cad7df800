import fs from 'node:fs';
import path from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import { TrailscopeError } from '../../../shared/api/errors.ts';
import type { Detection } from '../../../shared/model/detection.ts';
import type { LakeExportProgress } from '../../../shared/model/lake.ts';
import type { CaseReader } from '../case/case-reader.ts';
import { sqlString } from '../case/sql.ts';
import { allRules } from '../detect/case-rules.ts';
import { type CopyTarget, copyTable, planEventFiles, writeEventFiles } from './lake-copy.ts';
import { LAKE_TABLES, type LakeColumn, type LakeManifest, type LakeTable, lakeColumns } from './lake-layout.ts';
import { type SourceIdentity, sourcesSha256 } from './lake-manifest.ts';
import { type ExportScope, TABLE_ALIAS } from './lake-select.ts';

/** A table as this export wrote it: its lake columns and the rows it added. */
export interface WrittenTable {
  table: LakeTable;
  columns: readonly LakeColumn[];
  rows: number;
}

/** What the export read and wrote in its one view of the case. */
export interface Snapshot {
  scope: ExportScope;
  sources: SourceIdentity[];
  written: WrittenTable[];
  eventTimes: { first: string | null; last: string | null };
  rules: Detection[];
}

export type WritingStep = Pick<LakeExportProgress, 'phase' | 'table' | 'tablesDone'> &
  Partial<Pick<LakeExportProgress, 'eventsDone' | 'eventsTotal'>>;

export interface SnapshotRequest {
  since: string | null;
  until: string | null;
  manifest: LakeManifest | null;
  staging: string;
  exportNumber: number;
  signal: AbortSignal | undefined;
  progress: (step: WritingStep) => void;
  /** Connections of their own that write events files beside the transaction's (lake-copy.ts `writeEventFiles`). */
  otherLanes: readonly DuckDBConnection[];
}

/**
 * Every table's new rows into the staging folder, from one transaction: an ingest committing
 * meanwhile is either wholly in the export or wholly left for the next. The events files
 * written on other connections hold the rows the transaction planned (lake-copy.ts
 * `writeEventFiles` says why). A cancel interrupts the statements running on every connection.
 */
export async function writeSnapshot(reader: CaseReader, request: SnapshotRequest): Promise<Snapshot> {
  const { manifest, staging, exportNumber, signal, otherLanes } = request;
  const db = reader.db;
  const lanes = [db, ...otherLanes];
  const interrupt = () => {
    for (const lane of lanes) lane.interrupt();
  };
  signal?.addEventListener('abort', interrupt);
  await db.run('BEGIN TRANSACTION');
  try {
    const sources = await reader.rows<SourceIdentity>(
      'SELECT source_id, path, member, sha256_stored FROM sources ORDER BY source_id',
    );
    refuseOtherCase(sources, manifest);
    const scope: ExportScope = {
      since: request.since,
      until: request.until,
      lastSourceId: sources.at(-1)?.source_id ?? 0,
      lastIntegrityRunId: await reader.number('SELECT coalesce(max(run_id), 0) FROM integrity_runs'),
    };
    const written = await writeTables(
      reader,
      { scope, earlier: manifest?.exports ?? [], staging, exportNumber },
      request,
    );
    const eventTimes = await writtenEventTimes(reader, staging);
    const rules = (await allRules(reader)).map((rule) => rule.detection);
    await db.run('COMMIT');
    return { scope, sources, written, eventTimes, rules };
  } catch (error) {
    await db.run('ROLLBACK').catch(() => undefined);
    throw signal?.aborted
      ? new TrailscopeError('cancelled', 'Export cancelled: nothing was added to the lake.')
      : error;
  } finally {
    signal?.removeEventListener('abort', interrupt);
  }
}

/**
 * A lake holds one case's evidence: the sources an earlier export saw must still be the first
 * sources of this case, hash for hash, wherever the case file now lives.
 */
function refuseOtherCase(sources: readonly SourceIdentity[], manifest: LakeManifest | null): void {
  if (!manifest) return;
  const seen = sources.slice(0, manifest.case.sources);
  if (seen.length !== manifest.case.sources || sourcesSha256(seen) !== manifest.case.sourcesSha256)
    throw new TrailscopeError(
      'invalid-input',
      `the lake was exported from another case (${manifest.case.path}, whose ${manifest.case.sources} sources this case does not begin with): export into a new folder.`,
    );
}

/**
 * Every table's new rows, the events files on every lane (lake-copy.ts `writeEventFiles`).
 * Their plan is made first, in the transaction; while the other tables are written there, one
 * after the other, the other lanes already write events files, and the transaction's lane joins
 * them when it is done with the rest.
 */
async function writeTables(
  reader: CaseReader,
  place: Omit<CopyTarget, 'table' | 'columns'>,
  { otherLanes, progress }: SnapshotRequest,
): Promise<WrittenTable[]> {
  const db = reader.db;
  const targetOf = async (table: LakeTable): Promise<CopyTarget> => {
    const described = await reader.rows<{ column_name: string; column_type: string }>(`DESCRIBE ${table.name}`);
    return { ...place, table, columns: lakeColumns(described, TABLE_ALIAS) };
  };
  const [eventsTable, ...others] = LAKE_TABLES;
  if (eventsTable?.name !== 'events') throw new Error('the lake layout must list events first');
  const events = await planEventFiles(db, await targetOf(eventsTable));
  const now: Pick<WritingStep, 'table' | 'tablesDone'> = { table: eventsTable.name, tablesDone: 0 };
  const onEvents = (eventsDone: number, eventsTotal: number) =>
    progress({ phase: 'writing', ...now, eventsDone, eventsTotal });
  const stop = new AbortController();
  let freeTransaction = () => {};
  const transactionFree = new Promise<DuckDBConnection>((resolve) => {
    freeTransaction = () => resolve(db);
  });
  const eventsWritten = writeEventFiles(
    events,
    [transactionFree, ...otherLanes.map((lane) => Promise.resolve(lane))],
    stop.signal,
    onEvents,
  );
  // Waited for whatever happens below, so that no lane still reads when the transaction ends.
  const eventsSettled = eventsWritten.catch(() => undefined);
  const written: WrittenTable[] = [];
  try {
    for (const table of others) {
      now.table = table.name;
      progress({ phase: 'writing', ...now });
      const target = await targetOf(table);
      written.push({ table, columns: target.columns, rows: await copyTable(db, target) });
      now.tablesDone++;
    }
  } catch (error) {
    stop.abort();
    throw error;
  } finally {
    now.table = eventsTable.name;
    freeTransaction();
    await eventsSettled;
  }
  return [{ table: eventsTable, columns: events.target.columns, rows: await eventsWritten }, ...written];
}

/** The first and last event time written, read back from the staged files. */
async function writtenEventTimes(reader: CaseReader, staging: string): Promise<Snapshot['eventTimes']> {
  if (!fs.existsSync(path.join(staging, 'events'))) return { first: null, last: null };
  const iso = (column: string) => `strftime(${column}, '%Y-%m-%dT%H:%M:%S.%fZ')`;
  const times = await reader.row<{ first: string; last: string }>(
    `SELECT ${iso('min(event_time)')} AS first, ${iso('max(event_time)')} AS last
       FROM read_parquet(${sqlString(path.join(staging, 'events', '**', '*.parquet'))}, hive_partitioning = false)`,
  );
  return { first: times?.first ?? null, last: times?.last ?? null };
}
