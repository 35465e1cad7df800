import type { EventSummary } from '../../../shared/model/finding.ts';
import type { CaseReader } from '../case/case-reader.ts';
import { clippedSql, isoTime, LISTED_CHARS, PRINCIPAL_SQL } from '../explore/field-sql.ts';

/**
 * The log's values cut as the explorer lists them: a finding may hold 1,000 events, and with
 * names and user agents of megabytes each (a record holds up to 4 MiB) one list of findings
 * was an answer of gigabytes. The event's record holds them whole.
 */
const listed = (expr: string, name: string) => `${clippedSql(expr, LISTED_CHARS)} AS ${name}`;

const SUMMARY_COLUMNS = `e.event_key, ${isoTime('e.event_time')} AS event_time, ${listed('e.event_name', 'event_name')},
  ${listed('e.event_source', 'event_source')}, ${listed('e.aws_region', 'aws_region')},
  ${listed('e.recipient_account_id', 'recipient_account_id')}, ${listed(PRINCIPAL_SQL, 'actor')},
  ${listed('e.access_key_id', 'access_key_id')}, ${listed('e.source_ip', 'source_ip')},
  ${listed('e.user_agent', 'user_agent')}, ${listed('e.error_code', 'error_code')},
  (SELECT coalesce(list(tag ORDER BY tag), []) FROM tags t WHERE t.event_key = e.event_key) AS tags,
  (SELECT body FROM notes n WHERE n.event_key = e.event_key) AS note`;

/** The events with these keys, in time order; keys the case does not hold are left out. */
export async function eventSummaries(db: CaseReader, keys: readonly string[]): Promise<EventSummary[]> {
  if (keys.length === 0) return [];
  return db.rows<EventSummary>(
    `SELECT ${SUMMARY_COLUMNS} FROM events e WHERE e.event_key IN (SELECT unnest(from_json($keys, '["VARCHAR"]'))) ORDER BY e.event_time, e.event_key`,
    { keys: JSON.stringify(keys) },
  );
}

/** The bookmarked events, in time order, with their tags and notes. */
export function bookmarkedEvents(db: CaseReader): Promise<EventSummary[]> {
  return db.rows<EventSummary>(
    `SELECT ${SUMMARY_COLUMNS} FROM events e JOIN bookmarks b USING (event_key) ORDER BY e.event_time, e.event_key`,
  );
}
