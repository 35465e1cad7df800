import type { CaseInfo } from '../../../shared/model/case-info.ts';
import type { CaseStore } from './case-store.ts';

/** The case at a glance: counts, time span and where its events come from. */
export function caseInfo(store: CaseStore): Promise<CaseInfo> {
  return store.read(async (db) => {
    const row = await db.row<
      Omit<CaseInfo, 'events' | 'sources' | 'errors'> & { events: string; sources: string; errors: string }
    >(`
      SELECT
        (SELECT count(*) FROM events) AS events,
        (SELECT count(*) FROM sources WHERE format <> 'archive') AS sources,
        (SELECT count(*) FROM sources WHERE status = 'error') AS errors,
        (SELECT strftime(min(event_time), '%Y-%m-%dT%H:%M:%SZ') FROM events) AS first_event,
        (SELECT strftime(max(event_time), '%Y-%m-%dT%H:%M:%SZ') FROM events) AS last_event,
        (SELECT coalesce(list(DISTINCT a ORDER BY a), []) FROM (SELECT recipient_account_id AS a FROM events
           UNION SELECT account_id FROM sources) WHERE a IS NOT NULL) AS accounts,
        (SELECT coalesce(list(DISTINCT aws_region ORDER BY aws_region), []) FROM events WHERE aws_region IS NOT NULL) AS regions,
        (SELECT coalesce(list(DISTINCT event_source ORDER BY event_source), []) FROM events WHERE event_source IS NOT NULL) AS event_sources`);
    if (!row) throw new Error('the case summary query returned no row');
    return { ...row, events: Number(row.events), sources: Number(row.sources), errors: Number(row.errors) };
  });
}
