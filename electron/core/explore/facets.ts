import {
  type ExploreFilter,
  type Facet,
  type FacetDimension,
  type FieldValues,
  facetDimensions,
} from '../../../shared/model/explore.ts';
import type { CaseStore } from '../case/case-store.ts';
import { type SummarizedValue, summarizedFacet } from './facet-summary.ts';
import { clippedSql, LISTED_CHARS } from './field-sql.ts';
import { filterScope, matchingCount, NO_FILTER, paramsFor, type SqlValues, valueIn } from './filter-sql.ts';
import { NEVER_VERIFIED_SQL } from './integrity-sql.ts';

/**
 * Each facet's most frequent values with their counts, under every filter but the facet's
 * own (so choosing one value leaves the others in view to add, and an excluded one in view to
 * take back), plus the values chosen or excluded. Values beyond LISTED_CHARS are cut, except
 * the chosen and excluded ones, which came in whole and go back whole so that they can be
 * unchosen.
 */
export function facets(store: CaseStore, filter: ExploreFilter, limit: number): Promise<Facet[]> {
  return store.read(async (db) => {
    const scope = await filterScope(store, db, filter);
    // The case's events, counted once if a facet can be read from the summary.
    let events: number | null = null;
    const result: Facet[] = [];
    for (const dimension of facetDimensions) {
      const params = paramsFor(store);
      const where = scope.where(params, dimension);
      const chosen = (filter.fields?.[dimension]?.length ?? 0) + (filter.exclude?.[dimension]?.length ?? 0);
      // The whole case, nothing of this facet chosen: counted at the end of the last ingest.
      if (where === NO_FILTER && chosen === 0) {
        events ??= await matchingCount(store, db, NO_FILTER);
        const summarized =
          dimension === 'integrity' && scope.fields.integrity === NEVER_VERIFIED_SQL
            ? unverifiedFacet(events)
            : await summarizedFacet(db, dimension, limit, events);
        if (summarized) {
          result.push(facetOf(dimension, summarized.map(unmarked), filter));
          continue;
        }
      }
      const marks = facetMarks(filter, dimension, params);
      // Counts per value, materialized once: the top values, the chosen ones and the totals all
      // read it. Ranking with a window function sorted every group (a million source IPs) and
      // took 2.5 times as long.
      const rows = await db.rows<FacetRow>(
        `WITH counted AS MATERIALIZED (SELECT ${scope.fields[dimension]} AS value, count(*) AS n FROM events WHERE ${where} GROUP BY ALL),
         top AS (SELECT value, n FROM counted ORDER BY n DESC, value NULLS LAST LIMIT ${params.add(limit)})
         SELECT ${marks.value}, n, ${marks.selected} AS selected, ${marks.excluded} AS excluded,
           (SELECT count(*) FROM counted) AS distinct_values, (SELECT sum(n) FROM counted) AS total
         FROM (SELECT value, n FROM top UNION SELECT value, n FROM counted WHERE ${marks.selected} OR ${marks.excluded})
         ORDER BY n DESC, value NULLS LAST`,
        params.values,
      );
      result.push(facetOf(dimension, rows, filter));
    }
    return result;
  });
}

/**
 * Terms over a facet's `value` column: whether the filter chooses it, whether it leaves it
 * out, and the value as listed (cut, unless chosen or excluded).
 */
export function facetMarks(filter: ExploreFilter, dimension: FacetDimension, params: SqlValues) {
  const selected = valueIn('value', filter.fields?.[dimension] ?? [], params);
  const excluded = valueIn('value', filter.exclude?.[dimension] ?? [], params);
  return {
    selected,
    excluded,
    value: `CASE WHEN ${selected} OR ${excluded} THEN value ELSE ${clippedSql('value', LISTED_CHARS)} END AS value`,
  };
}

export interface FacetRow {
  value: string | null;
  n: string;
  distinct_values: string;
  total: string;
  selected: boolean;
  excluded: boolean;
}

const unmarked = (row: SummarizedValue): FacetRow => ({ ...row, selected: false, excluded: false });

/** The whole case's integrity facet before any verification: every event unverified. */
const unverifiedFacet = (events: number): SummarizedValue[] =>
  events === 0 ? [] : [{ value: 'unverified', n: String(events), distinct_values: '1', total: String(events) }];

/**
 * Chosen or excluded values the other filters leave no event for are still listed, with 0, so
 * they can be taken back.
 */
function facetOf(dimension: FacetDimension, rows: FacetRow[], filter: ExploreFilter): Facet {
  const values = rows.map((r) => ({ value: r.value, count: Number(r.n), selected: r.selected, excluded: r.excluded }));
  const missing = (marked: FieldValues | undefined, selected: boolean) => {
    for (const value of marked ?? [])
      if (!values.some((v) => v.value === value)) values.push({ value, count: 0, selected, excluded: !selected });
  };
  missing(filter.fields?.[dimension], true);
  missing(filter.exclude?.[dimension], false);
  return { dimension, values, distinct: Number(rows[0]?.distinct_values ?? 0), total: Number(rows[0]?.total ?? 0) };
}
