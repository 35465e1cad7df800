import { type BucketSeconds, bucketSeconds } from '../../../shared/model/explore.ts';
import { bucketIndex, bucketMonths, bucketOffsetMs } from '../../../shared/volume-buckets.ts';

/** At most this many bars: enough to read a day by the quarter hour, few enough to draw at once. */
export const MAX_BUCKETS = 300;

/**
 * Events the chart can place: from year 1 to the end of year 9999 (CHART_START_MS, CHART_END_MS); infinities fall
 * outside.
 */
export const IN_CHART_SQL = `event_time >= TIMESTAMPTZ '0001-01-01 00:00:00+00' AND event_time < TIMESTAMPTZ '10000-01-01 00:00:00+00'`;

/**
 * The finest bucket that cuts [fromMs, toMs) into at most MAX_BUCKETS. Within the chart's
 * span (years 1 to 9999) the widest, a thousand years, always does; it is also the answer
 * for anything wider, so no range can ask for more bars.
 */
export function chooseBucket(fromMs: number, toMs: number): BucketSeconds {
  for (const seconds of bucketSeconds) {
    if (bucketIndex(toMs - 1, seconds) - bucketIndex(fromMs, seconds) + 1 <= MAX_BUCKETS) return seconds;
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
