import { DuckDBInstance } from '@duckdb/node-api';

/**
 * Rows of a case file as JSON-safe objects, read by a read-only DuckDB instance of their own:
 * what a test sees is what is on disk, and the case must not be open elsewhere.
 */
export async function caseRows<T = Record<string, unknown>>(caseFile: string, sql: string): Promise<T[]> {
  const instance = await DuckDBInstance.create(caseFile, { access_mode: 'READ_ONLY' });
  const db = await instance.connect();
  try {
    return (await db.runAndReadAll(sql)).getRowObjectsJson() as T[];
  } finally {
    db.closeSync();
    instance.closeSync();
  }
}
