import { TrailscopeError } from '../../../shared/api/errors.ts';
import type { EventField } from '../../../shared/model/explore.ts';
import type { CaseStore } from '../case/case-store.ts';
import { isoTime, PRINCIPAL_SQL } from './field-sql.ts';

/** The normalized columns of an event, in the order an analyst reads them: what, who, from where, how. */
const FIELDS: [name: string, sql: string][] = [
  ['event_time', isoTime('event_time')],
  ['event_source', 'event_source'],
  ['event_name', 'event_name'],
  ['error_code', 'error_code'],
  ['error_message', 'error_message'],
  ['principal', PRINCIPAL_SQL],
  ['identity_type', 'identity_type'],
  ['identity_arn', 'identity_arn'],
  ['user_name', 'user_name'],
  ['principal_id', 'principal_id'],
  ['identity_account_id', 'identity_account_id'],
  ['access_key_id', 'access_key_id'],
  ['session_issuer_arn', 'session_issuer_arn'],
  ['session_mfa', 'session_mfa'],
  ['session_created_at', isoTime('session_created_at')],
  ['invoked_by', 'invoked_by'],
  ['source_ip', 'source_ip'],
  ['user_agent', 'user_agent'],
  ['vpc_endpoint_id', 'vpc_endpoint_id'],
  ['tls_version', 'tls_version'],
  ['aws_region', 'aws_region'],
  ['recipient_account_id', 'recipient_account_id'],
  ['read_only', 'read_only'],
  ['management_event', 'management_event'],
  ['event_type', 'event_type'],
  ['event_category', 'event_category'],
  ['event_version', 'event_version'],
  ['event_id', 'event_id'],
  ['request_id', 'request_id'],
  ['shared_event_id', 'shared_event_id'],
];

/** One event's normalized fields as stored, every one of them, values missing included. */
export function eventFields(store: CaseStore, eventKey: string): Promise<EventField[]> {
  return store.read(async (db) => {
    const sql = `SELECT ${FIELDS.map(([name, sql]) => `${sql} AS ${name}`).join(', ')} FROM events WHERE event_key = $key`;
    const row = await db.row<Record<string, EventField['value']>>(sql, { key: eventKey });
    if (!row) throw new TrailscopeError('not-found', `no event ${eventKey} in this case`);
    return FIELDS.map(([name]) => ({ name, value: row[name] ?? null }));
  });
}
