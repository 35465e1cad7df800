import type { EventOrder, EventPage, EventRow, ExploreFilter } from '../../../shared/model/explore.ts';
import type { CaseReader } from '../case/case-reader.ts';
import type { CaseStore } from '../case/case-store.ts';
import { clippedSql, isoTime, PRINCIPAL_COLUMNS, PRINCIPAL_SQL, ROW_CHARS } from './field-sql.ts';
import { filterScope, matchingCount, NO_FILTER, paramsFor, type SqlParams, storedEvents } from './filter-sql.ts';

const cell = (expr: string, name: string) => `${clippedSql(expr, ROW_CHARS)} AS ${name}`;

const BEFORE_PRINCIPAL = ['event_name', 'event_source'] as const;
const AFTER_PRINCIPAL = [
  'access_key_id',
  'source_ip',
  'aws_region',
  'recipient_account_id',
  'error_code',
  'user_agent',
];

/** What the list shows of each event, every text cut to ROW_CHARS: the record panel fetches the whole values. */
const COLUMNS = [
  'e.event_key',
  `${isoTime('e.event_time')} AS event_time`,
  ...BEFORE_PRINCIPAL.map((c) => cell(`e.${c}`, c)),
  cell(PRINCIPAL_SQL, 'principal'),
  ...AFTER_PRINCIPAL.map((c) => cell(`e.${c}`, c)),
  'b.event_key IS NOT NULL AS bookmarked',
].join(', ');

/** What COLUMNS reads, for a lake's page that sorts its stored rows whole before cutting them. */
const STORED_COLUMNS = ['event_key', 'event_time', ...BEFORE_PRINCIPAL, ...PRINCIPAL_COLUMNS, ...AFTER_PRINCIPAL].join(
  ', ',
);

/** The list's ORDER BY: time, then event key so that events of the same second keep one order. */
export const orderBy = (order: EventOrder, alias = '') =>
  order === 'newest-first'
    ? `${alias}event_time DESC, ${alias}event_key DESC`
    : `${alias}event_time, ${alias}event_key`;

/** One page of the events a filter matches, in time order either way, and how many it matches in all. */
export function eventsPage(
  store: CaseStore,
  filter: ExploreFilter,
  offset: number,
  limit: number,
  order: EventOrder = 'oldest-first',
): Promise<EventPage> {
  return store.read(async (db) => {
    const scope = await filterScope(store, db, filter);
    const params = paramsFor(store);
    const filtered = scope.where(params);
    const days = filtered === NO_FILTER ? daysHolding(store.lakeEvents?.days, order, offset, limit) : null;
    // Within the days that hold the page, it starts that many events further up.
    const down = days?.before ?? 0;
    const span = days && [params.add(days.first), params.add(days.last)];
    const inDays = span
      ? (alias: string) => `${alias}"date" BETWEEN CAST(${span[0]} AS DATE) AND CAST(${span[1]} AS DATE)`
      : null;
    const where = inDays ? inDays('') : filtered;
    if (offset + limit - down > SORTED_DOWN_TO) {
      const deep = await deepPage(db, store, { where, params }, order, offset - down, limit);
      return { offset, total: days ? await matchingCount(store, db, filtered) : deep.total, rows: deep.rows };
    }
    const total = await matchingCount(store, db, filtered, params);
    const page = `LIMIT ${params.add(limit)} OFFSET ${params.add(offset - down)}`;
    const rows = await db.rows<EventRow>(
      pageSql(store, { where, fetched: inDays?.('e.') }, order, page, offset + limit - down),
      params.values,
    );
    return { total, offset, rows };
  });
}

/**
 * The days of a lake that hold events [offset, offset + limit) of the unfiltered list, and how
 * many events come before the first of them in the list's order; null when no day does (a page
 * past the end, or a case). A lake files its events by UTC day, and its open counted each day's,
 * so the page opens only those days' files: on a lake of a year of an organization's trail,
 * every other file would be opened, and each costs its reader.
 */
export function daysHolding(
  days: readonly (readonly [string, number])[] | undefined,
  order: EventOrder,
  offset: number,
  limit: number,
): { first: string; last: string; before: number } | null {
  if (!days) return null;
  const listed = order === 'newest-first' ? [...days].reverse() : days;
  let before = 0;
  let start: { day: string; before: number } | null = null;
  for (const [day, events] of listed) {
    if (start === null && before + events > offset) start = { day, before };
    before += events;
    if (start !== null && before >= offset + limit) return spanOf(start, day);
  }
  return start && spanOf(start, listed[listed.length - 1]![0]);
}

const spanOf = (start: { day: string; before: number }, end: string) =>
  start.day <= end
    ? { first: start.day, last: end, before: start.before }
    : { first: end, last: start.day, before: start.before };

/**
 * Pages reaching further down than this first find the minutes they fall in (`deepPage`); those
 * above sort every matching event down to the page, which costs more the deeper the page but
 * skips counting the minutes. On the 5M-event bench case and its lake both ways took 120–330 ms
 * at 10,000–30,000 rows down (the lake's sort was the faster there, 85–114 ms); at 100,000 the
 * sort took 0.6–0.9 s and the minutes 0.19–0.3 s.
 */
export const SORTED_DOWN_TO = 50_000;

/**
 * An event's minute, a number that never decreases with its time; the infinities, which have
 * no epoch, come below and above every finite time's.
 */
const MINUTE_SQL = `CASE WHEN isfinite(event_time) THEN epoch_ms(event_time) // 60000
  WHEN event_time > '1970-01-01' THEN 1000000000000000 ELSE -1000000000000000 END`;

/**
 * A page deep in the list, and the total. The matching events are counted per minute, which
 * tells the total, the minutes the page falls in and how many events come before them; only
 * those minutes' events are then sorted. Sorting every matching event down to the page took
 * 1.1 s at the middle of the 5M-event bench case.
 */
async function deepPage(
  db: CaseReader,
  store: CaseStore,
  { where, params }: { where: string; params: SqlParams },
  order: EventOrder,
  offset: number,
  limit: number,
): Promise<{ total: number; rows: EventRow[] }> {
  const located = params.fork();
  const minutes = await db.row<{ total: string; first: string | null; last: string | null; before: string | null }>(
    `WITH minutes AS MATERIALIZED (SELECT ${MINUTE_SQL} AS minute, count(*) AS n FROM ${storedEvents(store)} WHERE ${where} GROUP BY ALL),
     placed AS (SELECT minute, n, sum(n) OVER (ORDER BY minute ${order === 'newest-first' ? 'DESC' : 'ASC'}
       ROWS UNBOUNDED PRECEDING) - n AS before FROM minutes)
     SELECT (SELECT coalesce(sum(n), 0) FROM minutes) AS total, min(minute) AS first, max(minute) AS last,
       min(before) AS before FROM placed
     WHERE before + n > ${located.add(offset)} AND before < ${located.add(offset + limit)}`,
    located.values,
  );
  const total = Number(minutes?.total ?? 0);
  if (!minutes || minutes.first === null) return { total, rows: [] };
  const within = `${where} AND ${MINUTE_SQL} BETWEEN ${params.add(Number(minutes.first))} AND ${params.add(Number(minutes.last))}`;
  const page = `LIMIT ${params.add(limit)} OFFSET ${params.add(offset - Number(minutes.before))}`;
  return {
    total,
    rows: await db.rows<EventRow>(pageSql(store, { where: within }, order, page, offset + limit), params.values),
  };
}

/**
 * On a lake, the rows of the pages near the top are sorted whole: DuckDB's top-N then skips the
 * row groups whose times cannot reach the page, and each file is opened once. Deeper, it sorts
 * all the matching events' keys instead, and a second scan fetches the page's rows: on the bench
 * lake, sorting whole rows took 21 ms against 33 ms at the top, 40 against 54 ms down to row
 * 6,200, then 260 against 116 ms from row 8,200 on.
 */
export const WHOLE_ROWS_UP_TO = 5_000;

/**
 * The page's SQL: `where` chooses its events, and `fetched`, on a lake, the events (as `e`) its
 * rows may be fetched from once its keys are sorted (the days that hold it).
 */
function pageSql(
  store: CaseStore,
  { where, fetched }: { where: string; fetched?: string | undefined },
  order: EventOrder,
  page: string,
  rowsDown: number,
): string {
  const sorted = orderBy(order);
  const shown = `ORDER BY ${orderBy(order, 'e.')}`;
  const bookmarked = 'LEFT JOIN bookmarks b ON b.event_key = e.event_key';
  if (!store.lake)
    // Sorting row ids only, then fetching the page's columns: at offset 500,000 of a million
    // events this took 0.2 s where sorting whole rows took 1 s.
    return `WITH page AS (SELECT rowid AS row_id FROM events WHERE ${where} ORDER BY ${sorted} ${page})
      SELECT ${COLUMNS} FROM page JOIN events e ON e.rowid = page.row_id ${bookmarked} ${shown}`;
  if (rowsDown <= WHOLE_ROWS_UP_TO)
    return `WITH page AS (SELECT ${STORED_COLUMNS} FROM ${storedEvents(store)} WHERE ${where} ORDER BY ${sorted} ${page})
      SELECT ${COLUMNS} FROM page e ${bookmarked} ${shown}`;
  // A lake's events have no row ids. Its files are sorted by time, so joining back on the page's
  // times as well as its keys reads only the row groups those times fall in.
  return `WITH page AS (SELECT event_time, event_key FROM ${storedEvents(store)} WHERE ${where} ORDER BY ${sorted} ${page})
    SELECT ${COLUMNS} FROM page JOIN ${storedEvents(store, 'e')} ON e.event_time = page.event_time AND e.event_key = page.event_key
    ${fetched ? `AND ${fetched}` : ''} ${bookmarked} ${shown}`;
}
