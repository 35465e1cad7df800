import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import { TrailscopeError } from '../../../shared/api/errors.ts';
import type { LakeExportProgress, LakeExportSummary, LakeRowCounts } from '../../../shared/model/lake.ts';
import { caseFolders } from '../case/case-folders.ts';
import { logAction } from '../case/case-log.ts';
import { CaseStore } from '../case/case-store.ts';
import { sha256 } from '../files/hash-file.ts';
import { trailscopeVersion } from '../version.ts';
import { type LakeText, lakeTexts, partitionValues } from './lake-description.ts';
import {
  moveIntoLake,
  refuseSpecialFiles,
  refuseTaken,
  type StagedFile,
  stagedDataFiles,
  type TextAction,
  textAction,
  writeLakeText,
} from './lake-files.ts';
import { LAKE_TABLES, type LakeFile, type LakeManifest, MANIFEST_FILE } from './lake-layout.ts';
import { checkFiles, readManifest, sourcesSha256, writeManifest } from './lake-manifest.ts';
import { type Snapshot, type WritingStep, writeSnapshot } from './lake-snapshot.ts';
import { SUMMARY_FILE, summaryText } from './lake-summary.ts';

export interface LakeExportRequest {
  dir: string;
  /** ISO instants; event_time from `since`, before `until`. */
  since: string | null;
  until: string | null;
}

export interface LakeExportRun {
  signal?: AbortSignal;
  onProgress?: (progress: LakeExportProgress) => void;
  /** Events files written at once: by default one a core, up to four, since each holds up to a row group (about 128 MB) in memory. */
  lanes?: number;
}

/** `count` reads of the store's own (closed after, interrupted with its other reads), given together to `work`. */
function withReaders<T>(
  store: CaseStore,
  count: number,
  work: (connections: DuckDBConnection[]) => Promise<T>,
  opened: DuckDBConnection[] = [],
): Promise<T> {
  if (opened.length === count) return work(opened);
  return store.read((reader) => withReaders(store, count, work, [...opened, reader.db]));
}

const lanesOf = (run: LakeExportRun) => Math.max(1, Math.floor(run.lanes ?? Math.min(4, availableParallelism())));

const cancelled = () => new TrailscopeError('cancelled', 'Export cancelled: nothing was added to the lake.');

/**
 * Writes the case's evidence into `dir` as a Parquet lake (lake-layout.ts), or adds to the lake
 * an earlier export left there: only rows no earlier export covered, in files of their own.
 * No data file is replaced or deleted; MANIFEST.json is rewritten whole with every file's
 * SHA-256, and its own hash goes into the case log.
 *
 * DuckDB may write only into the case's exports folder (case-store.ts `lockDown`), so the
 * files are written there first, from one view of the case, then moved into `dir`.
 */
export async function exportLake(
  store: CaseStore,
  request: LakeExportRequest,
  run: LakeExportRun = {},
): Promise<LakeExportSummary> {
  const started = performance.now();
  const dir = path.resolve(request.dir);
  const progress = progressOf(run, started);
  const seconds = () => (performance.now() - started) / 1000;

  progress({ phase: 'checking', table: null, tablesDone: 0 });
  if (fs.statSync(dir, { throwIfNoEntry: false })?.isDirectory()) refuseSpecialFiles(dir);
  const manifest = readManifest(dir);
  const found = manifest ? await checkFiles(dir, manifest, run.signal) : { changed: [], missing: [] };
  const exportNumber = Math.max(0, ...(manifest?.exports ?? []).map((e) => e.export)) + 1;

  const staging = path.join(caseFolders(store.path).exports, `lake-staging-${randomUUID()}`);
  fs.mkdirSync(staging, { recursive: true });
  try {
    const snapshot = await store.read((reader) =>
      withReaders(store, lanesOf(run) - 1, (otherLanes) =>
        writeSnapshot(reader, {
          ...request,
          manifest,
          staging,
          exportNumber,
          signal: run.signal,
          progress,
          otherLanes,
        }),
      ),
    );
    const data = stagedDataFiles(staging);
    const texts = describe(dir, manifest, found.changed, snapshot, data);
    const base = { dir, since: request.since, until: request.until, alreadyThere: alreadyThere(manifest), ...found };
    const kept = texts.filter((t) => t.action === 'kept').map((t) => t.name);
    if (data.length === 0 && texts.every((t) => t.action === 'same' || t.action === 'kept')) {
      const manifestSha256 = manifest ? sha256(fs.readFileSync(path.join(dir, MANIFEST_FILE))) : null;
      return {
        ...base,
        export: null,
        added: { files: [], bytes: 0, rows: {} },
        updated: [],
        kept,
        manifestSha256,
        seconds: seconds(),
      };
    }
    if (run.signal?.aborted) throw cancelled();

    progress({ phase: 'moving', table: null, tablesDone: LAKE_TABLES.length });
    refuseTaken(
      dir,
      data.map((f) => f.name),
    );
    fs.mkdirSync(dir, { recursive: true });
    const files: Record<string, LakeFile> = {};
    for (const file of data) files[file.name] = await moveIntoLake(staging, dir, file, exportNumber);

    // The files are in the lake now: a cancel from here on would leave them unlisted, so the export finishes.
    progress({ phase: 'describing', table: null, tablesDone: LAKE_TABLES.length }, { cancellable: false });
    const updated: string[] = [];
    for (const { name, text, action } of texts) {
      if (action === 'add' || action === 'update') files[name] = writeLakeText(dir, name, text, exportNumber);
      if (action === 'update') updated.push(name);
    }
    const rows = rowCounts(snapshot);
    const next: LakeManifest = {
      format: 'trailscope-lake',
      version: 1,
      case: { path: store.path, sources: snapshot.sources.length, sourcesSha256: sourcesSha256(snapshot.sources) },
      exports: [
        ...(manifest?.exports ?? []),
        {
          export: exportNumber,
          exportedAt: new Date().toISOString(),
          trailscopeVersion,
          since: request.since,
          until: request.until,
          lastSourceId: snapshot.scope.lastSourceId,
          lastIntegrityRunId: snapshot.scope.lastIntegrityRunId,
          firstEventTime: snapshot.eventTimes.first,
          lastEventTime: snapshot.eventTimes.last,
          rows,
        },
      ],
      files: { ...manifest?.files, ...files },
    };
    // The summary is counted over the files as the manifest lists them, so it is written first.
    writeManifest(dir, next);
    progress({ phase: 'summarizing', table: null, tablesDone: LAKE_TABLES.length }, { cancellable: false });
    const summary = await countSummary(dir, staging);
    if (summary !== null) {
      const written = manifest?.files[SUMMARY_FILE] !== undefined && !found.changed.includes(SUMMARY_FILE);
      const action = textAction(dir, SUMMARY_FILE, summary, written);
      if (action === 'add' || action === 'update')
        files[SUMMARY_FILE] = writeLakeText(dir, SUMMARY_FILE, summary, exportNumber);
      if (action === 'update') updated.push(SUMMARY_FILE);
      if (action === 'kept') kept.push(SUMMARY_FILE);
    }
    const manifestSha256 = writeManifest(dir, { ...next, files: { ...manifest?.files, ...files } });
    const added = {
      files: Object.keys(files)
        .filter((name) => !updated.includes(name))
        .sort(),
      bytes: Object.values(files).reduce((sum, f) => sum + f.bytes, 0),
      rows,
    };
    await store.writeAnalyst((db) =>
      logAction(db, 'lake-exported', {
        dir,
        export: exportNumber,
        manifest_sha256: manifestSha256,
        since: request.since,
        until: request.until,
        rows,
        files_added: added.files.length,
        bytes_written: added.bytes,
        updated,
        ...found,
        kept,
      }),
    );
    return { ...base, export: exportNumber, added, updated, kept, manifestSha256, seconds: seconds() };
  } finally {
    fs.rmSync(staging, { recursive: true, force: true });
  }
}

/**
 * Each step's snapshot, complete: the event counts stay as last told until told again. A step
 * throws the cancel when one was asked for, unless it comes after the files moved into the lake.
 */
function progressOf(
  run: LakeExportRun,
  started: number,
): (step: WritingStep, options?: { cancellable: boolean }) => void {
  let events = { eventsDone: 0, eventsTotal: 0 };
  return (step, { cancellable } = { cancellable: true }) => {
    if (cancellable && run.signal?.aborted) throw cancelled();
    const { eventsDone = events.eventsDone, eventsTotal = events.eventsTotal, ...rest } = step;
    events = { eventsDone, eventsTotal };
    run.onProgress?.({
      kind: 'lake-export',
      ...rest,
      ...events,
      tablesTotal: LAKE_TABLES.length,
      elapsedSeconds: (performance.now() - started) / 1000,
    });
  };
}

/**
 * The explorer's summary of the lake's events as its manifest lists them now (lake-summary.ts),
 * counted by opening the lake as the app does, with a side case of its own in `scratch`; null
 * when the lake holds no events, or when counting failed: the files are in the lake and listed
 * by then, and a summary is never worth failing the export for (the first open counts instead).
 */
async function countSummary(dir: string, scratch: string): Promise<string | null> {
  try {
    const side = await CaseStore.open(path.join(scratch, 'summary.duckdb'), { create: true, lake: dir });
    try {
      const events = side.lakeEvents?.count ?? 0;
      const manifest = readManifest(dir);
      if (events === 0 || !manifest) return null;
      return await side.read((db) => summaryText(db, manifest, events));
    } finally {
      side.close();
    }
  } catch {
    return null;
  }
}

/**
 * The descriptive files of the lake as it will stand, and what to do with each. They describe
 * the tables that hold rows (Trino refuses a table over a location with no files) and the
 * partitions of every events file, earlier ones included.
 */
function describe(
  dir: string,
  manifest: LakeManifest | null,
  changed: readonly string[],
  snapshot: Snapshot,
  data: readonly StagedFile[],
): (LakeText & { action: TextAction })[] {
  const filled = new Set(manifest?.exports.flatMap((e) => Object.keys(e.rows)) ?? []);
  const tables = snapshot.written.filter((w) => w.rows > 0 || filled.has(w.table.name));
  const names = [...Object.keys(manifest?.files ?? {}), ...data.map((f) => f.name)];
  return lakeTexts(tables, partitionValues(names), snapshot.rules).map((t) => ({
    ...t,
    action: textAction(dir, t.name, t.text, manifest?.files[t.name] !== undefined && !changed.includes(t.name)),
  }));
}

function rowCounts(snapshot: Snapshot): LakeRowCounts {
  return Object.fromEntries(snapshot.written.filter((w) => w.rows > 0).map((w) => [w.table.name, w.rows]));
}

function alreadyThere(manifest: LakeManifest | null): LakeExportSummary['alreadyThere'] {
  const rows: LakeRowCounts = {};
  for (const e of manifest?.exports ?? [])
    for (const [table, n] of Object.entries(e.rows)) rows[table] = (rows[table] ?? 0) + (n ?? 0);
  return { exports: manifest?.exports.length ?? 0, files: Object.keys(manifest?.files ?? {}).length, rows };
}
