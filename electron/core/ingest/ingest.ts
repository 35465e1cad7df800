import fs from 'node:fs';
import os from 'node:os';
import type { IngestProgress, IngestSummary } from '../../../shared/model/ingest.ts';
import type { CaseStore } from '../case/case-store.ts';
import { sqlString } from '../case/sql.ts';
import { trailscopeVersion } from '../version.ts';
import { UNKNOWN_KEYS, commitBatch } from './commit-batch.ts';
import { type Decoded, decode } from './decode.ts';
import { recordCount } from './formats/extracted.ts';
import { listInputFiles } from './inputs.ts';
import { Fingerprint, KeySet } from './key-set.ts';
import { READ_AHEAD } from './limits.ts';
import { ProgressMeter } from './progress-meter.ts';
import { recognize } from './recognize.ts';
import { parseS3Key } from './s3-key.ts';
import { SourceRegistry } from './source-registry.ts';
import { type StagedSource, StagingBatch } from './staging.ts';
import { type Origin, type WalkItem, walkDisk, walkNested } from './walk.ts';

export interface IngestOptions {
  signal?: AbortSignal;
  onProgress?: (progress: IngestProgress) => void;
  /** Records staged before a batch is committed; bigger batches commit less often. */
  batchBytes?: number;
  /** DuckDB's memory limit while ingesting, e.g. '1GB'. */
  memoryLimit?: string;
}

const DEFAULT_MEMORY_LIMIT = '800MB';

const DEFAULT_BATCH_BYTES = 256 * 1024 * 1024;

type Pending = WalkItem & { decoded?: Promise<Decoded> };

/**
 * Ingests files, folders and archives into a case. Each batch of files commits whole; a
 * cancelled ingest stops after the file in hand and commits nothing of the open batch, so
 * running it again picks up exactly where the case stands.
 */
export async function ingest(store: CaseStore, paths: readonly string[], options: IngestOptions = {}): Promise<IngestSummary> {
  const files = listInputFiles(paths);
  const db = store.writer;
  const stagingDir = `${store.path}.ingest-tmp`;
  fs.rmSync(stagingDir, { recursive: true, force: true });
  fs.mkdirSync(stagingDir, { recursive: true });

  // DuckDB would otherwise take up to 80% of RAM for an ingest; past this it spills to disk.
  await db.run(`SET memory_limit = '${options.memoryLimit ?? DEFAULT_MEMORY_LIMIT}'`);
  // While files are still being read, one core stays with this thread, which gunzips and
  // stages the next batch while DuckDB commits the last: on 2 cores, 1M events took 46–54 s
  // against 67–69 s with DuckDB on both (measured). The setting is the instance's, so it is
  // undone for the final commit and after.
  await db.run(`SET threads = ${Math.max(1, os.availableParallelism() - 1)}`);
  const ingestId = await startIngestRow(store, paths);
  const registry = await SourceRegistry.load(db);
  const meter = new ProgressMeter(files.reduce((sum, f) => sum + f.size, 0), options.onProgress);
  const batchBytes = options.batchBytes ?? DEFAULT_BATCH_BYTES;
  const keys = await loadKeys(db);
  await db.run(`CREATE OR REPLACE TEMP TABLE ${UNKNOWN_KEYS} (event_key VARCHAR)`);
  let sequence = 0;
  let batch = new StagingBatch(stagingDir, sequence++, keys);
  let commitInFlight: Promise<void> = Promise.resolve();
  let unchanged = 0;
  let recordsLinked = 0;

  // A cancel also stops a commit under way: DuckDB rolls that batch's transaction back whole.
  const interrupt = () => db.interrupt();
  options.signal?.addEventListener('abort', interrupt);

  const commit = async (closing: StagingBatch) => {
    closing.finish();
    meter.phase('committing');
    try {
      if (options.signal?.aborted) return;
      const result = await commitBatch(db, closing);
      meter.committed(result.eventsAdded);
      recordsLinked += result.recordsLinked;
    } catch (error) {
      if (!options.signal?.aborted) throw error;
    } finally {
      closing.remove();
    }
  };

  const stage = (source: StagedSource) => {
    batch.addSource(source);
    meter.fileDone(source.status === 'error');
  };

  const handle = async (item: Pending): Promise<void> => {
    meter.current(item.member ?? item.path, item.type === 'archive' ? 0 : item.diskBytes);
    if (item.type === 'archive') {
      if (registry.isUnchanged(item.path, item.member, item.sha256)) return;
      const id = registry.register(item.path, item.member, item.sha256, { kind: 'other', format: 'archive' }, false);
      batch.addSource(sourceRow(id, ingestId, item, { kind: 'other', format: 'archive', size_stored: item.size, sha256_stored: item.sha256 }));
      return;
    }
    if (item.type === 'unreadable') {
      const id = registry.register(item.path, item.member, `unreadable:${item.path}:${item.member}`, { kind: 'other', format: 'unknown' }, false);
      stage(sourceRow(id, ingestId, item, { size_stored: item.size, status: 'error', error: item.message }));
      return;
    }
    const decoded = await (item.decoded ?? decode(item.bytes));
    if (registry.isUnchanged(item.path, item.member, decoded.sha256Stored)) {
      unchanged++;
      meter.fileDone(false);
      return;
    }
    const fromKey = parseS3Key(item.member ?? item.path);
    const hashes = {
      size_stored: decoded.sizeStored,
      size_content: decoded.content?.length ?? null,
      sha256_stored: decoded.sha256Stored,
      sha256_content: decoded.sha256Content,
      org_id: fromKey?.orgId ?? null,
      account_id: fromKey?.accountId ?? null,
      region: fromKey?.region ?? null,
      log_date: fromKey?.logDate ?? null,
    };
    const original = registry.duplicateOf(decoded.sha256Stored);
    if (original) {
      const id = registry.register(item.path, item.member, decoded.sha256Stored, original, false);
      stage(sourceRow(id, ingestId, item, { ...hashes, kind: original.kind, format: original.format, status: 'duplicate-file', duplicate_of: original.sourceId }));
      return;
    }
    if (decoded.container && decoded.content && !decoded.error) {
      const id = registry.register(item.path, item.member, decoded.sha256Stored, { kind: 'other', format: 'archive' }, false);
      batch.addSource(sourceRow(id, ingestId, item, { ...hashes, kind: 'other', format: 'archive' }));
      for await (const nested of walkNested(item, decoded.content, decoded.container)) await handle(nested);
      return;
    }
    const recognition = decoded.content ? recognize(decoded.content, fromKey?.kind ?? null) : null;
    const problems = [decoded.error, recognition && !recognition.ok ? recognition.message : null, recognition?.ok ? recognition.problem : null];
    const records = recognition?.ok ? recognition.records : null;
    const id = registry.next();
    const tooLong = records ? batch.addRecords(id, records) : [];
    const staged = records ? recordCount(records) - tooLong.length : 0;
    const rejected = [...(recognition?.ok ? recognition.rejected : []), ...tooLong];
    batch.addRejections(id, rejected);
    meter.staged(staged);
    if (rejected.length > 0) problems.push(`${rejected.length} record(s) not loaded, first record ${rejected[0]!.index}: ${rejected[0]!.reason}`);
    const error = problems.filter((p): p is string => !!p).join('; ') || null;
    const kind = recognition?.kind ?? fromKey?.kind ?? 'other';
    const format = recognition?.format ?? 'unknown';
    registry.register(item.path, item.member, decoded.sha256Stored, { kind, format }, error === null, id);
    stage(
      sourceRow(id, ingestId, item, {
        ...hashes,
        kind,
        format,
        record_count: staged,
        rejected_count: rejected.length,
        status: error ? 'error' : 'ok',
        error,
      }),
    );
  };

  try {
    meter.phase('loading');
    for await (const item of readAhead(walkDisk(files), READ_AHEAD)) {
      if (options.signal?.aborted) break;
      await handle(item);
      if (batch.stagedBytes >= batchBytes) {
        await commitInFlight;
        const closing = batch;
        batch = new StagingBatch(stagingDir, sequence++, keys);
        commitInFlight = commit(closing);
        commitInFlight.catch(() => undefined);
      }
    }
    await commitInFlight;
    // Nothing is left to stage: the last commit gets every core.
    await db.run('RESET threads');
    if (options.signal?.aborted) {
      batch.finish();
      batch.remove();
    } else {
      await commit(batch);
    }
    await finishIngestRow(store, ingestId);
  } catch (error) {
    await commitInFlight.catch(() => undefined);
    meter.phase('failed');
    throw error;
  } finally {
    options.signal?.removeEventListener('abort', interrupt);
    fs.rmSync(stagingDir, { recursive: true, force: true });
    await db.run(`DROP TABLE IF EXISTS ${UNKNOWN_KEYS}`);
    await db.run('RESET threads');
  }

  const cancelled = options.signal?.aborted ?? false;
  meter.phase(cancelled ? 'cancelled' : 'done');
  const errors = await db.runAndReadAll(
    `SELECT path || coalesce('!/' || member, '') AS path, error FROM sources WHERE ingest_id = ${ingestId} AND status = 'error' ORDER BY source_id`,
  );
  const snapshot = meter.snapshot();
  return {
    files: snapshot.filesDone - unchanged,
    unchanged,
    records: recordsLinked,
    events_added: snapshot.eventsAdded,
    duplicates: recordsLinked - snapshot.eventsAdded,
    rejected: await countRejected(store, ingestId),
    errors: errors.getRows().map(([path, message]) => ({ path: String(path), message: String(message) })),
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

/** Starts decoding up to `depth` files ahead, so gunzip runs while the current file is staged. */
async function* readAhead(items: AsyncGenerator<WalkItem>, depth: number): AsyncGenerator<Pending> {
  const queue: Pending[] = [];
  for await (const item of items) {
    queue.push(item.type === 'file' ? { ...item, decoded: decode(item.bytes) } : item);
    if (queue.length > depth) yield queue.shift()!;
  }
  yield* queue;
}

function sourceRow(sourceId: number, ingestId: number, origin: Origin, fields: Partial<StagedSource>): StagedSource {
  return {
    source_id: sourceId,
    path: origin.path,
    member: origin.member,
    kind: 'other',
    format: 'unknown',
    size_stored: 0,
    size_content: null,
    sha256_stored: null,
    sha256_content: null,
    org_id: null,
    account_id: null,
    region: null,
    log_date: null,
    record_count: 0,
    rejected_count: 0,
    status: 'ok',
    error: null,
    duplicate_of: null,
    ingest_id: ingestId,
    ...fields,
  };
}

async function startIngestRow(store: CaseStore, paths: readonly string[]): Promise<number> {
  const next = await store.writer.runAndReadAll(`SELECT coalesce(max(ingest_id), 0) + 1 FROM ingests`);
  const ingestId = Number(next.getRows()[0]![0]);
  await store.writer.run(
    `INSERT INTO ingests VALUES (${ingestId}, now(), NULL, ${sqlString(JSON.stringify(paths))}, ${sqlString(trailscopeVersion)})`,
  );
  return ingestId;
}

async function finishIngestRow(store: CaseStore, ingestId: number): Promise<void> {
  await store.writer.run(`UPDATE ingests SET finished_at = now() WHERE ingest_id = ${ingestId}`);
}

async function countRejected(store: CaseStore, ingestId: number): Promise<number> {
  const result = await store.writer.runAndReadAll(
    `SELECT count(*) FROM rejected_records r JOIN sources s USING (source_id) WHERE s.ingest_id = ${ingestId}`,
  );
  return Number(result.getRows()[0]![0]);
}
