import {
  bucketSeconds,
  type ExploreFilter,
  type StackDimension,
  type Volume,
  type VolumeBucket,
} from '../../../shared/model/explore.ts';
import { apiTime, bucketIndex, bucketStartMs, CHART_END_MS, CHART_START_MS } from '../../../shared/volume-buckets.ts';
import type { CaseStore } from '../case/case-store.ts';
import { clipped, fieldSql, LISTED_CHARS } from './field-sql.ts';
import { filterWhere, isoMs, SqlParams } from './filter-sql.ts';
import { bucketIndexSql, chooseBucket, IN_CHART_SQL } from './volume-bucket.ts';

/** Stacks beyond this many values get unreadable; the rest is summed as "other". */
const STACKED_VALUES = 8;

/**
 * Events per time bucket, stacked by the most frequent values of one dimension, with errors
 * counted apart. Buckets are aligned to the UTC epoch (weeks to Mondays, months and years to
 * the calendar), and empty buckets are returned as zeros so gaps in the logs show as gaps.
 * However wide the range or wild the times, there are at most MAX_BUCKETS bars: times outside
 * the years 1 to 9999 are counted in `outside`, not charted.
 */
export function volume(store: CaseStore, filter: ExploreFilter, stackBy: StackDimension): Promise<Volume> {
  return store.read(async (db) => {
    const params = new SqlParams();
    const where = filterWhere(filter, params);
    const asked = {
      from: filter.from ? isoMs(filter.from, 'from') : null,
      to: filter.to ? isoMs(filter.to, 'to') : null,
    };
    const fromMs = asked.from === null ? null : Math.max(asked.from, CHART_START_MS);
    const toMs = asked.to === null ? null : Math.min(asked.to, CHART_END_MS);

    // Without a range of its own the chart spans the matching events; a range reaching before
    // year 1 may match events no bar can show. Otherwise this scan is not needed.
    let span = { fromMs, toMs, outside: 0 };
    if (fromMs === null || toMs === null || fromMs !== asked.from) {
      const found = await db.row<{ min: string | null; max: string | null; outside: string }>(
        `SELECT epoch_ms(min(event_time) FILTER (${IN_CHART_SQL})) AS min, epoch_ms(max(event_time) FILTER (${IN_CHART_SQL})) AS max,
           count(*) FILTER (NOT (${IN_CHART_SQL})) AS outside
         FROM events WHERE ${where}`,
        params.values,
      );
      const { min = null, max = null, outside = '0' } = found ?? {};
      span = {
        fromMs: fromMs ?? (min === null ? null : Number(min)),
        toMs: toMs ?? (max === null ? null : Number(max) + 1),
        outside: Number(outside),
      };
    }
    if (span.fromMs === null || span.toMs === null || span.toMs <= span.fromMs) {
      return {
        bucket_seconds: bucketSeconds[0],
        from: null,
        to: null,
        stack_by: stackBy,
        series: [],
        buckets: [],
        total: 0,
        errors: 0,
        outside: span.outside,
      };
    }
    const seconds = chooseBucket(span.fromMs, span.toMs);
    const charted = `${where} AND ${IN_CHART_SQL}`;

    const expr = fieldSql[stackBy];
    const topParams = params.fork();
    const top = await db.rows<{ value: string | null }>(
      `SELECT ${expr} AS value, count(*) AS n FROM events WHERE ${charted} GROUP BY ALL ORDER BY n DESC, value NULLS LAST LIMIT ${topParams.add(STACKED_VALUES + 1)}`,
      topParams.values,
    );
    const ranked = top.map((r) => r.value);
    const named = ranked.slice(0, STACKED_VALUES);
    const other = ranked.length > STACKED_VALUES;

    // Which series an event belongs to: its value's rank among the top values, else "other".
    // With no events in the range there are no values, and nothing to rank.
    const ranks = named.map((v, i) =>
      v === null ? `WHEN ${expr} IS NULL THEN ${i}` : `WHEN ${expr} = ${params.add(v)} THEN ${i}`,
    );
    const seriesOf = ranks.length ? `CASE ${ranks.join(' ')} ELSE ${named.length} END` : '0';
    const series = [
      ...named.map((value) => ({ value: value === null ? null : clipped(value, LISTED_CHARS), other: false })),
      ...(other ? [{ value: null, other: true }] : []),
    ];

    const counts = await db.rows<{ bucket: string; series: number; n: string; errors: string }>(
      `SELECT ${bucketIndexSql('event_time', seconds)} AS bucket, ${seriesOf} AS series, count(*) AS n, count(error_code) AS errors
       FROM events WHERE ${charted} GROUP BY ALL`,
      params.values,
    );

    const first = bucketIndex(span.fromMs, seconds);
    const last = bucketIndex(span.toMs - 1, seconds);
    const buckets: VolumeBucket[] = [];
    for (let b = first; b <= last; b++)
      buckets.push({ start: apiTime(bucketStartMs(b, seconds)), counts: series.map(() => 0), errors: 0 });
    let total = 0;
    let errors = 0;
    for (const [bucket, index, n, errs] of counts.map(
      (r) => [r.bucket, r.series, r.n, r.errors].map(Number) as [number, number, number, number],
    )) {
      const slot = buckets[bucket - first];
      if (!slot) continue;
      slot.counts[index] = (slot.counts[index] ?? 0) + n;
      slot.errors += errs;
      total += n;
      errors += errs;
    }
    return {
      bucket_seconds: seconds,
      from: buckets[0]!.start,
      to: apiTime(bucketStartMs(last + 1, seconds)),
      stack_by: stackBy,
      series,
      buckets,
      total,
      errors,
      outside: span.outside,
    };
  });
}
