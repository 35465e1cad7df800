import type { FilterField } from '../../../shared/model/explore.ts';

/**
 * Who made a call, as one value: the identity's ARN; for an AWS service acting on the
 * account's behalf (no ARN) the service that invoked; else the principal id (federated and
 * cross-account callers).
 */
/** The columns PRINCIPAL_SQL reads, first given first. */
export const PRINCIPAL_COLUMNS = ['identity_arn', 'invoked_by', 'principal_id'] as const;
export const PRINCIPAL_SQL = `coalesce(${PRINCIPAL_COLUMNS.join(', ')})`;

/**
 * Whether the event came from a file a verified digest vouches for, by the latest
 * verification (migration 6's `event_integrity`). Explorer queries read `events` unaliased.
 */
export const INTEGRITY_SQL = '(SELECT i.integrity FROM event_integrity i WHERE i.event_key = events.event_key)';

export type FieldSql = Record<FilterField, string>;

/**
 * The SQL of every field the explorer filters, counts or pivots on. Column names reach SQL
 * from this table only; values always go in as bound parameters.
 */
export const fieldSql: FieldSql = {
  event_name: 'event_name',
  event_source: 'event_source',
  principal: PRINCIPAL_SQL,
  access_key_id: 'access_key_id',
  source_ip: 'source_ip',
  aws_region: 'aws_region',
  recipient_account_id: 'recipient_account_id',
  error_code: 'error_code',
  integrity: INTEGRITY_SQL,
  user_agent: 'user_agent',
  user_name: 'user_name',
  identity_type: 'identity_type',
  identity_arn: 'identity_arn',
  principal_id: 'principal_id',
  invoked_by: 'invoked_by',
  session_issuer_arn: 'session_issuer_arn',
  identity_account_id: 'identity_account_id',
  event_type: 'event_type',
  event_category: 'event_category',
  read_only: 'CAST(read_only AS VARCHAR)',
  request_id: 'request_id',
  shared_event_id: 'shared_event_id',
  vpc_endpoint_id: 'vpc_endpoint_id',
  tls_version: 'tls_version',
  event_id: 'event_id',
  event_version: 'event_version',
  error_message: 'error_message',
  management_event: 'CAST(management_event AS VARCHAR)',
  session_mfa: 'CAST(session_mfa AS VARCHAR)',
};

/** An event's time as the API carries it: ISO 8601 in UTC, to the second like CloudTrail's own. */
export const isoTime = (column: string) => `strftime(${column}, '%Y-%m-%dT%H:%M:%SZ')`;

/**
 * Log values are attacker-chosen and may be megabytes long (a record may hold 4 MiB), and a
 * page of a thousand rows or a hundred values per facet would carry every one whole. Lists
 * carry each value cut in the middle to this many characters, like the UI shows them (ARNs
 * differ at their ends); the whole value is one request away (`event:list-fields`).
 */
export const LISTED_CHARS = 2048;
/** Each cell of the event list: it shows a few dozen characters of each. */
export const ROW_CHARS = 512;

/** `expr` cut in the middle to `max` characters, with an ellipsis where the middle was. */
export function clippedSql(expr: string, max: number): string {
  const head = Math.ceil((max - 1) / 3);
  return `CASE WHEN length(${expr}) > ${max} THEN left(${expr}, ${head}) || '…' || right(${expr}, ${max - 1 - head}) ELSE ${expr} END`;
}

/** The same cut in JS, for values already in hand. */
export function clipped(text: string, max: number): string {
  if (text.length <= max) return text;
  const head = Math.ceil((max - 1) / 3);
  return `${text.slice(0, head)}…${text.slice(text.length - (max - 1 - head))}`;
}
