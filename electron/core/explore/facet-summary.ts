import type { DuckDBConnection } from '@duckdb/node-api';
import { type FacetDimension, facetDimensions } from '../../../shared/model/explore.ts';
import type { CaseReader } from '../case/case-reader.ts';
import { clippedSql, fieldSql, LISTED_CHARS } from './field-sql.ts';

/** The most values a facet lists (the API's limit): each summarized dimension keeps as many. */
export const SUMMARY_VALUES = 100;

/**
 * Every facet but integrity, which changes with each verification and is counted by file
 * (integrity-sql.ts).
 */
const SUMMARIZED: readonly FacetDimension[] = facetDimensions.filter((d) => d !== 'integrity');

/** Counts the whole case's facets again into `facet_summary` (migration 11), in the case summary's transaction (case-summary.ts). */
export async function writeFacetSummary(db: DuckDBConnection): Promise<void> {
  await db.run('DELETE FROM facet_summary');
  for (const dimension of SUMMARIZED)
    await db.run(
      `INSERT INTO facet_summary (dimension, events, distinct_values, value, n, place)
       WITH counted AS MATERIALIZED (SELECT ${fieldSql[dimension]} AS value, count(*) AS n FROM events GROUP BY ALL),
       top AS (SELECT value, n FROM counted ORDER BY n DESC, value NULLS LAST LIMIT ${SUMMARY_VALUES})
       SELECT $dimension, (SELECT sum(n) FROM counted), (SELECT count(*) FROM counted),
         ${clippedSql('value', LISTED_CHARS)}, n, row_number() OVER (ORDER BY n DESC, value NULLS LAST)
       FROM top`,
      { dimension },
    );
}

/** Whether the summary counted the events the case holds now (events are only ever added). */
export async function facetSummaryCurrent(db: CaseReader, events: number): Promise<boolean> {
  const counted = await db.number('SELECT count(*) FROM facet_summary WHERE events = $events', { events });
  return counted > 0;
}

export interface SummarizedValue {
  value: string | null;
  n: string;
  distinct_values: string;
  total: string;
}

/**
 * A dimension's top `limit` values over the whole case, from the summary, in the facet's order;
 * null when the summary cannot answer (integrity, a longer list, or a summary of other events).
 */
export async function summarizedFacet(
  db: CaseReader,
  dimension: FacetDimension,
  limit: number,
  events: number,
): Promise<SummarizedValue[] | null> {
  if (!SUMMARIZED.includes(dimension) || limit > SUMMARY_VALUES) return null;
  const rows = await db.rows<SummarizedValue>(
    `SELECT value, n, distinct_values, events AS total FROM facet_summary
     WHERE dimension = $dimension AND events = $events AND place <= $limit ORDER BY n DESC, value NULLS LAST`,
    { dimension, events, limit },
  );
  return rows.length > 0 ? rows : null;
}

/** How many values a dimension has over the whole case, from the summary; null when it cannot tell. */
export async function summarizedDistinct(
  db: CaseReader,
  dimension: FacetDimension,
  events: number,
): Promise<number | null> {
  const rows = await db.rows<{ distinct_values: string }>(
    'SELECT distinct_values FROM facet_summary WHERE dimension = $dimension AND events = $events LIMIT 1',
    { dimension, events },
  );
  return rows[0] ? Number(rows[0].distinct_values) : null;
}
