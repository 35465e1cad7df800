import os from 'node:os';
import { type IngestProgress, type IngestSummary, LISTED_INGEST_ERRORS } from '../../../shared/model/ingest.ts';
import { caseFolders, caseOwnPaths } from '../case/case-folders.ts';
import { CaseReader } from '../case/case-reader.ts';
import { CASE_MEMORY_LIMIT, type CaseStore } from '../case/case-store.ts';
import { sqlString } from '../case/sql.ts';
import { refreshCaseSummary } from '../explore/case-summary.ts';
import { trailscopeVersion } from '../version.ts';
import { UNKNOWN_KEYS } from './commit-batch.ts';
import { IngestRun } from './ingest-run.ts';
import { listInputs } from './inputs.ts';
import { Fingerprint, KeySet } from './key-set.ts';
import { DEFAULT_LIMITS, type IngestLimits } from './limits.ts';
import { ProgressMeter } from './progress-meter.ts';
import { readAhead } from './read-ahead.ts';
import { SourceRegistry } from './source-registry.ts';
import { createRunFolder, removeRunFolder } from './staging-folder.ts';
import { walkDisk } from './walk.ts';

export interface IngestOptions {
  signal?: AbortSignal;
  onProgress?: (progress: IngestProgress) => void;
  /** Records staged before a batch is committed; bigger batches commit less often. */
  batchBytes?: number;
  /** DuckDB's memory limit while ingesting, e.g. '1GB'. */
  memoryLimit?: string;
  /** The sizes that bound memory; tests make them small to prove the bounds cheaply. */
  limits?: Partial<IngestLimits>;
}

const DEFAULT_MEMORY_LIMIT = '800MB';

const DEFAULT_BATCH_BYTES = 256 * 1024 * 1024;

/** The first batch; the next ones double until they reach the batch size (ingest-run.ts). */
const FIRST_BATCH_BYTES = 16 * 1024 * 1024;

/**
 * Ingests files, folders and archives into a case. Each batch of files commits whole; a
 * cancelled ingest stops after the file in hand, keeps the batches committed before and
 * commits nothing of the open batch (nor of one whose commit it interrupted), so running it
 * again picks up exactly where the case stands. A file that cannot be read is
 * recorded with the reason and the rest loads; only paths that do not exist are refused,
 * before anything is written.
 */
export async function ingest(
  store: CaseStore,
  paths: readonly string[],
  options: IngestOptions = {},
): Promise<IngestSummary> {
  const entries = listInputs(paths, caseOwnPaths(store.path));
  const limits = { ...DEFAULT_LIMITS, ...options.limits };
  const db = store.writer;
  const meter = new ProgressMeter(entries.totalBytes, options.onProgress);
  const stagingDir = createRunFolder(caseFolders(store.path).staging);
  // A cancel also stops a commit under way: DuckDB rolls that batch's transaction back whole.
  const interrupt = () => db.interrupt();
  options.signal?.addEventListener('abort', interrupt);
  let run: IngestRun | null = null;
  let ingestId = 0;
  try {
    await store.takeBlockAllocator();
    // Less than the case's limit: the JS side's staging shares the process, whose peak is to stay
    // under 2 GB. Past this DuckDB spills to disk; the case's limit is set back after.
    await db.run(`SET memory_limit = '${options.memoryLimit ?? DEFAULT_MEMORY_LIMIT}'`);
    // While files are still being read, one core stays with this thread, which gunzips and
    // stages the next batch while DuckDB commits the last: on 2 cores, 1M events took 46–54 s
    // against 67–69 s with DuckDB on both (measured). The setting is the instance's, so it is
    // undone for the final commit and after.
    await db.run(`SET threads = ${Math.max(1, os.availableParallelism() - 1)}`);
    ingestId = await startIngestRow(store, paths);
    await db.run(`CREATE OR REPLACE TEMP TABLE ${UNKNOWN_KEYS} (event_key VARCHAR)`);
    const batchBytes = options.batchBytes ?? DEFAULT_BATCH_BYTES;
    run = new IngestRun({
      db,
      stagingDir,
      ingestId,
      registry: await SourceRegistry.load(db),
      keys: await loadKeys(db),
      meter,
      limits,
      batchBytes,
      firstBatchBytes: Math.min(FIRST_BATCH_BYTES, batchBytes),
      signal: options.signal,
    });
    meter.phase('loading');
    await run.stageAll(readAhead(walkDisk(entries, limits), limits));
    await run.finish();
    await finishIngestRow(store, ingestId);
  } catch (error) {
    await run?.settle();
    meter.phase('failed');
    throw error;
  } finally {
    options.signal?.removeEventListener('abort', interrupt);
    removeRunFolder(stagingDir);
    // After a fatal DuckDB error (a full disk) these fail too, and would hide the error that matters.
    await db.run(`DROP TABLE IF EXISTS ${UNKNOWN_KEYS}`).catch(() => undefined);
    await db.run('RESET threads').catch(() => undefined);
    await db.run(`SET memory_limit = '${CASE_MEMORY_LIMIT}'`).catch(() => undefined);
  }

  const cancelled = options.signal?.aborted ?? false;
  // Derived: if this fails, the old summary stays, counts other events than the case's, and is not read.
  if (!cancelled)
    await new CaseReader(db)
      .number('SELECT count(*) FROM events')
      .then((events) => refreshCaseSummary(db, events))
      .catch(() => undefined);
  meter.phase(cancelled ? 'cancelled' : 'done');
  const failed = `FROM sources WHERE ingest_id = ${ingestId} AND status = 'error'`;
  const errors = await db.runAndReadAll(
    `SELECT path || coalesce('!/' || member, '') AS path, error ${failed} ORDER BY source_id LIMIT ${LISTED_INGEST_ERRORS}`,
  );
  const snapshot = meter.snapshot();
  const { kept, discarded } = run;
  return {
    files: kept.files,
    unchanged: run.unchanged,
    records: run.recordsLinked,
    events_added: snapshot.eventsAdded,
    duplicates: run.recordsLinked - snapshot.eventsAdded,
    rejected: await countRejected(store, ingestId),
    conflicts: snapshot.conflicts,
    batches: kept.batches,
    discarded: discarded.batches > 0 ? { files: discarded.files, records: discarded.records } : null,
    errors: errors.getRows().map(([path, message]) => ({ path: String(path), message: String(message) })),
    error_files: await new CaseReader(db).number(`SELECT count(*) ${failed}`),
    cancelled,
    seconds: snapshot.elapsedSeconds,
  };
}

/** The keys already in the case, so that records JS reads can be told new without asking DuckDB. */
async function loadKeys(db: CaseStore['writer']): Promise<KeySet> {
  const keys = new KeySet();
  const fingerprint = new Fingerprint();
  const result = await db.stream('SELECT event_key FROM events');
  for (let chunk = await result.fetchChunk(); chunk && chunk.rowCount > 0; chunk = await result.fetchChunk()) {
    for (const key of chunk.getColumnVector(0).toArray()) keys.add(fingerprint.ofStoredKey(key as string));
  }
  return keys;
}

async function startIngestRow(store: CaseStore, paths: readonly string[]): Promise<number> {
  const ingestId = await new CaseReader(store.writer).number(`SELECT coalesce(max(ingest_id), 0) + 1 FROM ingests`);
  await store.writer.run(
    `INSERT INTO ingests VALUES (${ingestId}, now(), NULL, ${sqlString(JSON.stringify(paths))}, ${sqlString(trailscopeVersion)})`,
  );
  return ingestId;
}

async function finishIngestRow(store: CaseStore, ingestId: number): Promise<void> {
  await store.writer.run(`UPDATE ingests SET finished_at = now() WHERE ingest_id = ${ingestId}`);
}

function countRejected(store: CaseStore, ingestId: number): Promise<number> {
  return new CaseReader(store.writer).number(
    `SELECT count(*) FROM rejected_records r JOIN sources s USING (source_id) WHERE s.ingest_id = ${ingestId}`,
  );
}
