import type { DuckDBValue } from '@duckdb/node-api';
import { TrailscopeError } from '../../../shared/api/errors.ts';
import { type ExploreFilter, type FieldValues, type FilterField, pivotFields } from '../../../shared/model/explore.ts';
import { fieldSql } from './field-sql.ts';

/** Bound parameters of one statement; `add` returns the placeholder to write in the SQL. */
export class SqlParams {
  readonly values: Record<string, DuckDBValue> = {};
  private next = 0;

  add(value: DuckDBValue): string {
    const name = `p${this.next++}`;
    this.values[name] = value;
    return `$${name}`;
  }

  /** A copy to extend for one statement: DuckDB refuses values a statement does not use. */
  fork(): SqlParams {
    const copy = new SqlParams();
    Object.assign(copy.values, this.values);
    copy.next = this.next;
    return copy;
  }
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
export function valueIn(expr: string, values: FieldValues, params: SqlParams): string {
  const present = values.filter((v): v is string => v !== null);
  const terms: string[] = [];
  if (present.length > 0) terms.push(`${expr} IN (${present.map((v) => params.add(v)).join(', ')})`);
  if (present.length < values.length) terms.push(`${expr} IS NULL`);
  return terms.length === 0 ? 'FALSE' : `(${terms.join(' OR ')})`;
}

/**
 * The WHERE condition of a filter: the time range, then each field's values OR'ed, fields
 * AND'ed. `except` leaves one field out, for counting that field's values under the others.
 * Fields are read from the allow-list, so a key the filter should not have never reaches SQL.
 */
export function filterWhere(filter: ExploreFilter, params: SqlParams, except?: FilterField): string {
  const terms: string[] = [];
  if (filter.from) isoMs(filter.from, 'from');
  if (filter.to) isoMs(filter.to, 'to');
  if (filter.from) terms.push(`event_time >= ${params.add(filter.from)}::TIMESTAMPTZ`);
  if (filter.to) terms.push(`event_time < ${params.add(filter.to)}::TIMESTAMPTZ`);
  for (const field of pivotFields) {
    const values = filter.fields?.[field];
    if (field === except || !values || values.length === 0) continue;
    terms.push(valueIn(fieldSql[field], values, params));
  }
  if (filter.bookmarked) terms.push('event_key IN (SELECT event_key FROM bookmarks)');
  // Ingest links a duplicate file's events to its original, so a duplicate stands for that.
  if (filter.source_ids && filter.source_ids.length > 0) {
    const ids = filter.source_ids.map((id) => params.add(id)).join(', ');
    terms.push(
      `event_key IN (SELECT es.event_key FROM event_sources es WHERE es.source_id IN (SELECT coalesce(duplicate_of, source_id) FROM sources WHERE source_id IN (${ids})))`,
    );
  }
  if (filter.detection) {
    const hit = filter.detection.hit === undefined ? '' : ` AND hit = ${params.add(filter.detection.hit)}`;
    terms.push(
      `event_key IN (SELECT event_key FROM detection_hit_events WHERE rule_id = ${params.add(filter.detection.rule_id)}${hit})`,
    );
  }
  return terms.length === 0 ? 'TRUE' : terms.join(' AND ');
}
