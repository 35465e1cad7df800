import type { ExploreFilter, FacetDimension, FacetValuePage } from '../../../shared/model/explore.ts';
import type { CaseStore } from '../case/case-store.ts';
import { facetMarks } from './facets.ts';
import { filterScope, paramsFor } from './filter-sql.ts';

export interface FacetValuesQuery {
  dimension: FacetDimension;
  offset: number;
  limit: number;
  /** Only values holding this text, in any case, taken literally. */
  contains?: string;
}

/**
 * One page of a facet's values, most frequent first, under every filter but the facet's own,
 * as `facets` counts them: every value can be reached, the rare ones (a single StopLogging)
 * included, by paging or by searching within the facet.
 */
export function facetValues(store: CaseStore, filter: ExploreFilter, query: FacetValuesQuery): Promise<FacetValuePage> {
  return store.read(async (db) => {
    const scope = await filterScope(store, db, filter);
    const params = paramsFor(store);
    const where = scope.where(params, query.dimension);
    const marks = facetMarks(filter, query.dimension, params);
    // contains() takes the text literally: no LIKE wildcards to escape. A value is searched whole,
    // though listed cut.
    const matching = query.contains ? `contains(lower(value), lower(${params.add(query.contains)}))` : 'TRUE';
    // The counts come with the page, or alone when the page is past the end: one pass over the values.
    const rows = await db.rows<PageRow>(
      `WITH counted AS MATERIALIZED (SELECT ${scope.fields[query.dimension]} AS value, count(*) AS n FROM events WHERE ${where} GROUP BY ALL),
       found AS MATERIALIZED (SELECT value, n FROM counted WHERE ${matching}),
       page AS (SELECT ${marks.value}, n, ${marks.selected} AS selected, ${marks.excluded} AS excluded FROM found
                ORDER BY n DESC, value NULLS LAST LIMIT ${params.add(query.limit)} OFFSET ${params.add(query.offset)}),
       totals AS (SELECT (SELECT count(*) FROM found) AS matching, (SELECT coalesce(sum(n), 0) FROM counted) AS total)
       SELECT page.*, totals.* FROM totals LEFT JOIN page ON TRUE
       ORDER BY page.n DESC, page.value NULLS LAST`,
      params.values,
    );
    return {
      dimension: query.dimension,
      offset: query.offset,
      values: rows
        .filter((r) => r.n !== null)
        .map((r) => ({ value: r.value, count: Number(r.n), selected: r.selected, excluded: r.excluded })),
      matching: Number(rows[0]?.matching ?? 0),
      total: Number(rows[0]?.total ?? 0),
    };
  });
}

interface PageRow {
  value: string | null;
  n: string | null;
  selected: boolean;
  excluded: boolean;
  matching: string;
  total: string;
}
