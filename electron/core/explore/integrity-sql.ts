import type { CaseReader } from '../case/case-reader.ts';
import type { CaseStore } from '../case/case-store.ts';
import { INTEGRITY_SQL } from './field-sql.ts';

/**
 * The integrity of an event delivered once: its own file's verdict (migration 10's
 * `source_integrity`), read by `events.source_id`. `INTEGRITY_SQL` groups every delivery of
 * every event by key to find it: 1.5–1.8 s for the integrity facet of the 5M-event bench case,
 * with or without a verification. This reads one integer column: 13 ms with none, 88 ms with one
 * that judged 19,910 files (the same verdicts for every event, compared).
 */
export const ONE_DELIVERY_INTEGRITY_SQL = `CASE WHEN events.source_id IN (SELECT source_id FROM source_integrity WHERE valid) THEN 'verified'
  WHEN events.source_id IN (SELECT source_id FROM source_integrity WHERE invalid) THEN 'invalid-only'
  ELSE 'unverified' END`;

/**
 * Whether no event has more than one delivery. Every event has exactly one row in
 * `event_sources` for the delivery it keeps and one more per further delivery, so the two
 * tables' counts tell: read from a case's metadata, or counted when a lake was opened. The
 * answer holds for a read's statements unless an ingest commits a further delivery between
 * them, like every count taken during one.
 */
export async function oneDeliveryEach(store: CaseStore, db: CaseReader): Promise<boolean> {
  const lake = store.lakeEvents;
  if (lake) return lake.deliveries === lake.count;
  return (await db.number('SELECT (SELECT count(*) FROM event_sources) - (SELECT count(*) FROM events)')) === 0;
}

/**
 * Every event's integrity before any verification: no file has a verdict. The whole case's
 * integrity facet is then its count of events (facets.ts): over the org trail's lake of 1,462
 * files, reading the column for it was 268 ms of the 293 ms of facets, the others coming from the
 * summary.
 */
export const NEVER_VERIFIED_SQL = `'unverified'`;

/**
 * The SQL of an event's integrity for one read: a constant before any verification, by its own
 * file when it can be, else by all its deliveries.
 */
export async function integritySql(store: CaseStore, db: CaseReader): Promise<string> {
  if ((await db.number('SELECT count(*) FROM integrity_runs')) === 0) return NEVER_VERIFIED_SQL;
  return (await oneDeliveryEach(store, db)) ? ONE_DELIVERY_INTEGRITY_SQL : INTEGRITY_SQL;
}
