import type { EventIntegrityCounts } from '../../../shared/model/integrity.ts';
import type { CaseStore } from '../case/case-store.ts';
import { ONE_DELIVERY_INTEGRITY_SQL, oneDeliveryEach } from '../explore/integrity-sql.ts';

/** Events per `event_integrity` value, by the latest run (all unverified when there is none). */
export function countEventIntegrity(store: CaseStore): Promise<EventIntegrityCounts> {
  return store.read(async (db) => {
    const counts: EventIntegrityCounts = { run_id: null, verified: 0, 'invalid-only': 0, unverified: 0 };
    const counted = (await oneDeliveryEach(store, db))
      ? `SELECT ${ONE_DELIVERY_INTEGRITY_SQL} AS integrity, count(*) AS n FROM events GROUP BY ALL`
      : 'SELECT integrity, count(*) AS n FROM event_integrity GROUP BY ALL';
    for (const row of await db.rows<{ integrity: keyof Omit<EventIntegrityCounts, 'run_id'>; n: string }>(counted)) {
      counts[row.integrity] = Number(row.n);
    }
    counts.run_id = (await db.number('SELECT coalesce(max(run_id), 0) FROM integrity_runs')) || null;
    return counts;
  });
}
