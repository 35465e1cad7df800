import type { DuckDBConnection } from '@duckdb/node-api';
import type { CaseLogEntry, CaseLogPage } from '../../../shared/model/case-log.ts';
import type { JsonValue } from '../../../shared/model/json.ts';
import type { CaseStore } from './case-store.ts';

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

/**
 * The chain of custody, newest first: every case-log entry, and every ingest from the
 * `ingests` table (ingest commits its batches without a log entry; its row says when it ran,
 * on what, with which version, and the case says what it added).
 */
export function listCaseLog(store: CaseStore, page: { limit: number; offset: number }): Promise<CaseLogPage> {
  return store.read(async (db) => {
    const entries = await db.rows<Omit<CaseLogEntry, 'detail'> & { detail: string }>(
      `WITH added AS (
         SELECT s.ingest_id, count(*) AS events_added FROM events e JOIN sources s USING (source_id) GROUP BY ALL),
       read AS (
         SELECT ingest_id, count(*) FILTER (format <> 'archive') AS files, sum(record_count) AS records,
           sum(rejected_count) AS rejected, count(*) FILTER (status = 'error') AS files_with_errors
         FROM sources GROUP BY ALL),
       conflicting AS (
         SELECT s.ingest_id, count(*) AS conflicts FROM event_conflicts c JOIN sources s USING (source_id) GROUP BY ALL),
       entries AS (
         SELECT 'log-' || entry_id AS id, logged_at, action, detail::VARCHAR AS detail FROM case_log
         UNION ALL
         SELECT 'ingest-' || i.ingest_id, i.started_at, 'ingest', json_object(
             'ingest_id', i.ingest_id, 'inputs', i.inputs,
             'finished_at', strftime(i.finished_at, '%Y-%m-%dT%H:%M:%SZ'),
             'trailscope_version', i.trailscope_version,
             'files', coalesce(r.files, 0), 'records', coalesce(r.records, 0),
             'events_added', coalesce(a.events_added, 0), 'rejected', coalesce(r.rejected, 0),
             'files_with_errors', coalesce(r.files_with_errors, 0), 'conflicts', coalesce(c.conflicts, 0))::VARCHAR
         FROM ingests i LEFT JOIN read r USING (ingest_id) LEFT JOIN added a USING (ingest_id)
           LEFT JOIN conflicting c USING (ingest_id))
       SELECT id, strftime(logged_at, '%Y-%m-%dT%H:%M:%SZ') AS "at", action, detail FROM entries
       ORDER BY logged_at DESC, id DESC LIMIT $limit OFFSET $offset`,
      { limit: page.limit, offset: page.offset },
    );
    const total = await db.number('SELECT (SELECT count(*) FROM case_log) + (SELECT count(*) FROM ingests)');
    return { entries: entries.map((e) => ({ ...e, detail: JSON.parse(e.detail) as JsonValue })), total };
  });
}
