import type { ConflictList, DeliveredBody, EventConflicts } from '../../../shared/model/conflict.ts';
import type { CaseStore } from './case-store.ts';

const FILE = `s.path || coalesce('!/' || s.member, '')`;

/** The bodies an event was delivered with, when they disagree: the stored one, then each that differs. */
export function eventConflicts(store: CaseStore, eventKey: string): Promise<EventConflicts> {
  return store.read(async (db) => {
    const others = await db.rows<
      DeliveredBody & { kept_source_id: number; kept_record_index: number; kept_sha256: string }
    >(
      `SELECT ${FILE} AS file, c.source_id, c.record_index, c.sha256, c.record,
         c.kept_source_id, c.kept_record_index, c.kept_sha256
       FROM event_conflicts c JOIN sources s USING (source_id)
       WHERE c.event_key = $key ORDER BY c.source_id, c.record_index`,
      { key: eventKey },
    );
    const first = others[0];
    if (!first) return { event_key: eventKey, kept: null, others: [] };
    const kept = await db.row<DeliveredBody>(
      `SELECT ${FILE} AS file, e.source_id, e.record_index, $sha256 AS sha256, e.record
       FROM events e JOIN sources s USING (source_id) WHERE e.event_key = $key`,
      { key: eventKey, sha256: first.kept_sha256 },
    );
    return {
      event_key: eventKey,
      kept: kept ?? null,
      others: others.map(({ file, source_id, record_index, sha256, record }) => ({
        file,
        source_id,
        record_index,
        sha256,
        record,
      })),
    };
  });
}

/** Events with conflicting deliveries, earliest first. */
export function listConflicts(store: CaseStore, limit: number): Promise<ConflictList> {
  return store.read(async (db) => {
    const events = await db.rows<ConflictList['events'][number] & { bodies: string; deliveries: string }>(
      `SELECT e.event_key, strftime(e.event_time, '%Y-%m-%dT%H:%M:%SZ') AS event_time, e.event_name, e.event_source,
         1 + count(DISTINCT c.sha256) AS bodies, count(*) AS deliveries
       FROM event_conflicts c JOIN events e USING (event_key)
       GROUP BY e.event_key, e.event_time, e.event_name, e.event_source ORDER BY e.event_time, e.event_key LIMIT $limit`,
      { limit },
    );
    const total = Number((await db.value('SELECT count(DISTINCT event_key) FROM event_conflicts')) ?? 0);
    return {
      events: events.map((e) => ({ ...e, bodies: Number(e.bodies), deliveries: Number(e.deliveries) })),
      total,
    };
  });
}
