import type { DuckDBConnection } from '@duckdb/node-api';
import { messageOf, TrailscopeError } from '../../../shared/api/errors.ts';

/**
 * Runs work in a read-only transaction: DuckDB itself then refuses any write to the case
 * (temp tables, where kept results live, stay writable). Console SQL runs only this way, one
 * statement per transaction, so that even a statement the guard should have stopped cannot
 * change evidence, nor end the transaction and let the next statement write.
 */
export async function inReadOnlyTransaction<T>(db: DuckDBConnection, work: () => Promise<T>): Promise<T> {
  await db.run('BEGIN TRANSACTION READ ONLY');
  let value: T;
  try {
    value = await work();
  } catch (error) {
    await db.run('ROLLBACK').catch(() => undefined);
    throw refusedByDuckDB(error);
  }
  try {
    await db.run('COMMIT');
  } catch (error) {
    throw new TrailscopeError(
      'read-only',
      `Refused: the statement ended its own read-only transaction (${messageOf(error)}).`,
    );
  }
  return value;
}

/** DuckDB's own refusals, as the read-only errors they are; other errors pass unchanged. */
function refusedByDuckDB(error: unknown): unknown {
  const message = messageOf(error);
  if (/transaction is launched in read-only mode/.test(message)) {
    return new TrailscopeError('read-only', `Refused by DuckDB: the case's evidence is read-only (${message}).`);
  }
  if (/file system operations are disabled by configuration/.test(message)) {
    return new TrailscopeError('read-only', `Refused by DuckDB: console SQL cannot read or write files (${message}).`);
  }
  if (/the configuration has been locked/.test(message)) {
    return new TrailscopeError('read-only', `Refused by DuckDB: settings cannot be changed (${message}).`);
  }
  return error;
}
