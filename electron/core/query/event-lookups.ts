import { TrailscopeError } from '../../../shared/api/errors.ts';
import { type ActorCall, type EventRecord, LISTED_DELIVERIES } from '../../../shared/model/event.ts';
import type { CaseStore } from '../case/case-store.ts';

/** One event as delivered: the original record, byte for byte, and the files that carried it. */
export function eventRecord(store: CaseStore, eventKey: string): Promise<EventRecord> {
  return store.read(async (db) => {
    const found = await db.row<{ record: string }>('SELECT record FROM events WHERE event_key = $key', {
      key: eventKey,
    });
    if (!found) throw new TrailscopeError('not-found', `no event ${eventKey} in this case`);
    const deliveredIn = await db.rows<EventRecord['delivered_in'][number]>(
      `SELECT s.path || coalesce('!/' || s.member, '') AS file, es.record_index
       FROM event_sources es JOIN sources s USING (source_id) WHERE es.event_key = $key
       ORDER BY s.source_id, es.record_index LIMIT ${LISTED_DELIVERIES}`,
      { key: eventKey },
    );
    const deliveries =
      deliveredIn.length < LISTED_DELIVERIES
        ? deliveredIn.length
        : await db.number('SELECT count(*) FROM event_sources WHERE event_key = $key', { key: eventKey });
    return { event_key: eventKey, record: found.record, delivered_in: deliveredIn, deliveries };
  });
}

export interface ActorQuery {
  access_key_id?: string;
  actor_arn?: string;
  around: string;
  hours: number;
  limit: number;
}

/** What the same access key (or, without one, the same identity) did in the hours around a moment. */
export async function actorActivity(store: CaseStore, query: ActorQuery): Promise<ActorCall[]> {
  if (!query.access_key_id && !query.actor_arn)
    throw new TrailscopeError('usage', 'give an access key id or an actor ARN');
  return store.read((db) =>
    db.rows<ActorCall>(
      `SELECT event_key, strftime(event_time, '%Y-%m-%dT%H:%M:%SZ') AS event_time, event_source, event_name, aws_region,
         source_ip, user_agent, error_code, identity_arn AS actor_arn, access_key_id
       FROM events
       WHERE (CASE WHEN $key IS NOT NULL THEN access_key_id = $key ELSE identity_arn = $arn END)
         AND event_time BETWEEN $around::TIMESTAMPTZ - to_milliseconds(CAST(round($hours * 3600000) AS BIGINT))
                            AND $around::TIMESTAMPTZ + to_milliseconds(CAST(round($hours * 3600000) AS BIGINT))
       ORDER BY event_time, event_key
       LIMIT $limit`,
      {
        key: query.access_key_id ?? null,
        arn: query.actor_arn ?? null,
        around: query.around,
        hours: query.hours,
        limit: query.limit,
      },
    ),
  );
}
