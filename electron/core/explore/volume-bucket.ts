import { type BucketSeconds, bucketSeconds, MAX_BUCKETS } from '../../../shared/model/explore.ts';
import { bucketIndex, bucketMonths, bucketOffsetMs } from '../../../shared/volume-buckets.ts';

/**
 * Events the chart can place: from year 1 to the end of year 9999 (CHART_START_MS, CHART_END_MS); infinities fall
 * outside.
 */
export const IN_CHART_SQL = `event_time >= TIMESTAMPTZ '0001-01-01 00:00:00+00' AND event_time < TIMESTAMPTZ '10000-01-01 00:00:00+00'`;

/** The span a chart can place (epoch ms) and the events it cannot: `min`, `max`, `outside`. */
export const SPAN_SQL = `epoch_ms(min(event_time) FILTER (${IN_CHART_SQL})) AS min, epoch_ms(max(event_time) FILTER (${IN_CHART_SQL})) AS max,
  count(*) FILTER (NOT (${IN_CHART_SQL})) AS outside`;

/** How many bars [fromMs, toMs) takes in buckets of `seconds`, the partial ones at both ends included. */
export const barCount = (fromMs: number, toMs: number, seconds: BucketSeconds) =>
  bucketIndex(toMs - 1, seconds) - bucketIndex(fromMs, seconds) + 1;

/**
 * The finest bucket, no finer than `finest` (the analyst's choice), that cuts [fromMs, toMs)
 * into at most `maxBars` (the chart's width allows no more). Within the chart's span (years 1
 * to 9999) the widest, a thousand years, gives ten bars; it is also the answer for anything
 * wider or narrower, so no range can ask for more bars.
 */
export function chooseBucket(
  fromMs: number,
  toMs: number,
  maxBars: number = MAX_BUCKETS,
  finest: BucketSeconds = bucketSeconds[0],
): BucketSeconds {
  const most = Math.min(maxBars, MAX_BUCKETS);
  for (const seconds of bucketSeconds) {
    if (seconds >= finest && barCount(fromMs, toMs, seconds) <= most) return seconds;
  }
  return bucketSeconds[bucketSeconds.length - 1]!;
}

/**
 * The SQL giving an event's bucket number, the same number `bucketIndex` gives: epoch
 * arithmetic for fixed widths (fdiv floors, where `//` would round 1969 towards zero), the
 * calendar for months and years. Only for times within the chart's span.
 */
export function bucketIndexSql(column: string, seconds: BucketSeconds): string {
  const months = bucketMonths(seconds);
  if (months !== null) return `(year(${column}) * 12 + month(${column}) - 1) // ${months}`;
  return `fdiv(epoch_ms(${column}) + ${bucketOffsetMs(seconds)}, ${seconds * 1000})::BIGINT`;
}
