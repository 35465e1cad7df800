import { type ExploreFilter, type StackDimension, type Volume, type VolumeBucket, bucketSeconds } from '../../../shared/model/explore.ts';
import type { CaseStore } from '../case/case-store.ts';
import { fieldSql } from './field-sql.ts';
import { SqlParams, filterWhere } from './filter-sql.ts';
import { chooseBucket } from './volume-bucket.ts';

/** Stacks beyond this many values get unreadable; the rest is summed as "other". */
const STACKED_VALUES = 8;

/**
 * Events per time bucket, stacked by the most frequent values of one dimension, with errors
 * counted apart. Buckets are aligned to the UTC epoch, so they fall on whole minutes, hours
 * and days, and empty buckets are returned as zeros so gaps in the logs show as gaps.
 */
export async function volume(store: CaseStore, filter: ExploreFilter, stackBy: StackDimension): Promise<Volume> {
  const db = await store.connectReader();
  try {
    const params = new SqlParams();
    const where = filterWhere(filter, params);
    // Without a range of its own, the chart spans the matching events.
    const [min, max] = filter.from && filter.to ? [] : ((await db.runAndReadAll(`SELECT epoch_ms(min(event_time)), epoch_ms(max(event_time)) FROM events WHERE ${where}`, params.values)).getRows()[0] ?? []);
    const fromMs = filter.from ? Date.parse(filter.from) : min == null ? null : Number(min);
    const toMs = filter.to ? Date.parse(filter.to) : max == null ? null : Number(max) + 1;
    if (fromMs === null || toMs === null || toMs <= fromMs) {
      return { bucket_seconds: bucketSeconds[0], from: null, to: null, stack_by: stackBy, series: [], buckets: [], total: 0, errors: 0 };
    }
    const seconds = chooseBucket(fromMs, toMs);
    const bucketMs = seconds * 1000;

    const expr = fieldSql[stackBy];
    const topParams = params.fork();
    const top = await db.runAndReadAll(
      `SELECT ${expr} AS value, count(*) AS n FROM events WHERE ${where} GROUP BY ALL ORDER BY n DESC, value NULLS LAST LIMIT ${topParams.add(STACKED_VALUES + 1)}`,
      topParams.values,
    );
    const ranked = top.getRows().map((r) => (r[0] === null ? null : String(r[0])));
    const named = ranked.slice(0, STACKED_VALUES);
    const other = ranked.length > STACKED_VALUES;
    const series = [...named.map((value) => ({ value, other: false })), ...(other ? [{ value: null, other: true }] : [])];

    // Which series an event belongs to: its value's rank among the top values, else "other".
    const seriesOf = `CASE ${named.map((v, i) => (v === null ? `WHEN ${expr} IS NULL THEN ${i}` : `WHEN ${expr} = ${params.add(v)} THEN ${i}`)).join(' ')} ELSE ${named.length} END`;
    const counts = await db.runAndReadAll(
      `SELECT epoch_ms(event_time) // ${params.add(bucketMs)}::BIGINT AS bucket, ${seriesOf} AS series, count(*) AS n, count(error_code) AS errors
       FROM events WHERE ${where} GROUP BY ALL`,
      params.values,
    );

    const first = Math.floor(fromMs / bucketMs);
    const last = Math.ceil(toMs / bucketMs) - 1;
    const buckets: VolumeBucket[] = [];
    for (let b = first; b <= last; b++) buckets.push({ start: new Date(b * bucketMs).toISOString().replace('.000Z', 'Z'), counts: series.map(() => 0), errors: 0 });
    let total = 0;
    let errors = 0;
    for (const [bucket, index, n, errs] of counts.getRows().map((r) => r.map(Number) as [number, number, number, number])) {
      const slot = buckets[bucket - first];
      if (!slot) continue;
      slot.counts[index] = (slot.counts[index] ?? 0) + n;
      slot.errors += errs;
      total += n;
      errors += errs;
    }
    return { bucket_seconds: seconds, from: buckets[0]!.start, to: new Date((last + 1) * bucketMs).toISOString().replace('.000Z', 'Z'), stack_by: stackBy, series, buckets, total, errors };
  } finally {
    db.closeSync();
  }
}
