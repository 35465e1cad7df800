import { type FilterField, pivotFields } from '../../../shared/model/explore.ts';
import type { JsonValue } from '../../../shared/model/json.ts';
import type { QueryColumn } from '../../../shared/model/query.ts';
import { middleClip } from '../../components/middle-clip.ts';

/** A value as one line of text: lists, structs and maps as JSON. */
export function cellText(value: JsonValue): string {
  if (value === null) return 'NULL';
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
}

/** Values worth opening in the viewer: JSON text, and DuckDB's nested types. */
export function isStructured(column: QueryColumn, value: JsonValue): boolean {
  return value !== null && (typeof value === 'object' || /^(JSON|STRUCT|MAP|UNION)|\[\]$/.test(column.type));
}

/**
 * A value cut to the `chars` its column shows. Identifiers (ARNs, keys, addresses) lose their
 * middle, where they look alike, so that what tells them apart stays in view; JSON keeps its
 * start, which says what it is.
 */
export function shownText(text: string, chars: number, structured: boolean): string {
  if (text.length <= chars) return text;
  if (structured) return `${text.slice(0, Math.max(chars - 1, 1))}…`;
  // An ARN's partition, service, region and account stay whole: two roles of one name in two
  // accounts must not look alike. Its resource is cut in the middle.
  const prefix = ARN_PREFIX.exec(text)?.[0];
  if (prefix && chars - prefix.length >= MIN_RESOURCE_CHARS)
    return prefix + middleClip(text.slice(prefix.length), chars - prefix.length);
  return middleClip(text, chars);
}

const ARN_PREFIX = /^arn:[^:]{0,20}:[^:]{0,40}:[^:]{0,30}:[^:]{0,20}:/;
const MIN_RESOURCE_CHARS = 16;

/** A tooltip holds a value whole up to this; megabytes of it would stall the page on hover. */
const TITLE_CHARS = 2_000;

/** The whole value on hover, or its start and how to see the rest. */
export function cellTitle(text: string): string {
  if (text.length <= TITLE_CHARS) return text;
  return `${text.slice(0, TITLE_CHARS)}… (${text.length.toLocaleString('en-US')} characters: double-click to see all)`;
}

/** What a cell leads to elsewhere in the app, by the name of its column. */
export type CellLink =
  | { kind: 'event-key'; eventKey: string }
  | { kind: 'event-id'; eventId: string }
  | { kind: 'pivot'; field: FilterField; value: string | null }
  | { kind: 'event-keys'; eventKeys: string[] };

/** Characters the open button takes at the start of an `event_key` or `event_id` cell. */
export const OPEN_BUTTON_CHARS = 2;

/** Whether the column's cells open their event, with a button of their own. */
export const opensEvent = (column: QueryColumn) => ['event_key', 'event_id'].includes(column.name.toLowerCase());

const isPivotField = (name: string): name is FilterField => (pivotFields as readonly string[]).includes(name);

/**
 * An `event_key` cell opens its event, an `event_id` cell the event (or events, one per
 * account) of that id, an `event_keys` cell (a detection's list) the events it lists, and a
 * cell of a column named as an explorer field pivots to every event with that value. Column names are compared as DuckDB does, ignoring case.
 */
export function cellLink(column: QueryColumn, value: JsonValue): CellLink | null {
  const name = column.name.toLowerCase();
  if (name === 'event_key' && typeof value === 'string' && value) return { kind: 'event-key', eventKey: value };
  if (name === 'event_id' && typeof value === 'string' && value) return { kind: 'event-id', eventId: value };
  if (name === 'event_keys' && Array.isArray(value)) {
    const eventKeys = [...new Set(value.filter((key): key is string => typeof key === 'string' && key !== ''))];
    return eventKeys.length > 0 ? { kind: 'event-keys', eventKeys } : null;
  }
  if (!isPivotField(name)) return null;
  if (value === null) return { kind: 'pivot', field: name, value: null };
  if (typeof value === 'string' || typeof value === 'boolean' || typeof value === 'number')
    return { kind: 'pivot', field: name, value: String(value) };
  return null;
}
