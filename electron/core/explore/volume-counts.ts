import type { CaseReader } from '../case/case-reader.ts';
import { clippedSql, LISTED_CHARS } from './field-sql.ts';
import type { SqlParams } from './filter-sql.ts';
import { IN_CHART_SQL } from './volume-bucket.ts';
import { RARE_NEEDED, type RankedValue, stackedSeries, topValuesNeeded } from './volume-series.ts';

/** Events of one bucket with one value: `place` is the value's in `StackCounts.kept` (from 1), null for the others. */
export interface BucketCount {
  bucket: string;
  place: number | null;
  n: string;
  errors: string;
}

export interface StackCounts {
  ranked: RankedValue[];
  /** The values counted apart, by place: every value a series can have is among them. */
  kept: (string | null)[];
  counts: BucketCount[];
  /** The span of `StackQuery.spanOf`'s events, as SPAN_SQL gives it, when it was asked for. */
  span?: { min: string | null; max: string | null; outside: string };
}

/**
 * Below this many values of the dimension over the whole case, counting by bucket and value in
 * one scan is the cheaper way; above it, the groups of every bucket and value outnumber what a
 * second scan costs. On the 5M-event bench case (6-hour buckets): 1,000 values 0.31 s against
 * 0.62 s for two scans, 20,000 values 0.57 s against 0.59 s, 100,000 values 0.79 s against
 * 0.70 s.
 */
export const ONE_SCAN_VALUES = 10_000;

export interface StackQuery {
  /** The stacked dimension's SQL. */
  expr: string;
  /** The charted events; `params` holds its values. */
  charted: string;
  params: SqlParams;
  /** An event's bucket number. */
  bucketSql: string;
  pins: (string | null)[];
  /**
   * The filter's events, times the chart cannot place among them, when their span is still to be
   * found: counted in the same scan, and the span and the events outside it come back with the
   * counts (volume.ts; on a lake each scan pays a reader per file).
   */
  spanOf?: string;
}

/**
 * Counts the charted events by bucket and value in one scan, then ranks the values from those
 * counts: the values to count apart are only known once ranked, so every value is grouped.
 */
export async function countInOneScan(db: CaseReader, q: StackQuery): Promise<StackCounts> {
  const params = q.params.fork();
  const keptList = `(SELECT kept FROM kept_values)`;
  // With a span to find, the events the chart cannot place are grouped too, under no bucket.
  const grouped =
    q.spanOf === undefined
      ? `SELECT ${q.bucketSql} AS bucket, ${q.expr} AS value, count(*) AS n, count(error_code) AS errors
         FROM events WHERE ${q.charted} GROUP BY ALL`
      : `SELECT CASE WHEN ${IN_CHART_SQL} THEN ${q.bucketSql} END AS bucket, ${q.expr} AS value, count(*) AS n,
           count(error_code) AS errors, min(event_time) AS first, max(event_time) AS last
         FROM events WHERE ${q.spanOf} GROUP BY ALL`;
  const span =
    q.spanOf === undefined
      ? ''
      : `UNION ALL
     (SELECT 'span', NULL, coalesce(sum(n) FILTER (bucket IS NULL), 0)::BIGINT, NULL,
       epoch_ms(min(first) FILTER (bucket IS NOT NULL)), epoch_ms(max(last) FILTER (bucket IS NOT NULL)) FROM grouped)`;
  const rows = await db.rows<OneScanRow>(
    `WITH grouped AS MATERIALIZED (${grouped}),
     counted AS MATERIALIZED (SELECT value, sum(n)::BIGINT AS n FROM grouped WHERE bucket IS NOT NULL GROUP BY ALL),
     top AS (SELECT value, n FROM counted ORDER BY n DESC, value NULLS LAST LIMIT ${params.add(topValuesNeeded(q.pins))}),
     kept_values AS (SELECT list_concat(${valueList(q.pins, params)}, list(value)) AS kept FROM top)
     (SELECT 'top' AS side, value, n, list_position(${keptList}, value) AS place, NULL::BIGINT AS bucket, NULL::BIGINT AS errors FROM top)
     UNION ALL
     (SELECT 'rare', ${clippedSql('value', LISTED_CHARS)}, n, NULL, NULL, NULL FROM counted
      ORDER BY n, value NULLS LAST LIMIT ${params.add(RARE_NEEDED)})
     UNION ALL
     (SELECT 'count', NULL, sum(n)::BIGINT, place, bucket, sum(errors)::BIGINT
      FROM (SELECT *, list_position(${keptList}, value) AS place FROM grouped WHERE bucket IS NOT NULL)
      GROUP BY bucket, place)
     ${span}`,
    params.values,
  );
  const kept: (string | null)[] = [...q.pins];
  const ranked: RankedValue[] = [];
  const counts: BucketCount[] = [];
  let found: StackCounts['span'];
  for (const { side, value, n, place, bucket, errors } of rows) {
    // The span's row carries the events outside it as its n, its first and last times as bucket and errors.
    if (side === 'span') found = { min: bucket, max: errors, outside: n };
    else if (side === 'count') counts.push({ bucket: bucket!, place, n, errors: errors! });
    else ranked.push({ side, value, n });
    if (side === 'top' && place !== null) kept[Number(place) - 1] = value;
  }
  return { ranked, kept, counts, ...(found ? { span: found } : {}) };
}

type OneScanRow = Omit<RankedValue, 'side'> &
  Omit<BucketCount, 'bucket' | 'errors'> & {
    side: RankedValue['side'] | 'count' | 'span';
    bucket: string | null;
    errors: string | null;
  };

/** Ranks the values in one scan, then counts by bucket and series in a second. */
export async function countInTwoScans(db: CaseReader, q: StackQuery): Promise<StackCounts> {
  const rankParams = q.params.fork();
  // Counts per value, materialized once for both ends.
  const ranked = await db.rows<RankedValue>(
    `WITH counted AS MATERIALIZED (SELECT ${q.expr} AS value, count(*) AS n FROM events WHERE ${q.charted} GROUP BY ALL)
     (SELECT value, n, 'top' AS side FROM counted ORDER BY n DESC, value NULLS LAST LIMIT ${rankParams.add(topValuesNeeded(q.pins))})
     UNION ALL
     (SELECT ${clippedSql('value', LISTED_CHARS)}, n, 'rare' FROM counted ORDER BY n, value NULLS LAST LIMIT ${rankParams.add(RARE_NEEDED)})`,
    rankParams.values,
  );
  const kept = stackedSeries(ranked, q.pins).named;
  const countParams = q.params.fork();
  // An event's place in the list of series values; list_position finds a null too. A CASE chain
  // of comparisons took 350 ms against 210 for the counts of the 5M-event bench case by principal.
  const counts = await db.rows<BucketCount>(
    `SELECT ${q.bucketSql} AS bucket, list_position(${valueList(kept, countParams)}, ${q.expr}) AS place,
       count(*) AS n, count(error_code) AS errors
     FROM events WHERE ${q.charted} GROUP BY ALL`,
    countParams.values,
  );
  return { ranked, kept, counts };
}

const valueList = (values: readonly (string | null)[], params: SqlParams) =>
  `[${values.map((v) => (v === null ? 'NULL' : params.add(v))).join(', ')}]::VARCHAR[]`;
