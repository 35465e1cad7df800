import type { DuckDBConnection, DuckDBPreparedStatement } from '@duckdb/node-api';
import { StatementType } from '@duckdb/node-api';
import { TrailscopeError, messageOf } from '../../../shared/api/errors.ts';

const READING = new Set<StatementType>([StatementType.SELECT, StatementType.EXPLAIN]);

/**
 * Prepares every statement of console SQL and refuses the lot if any would do more than
 * read. DuckDB classifies each statement, so this does not depend on parsing SQL ourselves.
 */
export async function prepareReadOnly(db: DuckDBConnection, sql: string): Promise<DuckDBPreparedStatement[]> {
  let extracted;
  try {
    extracted = await db.extractStatements(sql);
  } catch (error) {
    throw new TrailscopeError('query', messageOf(error));
  }
  if (extracted.count === 0) throw new TrailscopeError('usage', 'No SQL statement given.');
  const prepared: DuckDBPreparedStatement[] = [];
  for (let i = 0; i < extracted.count; i++) {
    let statement: DuckDBPreparedStatement;
    try {
      statement = await extracted.prepare(i);
    } catch (error) {
      throw new TrailscopeError('query', messageOf(error));
    }
    if (!READING.has(statement.statementType)) {
      const verb = StatementType[statement.statementType] ?? 'unknown';
      const which = extracted.count > 1 ? `Statement ${i + 1} is` : 'This is';
      throw new TrailscopeError(
        'read-only',
        `Refused: ${which} a ${verb} statement. The case's evidence is read-only: console SQL may only read (SELECT, EXPLAIN, DESCRIBE, SHOW). Nothing was run.`,
      );
    }
    prepared.push(statement);
  }
  return prepared;
}
