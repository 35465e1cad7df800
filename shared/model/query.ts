import type { JsonValue } from './json.ts';

export interface QueryColumn {
  name: string;
  type: string;
}

/** The most rows one `query:fetch` answers with: they are all held in memory, and sent whole. */
export const MAX_FETCH_ROWS = 10_000_000;

/** Rows of console SQL answered at once, nothing kept (`query:fetch`). */
export interface QueryResult {
  columns: QueryColumn[];
  /** JSON-safe values: BIGINT, DECIMAL, timestamps and the like arrive as strings. */
  rows: JsonValue[][];
  /** False when the limit, or the bytes one answer may carry, cut the result short. */
  complete: boolean;
  /**
   * True when the bytes did (about 64 MiB; a text cell carries at most 64 KiB and says how long
   * it was): a higher limit gives no more rows, an export of the result gives them all.
   */
  cut_at_bytes: boolean;
}

/** A console query that ran: its rows stay in the core and are read a page at a time. */
export interface QueryRun {
  query_id: string;
  columns: QueryColumn[];
  /**
   * The exact number of rows, however many; null while the core is still keeping the result
   * whole and counting it (ask query:total). Never an estimate.
   */
  total: number | null;
  /** Rows that can be paged at once, before the total is known: the first rows DuckDB streamed. */
  rows_ready: number;
  /** False only for statements that cannot be kept whole (EXPLAIN, DESCRIBE…), cut at `total`. */
  complete: boolean;
  statements: number;
  elapsed_ms: number;
}

export interface QuerySort {
  column: string;
  descending: boolean;
}

export type ExportFormat = 'csv' | 'json' | 'parquet';

export interface QueryExport {
  path: string;
  format: ExportFormat;
  rows: number;
  bytes: number;
  sha256: string;
}

/** An event named by its CloudTrail event id: the id is unique only within the account that received it. */
export interface EventOfId {
  event_key: string;
  recipient_account_id: string | null;
  event_time: string;
  event_name: string | null;
}

export interface QueryHistoryEntry {
  history_id: number;
  sql: string;
  ran_at: string;
  duration_ms: number | null;
  row_count: number | null;
  error: string | null;
}

export interface SavedQuery {
  query_id: number;
  title: string;
  sql: string;
  description: string | null;
  created_at: string;
}

export interface SchemaTable {
  name: string;
  columns: QueryColumn[];
}

/** A JSON path the case's records use, as DuckDB's `->>` takes it (`$.ipPermissions.items[*].fromPort`). */
export interface JsonPath {
  column: string;
  path: string;
  /** Sampled records that have it: the schema reads a few records of every kind of event. */
  count: number;
  /** How many kinds of event (by name) have it, and one of them. */
  kinds: number;
  event_name: string;
}

/** What the editor completes: the case's tables, and the JSON paths its records actually use. */
export interface QuerySchema {
  tables: SchemaTable[];
  json_paths: JsonPath[];
}
