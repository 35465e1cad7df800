import type { EventSummary } from '../../../shared/model/finding.ts';
import type { CaseReader } from '../case/case-reader.ts';
import { isoTime, PRINCIPAL_SQL } from '../explore/field-sql.ts';

const SUMMARY_COLUMNS = `e.event_key, ${isoTime('e.event_time')} AS event_time, e.event_name, e.event_source, e.aws_region,
  e.recipient_account_id, ${PRINCIPAL_SQL} AS actor, e.access_key_id, e.source_ip, e.user_agent, e.error_code,
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
