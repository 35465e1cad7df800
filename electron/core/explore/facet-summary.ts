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

/**
 * Dimensions with few values are counted in one scan, by GROUPING SETS. A lake pays for each of
 * its files in every statement: the six took 1.43 s one statement each over the org-trail bench's
 * lake (1,462 files) and 0.55 s in one; 195 against 112 ms over the 1M bench lake, 47 against 38
 * ms on its case (median of 5). Access keys and source IPs can have a value per event, and are
 * counted on their own.
 */
const COUNTED_TOGETHER: readonly FacetDimension[] = SUMMARIZED.filter(
  (d) => d !== 'access_key_id' && d !== 'source_ip',
);

/** Counts the whole case's facets again into `facet_summary` (migration 11), in the case summary's transaction (case-summary.ts). */
export async function writeFacetSummary(db: DuckDBConnection): Promise<void> {
  await db.run('DELETE FROM facet_summary');
  // Each row is one value of one dimension: the one whose column the row was grouped by.
  const grouped = (i: number) => `GROUPING(d${i}) = 0`;
  await db.run(
    `CREATE OR REPLACE TEMP TABLE facet_counts AS
     SELECT CASE ${COUNTED_TOGETHER.map((_, i) => `WHEN ${grouped(i)} THEN ${i}`).join(' ')} END AS dimension,
       CASE ${COUNTED_TOGETHER.map((_, i) => `WHEN ${grouped(i)} THEN d${i}`).join(' ')} END AS value, count(*) AS n
     FROM (SELECT ${COUNTED_TOGETHER.map((d, i) => `${fieldSql[d]} AS d${i}`).join(', ')} FROM events)
     GROUP BY GROUPING SETS (${COUNTED_TOGETHER.map((_, i) => `(d${i})`).join(', ')})`,
  );
  for (const dimension of SUMMARIZED) {
    const i = COUNTED_TOGETHER.indexOf(dimension);
    const counted =
      i >= 0
        ? `SELECT value, n FROM facet_counts WHERE dimension = ${i}`
        : `SELECT ${fieldSql[dimension]} AS value, count(*) AS n FROM events GROUP BY ALL`;
    await db.run(
      `INSERT INTO facet_summary (dimension, events, distinct_values, value, n, place)
       WITH counted AS MATERIALIZED (${counted}),
       top AS (SELECT value, n FROM counted ORDER BY n DESC, value NULLS LAST LIMIT ${SUMMARY_VALUES})
       SELECT $dimension, (SELECT sum(n) FROM counted), (SELECT count(*) FROM counted),
         ${clippedSql('value', LISTED_CHARS)}, n, row_number() OVER (ORDER BY n DESC, value NULLS LAST)
       FROM top`,
      { dimension },
    );
  }
  await db.run('DROP TABLE facet_counts');
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
