/**
 * Which eventTime values make an event. DuckDB reads far more as TIMESTAMPTZ than a log can
 * mean: `infinity`, `epoch`, year 294247, year 1, 24:00:00, `+24:00`, surrounding spaces. Such
 * a time is attacker-chosen and breaks every view built on time (the volume chart asked for
 * millions of buckets), so a record is loaded only when its eventTime is a JSON string of
 *
 *     YYYY-MM-DD(T| )HH:MM:SS[.f…](Z|±HH:MM)?   (1 to 9 fraction digits; no zone means UTC)
 *
 * naming a real date and time from 2006-01-01T00:00:00Z (CloudTrail is younger; no AWS API
 * call is older) to before 2100-01-01T00:00:00Z. The bounds are fixed, not taken from the
 * clock: a rejected record never comes back (a re-ingest sees its file as unchanged), so the
 * verdict must not depend on the day of the ingest. A space for T and a missing zone are
 * accepted because exports of other tools write them (Panther's test records do) and DuckDB
 * reads them as UTC, as the case's times are; lowercase t and z are not (ISO 8601 writes them
 * upper case, CloudTrail always does, and DuckDB does not read them).
 *
 * JS (`isPlausibleEventTime`, for records read on the fast path) and DuckDB
 * (`eventTimeProblemSql`, for the rest) apply this same rule.
 */

const EARLIEST_EVENT_TIME = '2006-01-01T00:00:00Z';
const END_OF_EVENT_TIMES = '2100-01-01T00:00:00Z';

const EARLIEST_SECONDS = Date.parse(EARLIEST_EVENT_TIME) / 1000;
const END_SECONDS = Date.parse(END_OF_EVENT_TIMES) / 1000;

/** The form, as regular expressions for DuckDB; the JS reader below checks the same bytes. */
const FORM = '^[0-9]{4}-[0-9]{2}-[0-9]{2}[T ][0-9]{2}:[0-9]{2}:[0-9]{2}([.][0-9]{1,9})?(Z|[+-][0-9]{2}:[0-9]{2})?$';
// DuckDB reads 24:00:00 as the next day and +24:00 as an offset; the rule does not.
const FIELDS_IN_RANGE = '^.{11}([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9][^+-]*([+-]([01][0-9]|2[0-3]):[0-5][0-9])?$';

const MINUS = 0x2d;
const PLUS = 0x2b;
const COLON = 0x3a;
const DOT = 0x2e;
const ZERO = 0x30;
const UPPER_T = 0x54;
const SPACE = 0x20;
const UPPER_Z = 0x5a;

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function digits(buf: Uint8Array, start: number, count: number): number {
  let n = 0;
  for (let i = start; i < start + count; i++) {
    const d = (buf[i] ?? 0) - ZERO;
    if (!(d >= 0 && d <= 9)) return -1;
    n = n * 10 + d;
  }
  return n;
}

/** Days from 1970-01-01 to a proleptic Gregorian date (Howard Hinnant's days_from_civil). */
function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const dayOfYear = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146097 + dayOfEra - 719468;
}

/**
 * Whether the bytes between an eventTime string's quotes (no escapes in them) follow the rule.
 * Times that pass are exactly those DuckDB's check passes, and DuckDB reads them as the same
 * instant.
 */
export function isPlausibleEventTime(buf: Uint8Array, start: number, end: number): boolean {
  if (end - start < 19) return false;
  // Indexed directly, not through a helper made on each call: every fresh record's time comes here.
  const separator = buf[start + 10];
  if (
    buf[start + 4] !== MINUS ||
    buf[start + 7] !== MINUS ||
    (separator !== UPPER_T && separator !== SPACE) ||
    buf[start + 13] !== COLON ||
    buf[start + 16] !== COLON
  )
    return false;
  const year = digits(buf, start, 4);
  const month = digits(buf, start + 5, 2);
  const day = digits(buf, start + 8, 2);
  const hour = digits(buf, start + 11, 2);
  const minute = digits(buf, start + 14, 2);
  const second = digits(buf, start + 17, 2);
  if (
    year < 0 ||
    month < 1 ||
    month > 12 ||
    day < 1 ||
    hour < 0 ||
    hour > 23 ||
    minute < 0 ||
    minute > 59 ||
    second < 0 ||
    second > 59
  )
    return false;
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  if (day > (month === 2 && leap ? 29 : DAYS_IN_MONTH[month - 1]!)) return false;

  let pos = start + 19;
  if (buf[pos] === DOT) {
    const fractionStart = ++pos;
    while (pos < end && pos - fractionStart < 10 && buf[pos]! >= ZERO && buf[pos]! <= ZERO + 9) pos++;
    if (pos === fractionStart || pos - fractionStart > 9) return false;
  }
  let offsetMinutes = 0;
  if (pos < end && buf[pos] === UPPER_Z) {
    pos++;
  } else if (pos < end && (buf[pos] === PLUS || buf[pos] === MINUS)) {
    if (end - pos !== 6 || buf[pos + 3] !== COLON) return false;
    const offsetHours = digits(buf, pos + 1, 2);
    const offsetMins = digits(buf, pos + 4, 2);
    if (offsetHours < 0 || offsetHours > 23 || offsetMins < 0 || offsetMins > 59) return false;
    offsetMinutes = (buf[pos] === PLUS ? 1 : -1) * (offsetHours * 60 + offsetMins);
    pos += 6;
  }
  if (pos !== end) return false;
  // The fraction cannot carry a whole second across a bound, so whole seconds decide.
  const seconds = daysFromCivil(year, month, day) * 86400 + hour * 3600 + minute * 60 + second - offsetMinutes * 60;
  return seconds >= EARLIEST_SECONDS && seconds < END_SECONDS;
}

/**
 * Why a record's eventTime (a JSON value, SQL NULL when the record has none or null) does not
 * follow the rule; NULL when it does. At most 100 characters of the value are quoted back.
 */
export function eventTimeProblemSql(eventTime: string): string {
  const text = `(${eventTime}->>'$')`;
  const shown = `to_json(CASE WHEN length(${text}) > 100 THEN left(${text}, 100) || '…' ELSE ${text} END)`;
  const instant = `try_cast(${text} AS TIMESTAMPTZ)`;
  return `CASE
    WHEN ${eventTime} IS NULL THEN 'no eventTime: not a CloudTrail record, or an abbreviated one'
    WHEN json_type(${eventTime}) <> 'VARCHAR' THEN 'eventTime ' || left(${eventTime}::VARCHAR, 100) || ' is not a string'
    WHEN NOT regexp_full_match(${text}, '${FORM}')
      THEN 'eventTime ' || ${shown} || ' is not an ISO 8601 time (YYYY-MM-DDTHH:MM:SS[.fraction] with Z or ±HH:MM)'
    WHEN ${instant} IS NULL OR NOT regexp_full_match(${text}, '${FIELDS_IN_RANGE}') THEN 'eventTime ' || ${shown} || ' is not a timestamp'
    WHEN ${instant} < TIMESTAMPTZ '${EARLIEST_EVENT_TIME}' THEN 'eventTime ' || ${shown} || ' is before ${EARLIEST_EVENT_TIME.slice(0, 10)}: no AWS API call is that old'
    WHEN ${instant} >= TIMESTAMPTZ '${END_OF_EVENT_TIMES}' THEN 'eventTime ' || ${shown} || ' is not before ${END_OF_EVENT_TIMES.slice(0, 10)}: not a time CloudTrail could have logged'
  END`;
}
