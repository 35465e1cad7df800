import type { CaseInfo } from '../../../shared/model/case-info.ts';
import type { CaseStore } from './case-store.ts';

/** The case at a glance: counts, time span and where its events come from. */
export async function caseInfo(store: CaseStore): Promise<CaseInfo> {
  const db = await store.connectReader();
  try {
    const result = await db.runAndReadAll(`
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
    const row = result.getRowObjectsJson()[0]!;
    return {
      events: Number(row.events),
      sources: Number(row.sources),
      errors: Number(row.errors),
      first_event: (row.first_event as string | null) ?? null,
      last_event: (row.last_event as string | null) ?? null,
      accounts: row.accounts as string[],
      regions: row.regions as string[],
      event_sources: row.event_sources as string[],
    };
  } finally {
    db.closeSync();
  }
}
