import { parse } from 'csv-parse/sync';
import { type Recognition, type Rejection, textsOf } from './extracted.ts';

/** Header names normalized: lower case, letters and digits only. */
function normalize(header: string): string {
  return header.toLowerCase().replace(/[^a-z0-9]/g, '');
}

const REQUIRED = ['eventid', 'eventtime', 'eventname'];

/** True when the first line looks like the header of a console Event-history CSV download. */
export function looksLikeEventHistoryCsv(firstLine: string): boolean {
  const headers = new Set(firstLine.split(',').map((h) => normalize(h.replace(/^"|"$/g, ''))));
  return REQUIRED.every((name) => headers.has(name));
}

type Row = Record<string, string>;

/**
 * A console Event-history CSV download. When it has the full event column, that JSON is the
 * record. Otherwise the record is built from the columns that are there, under CloudTrail's
 * own field names, and nothing else is added.
 */
export function eventHistoryCsv(text: string): Recognition {
  let rows: Row[];
  try {
    rows = parse(text, { columns: (headers: string[]) => headers.map(normalize), bom: true, skip_empty_lines: true, relax_column_count: true });
  } catch (error) {
    return { ok: false, format: 'event-history-csv', kind: 'other', message: `unreadable CSV: ${error instanceof Error ? error.message : String(error)}` };
  }
  const kept: { index: number; text: string }[] = [];
  const rejected: Rejection[] = [];
  rows.forEach((row, index) => {
    const full = row.cloudtrailevent;
    if (full && full.trim().startsWith('{')) kept.push({ index, text: full.trim() });
    else if (row.eventtime) kept.push({ index, text: JSON.stringify(recordFromColumns(row)) });
    else rejected.push({ index, reason: 'the row has no Event time', text: JSON.stringify(row) });
  });
  return { ok: true, format: 'event-history-csv', kind: 'log', records: textsOf(kept), rejected, problem: null };
}

function recordFromColumns(row: Row): Record<string, unknown> {
  const record: Record<string, unknown> = {};
  const put = (field: string, value: string | undefined) => {
    if (value !== undefined && value !== '') record[field] = value;
  };
  put('eventID', row.eventid);
  put('eventTime', row.eventtime);
  put('eventSource', row.eventsource);
  put('eventName', row.eventname);
  put('awsRegion', row.awsregion);
  put('sourceIPAddress', row.sourceipaddress);
  put('errorCode', row.errorcode);
  put('requestID', row.requestid);
  put('eventCategory', row.eventcategory);
  if (row.readonly) record.readOnly = row.readonly.toLowerCase() === 'true';
  const identity: Record<string, string> = {};
  if (row.username) identity.userName = row.username;
  if (row.awsaccesskey) identity.accessKeyId = row.awsaccesskey;
  if (Object.keys(identity).length > 0) record.userIdentity = identity;
  if (row.resourcetype || row.resourcename) record.resources = [{ type: row.resourcetype ?? null, ARN: row.resourcename ?? null }];
  return record;
}
