import { bucketEnd, bucketMonths } from '../../../shared/volume-buckets.ts';

/** What the chart's buckets cross: a day changes, a year changes. */
export interface Span {
  days: boolean;
  years: boolean;
}

const WEEK_SECONDS = 604_800;
const DAY_SECONDS = 86_400;

/** What the buckets of a chart from `firstIso` to `lastIso` (the last bucket's start) cross. */
export const spanOf = (firstIso: string, lastIso: string): Span => ({
  days: firstIso.slice(0, 10) !== lastIso.slice(0, 10),
  years: firstIso.slice(0, 4) !== lastIso.slice(0, 4),
});

/**
 * A bucket's start as an axis label, in UTC: only as much of the time as the bucket size
 * needs, with the year once the chart crosses one.
 */
export function bucketLabel(iso: string, bucketSeconds: number, span: Span): string {
  const months = bucketMonths(bucketSeconds);
  if (months !== null) return months % 12 === 0 ? iso.slice(0, 4) : iso.slice(0, 7);
  const date = span.years ? iso.slice(0, 10) : iso.slice(5, 10);
  const time = iso.slice(11, 16);
  if (bucketSeconds >= DAY_SECONDS) return date;
  return span.days ? `${date} ${time}` : time;
}

/** How the bars are cut where it is not plain: weeks start on Mondays, months on the 1st, in UTC. */
export function bucketAlignment(bucketSeconds: number): string {
  if (bucketSeconds === WEEK_SECONDS) return 'weeks from Monday';
  const months = bucketMonths(bucketSeconds);
  if (months === null) return '';
  return months % 12 === 0 ? 'years from 1 January' : 'months from the 1st';
}

const shownTime = (iso: string) => iso.slice(0, 19).replace('T', ' ');
const lastDay = (endIso: string) => new Date(Date.parse(endIso) - 1).toISOString().slice(0, 10);

/** The whole span of one bar, for its tooltip: "2026-11-02 02:05:00 – 02:10:00", "Mon 2026-10-19 – Sun 2026-10-25". */
export function bucketSpan(startIso: string, bucketSeconds: number): string {
  const end = bucketEnd(startIso, bucketSeconds);
  const months = bucketMonths(bucketSeconds);
  if (months === 1) return startIso.slice(0, 7);
  if (months !== null && months % 12 === 0 && months > 12)
    return `${startIso.slice(0, 4)} – ${lastDay(end).slice(0, 4)}`;
  if (months === 12) return startIso.slice(0, 4);
  if (months !== null || bucketSeconds === WEEK_SECONDS) {
    const weekday = bucketSeconds === WEEK_SECONDS;
    return `${weekday ? 'Mon ' : ''}${startIso.slice(0, 10)} – ${weekday ? 'Sun ' : ''}${lastDay(end)}`;
  }
  if (bucketSeconds === DAY_SECONDS) return startIso.slice(0, 10);
  return `${shownTime(startIso)} – ${end.slice(0, 10) === startIso.slice(0, 10) ? end.slice(11, 19) : shownTime(end)}`;
}
