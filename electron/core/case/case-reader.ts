import type { DuckDBConnection, DuckDBValue } from '@duckdb/node-api';
import type { JsonValue } from '../../../shared/model/json.ts';

export type ReadParams = DuckDBValue[] | Record<string, DuckDBValue>;

/**
 * A read of the case, on a connection of its own, with rows in the JSON-safe form every
 * face receives (BIGINT, DECIMAL and times as strings). The row types are the caller's word
 * for what its SQL selects: this is the one place that takes DuckDB's rows as them.
 */
export class CaseReader {
  constructor(readonly db: DuckDBConnection) {}

  async rows<T extends object>(sql: string, params?: ReadParams): Promise<T[]> {
    const reader = await this.db.runAndReadAll(sql, bound(params));
    return reader.getRowObjectsJson() as unknown as T[];
  }

  /** The first row, or undefined when there is none. */
  async row<T extends object>(sql: string, params?: ReadParams): Promise<T | undefined> {
    return (await this.rows<T>(sql, params))[0];
  }

  /** The first column of the first row, or null. */
  async value(sql: string, params?: ReadParams): Promise<JsonValue> {
    const reader = await this.db.runAndReadAll(sql, bound(params));
    return (reader.getRowsJson()[0]?.[0] ?? null) as JsonValue;
  }

  /** A count (or any whole number) selected by `sql`: 0 when there is no row. */
  async number(sql: string, params?: ReadParams): Promise<number> {
    return Number((await this.value(sql, params)) ?? 0);
  }
}

/**
 * The values to bind, or none: given any, even none at all, DuckDB's client prepares the statement
 * and binds it again to run it, which a statement over a lake's files pays per file (SqlParams).
 */
const bound = (params?: ReadParams) => (params && Object.keys(params).length > 0 ? params : undefined);
