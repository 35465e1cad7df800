import { bucketMonths } from '../../../shared/volume-buckets.ts';

/** What the chart's buckets cross: a day changes, a year changes. */
export interface Span {
  days: boolean;
  years: boolean;
}

/**
 * A bucket's start as an axis label, in UTC: only as much of the time as the bucket size
 * needs, with the year once the chart crosses one.
 */
export function bucketLabel(iso: string, bucketSeconds: number, span: Span): string {
  const months = bucketMonths(bucketSeconds);
  if (months !== null) return months % 12 === 0 ? iso.slice(0, 4) : iso.slice(0, 7);
  const date = span.years ? iso.slice(0, 10) : iso.slice(5, 10);
  const time = iso.slice(11, 16);
  if (bucketSeconds >= 86_400) return date;
  return span.days ? `${date} ${time}` : time;
}
