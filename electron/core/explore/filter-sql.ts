import type { DuckDBValue } from '@duckdb/node-api';
import { TrailscopeError } from '../../../shared/api/errors.ts';
import {
  type ExploreFilter,
  type FieldValues,
  type FilterField,
  pivotFields,
  SEARCH_MAX_CHARS,
} from '../../../shared/model/explore.ts';
import { isWrittenAsCode } from '../../../shared/visible-text.ts';
import type { CaseReader } from '../case/case-reader.ts';
import type { CaseStore } from '../case/case-store.ts';
import { sqlLiteral } from '../case/sql.ts';
import { accountPartition, regionPartition } from '../lake/lake-layout.ts';
import { type FieldSql, fieldSql } from './field-sql.ts';
import { integritySql } from './integrity-sql.ts';

/** Where a statement's values go: bound parameters, or literals in SQL written for the analyst. */
export interface SqlValues {
  /** The SQL that stands for `value` in the statement. */
  add(value: DuckDBValue): string;
}

/**
 * The values of one read's statements: bound parameters, or on a lake literals where they can be
 * written exactly (`literalOf`). DuckDB binds a statement over Parquet files twice when it has
 * parameters, once to prepare it and again to run it (a multi-file scan is never reused from a
 * prepared plan), and each bind lists and checks every file: 6 ms on the 1M bench lake's 128
 * files, 55 ms on the org trail's 1,462 (docs/ARCHITECTURE.md, "Opening a lake").
 */
export class SqlParams implements SqlValues {
  readonly values: Record<string, DuckDBValue> = {};
  private next = 0;

  constructor(private readonly literals = false) {}

  add(value: DuckDBValue): string {
    const literal = this.literals ? literalOf(value) : null;
    if (literal !== null) return literal;
    const name = `p${this.next++}`;
    this.values[name] = value;
    return `$${name}`;
  }

  /** A copy to extend for one statement: DuckDB refuses values a statement does not use. */
  fork(): SqlParams {
    const copy = new SqlParams(this.literals);
    Object.assign(copy.values, this.values);
    copy.next = this.next;
    return copy;
  }
}

/** The values for a read of `store`: literals on a lake, parameters on a case. */
export const paramsFor = (store: CaseStore) => new SqlParams(store.lake !== null);

/**
 * `value` as a literal of the type DuckDB gives it as a parameter (VARCHAR, INTEGER or BIGINT), or
 * null to bind it. A negative number is bracketed, so that a minus before it cannot make a comment.
 */
function literalOf(value: DuckDBValue): string | null {
  if (typeof value === 'string') return `CAST(${sqlLiteral(value)} AS VARCHAR)`;
  if (typeof value === 'number' && Number.isSafeInteger(value)) return value < 0 ? `(${value})` : String(value);
  return null;
}

const ISO_UTC = /^(\d{4}-\d{2}-\d{2})T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?Z$/;

/**
 * The milliseconds of an ISO 8601 UTC time naming a real instant. The API's schema refuses
 * anything else already; this holds for every other caller (a finding's stored filter), and
 * catches what Date.parse would roll over (February 30th, hour 24).
 */
export function isoMs(value: string, what: string): number {
  const date = ISO_UTC.exec(value)?.[1];
  const ms = date === undefined ? NaN : Date.parse(value);
  if (Number.isNaN(ms) || new Date(ms).toISOString().slice(0, 10) !== date) {
    throw new TrailscopeError(
      'invalid-input',
      `${what} is not a real UTC time like 2024-03-04T10:00:00Z: "${value.slice(0, 40)}"`,
    );
  }
  return ms;
}

/** `expr` is one of `values`; a null among them matches events with no value. */
export function valueIn(expr: string, values: FieldValues, params: SqlValues): string {
  const present = values.filter((v): v is string => v !== null);
  const terms: string[] = [];
  if (present.length > 0) terms.push(`${expr} IN (${present.map((v) => params.add(v)).join(', ')})`);
  if (present.length < values.length) terms.push(`${expr} IS NULL`);
  return terms.length === 0 ? 'FALSE' : `(${terms.join(' OR ')})`;
}

/**
 * `expr` is none of `values`. `x NOT IN ('a')` is NULL, so false, for an event with no value:
 * such events are kept unless null is among the values.
 */
export function valueNotIn(expr: string, values: FieldValues, params: SqlValues): string {
  const present = values.filter((v): v is string => v !== null);
  const withoutNull = present.length < values.length;
  if (present.length === 0) return withoutNull ? `${expr} IS NOT NULL` : 'TRUE';
  const notIn = `${expr} NOT IN (${present.map((v) => params.add(v)).join(', ')})`;
  return withoutNull ? `(${expr} IS NOT NULL AND ${notIn})` : `(${expr} IS NULL OR ${notIn})`;
}

/** RE2's metacharacters: escaped, each stands for itself. */
const RE2_META = /[\\^$.|?*+()[\]{}]/;

/**
 * An RE2 pattern matching `text` literally, each letter in either case: `bucket-42` is
 * `[bB][uU][cC][kK][eE][tT]-42`. Not RE2's own `(?i)`: it folds `s` with `ſ` and `k` with the
 * Kelvin sign, two-byte characters that keep it from skipping ahead to a first byte, so a search
 * starting with s or k read the 1M-event case in 3.8–4.0 s of CPU instead of 0.8. A character
 * that could hide or reorder the SQL an analyst reads is written as its code point.
 */
export function caselessPattern(text: string): string {
  let pattern = '';
  for (const char of text) {
    const lower = char.toLowerCase();
    const upper = char.toUpperCase();
    const folds = [lower, upper, char, upper.toLowerCase(), lower.toUpperCase()];
    const cases = new Set(folds.filter((c) => [...c].length === 1));
    if (cases.size > 1) pattern += `[${[...cases].join('')}]`;
    else if (isWrittenAsCode(char)) pattern += `\\x{${char.codePointAt(0)!.toString(16)}}`;
    else pattern += RE2_META.test(char) ? `\\${char}` : char;
  }
  return pattern;
}

/**
 * The record as delivered holds `text`, in any case, taken literally: `%`, `_`, `.` and `\` stand
 * for themselves. The record is JSON text, where a value's quotes, backslashes and control
 * characters are escaped (`C:\Users` is written `C:\\Users`): text holding them is looked for as
 * typed and as JSON writes it. Measured on the 1M-event bench case: see docs/ARCHITECTURE.md,
 * Explorer and charts.
 */
export function textTerm(text: string, params: SqlValues): string {
  if (text.length > SEARCH_MAX_CHARS)
    throw new TrailscopeError('invalid-input', `a search takes at most ${SEARCH_MAX_CHARS} characters`);
  const asJson = JSON.stringify(text).slice(1, -1);
  const found = (literal: string) => `regexp_matches(record, ${params.add(caselessPattern(literal))})`;
  return asJson === text ? found(text) : `(${found(text)} OR ${found(asJson)})`;
}

/** What a filter's conditions leave out, and what was worked out before the statement. */
export interface WhereOptions {
  /** A field whose own choices and exclusions are left out, to count its values under the others. */
  except?: FilterField;
  /** Events already found holding the filter's text (`filterScope`): a condition on them instead of a search. */
  textMatches?: string;
  /**
   * Whether the events carry a lake's partitions (lake-select.ts): `date`, the event's UTC day;
   * `account`, its recipient account when that has an account id's shape; `region`, its region
   * likewise. A time range then names its days too, and a choice of accounts or regions of that
   * shape names their folders, which DuckDB matches against folder names, so it skips the other
   * files instead of opening each to read its statistics: a day's range on the org trail's lake
   * counted in 150 ms instead of 270 (measured). They add no condition the filter does not
   * already make.
   */
  lakePartitions?: boolean;
  /** Each field's SQL for this read (`filterScope`): `fieldSql` unless said. */
  fields?: FieldSql;
}

/**
 * The lake partition holding every event of these values of a field, or null: a chosen account
 * id lies in its own `account` folder, but "no value" or an odd string lies in `unknown` beside
 * others, or in the folder of the source's account.
 */
function partitionOf(field: FilterField, values: FieldValues): string | null {
  const exact = (partition: (value: string) => string) =>
    values.every((value) => value !== null && partition(value) === value);
  if (field === 'recipient_account_id' && exact(accountPartition)) return 'account';
  if (field === 'aws_region' && exact(regionPartition)) return 'region';
  return null;
}

/**
 * The conditions of a filter, each a SQL term over `events` (unaliased): the time range, the
 * text searched, each field's values OR'ed, its exclusions, and the rest, all to be AND'ed.
 * Fields are read from the allow-list, so a key the filter should not have never reaches SQL.
 */
export function filterTerms(filter: ExploreFilter, params: SqlValues, options: WhereOptions = {}): string[] {
  const terms: string[] = [];
  const fields = options.fields ?? fieldSql;
  if (filter.from) isoMs(filter.from, 'from');
  if (filter.to) isoMs(filter.to, 'to');
  if (filter.from) terms.push(`event_time >= ${params.add(filter.from)}::TIMESTAMPTZ`);
  if (filter.to) terms.push(`event_time < ${params.add(filter.to)}::TIMESTAMPTZ`);
  const day = (time: string) => `CAST(timezone('UTC', ${params.add(time)}::TIMESTAMPTZ) AS DATE)`;
  if (options.lakePartitions && filter.from) terms.push(`"date" >= ${day(filter.from)}`);
  if (options.lakePartitions && filter.to) terms.push(`"date" <= ${day(filter.to)}`);
  if (filter.text) terms.push(options.textMatches ?? textTerm(filter.text, params));
  for (const field of pivotFields) {
    if (field === options.except) continue;
    const values = filter.fields?.[field];
    if (values && values.length > 0) {
      terms.push(valueIn(fields[field], values, params));
      const partition = options.lakePartitions ? partitionOf(field, values) : null;
      if (partition) terms.push(valueIn(partition, values, params));
    }
    const excluded = filter.exclude?.[field];
    if (excluded && excluded.length > 0) terms.push(valueNotIn(fields[field], excluded, params));
  }
  if (filter.bookmarked) terms.push('event_key IN (SELECT event_key FROM bookmarks)');
  // Ingest links a duplicate file's events to its original, so a duplicate stands for that.
  if (filter.source_ids && filter.source_ids.length > 0) {
    const ids = filter.source_ids.map((id) => params.add(id)).join(', ');
    terms.push(
      `event_key IN (SELECT es.event_key FROM event_sources es WHERE es.source_id IN (SELECT coalesce(duplicate_of, source_id) FROM sources WHERE source_id IN (${ids})))`,
    );
  }
  if (filter.event_keys && filter.event_keys.length > 0)
    terms.push(`event_key IN (${filter.event_keys.map((key) => params.add(key)).join(', ')})`);
  if (filter.detection) {
    const hit = filter.detection.hit === undefined ? '' : ` AND hit = ${params.add(filter.detection.hit)}`;
    terms.push(
      `event_key IN (SELECT event_key FROM detection_hit_events WHERE rule_id = ${params.add(filter.detection.rule_id)}${hit})`,
    );
  }
  return terms;
}

/** The WHERE of a filter that has no terms. */
export const NO_FILTER = 'TRUE';

/** The WHERE condition of a filter: its terms AND'ed, NO_FILTER when it has none. */
export function filterWhere(filter: ExploreFilter, params: SqlValues, options: WhereOptions = {}): string {
  const terms = filterTerms(filter, params, options);
  return terms.length === 0 ? NO_FILTER : terms.join(' AND ');
}

/**
 * How the explorer's reads name one row of `events`: its row id, or in a lake, whose events are
 * a view over Parquet files and have none, its event key, as unique.
 */
export const rowKey = (store: CaseStore) => (store.lake ? 'event_key' : 'rowid');

/**
 * The events a page is sorted from and a text search reads, under `alias`: in a lake, the
 * files as stored (`LakeEvents.scan`). Through the view, which converts the stored UTC wall-clock
 * times to instants and checks every record as JSON, the 1M-event lake's first page read every
 * row group (DuckDB's top-N cannot see through a conversion) and a search parsed every record.
 */
export const storedEvents = (store: CaseStore, alias = 'events') => `${store.lakeEvents?.scan ?? 'events'} AS ${alias}`;

/**
 * How many events match `where`. With no filter on a lake, the count taken at its open: a lake's
 * count(*) builds a reader for each of its files.
 */
export function matchingCount(store: CaseStore, db: CaseReader, where: string, params?: SqlParams): Promise<number> {
  if (where === NO_FILTER && store.lakeEvents) return Promise.resolve(store.lakeEvents.count);
  return db.number(`SELECT count(*) FROM events WHERE ${where}`, params?.values);
}

/** A filter's WHERE for each statement of one read, its text searched once for them all. */
export interface FilterScope {
  where(params: SqlParams, except?: FilterField): string;
  /** Each field's SQL in this read: an event's integrity depends on the case (integrity-sql.ts). */
  fields: FieldSql;
}

let searches = 0;

/**
 * Reading every record is what a text search costs; the other conditions read a column or two.
 * A read of several statements (a count and a page, nine facets) finds the matching events once,
 * into a temporary table of row keys on its own connection, and each statement joins on it.
 */
export async function filterScope(store: CaseStore, db: CaseReader, filter: ExploreFilter): Promise<FilterScope> {
  const lakePartitions = store.lake !== null;
  const fields = { ...fieldSql, integrity: await integritySql(store, db) };
  if (!filter.text)
    return { fields, where: (params, except) => filterWhere(filter, params, { except, lakePartitions, fields }) };
  const params = paramsFor(store);
  const narrowing = filterTerms({ from: filter.from, to: filter.to, text: filter.text }, params, {
    lakePartitions,
  }).join(' AND ');
  const table = `explore_text_${++searches}`;
  const key = rowKey(store);
  await db.db.run(
    `CREATE TEMP TABLE ${table} AS SELECT ${key} AS k FROM ${storedEvents(store)} WHERE ${narrowing}`,
    params.values,
  );
  const textMatches = `${key} IN (SELECT k FROM ${table})`;
  return {
    fields,
    where: (params, except) => filterWhere(filter, params, { except, textMatches, lakePartitions, fields }),
  };
}
