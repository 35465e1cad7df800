import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import { messageOf, TrailscopeError } from '../../../shared/api/errors.ts';
import { refreshCaseSummary } from '../explore/case-summary.ts';
import { LAKE_TABLE_NAMES } from '../lake/lake-layout.ts';
import { adoptLakeSummary } from '../lake/lake-summary.ts';
import { attachLake, LAKE_SCANS, type LakeEvents, lakeBeside, lakeOfCase } from '../lake/open-lake.ts';
import { claimBlockAllocator, releaseBlockAllocator } from './block-allocator.ts';
import { caseFolders } from './case-folders.ts';
import { refuseForeignObjects } from './case-objects.ts';
import { CaseReader } from './case-reader.ts';
import { loadDuckDB } from './duckdb-library.ts';
import { migrations } from './migrations/index.ts';
import { sqlString } from './sql.ts';
import { tempSpaceLimit } from './temp-space.ts';

export interface OpenCaseOptions {
  /** Create the file when it does not exist (ingest does; query and info do not). */
  create?: boolean;
  /** The file is the side case of this Parquet lake folder (see core/lake/open-lake.ts). */
  lake?: string;
}

/**
 * What DuckDB may hold in memory for a case: 4 GiB, or 40% of RAM on a smaller machine. Past it,
 * DuckDB spills to `<case>.tmp` beside the file and deletes that as it goes. Its own default is
 * 80% of RAM, and every console result is kept whole in a temp table (query-sessions.ts): four
 * `SELECT * FROM events` of the 1M-event bench case took 10 GB of RSS. One such result (2.3 GB) fits
 * under this limit: a sorted page of a spilled one took 1 s instead of 0.26 s, as its rows are
 * read back from disk. The explorer's requests on the 5M-event case took the same time with a
 * 2 GB limit as without (measured).
 */
export const CASE_MEMORY_LIMIT = `${Math.floor(Math.min(4 * 1024, (0.4 * os.totalmem()) / 1024 ** 2))}MiB`;

const NO_SCANS: ReadonlySet<string> = new Set();

/**
 * The storage version of case files created from now on (a file keeps the one it was created
 * with): the first that lets DuckDB compress the strings it stored raw before, `events.record`
 * among them (migration 9). Such a case opens in DuckDB 1.3 or later.
 */
export const CASE_STORAGE_VERSION = 'v1.3.0';

/**
 * A case file: one DuckDB database. This module alone owns the DuckDB instance. Writes go
 * through `writer`, one at a time; each reader gets its own connection so that it can be
 * interrupted without touching anything else.
 */
export class CaseStore {
  private analystWrites: Promise<unknown> = Promise.resolve();
  private readonly reads = new Set<DuckDBConnection>();
  private events: LakeEvents | null = null;

  private constructor(
    readonly path: string,
    private readonly instance: DuckDBInstance,
    readonly writer: DuckDBConnection,
    /** The lake folder whose Parquet files the evidence tables read, or null for a case. */
    readonly lake: string | null,
  ) {}

  /** This case's claim on the process's one block allocator (block-allocator.ts). */
  private readonly blocks = Symbol('block allocator');

  /** Before an ingest: DuckDB's block allocator for this case, unless another open case holds it. */
  async takeBlockAllocator(): Promise<void> {
    const memory = claimBlockAllocator(this.blocks);
    // Only a matter of speed: an ingest goes on without it.
    if (memory)
      await this.writer
        .run(`SET GLOBAL block_allocator_memory = '${memory}'`)
        .catch(() => releaseBlockAllocator(this.blocks));
  }

  static async open(file: string, options: OpenCaseOptions = {}): Promise<CaseStore> {
    const absolute = path.resolve(file);
    const exists = fs.existsSync(absolute);
    if (!exists && !options.create) {
      throw new TrailscopeError(
        'not-found',
        `No case file at ${absolute}. Create one with: trailscope ingest --case ${file} PATH...`,
      );
    }
    if (exists && fs.statSync(absolute).isDirectory()) {
      throw new TrailscopeError(
        'not-a-case',
        `${absolute} is a folder, not a case file (nor a Parquet lake: it has no MANIFEST.json).`,
      );
    }
    if (exists && !isDuckDBFile(absolute)) {
      throw new TrailscopeError(
        'not-a-case',
        `Cannot open ${absolute} as a case file: it is not a DuckDB database (evidence goes in with: trailscope ingest --case NEW_FILE ${file}).`,
      );
    }
    let instance: DuckDBInstance;
    try {
      const { DuckDBInstance } = await loadDuckDB();
      instance = await DuckDBInstance.create(absolute, {
        // Offline by design: never fetch an extension; json, parquet and icu are built in.
        autoinstall_known_extensions: 'false',
        allow_community_extensions: 'false',
        storage_compatibility_version: CASE_STORAGE_VERSION,
      });
    } catch (error) {
      throw new TrailscopeError('not-a-case', `Cannot open ${absolute} as a case file: ${firstLine(messageOf(error))}`);
    }
    const writer = await instance.connect();
    let lake: string | null;
    try {
      // Nothing of the file is read before the lockdown and the check of its SQL objects: a case
      // file may come from someone else. So the lake a side case may read is decided by the file's
      // place; a side case names its lake itself, so opening the file directly opens the lake too.
      const beside = options.lake ? path.resolve(options.lake) : lakeBeside(absolute);
      await lockDown(writer, absolute, beside);
      // A file this open created holds nothing of anyone else's. A side case's views are allowed
      // wherever it lies, so that one moved away from its lake is refused for that, just below.
      if (exists) await refuseForeignObjects(writer, { lakeViews: LAKE_TABLE_NAMES, lakeScans: LAKE_SCANS });
      lake = options.lake ? beside : await lakeOfCase(writer, absolute, beside);
    } catch (error) {
      writer.closeSync();
      instance.closeSync();
      throw error;
    }
    const store = new CaseStore(absolute, instance, writer, lake);
    try {
      await store.migrate();
      if (lake) store.events = await attachLake(writer, lake);
      // A lake's side case takes the summary its export counted, or counts its facets and charts
      // once itself, and again after an export added events to it.
      const events = store.events?.count;
      if (events !== undefined)
        await refreshCaseSummary(writer, events, lake ? () => adoptLakeSummary(writer, lake, events) : undefined);
    } catch (error) {
      store.close();
      throw error;
    }
    return store;
  }

  /**
   * The table functions the case's own views call, which console SQL meets in its plans without
   * calling them itself (`console-guard.ts`): a lake's Parquet scan.
   */
  get viewScans(): ReadonlySet<string> {
    return this.lake ? LAKE_SCANS : NO_SCANS;
  }

  /** A lake's events files and their count, as its open found them; null on a case, or on a lake without events. */
  get lakeEvents(): LakeEvents | null {
    return this.events;
  }

  /** A connection of the caller's own, to keep (console queries hold results on theirs). */
  async connectReader(): Promise<DuckDBConnection> {
    return this.instance.connect();
  }

  /**
   * A read on a connection of its own, closed afterwards; while it runs it can be interrupted
   * with every other read (`interruptReads`), which a case about to close needs: DuckDB
   * finishes a statement whose connection is closed, and the process cannot exit meanwhile.
   */
  async read<T>(work: (reader: CaseReader) => Promise<T>): Promise<T> {
    const db = await this.instance.connect();
    this.reads.add(db);
    try {
      return await work(new CaseReader(db));
    } finally {
      this.reads.delete(db);
      db.closeSync();
    }
  }

  interruptReads(): void {
    for (const db of this.reads) db.interrupt();
  }

  /**
   * Runs analyst writes (findings, notes, saved queries) one at a time, each in a transaction
   * on a connection of its own. Never the writer: an ingest may hold a transaction open there,
   * and a finding must not commit or roll back with it. Their ids are max + 1, and two such
   * writes at once would conflict on the same id. `on`: a connection of the caller's, which
   * stays open (a verification's, holding the verdicts it staged in a temp table).
   */
  writeAnalyst<T>(work: (db: DuckDBConnection) => Promise<T>, on?: DuckDBConnection): Promise<T> {
    const run = this.analystWrites.then(async () => {
      const db = on ?? (await this.instance.connect());
      try {
        await db.run('BEGIN TRANSACTION');
        const value = await work(db);
        await db.run('COMMIT');
        return value;
      } catch (error) {
        await db.run('ROLLBACK').catch(() => undefined);
        throw error;
      } finally {
        if (!on) db.closeSync();
      }
    });
    this.analystWrites = run.catch(() => undefined);
    return run;
  }

  close(): void {
    this.writer.closeSync();
    this.instance.closeSync();
    releaseBlockAllocator(this.blocks);
  }

  private async migrate(): Promise<void> {
    const tables = await this.writer.runAndReadAll(
      `SELECT table_name FROM duckdb_tables() WHERE database_name = current_database() AND schema_name = 'main'`,
    );
    const names = new Set(tables.getRows().map((row) => String(row[0])));
    if (names.size > 0 && !names.has('schema_migrations')) {
      throw new TrailscopeError(
        'not-a-case',
        `${this.path} is a DuckDB database but not a Trailscope case (it has no schema_migrations table).`,
      );
    }
    await this.writer.run(
      `CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name VARCHAR NOT NULL, applied_at TIMESTAMPTZ NOT NULL)`,
    );
    const current = await new CaseReader(this.writer).number(`SELECT coalesce(max(version), 0) FROM schema_migrations`);
    const newest = migrations.at(-1)?.version ?? 0;
    if (current > newest) {
      throw new TrailscopeError(
        'not-a-case',
        `${this.path} was written by a newer Trailscope (schema ${current}; this one knows up to ${newest}).`,
      );
    }
    const pending = migrations.filter((m) => m.version > current);
    if (pending.length === 0) return;
    // All pending migrations in one transaction: a case is upgraded whole or not at all, and a
    // new case file commits once rather than once a migration.
    await this.writer.run('BEGIN TRANSACTION');
    for (const migration of pending) {
      try {
        const applies =
          !migration.appliesWhen || (await new CaseReader(this.writer).value(migration.appliesWhen)) === true;
        if (applies) await this.writer.run(migration.sql);
        await this.writer.run(
          `INSERT INTO schema_migrations VALUES (${migration.version}, '${migration.name}', now())`,
        );
      } catch (error) {
        await this.writer.run('ROLLBACK');
        throw new TrailscopeError(
          'internal',
          `Migration ${migration.version} (${migration.name}) failed: ${messageOf(error)}`,
        );
      }
    }
    await this.writer.run('COMMIT');
  }
}

/**
 * Settings fixed for the life of the instance, before any statement reads the case. Evidence is
 * read-only by construction, not only by the console's guard: DuckDB may touch no file but
 * the case itself, the staging folder it ingests from, the exports folder it writes to and, for
 * a lake's side case, the lake's folder (which the console's guard keeps it from writing), and
 * no statement can change a setting afterwards (DuckDB refuses to turn external access
 * back on). Only the settings ingest tunes stay changeable: its threads and memory limit while it
 * runs, and the block allocator it takes (block-allocator.ts); the console's guard refuses any SET.
 */
async function lockDown(writer: DuckDBConnection, casePath: string, lake: string | null): Promise<void> {
  const folders = caseFolders(casePath);
  const allowed = [folders.staging, folders.exports, ...(lake ? [lake] : [])]
    .map((dir) => sqlString(`${dir}${path.sep}`))
    .join(', ');
  // Stored times are UTC; so is every time DuckDB renders, whatever the machine's zone.
  await writer.run(`SET GLOBAL TimeZone = 'UTC'`);
  // Every query on a lake would otherwise parse the footers of all its files again.
  if (lake) await writer.run('SET GLOBAL parquet_metadata_cache = true');
  // DuckDB prefetches only remote files by default: on local ones a page header is a read of its
  // own, about 4,700 reads for a count under a filter over the 1M bench lake's 128 files (14 with
  // this, strace). Each column chunk read in one go made the lake's charts under a filter and its
  // JSON lookups 0.84-0.88x as long, the other explorer requests unchanged (measured in pairs).
  if (lake) await writer.run('SET GLOBAL prefetch_all_parquet_files = true');
  // DuckDB keeps the bytes it read of each file, and by default checks every file for a change
  // before each statement: a count over the org trail's 1,462 files took 41 ms without the checks
  // against 187 ms. A lake's files are evidence and do not change while it is open; one changed
  // anyway answered as first read, or failed (test/hostile/lake-changed-files.test.ts).
  if (lake) await writer.run("SET GLOBAL validate_external_file_cache = 'NO_VALIDATION'");
  await writer.run(`SET GLOBAL memory_limit = '${CASE_MEMORY_LIMIT}'`);
  const tempSpace = tempSpaceLimit(path.dirname(casePath));
  if (tempSpace !== null) await writer.run(`SET GLOBAL max_temp_directory_size = '${tempSpace}B'`);
  await writer.run(`SET allowed_directories = [${allowed}]`);
  await writer.run('SET enable_external_access = false');
  await writer.run(`SET allowed_configs = ['threads', 'memory_limit', 'block_allocator_memory']`);
  await writer.run('SET lock_configuration = true');
}

/**
 * DuckDB files carry "DUCK" at byte 8. Checked before opening because DuckDB will otherwise
 * open some other files (a JSON log, say) as a database, and the migrations would follow.
 *
 * Opened without blocking and checked on the descriptor: a pipe at a case's path would otherwise
 * hold this synchronous open, and with it the whole process (the browser face takes a case's path
 * from a request).
 */
function isDuckDBFile(file: string): boolean {
  const fd = fs.openSync(file, fs.constants.O_RDONLY | (fs.constants.O_NONBLOCK ?? 0));
  try {
    if (!fs.fstatSync(fd).isFile())
      throw new TrailscopeError(
        'not-a-case',
        `Cannot open ${file} as a case file: it is a pipe, a socket or a device, not a file.`,
      );
    const head = Buffer.alloc(12);
    const read = fs.readSync(fd, head, 0, 12, 0);
    return read === 0 || head.toString('latin1', 8, 12) === 'DUCK';
  } finally {
    fs.closeSync(fd);
  }
}

function firstLine(text: string): string {
  return text.split('\n')[0] ?? text;
}
