export const HOUR_MS = 3_600_000;

// CloudTrail writes `2015-08-17T15:01:31Z`; fractions and offsets are accepted from other tools.
const ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:?\d{2})$/;

/** Milliseconds since the epoch of an ISO 8601 time with a zone, or null when it is not one. */
export function parseUtc(text: string): number | null {
  if (!ISO_TIME.test(text)) return null;
  const ms = Date.parse(text);
  return Number.isNaN(ms) ? null : ms;
}

/** `2015-08-17T15:01:31Z`: seconds unless the time has a fraction. */
export function formatUtc(ms: number): string {
  return new Date(ms).toISOString().replace('.000Z', 'Z');
}

/** The `YYYYMMDDTHHMMSSZ` or `YYYYMMDDTHHMMZ` stamp of a CloudTrail file name, as ms. */
export function parseNameStamp(stamp: string): number | null {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})?Z$/.exec(stamp);
  if (!m) return null;
  const [, y, mo, d, h, mi, s] = m;
  return parseUtc(`${y}-${mo}-${d}T${h}:${mi}:${s ?? '00'}Z`);
}

/** Whole hours in a span, at least one: how many hourly digests a gap stands for. */
export function hoursIn(fromMs: number, toMs: number): number {
  return Math.max(1, Math.round((toMs - fromMs) / HOUR_MS));
}
