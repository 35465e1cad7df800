import type { ExploreFilter, Heatmap } from '../../../shared/model/explore.ts';
import type { CaseStore } from '../case/case-store.ts';
import { summarizedHeatmap } from './chart-summary.ts';
import { filterScope, matchingCount, NO_FILTER, paramsFor, storedEvents } from './filter-sql.ts';
import { type HeatmapCell, heatmapCellsSql, heatmapOf } from './heatmap-cells.ts';

/** Events by hour of day and day of week, in UTC (heatmap-cells.ts); the whole case's from its summary. */
export function heatmap(store: CaseStore, filter: ExploreFilter): Promise<Heatmap> {
  return store.read(async (db) => {
    const scope = await filterScope(store, db, filter);
    const params = paramsFor(store);
    const where = scope.where(params);
    const summarized =
      where === NO_FILTER ? await summarizedHeatmap(db, await matchingCount(store, db, NO_FILTER)) : null;
    return (
      summarized ?? heatmapOf(await db.rows<HeatmapCell>(heatmapCellsSql(where, storedEvents(store)), params.values))
    );
  });
}
