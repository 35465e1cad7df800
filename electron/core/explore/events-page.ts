import type { EventPage, EventRow, ExploreFilter } from '../../../shared/model/explore.ts';
import type { CaseStore } from '../case/case-store.ts';
import { clippedSql, isoTime, PRINCIPAL_SQL, ROW_CHARS } from './field-sql.ts';
import { filterWhere, SqlParams } from './filter-sql.ts';

const cell = (expr: string, name: string) => `${clippedSql(expr, ROW_CHARS)} AS ${name}`;

/** What the list shows of each event, every text cut to ROW_CHARS: the record panel fetches the whole values. */
const COLUMNS = [
  'e.event_key',
  `${isoTime('e.event_time')} AS event_time`,
  ...(['event_name', 'event_source'] as const).map((c) => cell(`e.${c}`, c)),
  cell(PRINCIPAL_SQL, 'principal'),
  ...(['access_key_id', 'source_ip', 'aws_region', 'recipient_account_id', 'error_code', 'user_agent'] as const).map(
    (c) => cell(`e.${c}`, c),
  ),
  'b.event_key IS NOT NULL AS bookmarked',
].join(', ');

/** One page of the events a filter matches, in time order, and how many it matches in all. */
export function eventsPage(store: CaseStore, filter: ExploreFilter, offset: number, limit: number): Promise<EventPage> {
  return store.read(async (db) => {
    const params = new SqlParams();
    const where = filterWhere(filter, params);
    const total = await db.number(`SELECT count(*) FROM events WHERE ${where}`, params.values);
    // Sorting row ids only, then fetching the page's columns: at offset 500,000 of a million
    // events this took 0.2 s where sorting whole rows took 1 s. A lake's events are a view over
    // Parquet files, which has no rowid; its event keys are as unique.
    const rowId = store.lake ? 'event_key' : 'rowid';
    const rows = await db.rows<EventRow>(
      `WITH page AS (SELECT ${rowId} AS row_id FROM events WHERE ${where} ORDER BY event_time, event_key LIMIT ${params.add(limit)} OFFSET ${params.add(offset)})
       SELECT ${COLUMNS} FROM page JOIN events e ON e.${rowId} = page.row_id LEFT JOIN bookmarks b ON b.event_key = e.event_key
       ORDER BY e.event_time, e.event_key`,
      params.values,
    );
    return { total, offset, rows };
  });
}
