import type { DuckDBConnection } from '@duckdb/node-api';

/**
 * Appends to the case's chain-of-custody log, inside the caller's transaction so the entry
 * and the change it records commit together.
 */
export async function logAction(db: DuckDBConnection, action: string, detail: unknown): Promise<void> {
  await db.run(
    `INSERT INTO case_log SELECT coalesce(max(entry_id), 0) + 1, now(), $action, $detail::JSON FROM case_log`,
    {
      action,
      detail: JSON.stringify(detail),
    },
  );
}
