import { eventTimeProblemSql } from './event-time.ts';

/**
 * The one parse of each record: DuckDB's json_transform pulls every field the events table
 * needs in a single pass (measured: one pass 1.3 s per GB; one extraction per field, 15×
 * that). Fields are read leniently as text so that "true" and true, or a number where a
 * string was expected, both survive; typing happens in the SELECT below.
 */
const RECORD_SHAPE = JSON.stringify({
  eventVersion: 'VARCHAR',
  eventTime: 'VARCHAR',
  eventSource: 'VARCHAR',
  eventName: 'VARCHAR',
  awsRegion: 'VARCHAR',
  sourceIPAddress: 'VARCHAR',
  userAgent: 'VARCHAR',
  eventType: 'VARCHAR',
  eventCategory: 'VARCHAR',
  readOnly: 'VARCHAR',
  managementEvent: 'VARCHAR',
  errorCode: 'VARCHAR',
  errorMessage: 'VARCHAR',
  requestID: 'VARCHAR',
  eventID: 'VARCHAR',
  sharedEventID: 'VARCHAR',
  recipientAccountId: 'VARCHAR',
  vpcEndpointId: 'VARCHAR',
  userIdentity: 'JSON',
  requestParameters: 'JSON',
  responseElements: 'JSON',
  additionalEventData: 'JSON',
  resources: 'JSON',
  serviceEventDetails: 'JSON',
  tlsDetails: { tlsVersion: 'VARCHAR' },
});

const IDENTITY_SHAPE = JSON.stringify({
  type: 'VARCHAR',
  principalId: 'VARCHAR',
  arn: 'VARCHAR',
  accountId: 'VARCHAR',
  accessKeyId: 'VARCHAR',
  userName: 'VARCHAR',
  invokedBy: 'VARCHAR',
  sessionContext: {
    sessionIssuer: { arn: 'VARCHAR', userName: 'VARCHAR' },
    attributes: { mfaAuthenticated: 'VARCHAR', creationDate: 'VARCHAR' },
  },
});

/** The record parsed into a struct; NULL when it is not valid JSON. */
export const parsedRecordExpression = `try(json_transform(record, '${RECORD_SHAPE}'))`;

/**
 * Just what identity and validity need. Materializing the whole parsed struct cost 4x the
 * parse itself (measured), so the first pass keeps only this and the full parse happens
 * once, straight into the events table. eventTime stays JSON, so a number is told from a string.
 */
export const keyFieldsExpression = `try(json_transform(record, '{"eventID":"VARCHAR","recipientAccountId":"VARCHAR","eventTime":"JSON"}'))`;

/** Why a record `r` parsed by keyFieldsExpression cannot become an event; NULL when it can. */
export const rejectReasonExpression = `
  CASE
    WHEN r IS NULL THEN 'not valid JSON'
    ELSE ${eventTimeProblemSql('r.eventTime')}
  END`;

/**
 * Identity of an event: its eventID with the account it was delivered to, `%` and `@` in the
 * eventID escaped as %25 and %40, so that the first @ always ends the eventID: unescaped,
 * eventID "a@b" in account "c" and eventID "a" in account "b@c" were one key, and a planted
 * record could have a genuine event dropped as its duplicate. Real eventIDs (UUIDs) hold
 * neither, so their keys are as before. A record without eventID is identified by a hash of
 * its exact text (`md5:…`, never an @). JS writes keys only for eventIDs needing no escape
 * (staging-file.ts#isPlainKey) and fingerprints the escaped form (key-set.ts).
 */
export const eventKeyExpression = `
  CASE WHEN nullif(r.eventID, '') IS NOT NULL
       THEN replace(replace(r.eventID, '%', '%25'), '@', '%40') || '@' || coalesce(r.recipientAccountId, '')
       ELSE 'md5:' || md5(record) END`;

const bool = (expr: string) => `CASE lower(${expr}) WHEN 'true' THEN true WHEN 'false' THEN false END`;

/** The events table's columns, in table order, computed from `staged` rows. */
export const eventColumns = `
  event_key,
  r.eventID,
  try_cast(r.eventTime AS TIMESTAMPTZ),
  r.eventVersion,
  r.eventSource,
  r.eventName,
  r.awsRegion,
  r.sourceIPAddress,
  r.userAgent,
  r.eventType,
  r.eventCategory,
  ${bool('r.readOnly')},
  ${bool('r.managementEvent')},
  r.errorCode,
  r.errorMessage,
  r.requestID,
  r.sharedEventID,
  r.recipientAccountId,
  r.vpcEndpointId,
  ui.type,
  ui.principalId,
  ui.arn,
  ui.accountId,
  ui.accessKeyId,
  coalesce(nullif(ui.userName, ''), nullif(ui.sessionContext.sessionIssuer.userName, ''), nullif(regexp_extract(ui.arn, '[:/]([^:/]+)$', 1), '')),
  ui.sessionContext.sessionIssuer.arn,
  ${bool('ui.sessionContext.attributes.mfaAuthenticated')},
  try_cast(ui.sessionContext.attributes.creationDate AS TIMESTAMPTZ),
  ui.invokedBy,
  r.tlsDetails.tlsVersion,
  r.requestParameters,
  r.responseElements,
  r.additionalEventData,
  r.resources,
  r.serviceEventDetails,
  r.userIdentity,
  record,
  source_id,
  record_index`;

export const identityJoin = `json_transform(r.userIdentity, '${IDENTITY_SHAPE}') AS ui`;
