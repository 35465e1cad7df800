import { sqlString } from '../case/sql.ts';
import {
  ACCOUNT_PATTERN,
  type LakeColumn,
  type LakeTable,
  type LakeTableName,
  REGION_PATTERN,
  UNKNOWN_PARTITION,
} from './lake-layout.ts';

/**
 * What one export covers: the events of its window (event_time, end exclusive) delivered by
 * sources up to `lastSourceId`, every source up to it, and the integrity runs up to
 * `lastIntegrityRunId`. The case only grows (a new delivery of a known event is a new
 * event_sources row, never a changed event), so the exports so far name exactly the rows
 * already in the lake, and the next export writes the others, without reading the lake.
 */
export interface ExportScope {
  since: string | null;
  until: string | null;
  lastSourceId: number;
  lastIntegrityRunId: number;
}

/** How a table's rows are reached: its FROM clause, and the time and source that place each row in a scope. */
interface RowPlace {
  from: string;
  /** The event time of the row, for tables the window applies to. */
  time: string | null;
  /** The source (or integrity run) the row came with. */
  by: string;
  byIntegrityRun: boolean;
}

const PLACES: Record<LakeTableName, RowPlace> = {
  events: {
    from: 'events x LEFT JOIN sources s ON s.source_id = x.source_id',
    time: 'x.event_time',
    by: 'x.source_id',
    byIntegrityRun: false,
  },
  // A delivery belongs with its event's time, and is new when its source is.
  event_sources: {
    from: 'event_sources x JOIN events e ON e.event_key = x.event_key',
    time: 'e.event_time',
    by: 'x.source_id',
    byIntegrityRun: false,
  },
  pipeline_calls: {
    from: 'pipeline_calls x JOIN events e ON e.event_key = x.event_key',
    time: 'x.event_time',
    by: 'e.source_id',
    byIntegrityRun: false,
  },
  // A conflicting delivery, like any delivery, belongs with its event's time and comes with its source.
  event_conflicts: {
    from: 'event_conflicts x JOIN events e ON e.event_key = x.event_key',
    time: 'e.event_time',
    by: 'x.source_id',
    byIntegrityRun: false,
  },
  sources: { from: 'sources x', time: null, by: 'x.source_id', byIntegrityRun: false },
  integrity_runs: { from: 'integrity_runs x', time: null, by: 'x.run_id', byIntegrityRun: true },
  integrity_files: { from: 'integrity_files x', time: null, by: 'x.run_id', byIntegrityRun: true },
  integrity_gaps: { from: 'integrity_gaps x', time: null, by: 'x.run_id', byIntegrityRun: true },
  integrity_trails: { from: 'integrity_trails x', time: null, by: 'x.run_id', byIntegrityRun: true },
};

/** The alias every table's own columns are read under (`lakeColumns(…, TABLE_ALIAS)`). */
export const TABLE_ALIAS = 'x';

/** A span of whole UTC days, as instants: from the first day's start to the start of the day after the last. */
export interface DaySpan {
  from: string;
  to: string;
}

/** A run of row ids of the case's `events`, first and last inclusive. */
export interface RowSpan {
  first: number;
  last: number;
}

/**
 * The rows of `table` this export adds, as the lake stores them, sorted for the files (events
 * are sorted file by file when written); for events, only those of `days` and within the runs
 * of `rows` when given. Events carry their partition columns last: the first well-formed
 * account id of the recipient, the delivering source, then the caller; the region of the
 * call, else of the source; the UTC day.
 */
export function newRowsQuery(
  table: LakeTable,
  columns: readonly LakeColumn[],
  scope: ExportScope,
  earlier: readonly ExportScope[],
  days?: DaySpan,
  rows?: readonly RowSpan[],
): string {
  const place = PLACES[table.name];
  const select = columns.map((column) => `${column.select} AS "${column.name}"`);
  if (table.name === 'events') select.push(...eventPartitions());
  let span = days && place.time ? daysWhere(place, days) : '';
  if (rows && table.name === 'events') span += ` AND (${rows.map(rowSpanTerm).join(' OR ')})`;
  // Events are sorted file by file as each partition is written (lake-copy.ts).
  const order = table.sortBy && table.partitions.length === 0 ? ` ORDER BY x.${table.sortBy}` : '';
  return `SELECT ${select.join(', ')} FROM ${place.from} WHERE ${newRowsWhere(place, scope, earlier)}${span}${order}`;
}

/**
 * The partitions of the events this export adds on `days`: for each, the runs of row ids that
 * hold its events (a run ends where the next of its rows is over `ROW_GAP` rows on) and how
 * many events each run holds. A file's copy then reads only those runs. A case stores events
 * as the archive listed its files, by account and region, so a partition's events lie in a
 * few runs, where a day's are spread over every account: reading the whole day again for each
 * file took most of an org trail's export (643 s), one span per partition from its first row
 * to its last 46 s, the runs 40 s (measured; the spans of the bench case covered 13 times its
 * rows, the runs 1.3 times).
 */
export function newEventPartitionsQuery(scope: ExportScope, earlier: readonly ExportScope[], days: DaySpan): string {
  const place = PLACES.events;
  const partition = 'PARTITION BY account, region, "date" ORDER BY row_id';
  return `SELECT account, region, strftime("date", '%Y-%m-%d') AS day, min(row_id) AS first, max(row_id) AS last,
      count(*)::INTEGER AS events
    FROM (SELECT *, sum(starts) OVER (${partition}) AS run
      FROM (SELECT *, CASE WHEN row_id - lag(row_id) OVER (${partition}) <= ${ROW_GAP} THEN 0 ELSE 1 END AS starts
        FROM (SELECT x.rowid AS row_id, ${eventPartitions().join(', ')} FROM ${place.from}
              WHERE ${newRowsWhere(place, scope, earlier)}${daysWhere(place, days)})))
    GROUP BY account, region, "date", run ORDER BY ALL`;
}

/** One vector of DuckDB's: rows closer than that cost less to read through than to skip. */
const ROW_GAP = 2048;

function rowSpanTerm(rows: RowSpan): string {
  return `x.rowid BETWEEN ${wholeNumber(rows.first)} AND ${wholeNumber(rows.last)}`;
}

function daysWhere(place: RowPlace, days: DaySpan): string {
  return ` AND ${place.time} >= ${instant(days.from)} AND ${place.time} < ${instant(days.to)}`;
}

/** The UTC days of the events this export adds, in order. */
export function newEventDaysQuery(scope: ExportScope, earlier: readonly ExportScope[]): string {
  const place = PLACES.events;
  return `SELECT DISTINCT strftime(CAST(timezone('UTC', x.event_time) AS DATE), '%Y-%m-%d') AS day
    FROM ${place.from} WHERE ${newRowsWhere(place, scope, earlier)} ORDER BY day`;
}

function newRowsWhere(place: RowPlace, scope: ExportScope, earlier: readonly ExportScope[]): string {
  const covered = (s: ExportScope) => inScope(place, s);
  const before = earlier.map((s) => `(${covered(s)})`);
  return before.length === 0 ? covered(scope) : `${covered(scope)} AND NOT (${before.join(' OR ')})`;
}

function inScope(place: RowPlace, scope: ExportScope): string {
  if (place.byIntegrityRun) return `${place.by} <= ${wholeNumber(scope.lastIntegrityRunId)}`;
  const terms = [`${place.by} <= ${wholeNumber(scope.lastSourceId)}`];
  if (place.time && scope.since) terms.push(`${place.time} >= ${instant(scope.since)}`);
  if (place.time && scope.until) terms.push(`${place.time} < ${instant(scope.until)}`);
  return terms.join(' AND ');
}

function eventPartitions(): string[] {
  const firstMatching = (pattern: string, candidates: string[]) =>
    `CASE ${candidates.map((c) => `WHEN regexp_full_match(${c}, ${sqlString(pattern)}) THEN ${c}`).join(' ')} ELSE ${sqlString(UNKNOWN_PARTITION)} END`;
  return [
    `${firstMatching(ACCOUNT_PATTERN, ['x.recipient_account_id', 's.account_id', 'x.identity_account_id'])} AS account`,
    `${firstMatching(REGION_PATTERN, ['x.aws_region', 's.region'])} AS region`,
    `CAST(timezone('UTC', x.event_time) AS DATE) AS "date"`,
  ];
}

function wholeNumber(value: number): string {
  if (!Number.isSafeInteger(value) || value < 0) throw new Error(`not a row id: ${value}`);
  return String(value);
}

/** A window bound, checked to be an ISO instant before it goes into SQL (it comes from the manifest, too). */
function instant(iso: string): string {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?Z$/.test(iso) || Number.isNaN(Date.parse(iso)))
    throw new Error(`not a UTC instant: ${iso}`);
  return `TIMESTAMPTZ ${sqlString(iso)}`;
}
