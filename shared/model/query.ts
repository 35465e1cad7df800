import type { JsonValue } from './json.ts';

export interface QueryColumn {
  name: string;
  type: string;
}

export interface QueryResult {
  columns: QueryColumn[];
  /** JSON-safe values: BIGINT, DECIMAL, timestamps and the like arrive as strings. */
  rows: JsonValue[][];
  /** False when the limit cut the result short. */
  complete: boolean;
}
