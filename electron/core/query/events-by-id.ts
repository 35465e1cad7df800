import type { EventOfId } from '../../../shared/model/query.ts';
import type { CaseStore } from '../case/case-store.ts';
import { isoTime } from '../explore/field-sql.ts';

/** More would be one id reused by a crafted archive, not one event delivered to many accounts. */
const MOST = 50;

/**
 * The events with this CloudTrail event id. The case keys an event by its id and the account
 * that received it, so an event delivered to several accounts (an organization trail, a
 * cross-account call) is several events here; the analyst picks one by its account.
 */
export function eventsById(store: CaseStore, eventId: string): Promise<EventOfId[]> {
  return store.read((db) =>
    db.rows<EventOfId>(
      `SELECT event_key, recipient_account_id, ${isoTime('event_time')} AS event_time, event_name
       FROM events WHERE event_id = $id ORDER BY recipient_account_id NULLS LAST, event_key LIMIT ${MOST}`,
      { id: eventId },
    ),
  );
}
