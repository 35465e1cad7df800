import { TrailscopeError, messageOf } from '../../../shared/api/errors.ts';
import type { JsonValue } from '../../../shared/model/json.ts';
import type { QueryResult } from '../../../shared/model/query.ts';
import type { CaseStore } from '../case/case-store.ts';
import { checkConsoleSql } from './console-guard.ts';
import { inReadOnlyTransaction } from './read-only-transaction.ts';

/**
 * Runs console SQL on its own connection: every statement is checked first, then run in
 * order, each in a read-only transaction, and the last one's rows are returned, at most
 * `limit` of them.
 */
export async function runQuery(store: CaseStore, sql: string, limit: number): Promise<QueryResult> {
  const db = await store.connectReader();
  try {
    const statements = await checkConsoleSql(db, sql);
    const last = statements.pop()!;
    try {
      for (const statement of statements) await inReadOnlyTransaction(db, () => db.run(statement.text));
      const prepared = await db.prepare(last.text);
      const reader = await inReadOnlyTransaction(db, () => prepared.streamAndReadUntil(limit + 1));
      const rows = reader.getRowsJson();
      const names = uniqueNames(reader.columnNames());
      const types = reader.columnTypes();
      return {
        columns: names.map((name, i) => ({ name, type: String(types[i]) })),
        rows: rows.slice(0, limit) as JsonValue[][],
        complete: rows.length <= limit,
      };
    } catch (error) {
      throw error instanceof TrailscopeError ? error : new TrailscopeError('query', messageOf(error));
    }
  } finally {
    db.closeSync();
  }
}

/** `SELECT a.x, b.x` yields two columns named x; rows as objects need them told apart. */
function uniqueNames(names: string[]): string[] {
  const seen = new Map<string, number>();
  return names.map((name) => {
    const count = seen.get(name) ?? 0;
    seen.set(name, count + 1);
    return count === 0 ? name : `${name}_${count}`;
  });
}
