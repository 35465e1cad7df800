import { randomUUID } from 'node:crypto';
import type { DuckDBConnection } from '@duckdb/node-api';
import { messageOf, TrailscopeError } from '../../../shared/api/errors.ts';
import type { JsonValue } from '../../../shared/model/json.ts';
import type { QueryColumn, QueryResult, QueryRun, QuerySort } from '../../../shared/model/query.ts';
import { CaseReader } from '../case/case-reader.ts';
import type { CaseStore } from '../case/case-store.ts';
import { quoteIdentifier } from '../case/sql.ts';
import { spillRefusedError } from '../case/temp-space.ts';
import { boundedRows } from './bounded-rows.ts';
import { type ConsoleStatement, checkConsoleSql } from './console-guard.ts';
import { recordHistory } from './query-history.ts';
import { inReadOnlyTransaction } from './read-only-transaction.ts';

/** Statements DuckDB will not take as `CREATE TABLE … AS` (EXPLAIN, DESCRIBE…) keep this many rows. */
const UNWRAPPABLE_ROWS = 10_000;
/**
 * Rows read as DuckDB streams them before a run answers: the grid's first page and some. A
 * result that ends within them is held whole; a longer one is kept whole afterwards, while it
 * shows. More costs the first paint: turning 250 rows of `SELECT * FROM events` into JSON took
 * about 100 ms.
 */
const FIRST_ROWS = 250;
/** Results kept for paging at once; the oldest is dropped when another arrives. */
const KEPT_RESULTS = 4;

interface Session {
  db: DuckDBConnection;
  sql: string;
  columns: QueryColumn[];
  /** Null until the result is kept whole and counted. */
  total: number | null;
  /** The temp table holding the whole result, or null when its rows are held in `rows`. */
  table: string | null;
  /**
   * The table's own column names, by position: DuckDB tells apart duplicate names its own way
   * (x, x_1, x_1_1 where `columns` may say x, x_1, x_1).
   */
  tableColumns: string[];
  /** The whole result when it is held in memory; before the table is built, its first rows. */
  rows: JsonValue[][];
  whole: boolean;
  /** Set when the analyst stopped what the result's connection was doing. */
  interrupted: boolean;
  /** The statement, when DuckDB can keep its result in a temp table (not EXPLAIN, DESCRIBE…). */
  statement: ConsoleStatement | null;
  /** Settles once the result is kept whole: every page past the first rows, sort and export waits for it. */
  kept: Promise<void>;
  /** The result's rows in a sorted order, as the table's row ids; its own row ids are the positions. */
  sorted: { key: string; table: string } | null;
  /**
   * Reads of the kept result, one after another: a page of one sort must not read the sorted
   * table while another sort rebuilds it, and an export must copy the order it was asked for.
   */
  queue: Promise<unknown>;
}

/** Where a kept result is, for an export: a query over temp tables on `db`, or rows held in memory. */
export interface KeptSource {
  db: DuckDBConnection;
  /** A SELECT of the whole result in the order asked for; null when its rows are held in `rows`. */
  select: string | null;
  rows: JsonValue[][];
  columns: QueryColumn[];
}

/** What a run's last step works with: the checked statement, on the run's own connection. */
interface Execution {
  db: DuckDBConnection;
  last: ConsoleStatement;
  statements: number;
  started: number;
  /** Throws once the run is cancelled: called between steps, where DuckDB's interrupt may have been missed. */
  step: () => void;
}

/** A run under way: cancelled may be set before its connection even exists. */
interface Running {
  db: DuckDBConnection | null;
  cancelled: boolean;
}

/**
 * DuckDB's interrupt stops the statement running on a connection; one that arrives between two
 * statements, or before DuckDB has started the next, is lost. A cancelled run is therefore
 * interrupted again at this pace until it has ended, and checked between its own steps.
 */
const INTERRUPT_AGAIN_MS = 20;

/**
 * Console queries whose results are read a page at a time. A run answers as soon as DuckDB has
 * streamed its first rows, so `SELECT * FROM events` shows at once on any case; the result is
 * then kept whole in a temp table on the query's own connection, and its exact count follows
 * (`total`). Once kept, any page is a rowid range and a sort is a sorted list of row ids, never
 * a copy of wide rows; nothing is capped and the renderer never holds more than the pages in
 * view. Each query can be interrupted by id, and all of them at once when the case closes:
 * DuckDB finishes a query whose connection is closed, and the process cannot exit meanwhile.
 */
export class QuerySessions {
  private readonly sessions = new Map<string, Session>();
  private readonly running = new Map<string, Running>();
  private nextTable = 1;
  private closing = false;

  constructor(private readonly store: CaseStore) {}

  async run(queryId: string, sql: string): Promise<QueryRun> {
    return this.execute(queryId, sql, async ({ db, last, statements, started, step }) => {
      const session: Session = {
        db,
        sql,
        columns: [],
        total: null,
        table: null,
        tableColumns: [],
        rows: [],
        whole: false,
        interrupted: false,
        statement: null,
        kept: Promise.resolve(),
        sorted: null,
        queue: Promise.resolve(),
      };
      this.sessions.set(queryId, session);
      const wrappable = await this.wrappable(db, last);
      if (wrappable) session.statement = last;
      await this.readFirstRows(session, last, wrappable);
      step();
      if (!session.whole && wrappable) {
        session.kept = this.inTurn(session, () => this.keepWhole(session)).catch((error: unknown) => {
          throw session.interrupted
            ? new TrailscopeError(
                'cancelled',
                'Stopped after the first rows: the rest of the result was not kept. Run the query again to page through it all.',
              )
            : (spillRefusedError(error, 'Keeping this result whole') ?? new TrailscopeError('query', messageOf(error)));
        });
        session.kept.catch(() => undefined);
      } else {
        session.whole = true;
        session.total = session.rows.length;
      }
      this.dropOldest();
      const value: QueryRun = {
        query_id: queryId,
        columns: session.columns,
        total: session.total,
        rows_ready: session.rows.length,
        complete: wrappable || session.rows.length < UNWRAPPABLE_ROWS,
        statements,
        elapsed_ms: Math.round(performance.now() - started),
      };
      return { value, rowCount: session.total };
    });
  }

  /** The exact row count of a kept result, once it is kept whole. */
  async total(queryId: string): Promise<number> {
    const session = this.session(queryId);
    await session.kept;
    return session.total ?? session.rows.length;
  }

  /**
   * The first `limit` rows of the last statement's result, read as DuckDB streams them and
   * nothing kept: `SELECT * FROM events` with a limit of 10 reads one chunk, not the table.
   */
  async fetch(sql: string, limit: number, queryId: string = randomUUID()): Promise<QueryResult> {
    return this.execute(queryId, sql, async ({ db, last }) => {
      const { columns, rows, cut } = await this.streamed(db, last, await this.wrappable(db, last), limit + 1);
      const complete = rows.length <= limit && !cut;
      const value = {
        columns,
        rows: rows.slice(0, limit),
        complete,
        cut_at_bytes: cut && rows.length <= limit,
      };
      // A result cut at the limit has a row count no one counted.
      return { value, rowCount: complete ? rows.length : null };
    });
  }

  /**
   * Runs console SQL under `queryId`, so that it can be cancelled: every statement checked
   * first, all but the last run in order, each in a read-only transaction, then `result`
   * reads the last one. The run goes to the case's query history, failed or not. The
   * connection is closed afterwards unless `result` kept it in a session.
   */
  private async execute<T>(
    queryId: string,
    sql: string,
    result: (run: Execution) => Promise<{ value: T; rowCount: number | null }>,
  ): Promise<T> {
    if (this.closing) throw new TrailscopeError('cancelled', 'The case is closing: the query was not run.');
    if (this.sessions.has(queryId) || this.running.has(queryId))
      throw new TrailscopeError('invalid-input', `query id ${queryId} is already in use`);
    const run: Running = { db: null, cancelled: false };
    this.running.set(queryId, run);
    const started = performance.now();
    const step = () => {
      if (run.cancelled)
        throw new TrailscopeError(
          'cancelled',
          `Query cancelled after ${((performance.now() - started) / 1000).toFixed(1)} s.`,
        );
    };
    try {
      const db = (run.db = await this.store.connectReader());
      step();
      const checked = await checkConsoleSql(db, sql, this.store.viewScans);
      const statements = checked.length;
      const last = checked.pop()!;
      for (const statement of checked) {
        step();
        await inReadOnlyTransaction(db, () => db.run(statement.text));
      }
      step();
      const { value, rowCount } = await result({ db, last, statements, started, step });
      step();
      await recordHistory(this.store, {
        sql,
        duration_ms: performance.now() - started,
        row_count: rowCount,
        error: null,
      });
      return value;
    } catch (error) {
      if (this.sessions.has(queryId)) await this.close(queryId);
      else run.db?.closeSync();
      run.db = null;
      const failure = run.cancelled
        ? new TrailscopeError(
            'cancelled',
            `Query cancelled after ${((performance.now() - started) / 1000).toFixed(1)} s.`,
          )
        : error instanceof TrailscopeError
          ? error
          : (spillRefusedError(error, 'This query') ?? new TrailscopeError('query', messageOf(error)));
      if (!this.closing)
        await recordHistory(this.store, {
          sql,
          duration_ms: performance.now() - started,
          row_count: null,
          error: failure.message,
        });
      throw failure;
    } finally {
      if (run.db && !this.sessions.has(queryId)) run.db.closeSync();
      this.running.delete(queryId);
    }
  }

  /** Stops a run under way, or whatever a kept result's connection is doing (a sort, an export). */
  cancel(queryId: string): boolean {
    const run = this.running.get(queryId);
    if (run) {
      run.cancelled = true;
      const interrupt = () => (this.running.get(queryId) === run ? run.db?.interrupt() : clearInterval(again));
      const again = setInterval(interrupt, INTERRUPT_AGAIN_MS);
      interrupt();
      return true;
    }
    const session = this.sessions.get(queryId);
    if (!session) return false;
    session.interrupted = true;
    session.db.interrupt();
    return true;
  }

  /** For a case that is closing: every run and kept result interrupted, and no new run started. */
  interruptAll(): void {
    this.closing = true;
    for (const queryId of [...this.running.keys(), ...this.sessions.keys()]) this.cancel(queryId);
  }

  async page(queryId: string, offset: number, limit: number, sort: QuerySort | null): Promise<JsonValue[][]> {
    const session = this.session(queryId);
    // The first rows show while the rest is being kept: they are the same rows in the same order.
    if (!sort && !session.whole && session.table === null && offset + limit <= session.rows.length)
      return session.rows.slice(offset, offset + limit);
    return this.inTurn(session, async () => {
      await session.kept;
      // Rows held in memory are JSON (a BIGINT is text): DuckDB sorts them by their type.
      if (sort && session.whole && session.statement) await this.keepWhole(session);
      if (session.whole) return sortRows(session, sort).slice(offset, offset + limit);
      const select = await this.ordered(session, sort, 'page');
      const types = session.columns.map((c) => c.type);
      const { rows } = await boundedRows(session.db, select, types, limit, { first: offset, end: offset + limit });
      return rows.slice(0, limit);
    });
  }

  /** Runs `work` on the kept result in the order asked for (an export), in its turn. */
  async withSource<T>(queryId: string, sort: QuerySort | null, work: (source: KeptSource) => Promise<T>): Promise<T> {
    const session = this.session(queryId);
    return this.inTurn(session, async () => {
      await session.kept;
      // A result small enough to be held in memory is kept in a table for DuckDB's writers.
      if (session.whole && session.statement) await this.keepWhole(session);
      if (session.whole)
        return work({ db: session.db, select: null, rows: sortRows(session, sort), columns: session.columns });
      return work({
        db: session.db,
        select: await this.ordered(session, sort, 'whole'),
        rows: [],
        columns: session.columns,
      });
    });
  }

  sqlOf(queryId: string): string {
    return this.session(queryId).sql;
  }

  /**
   * Drops a kept result: whatever its connection is doing (keeping the result, a sort) is
   * interrupted, and once that has stopped its temp tables are dropped and the connection closed.
   * Closing alone does not free them while a statement prepared on the connection is still
   * alive in JS, which lasts until V8 collects it: a closed result's 270 MB stayed held, in
   * memory and spilled, until a GC (measured).
   */
  close(queryId: string): Promise<void> {
    const session = this.sessions.get(queryId);
    if (!session) return Promise.resolve();
    this.sessions.delete(queryId);
    session.db.interrupt();
    return session.queue.then(async () => {
      await dropTempTables(session.db).catch(() => undefined);
      session.db.closeSync();
    });
  }

  async closeAll(): Promise<void> {
    await Promise.all([...this.sessions.keys()].map((id) => this.close(id)));
  }

  /**
   * Streams the first rows; a result that ends within them is held whole. A statement that can
   * be wrapped is read within the answer's bounds (bounded-rows.ts); one that cannot (EXPLAIN,
   * DESCRIBE…) answers in a few rows of its own.
   */
  private async readFirstRows(session: Session, last: ConsoleStatement, wrappable: boolean): Promise<void> {
    const limit = wrappable ? FIRST_ROWS : UNWRAPPABLE_ROWS;
    const { columns, rows, cut } = await this.streamed(session.db, last, wrappable, limit + 1);
    session.whole = rows.length <= limit && !cut;
    session.rows = rows.slice(0, limit);
    session.columns = columns;
  }

  /**
   * The first `count` rows of a checked statement as DuckDB streams them, and its columns as it
   * names and types them: within an answer's bounds (bounded-rows.ts) when the statement can be
   * wrapped, as they come otherwise.
   */
  private async streamed(
    db: DuckDBConnection,
    statement: ConsoleStatement,
    wrappable: boolean,
    count: number,
  ): Promise<{ columns: QueryColumn[]; rows: JsonValue[][]; cut: boolean }> {
    const prepared = await db.prepare(statement.text);
    const indexes = Array.from({ length: prepared.columnCount }, (_, i) => i);
    const types = indexes.map((i) => String(prepared.columnType(i)));
    const names = uniqueNames(indexes.map((i) => prepared.columnName(i)));
    const columns = names.map((name, i) => ({ name, type: types[i]! }));
    if (wrappable) return { columns, ...(await boundedRows(db, statement.text, types, count)) };
    const reader = await inReadOnlyTransaction(db, () => prepared.streamAndReadUntil(count));
    return { columns, rows: reader.getRowsJson() as JsonValue[][], cut: false };
  }

  /**
   * Runs the statement again into a temp table: the rows already shown are its first rows, as
   * the same statement on the same unchanging case gives them in the same order (DuckDB keeps
   * insertion order), bar a statement whose order is undefined, which the grid then reads anew.
   */
  private async keepWhole(session: Session): Promise<void> {
    const table = `result_${this.nextTable++}`;
    const statement = session.statement!;
    await inReadOnlyTransaction(session.db, () => session.db.run(`CREATE TEMP TABLE ${table} AS ${statement.text}`));
    session.total = await new CaseReader(session.db).number(`SELECT count(*) FROM temp.${table}`);
    session.tableColumns = (await session.db.runAndReadAll(`SELECT * FROM temp.${table} LIMIT 0`)).columnNames();
    session.table = table;
    session.rows = [];
    session.whole = false;
    session.sorted = null;
  }

  /** Only a SELECT that reads as exactly one `CREATE TABLE … AS` once wrapped is wrapped. */
  private async wrappable(db: DuckDBConnection, statement: ConsoleStatement): Promise<boolean> {
    if (statement.kind !== 'select') return false;
    try {
      const extracted = await db.extractStatements(`CREATE TEMP TABLE probe AS ${statement.text}`);
      return extracted.count === 1;
    } catch {
      return false;
    }
  }

  private inTurn<T>(session: Session, work: () => Promise<T>): Promise<T> {
    const turn = session.queue.then(work);
    session.queue = turn.catch(() => undefined);
    return turn;
  }

  /**
   * The kept result in the order asked for, as a SELECT: whole, or the page of positions
   * `$first` to `$end`. Only ever called in the session's turn, so one sort's row ids are never
   * rebuilt under another's read. A sort orders the row ids alone, and a page joins the rows it
   * shows: sorting a million wide rows moves no record text.
   */
  private async ordered(session: Session, sort: QuerySort | null, part: 'page' | 'whole'): Promise<string> {
    const rows = `temp.${session.table}`;
    const range = part === 'page' ? ' WHERE rowid >= $first AND rowid < $end' : '';
    if (!sort) return `SELECT * FROM ${rows}${range} ORDER BY rowid`;
    const index = session.columns.findIndex((c) => c.name === sort.column);
    if (index < 0) throw new TrailscopeError('invalid-input', `no column ${sort.column} in this result`);
    const key = `${sort.column}\u0000${sort.descending}`;
    if (session.sorted?.key !== key) {
      const order = `${session.table}_order`;
      await session.db.run(
        `CREATE OR REPLACE TEMP TABLE ${order} AS SELECT rowid AS row_id FROM ${rows} ORDER BY ${quoteIdentifier(session.tableColumns[index]!)} ${sort.descending ? 'DESC' : 'ASC'} NULLS LAST, rowid`,
      );
      session.sorted = { key, table: order };
    }
    return `SELECT r.* FROM (SELECT rowid AS position, row_id FROM temp.${session.sorted.table}${range}) o
      JOIN ${rows} r ON r.rowid = o.row_id ORDER BY o.position`;
  }

  private session(queryId: string): Session {
    const session = this.sessions.get(queryId);
    if (!session)
      throw new TrailscopeError(
        'not-found',
        'This result is no longer held (it was replaced by newer queries); run the query again.',
      );
    return session;
  }

  private dropOldest(): void {
    const ids = [...this.sessions.keys()];
    for (const id of ids.slice(0, Math.max(0, ids.length - KEPT_RESULTS))) void this.close(id);
  }
}

/** Every temp table of a connection: a result's connection holds only that result's. */
async function dropTempTables(db: DuckDBConnection): Promise<void> {
  const tables = await new CaseReader(db).rows<{ name: string }>(
    `SELECT table_name AS name FROM duckdb_tables() WHERE temporary`,
  );
  for (const { name } of tables) await db.run(`DROP TABLE IF EXISTS temp.${quoteIdentifier(name)}`);
}

function sortRows(session: Session, sort: QuerySort | null): JsonValue[][] {
  if (!sort) return session.rows;
  const index = session.columns.findIndex((c) => c.name === sort.column);
  if (index < 0) throw new TrailscopeError('invalid-input', `no column ${sort.column} in this result`);
  const direction = sort.descending ? -1 : 1;
  return [...session.rows].sort((a, b) => direction * compare(a[index] ?? null, b[index] ?? null));
}

function compare(a: JsonValue, b: JsonValue): number {
  if (a === b) return 0;
  if (a === null) return 1;
  if (b === null) return -1;
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  return String(a).localeCompare(String(b));
}

/** `SELECT a.x, b.x` yields two columns named x; rows read as objects need them told apart. */
function uniqueNames(names: string[]): string[] {
  const used = new Set<string>();
  return names.map((name) => {
    let unique = name;
    for (let n = 1; used.has(unique); n++) unique = `${name}_${n}`;
    used.add(unique);
    return unique;
  });
}
