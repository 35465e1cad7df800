import {
  type CaseOverview,
  RANKED_LIMIT,
  type Ranked,
  type RankedField,
  type RankedValue,
  rankedFields,
} from '../../../shared/model/case-overview.ts';
import { fieldSql } from '../explore/field-sql.ts';
import type { CaseReader } from './case-reader.ts';
import type { CaseStore } from './case-store.ts';

const REASONS_SHOWN = 8;

/** The case summary's ranked values, files by how they loaded, rejected records and conflicts. */
export function caseOverview(store: CaseStore): Promise<CaseOverview> {
  return store.read(async (db) => {
    const ranked = {} as Record<RankedField, Ranked>;
    for (const field of rankedFields) ranked[field] = await rankedValues(db, field);
    // Accounts named only by the files' S3 keys have no events of their own, but are part of the case.
    const named = await db.rows<{ value: string }>(
      `SELECT DISTINCT account_id AS value FROM sources WHERE account_id IS NOT NULL
         AND account_id NOT IN (SELECT recipient_account_id FROM events WHERE recipient_account_id IS NOT NULL)
       ORDER BY value`,
    );
    const accounts = ranked.recipient_account_id;
    accounts.distinct += named.length;
    accounts.values.push(
      ...named.slice(0, RANKED_LIMIT - accounts.values.length).map(({ value }) => ({ value, count: 0 })),
    );

    const counts = await db.row<Record<string, string>>(`SELECT
      (SELECT count(*) FROM events WHERE error_code IS NOT NULL) AS failed_calls,
      (SELECT count(*) FILTER (status = 'ok') FROM sources WHERE format <> 'archive') AS loaded,
      (SELECT count(*) FILTER (status = 'error' AND record_count > 0) FROM sources WHERE format <> 'archive') AS partly_loaded,
      (SELECT count(*) FILTER (status = 'error' AND record_count = 0) FROM sources WHERE format <> 'archive') AS not_loaded,
      (SELECT count(*) FILTER (status = 'duplicate-file') FROM sources WHERE format <> 'archive') AS duplicates,
      (SELECT coalesce(sum(rejected_count), 0) FROM sources) AS rejected,
      (SELECT count(*) FROM sources WHERE rejected_count > 0) AS rejected_files,
      (SELECT count(DISTINCT event_key) FROM event_conflicts) AS conflict_events,
      (SELECT count(*) FROM event_conflicts) AS conflict_deliveries,
      (SELECT count(*) FROM case_log) + (SELECT count(*) FROM ingests) AS log_entries`);
    const n = (name: string) => Number(counts?.[name] ?? 0);
    // Kept rejections carry their reason; a file's rejections past the kept ones are only counted.
    const reasons = await db.rows<{ value: string; count: string }>(
      `SELECT reason AS value, count(*) AS count FROM rejected_records GROUP BY reason ORDER BY count DESC, reason LIMIT ${REASONS_SHOWN}`,
    );
    return {
      ranked,
      failed_calls: n('failed_calls'),
      files: {
        loaded: n('loaded'),
        partly_loaded: n('partly_loaded'),
        not_loaded: n('not_loaded'),
        duplicates: n('duplicates'),
      },
      rejected: { records: n('rejected'), files: n('rejected_files'), reasons: reasons.map(numbered) },
      conflicts: { events: n('conflict_events'), deliveries: n('conflict_deliveries') },
      log_entries: n('log_entries'),
    };
  });
}

/** A field's most frequent values, and its number of distinct values. */
async function rankedValues(db: CaseReader, field: RankedField): Promise<Ranked> {
  const expression = fieldSql[field];
  const rows = await db.rows<{ value: string; count: string; distinct: string }>(
    `SELECT value, count, count(*) OVER () AS distinct FROM (
       SELECT ${expression} AS value, count(*) AS count FROM events WHERE ${expression} IS NOT NULL GROUP BY ALL)
     ORDER BY count DESC, value LIMIT ${RANKED_LIMIT}`,
  );
  return {
    values: rows.map(numbered),
    distinct: Number(rows[0]?.distinct ?? 0),
    sql: `SELECT ${expression} AS ${field}, count(*) AS events\nFROM events\nWHERE ${expression} IS NOT NULL\nGROUP BY ALL\nORDER BY events DESC, ${field}`,
  };
}

const numbered = (row: { value: string; count: string }): RankedValue => ({
  value: row.value,
  count: Number(row.count),
});
