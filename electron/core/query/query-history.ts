import { TrailscopeError } from '../../../shared/api/errors.ts';
import type { QueryHistoryEntry, SavedQuery } from '../../../shared/model/query.ts';
import { logAction } from '../case/case-log.ts';
import { CaseReader } from '../case/case-reader.ts';
import type { CaseStore } from '../case/case-store.ts';

/** Console queries are remembered in the case itself, so the history travels with the evidence. */
export async function recordHistory(
  store: CaseStore,
  entry: Omit<QueryHistoryEntry, 'history_id' | 'ran_at'>,
): Promise<void> {
  await store.writeAnalyst((db) =>
    db.run(
      `INSERT INTO query_history SELECT coalesce(max(history_id), 0) + 1, $sql, now(), $duration, $rows, $error FROM query_history`,
      {
        sql: entry.sql,
        duration: entry.duration_ms,
        rows: entry.row_count,
        error: entry.error,
      },
    ),
  );
}

export function queryHistory(store: CaseStore, limit: number): Promise<QueryHistoryEntry[]> {
  return store.read((db) =>
    db.rows<QueryHistoryEntry>(
      `SELECT history_id, sql, strftime(ran_at, '%Y-%m-%dT%H:%M:%SZ') AS ran_at, round(duration_ms)::INTEGER AS duration_ms, row_count::DOUBLE AS row_count, error
       FROM query_history ORDER BY history_id DESC LIMIT $limit`,
      { limit },
    ),
  );
}

export async function saveQuery(
  store: CaseStore,
  query: { title: string; sql: string; description?: string },
): Promise<SavedQuery> {
  const id = await store.writeAnalyst(async (db) => {
    const id = await new CaseReader(db).number('SELECT coalesce(max(query_id), 0) + 1 FROM saved_queries');
    await db.run(`INSERT INTO saved_queries VALUES ($id, $title, $sql, $description, now())`, {
      id,
      title: query.title,
      sql: query.sql,
      description: query.description ?? null,
    });
    await logAction(db, 'query-saved', { query_id: id, title: query.title });
    return id;
  });
  return (await savedQueries(store)).find((q) => q.query_id === id)!;
}

export async function deleteSavedQuery(store: CaseStore, queryId: number): Promise<void> {
  await store.writeAnalyst(async (db) => {
    const gone = await new CaseReader(db).row<{ title: string }>(
      'DELETE FROM saved_queries WHERE query_id = $id RETURNING title',
      { id: queryId },
    );
    if (!gone) throw new TrailscopeError('not-found', `no saved query ${queryId}`);
    await logAction(db, 'query-deleted', { query_id: queryId, title: gone.title });
  });
}

export function savedQueries(store: CaseStore): Promise<SavedQuery[]> {
  return store.read((db) =>
    db.rows<SavedQuery>(
      `SELECT query_id, title, sql, description, strftime(created_at, '%Y-%m-%dT%H:%M:%SZ') AS created_at FROM saved_queries ORDER BY lower(title), query_id`,
    ),
  );
}
