import type { ExploreFilter, FilterField, TopValues } from '../../../shared/model/explore.ts';
import type { CaseStore } from '../case/case-store.ts';
import { clippedSql, LISTED_CHARS } from './field-sql.ts';
import { filterScope, matchingCount, paramsFor } from './filter-sql.ts';

export interface TopQuery {
  dimension: FilterField;
  limit: number;
  /** Only values holding this text, any case; for finding a value among thousands. */
  contains?: string;
}

/** The most frequent values of a field among the events a filter matches, each cut to LISTED_CHARS. */
export function topValues(store: CaseStore, filter: ExploreFilter, query: TopQuery): Promise<TopValues> {
  return store.read(async (db) => {
    const scope = await filterScope(store, db, filter);
    const params = paramsFor(store);
    const where = scope.where(params);
    const expr = scope.fields[query.dimension];
    const total = await matchingCount(store, db, where, params);
    // contains() takes the text literally: no LIKE wildcards to escape.
    const matching = query.contains ? ` AND contains(lower(${expr}), lower(${params.add(query.contains)}))` : '';
    const rows = await db.rows<{ value: string | null; n: string }>(
      `SELECT ${clippedSql('value', LISTED_CHARS)} AS value, n FROM (
         SELECT ${expr} AS value, count(*) AS n FROM events WHERE ${where}${matching} GROUP BY ALL ORDER BY n DESC, value NULLS LAST LIMIT ${params.add(query.limit)}
       ) ORDER BY n DESC, value NULLS LAST`,
      params.values,
    );
    return {
      dimension: query.dimension,
      values: rows.map(({ value, n }) => ({ value, count: Number(n) })),
      total,
    };
  });
}
