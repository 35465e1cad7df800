import { CsvError, parse } from 'csv-parse/sync';
import { LINE_FEED } from '../json-bytes.ts';
import { lineAndColumn } from '../json-scan.ts';
import { MAX_CSV_LINES, MAX_ENTRY_BYTES, MAX_ENTRY_LABEL } from './format-limits.ts';
import type { Recognition } from './recognition.ts';
import { RecordCollector } from './record-collector.ts';

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

/** Where each column of the header is, by normalized name. */
class Columns {
  private readonly positions = new Map<string, number>();

  constructor(private readonly headers: readonly string[]) {
    // A repeated name means its last column, as before.
    headers.forEach((header, i) => this.positions.set(normalize(header), i));
  }

  value(fields: readonly string[], name: string): string | undefined {
    const at = this.positions.get(name);
    return at === undefined ? undefined : fields[at];
  }

  /** A row as an object of its header's names, for a rejection a person can read. */
  row(fields: readonly string[]): string {
    return JSON.stringify(Object.fromEntries(fields.map((field, i) => [this.headers[i] ?? `column ${i + 1}`, field])));
  }
}

/**
 * A console Event-history CSV download. When it has the full event column, that JSON is the
 * record. Otherwise the record is built from the columns that are there, under CloudTrail's
 * own field names, and nothing else is added.
 *
 * csv-parse walks the bytes and hands each row to `on_record`, which keeps nothing of it but
 * its record: a file of millions of rows never becomes millions of rows in memory. (Its
 * synchronous entry point, because recognition is synchronous; its stream would queue the
 * rows until the next tick.) Rows must have the header's number of columns: csv-parse builds
 * an Error, stack trace and all, for each row that does not, even when told to accept it,
 * which made a file of short rows take many minutes. The first such row ends the file, as a
 * break ends a JSON file; the rows before it load.
 */
export function eventHistoryCsv(content: Buffer, start: number): Recognition {
  const collector = new RecordCollector(content);
  // csv-parse counts lines from the header; blank lines before it are the file's too.
  const linesBefore = lineAndColumn(content, start).line - 1;
  const extent = csvExtent(content, start, linesBefore + 1);
  let columns: Columns | null = null;
  let rows = 0;
  const problems: string[] = [];
  try {
    parse(content.subarray(start, extent.end), {
      skip_empty_lines: true,
      skip_records_with_empty_values: true,
      max_record_size: MAX_ENTRY_BYTES,
      on_record: (fields: string[]) => {
        if (columns === null) columns = new Columns(fields);
        else readRow(collector, rows++, fields, columns);
        return null;
      },
    });
  } catch (error) {
    problems.push(describeCsvError(error, linesBefore));
  }
  if (extent.cut) problems.push(extent.cut);
  const problem = problems.length > 0 ? `${problems.join('; ')}; the ${rows} row(s) before it were read` : null;
  if (problem && collector.recordCount === 0 && collector.rejectedTotal === 0) {
    return { ok: false, format: 'event-history-csv', kind: 'other', message: problem };
  }
  return collector.extracted('log', 'event-history-csv', problem);
}

/**
 * How much of the file csv-parse is given. It stops before a line over MAX_ENTRY_BYTES:
 * csv-parse's max_record_size counts the bytes of fields, not their number, and a line of
 * 300 MB of commas became one row of 300 million empty fields, past what V8 can hold
 * (it aborted the process). And it stops after MAX_CSV_LINES lines: each costs csv-parse
 * microseconds, so a file of a hundred million tiny or blank lines would take many minutes.
 */
function csvExtent(content: Buffer, start: number, first: number): { end: number; cut: string | null } {
  for (let pos = start, line = first; pos < content.length; line++) {
    if (line - first === MAX_CSV_LINES) {
      return {
        end: pos,
        cut: `the CSV has more than ${MAX_CSV_LINES} lines, more than an Event-history download of at most 512 MiB holds; the lines from ${line} on were not read`,
      };
    }
    const newline = content.indexOf(LINE_FEED, pos);
    const end = newline === -1 ? content.length : newline;
    if (end - pos > MAX_ENTRY_BYTES) {
      return {
        end: pos,
        cut: `unreadable CSV: line ${line} is ${end - pos} bytes, more than a row holding one record (at most 4 MiB) can be, so it and the lines after it were not read`,
      };
    }
    pos = end + 1;
  }
  return { end: content.length, cut: null };
}

function readRow(collector: RecordCollector, index: number, fields: readonly string[], columns: Columns): void {
  const full = columns.value(fields, 'cloudtrailevent')?.trim();
  if (full && full.startsWith('{')) collector.text(index, full, 'event-history-csv');
  else if (columns.value(fields, 'eventtime'))
    collector.text(
      index,
      JSON.stringify(recordFromColumns((name) => columns.value(fields, name))),
      'event-history-csv',
    );
  else if (collector.keepsRejections) collector.reject(index, 'the row has no Event time', columns.row(fields));
  else collector.countRejection();
}

function describeCsvError(error: unknown, linesBefore: number): string {
  if (!(error instanceof CsvError)) return `unreadable CSV: ${error instanceof Error ? error.message : String(error)}`;
  if (error.code === 'CSV_MAX_RECORD_SIZE') {
    return `unreadable CSV: the row at line ${Number(error.lines) + linesBefore} is over ${MAX_ENTRY_LABEL}, more than a row holding one record (at most 4 MiB) can be, so it and the rows after it were not read`;
  }
  return `unreadable CSV: ${error.message.replace(/\bline (\d+)/g, (_, line: string) => `line ${Number(line) + linesBefore}`)}`;
}

function recordFromColumns(column: (name: string) => string | undefined): Record<string, unknown> {
  const record: Record<string, unknown> = {};
  const put = (field: string, value: string | undefined) => {
    if (value !== undefined && value !== '') record[field] = value;
  };
  put('eventID', column('eventid'));
  put('eventTime', column('eventtime'));
  put('eventSource', column('eventsource'));
  put('eventName', column('eventname'));
  put('awsRegion', column('awsregion'));
  put('sourceIPAddress', column('sourceipaddress'));
  put('errorCode', column('errorcode'));
  put('requestID', column('requestid'));
  put('eventCategory', column('eventcategory'));
  const readOnly = column('readonly');
  if (readOnly) record.readOnly = readOnly.toLowerCase() === 'true';
  const identity: Record<string, string> = {};
  const userName = column('username');
  const accessKey = column('awsaccesskey');
  if (userName) identity.userName = userName;
  if (accessKey) identity.accessKeyId = accessKey;
  if (Object.keys(identity).length > 0) record.userIdentity = identity;
  const resourceType = column('resourcetype');
  const resourceName = column('resourcename');
  if (resourceType || resourceName) record.resources = [{ type: resourceType ?? null, ARN: resourceName ?? null }];
  return record;
}
