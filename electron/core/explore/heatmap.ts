import type { ExploreFilter, Heatmap } from '../../../shared/model/explore.ts';
import type { CaseStore } from '../case/case-store.ts';
import { filterScope, SqlParams } from './filter-sql.ts';

/**
 * Events by hour of day and day of week, in UTC (the session's zone). DuckDB's calendar
 * functions are right for every time it stores, where modulo arithmetic on epoch milliseconds
 * went negative before 1970; on 200,000 events they cost the same. Infinite times have no
 * hour and are left out.
 */
export function heatmap(store: CaseStore, filter: ExploreFilter): Promise<Heatmap> {
  return store.read(async (db) => {
    const scope = await filterScope(store, db, filter);
    const params = new SqlParams();
    const where = scope.where(params);
    const rows = await db.rows<{ day: number; hour: number; n: string }>(
      `SELECT isodow(event_time) - 1 AS day, hour(event_time) AS hour, count(*) AS n
       FROM events WHERE ${where} AND isfinite(event_time) GROUP BY ALL`,
      params.values,
    );
    const cells = Array.from({ length: 7 }, () => Array.from({ length: 24 }, () => 0));
    let total = 0;
    for (const { day, hour, n } of rows) {
      const row = cells[Number(day)];
      if (!row || !(hour >= 0 && hour < 24)) continue;
      row[hour] = Number(n);
      total += Number(n);
    }
    return { cells, total };
  });
}
