import { type BucketSeconds, bucketSeconds } from '../../../shared/model/explore.ts';

/** At most this many bars: enough to read a day by the quarter hour, few enough to draw at once. */
export const MAX_BUCKETS = 300;

/** The finest bucket that cuts a span of time into at most MAX_BUCKETS; a day beyond that. */
export function chooseBucket(fromMs: number, toMs: number): BucketSeconds {
  for (const seconds of bucketSeconds) {
    const first = Math.floor(fromMs / (seconds * 1000));
    const last = Math.ceil(toMs / (seconds * 1000));
    if (last - first <= MAX_BUCKETS) return seconds;
  }
  return bucketSeconds[bucketSeconds.length - 1]!;
}
