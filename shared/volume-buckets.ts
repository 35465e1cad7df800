/**
 * The volume chart's buckets, by their width in seconds (`bucketSeconds` in model/explore).
 * Up to a day they are fixed spans aligned to the UTC epoch; a week starts on a Monday;
 * months and years are calendar ones, named by the Gregorian average length.
 */

const DAY_MS = 86_400_000;
const WEEK_SECONDS = 604_800;
/** 1970-01-01 was a Thursday: the Monday before it is three days earlier. */
const MONDAY_OFFSET_MS = 3 * DAY_MS;
export const MONTH_SECONDS = 2_629_746;
export const YEAR_SECONDS = 31_556_952;

/**
 * The span the chart can draw: years 1 to 9999, the years an ISO 8601 time in the API can
 * name. DuckDB stores times from 290,309 BC to 294,247 AD (and infinities); an event outside
 * this span is counted apart, never charted.
 */
export const CHART_START_MS = utcMonth(1, 0);
export const CHART_END_MS = utcMonth(10_000, 0);
/** The last instant the API can name: a bucket ending at year 10,000 ends here. */
const LAST_NAMEABLE = '9999-12-31T23:59:59.999Z';

/** Months per bucket for calendar buckets; null for fixed ones. */
export function bucketMonths(seconds: number): number | null {
  if (seconds % YEAR_SECONDS === 0) return (seconds / YEAR_SECONDS) * 12;
  if (seconds % MONTH_SECONDS === 0) return seconds / MONTH_SECONDS;
  return null;
}

/** How far fixed buckets are shifted from the epoch: weeks start on Mondays, the rest at 1970-01-01. */
export const bucketOffsetMs = (seconds: number) => (seconds === WEEK_SECONDS ? MONDAY_OFFSET_MS : 0);

/** The number of the bucket holding an instant: bucket n spans [bucketStartMs(n), bucketStartMs(n + 1)). */
export function bucketIndex(ms: number, seconds: number): number {
  const months = bucketMonths(seconds);
  if (months !== null) {
    const date = new Date(ms);
    return Math.floor((date.getUTCFullYear() * 12 + date.getUTCMonth()) / months);
  }
  return Math.floor((ms + bucketOffsetMs(seconds)) / (seconds * 1000));
}

export function bucketStartMs(index: number, seconds: number): number {
  const months = bucketMonths(seconds);
  if (months !== null) {
    const month = index * months;
    return utcMonth(Math.floor(month / 12), month % 12);
  }
  return index * seconds * 1000 - bucketOffsetMs(seconds);
}

/** An instant as the API carries it, to the second when it falls on one; never past year 9999. */
export function apiTime(ms: number): string {
  if (ms >= CHART_END_MS) return LAST_NAMEABLE;
  return new Date(ms).toISOString().replace('.000Z', 'Z');
}

/** Where the bucket starting at `startIso` ends (exclusive). */
export function bucketEnd(startIso: string, seconds: number): string {
  const start = Date.parse(startIso);
  return apiTime(bucketStartMs(bucketIndex(start, seconds) + 1, seconds));
}

const FIXED_NAMES: Record<number, string> = {
  60: '1 minute',
  300: '5 minutes',
  900: '15 minutes',
  3600: '1 hour',
  21_600: '6 hours',
  86_400: '1 day',
  [WEEK_SECONDS]: '1 week',
};

/** "1 minute", "6 hours", "1 week", "3 months", "1,000 years". */
export function bucketName(seconds: number): string {
  const months = bucketMonths(seconds);
  if (months === null) return FIXED_NAMES[seconds] ?? `${seconds.toLocaleString('en-US')} s`;
  if (months % 12 !== 0) return `${months} ${months === 1 ? 'month' : 'months'}`;
  const years = months / 12;
  return `${years.toLocaleString('en-US')} ${years === 1 ? 'year' : 'years'}`;
}

/** Date.UTC reads years 0–99 as 1900–1999; this does not. */
function utcMonth(year: number, month: number): number {
  const date = new Date(0);
  date.setUTCFullYear(year, month, 1);
  return date.getTime();
}
