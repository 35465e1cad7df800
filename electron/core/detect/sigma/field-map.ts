import { sqlString } from '../../case/sql.ts';
import { refuse } from './refusal.ts';

/**
 * Where a Sigma field is read in a row of `events`. `value` is SQL for the field as text, NULL
 * when the record lacks it or holds null; a field under `resources` (an array in every record)
 * is `each`, SQL for the list of its values, one per resource, and matches when any does.
 * `present` is SQL, never NULL, that is true when the record has the field, whatever its value.
 */
export type FieldTarget =
  | { kind: 'one'; value: string; present: string }
  | { kind: 'each'; values: string; present: string };

/**
 * Fields whose column holds exactly the record's value (normalize-sql.ts copies them as text).
 * Others that have a column are left out on purpose: user_name falls back to the session
 * issuer and the ARN, read_only and management_event are booleans made of loose text, and
 * event_time is a parsed timestamp, so matching them would not be matching what was written.
 */
const COLUMNS: Record<string, string> = {
  eventVersion: 'event_version',
  eventSource: 'event_source',
  eventName: 'event_name',
  awsRegion: 'aws_region',
  sourceIPAddress: 'source_ip',
  userAgent: 'user_agent',
  eventType: 'event_type',
  eventCategory: 'event_category',
  errorCode: 'error_code',
  errorMessage: 'error_message',
  requestID: 'request_id',
  eventID: 'event_id',
  sharedEventID: 'shared_event_id',
  recipientAccountId: 'recipient_account_id',
  vpcEndpointId: 'vpc_endpoint_id',
  'tlsDetails.tlsVersion': 'tls_version',
  'userIdentity.type': 'identity_type',
  'userIdentity.principalId': 'principal_id',
  'userIdentity.arn': 'identity_arn',
  'userIdentity.accountId': 'identity_account_id',
  'userIdentity.accessKeyId': 'access_key_id',
  'userIdentity.invokedBy': 'invoked_by',
  'userIdentity.sessionContext.sessionIssuer.arn': 'session_issuer_arn',
};

/** Parts of the record that have a JSON column of their own, smaller to read than the record. */
const JSON_COLUMNS: Record<string, string> = {
  userIdentity: 'user_identity',
  requestParameters: 'request_parameters',
  responseElements: 'response_elements',
  additionalEventData: 'additional_event_data',
  serviceEventDetails: 'service_event_details',
  resources: 'resources',
};

/** CloudTrail's top-level names, so that `EventName` is refused rather than silently matching nothing. */
const RECORD_FIELDS = [
  ...Object.keys(JSON_COLUMNS),
  ...Object.keys(COLUMNS).filter((name) => !name.includes('.')),
  'eventTime',
  'readOnly',
  'managementEvent',
  'apiVersion',
  'tlsDetails',
  'vpcEndpointAccountId',
  'sessionCredentialFromConsole',
  'edgeDeviceDetails',
  'insightDetails',
  'addendum',
];

/** Sigma's plain dotted names; anything else (brackets, quotes, spaces) has no meaning here and is refused. */
const FIELD_NAME = /^[A-Za-z0-9_-]+(\.[A-Za-z0-9_-]+)*$/;

export function fieldTarget(name: string): FieldTarget {
  if (!FIELD_NAME.test(name))
    refuse(
      `field ${JSON.stringify(name)} is not a plain dotted name (letters, digits, "_", "-", separated by "."), the only field names Trailscope reads.`,
    );
  const segments = name.split('.');
  const [first, ...rest] = segments as [string, ...string[]];
  const written = RECORD_FIELDS.find((f) => f !== first && f.toLowerCase() === first.toLowerCase());
  if (written)
    refuse(
      `field ${JSON.stringify(name)}: CloudTrail writes ${JSON.stringify(written)}, and field names are case-sensitive.`,
    );
  // hasOwn: a field named "constructor" must not find Object's.
  const column = Object.hasOwn(COLUMNS, name) ? COLUMNS[name] : undefined;
  const jsonColumn = Object.hasOwn(JSON_COLUMNS, first) ? JSON_COLUMNS[first] : undefined;
  if (first === 'resources' && rest.length > 0) {
    const each = sqlString(`$[*]${keys(rest)}`);
    return {
      kind: 'each',
      values: `json_extract_string(resources, ${each})`,
      present: `coalesce(len(json_extract(resources, ${each})) > 0, false)`,
    };
  }
  // Presence is read in the narrowest JSON that holds the field, so that `"x": null` counts as present.
  const [container, inner] = jsonColumn && rest.length > 0 ? [jsonColumn, rest] : ['record', segments];
  const present = `coalesce(json_exists(${container}, ${sqlString(jsonPath(inner))}), false)`;
  if (column) return { kind: 'one', value: column, present };
  const value = jsonColumn
    ? `json_extract_string(${jsonColumn}, ${sqlString(rest.length > 0 ? jsonPath(rest) : '$')})`
    : `json_extract_string(record, ${sqlString(jsonPath(segments))})`;
  return { kind: 'one', value, present };
}

function jsonPath(segments: string[]): string {
  return `$${keys(segments)}`;
}

/** `."a"."b"`: quoted, so a segment is always a key, never path syntax; FIELD_NAME allows no quote in it. */
function keys(segments: string[]): string {
  return segments.map((s) => `."${s}"`).join('');
}
