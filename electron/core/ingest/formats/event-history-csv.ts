import { CsvError, parse } from 'csv-parse/sync';
import { CARRIAGE_RETURN, COMMA, LINE_FEED, QUOTE } from '../json-bytes.ts';
import { lineAndColumn } from '../json-scan.ts';
import { MAX_CSV_COLUMNS, MAX_CSV_LINES, MAX_ENTRY_BYTES, MAX_ENTRY_LABEL } from './format-limits.ts';
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
 * A console Event-history CSV download. When a row's full event cell is filled, that JSON is the
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
      record_delimiter: extent.delimiter,
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

type RowDelimiter = '\r\n' | '\n' | '\r';

/** What csv-parse is given: the file up to `end`, its rows split by `delimiter` (none: no row ends). */
interface CsvExtent {
  end: number;
  delimiter: RowDelimiter | undefined;
  cut: string | null;
}

/**
 * How much of the file csv-parse is given. It stops before a line over MAX_ENTRY_BYTES:
 * csv-parse's max_record_size counts the bytes of fields, not their number, and a line of
 * 300 MB of commas became one row of 300 million empty fields, past what V8 can hold
 * (it aborted the process). It stops before a row of more than MAX_CSV_COLUMNS fields: a line
 * break inside quotes does not end a row, and short lines of commas, each ending inside a
 * quoted field, made one such row again (a 640 KB gzip aborted the process). And it stops
 * after MAX_CSV_LINES lines: each costs csv-parse microseconds, so a file of a hundred million
 * tiny or blank lines would take many minutes. A lone CR ends a line too: rows split by CR
 * alone had no limit (6 million took 600 MB of heap).
 *
 * csv-parse is told the row delimiter found here, the first line break outside quotes, as it
 * would find it itself: where this walk ends a row, csv-parse does too. A cut falls between
 * rows: cut at a line break that does not end its row, csv-parse read the row's first lines as
 * the whole row (`Name\n` for `Name\n` and 9 MiB more).
 */
function csvExtent(content: Buffer, start: number, first: number): CsvExtent {
  const lines = new CsvLines(content);
  let delimiter: RowDelimiter | undefined;
  let rowStart = start;
  let rowLine = first;
  for (let lineStart = start, line = first; ; line++) {
    if (line - first === MAX_CSV_LINES && lineStart < content.length) {
      return {
        end: rowStart,
        delimiter,
        cut: `the CSV has more than ${MAX_CSV_LINES} lines, more than an Event-history download of at most 512 MiB holds; the lines from ${rowLine} on were not read`,
      };
    }
    const end = lines.lineEnd(lineStart);
    if (end - lineStart > MAX_ENTRY_BYTES) {
      const rowBefore = rowLine < line ? `, nor its row's lines from line ${rowLine}` : '';
      return {
        end: rowStart,
        delimiter,
        cut: `unreadable CSV: line ${line} is ${end - lineStart} bytes, more than a row holding one record (at most 4 MiB) can be, so it and the lines after it were not read${rowBefore}`,
      };
    }
    if (lines.fields > MAX_CSV_COLUMNS) {
      return {
        end: rowStart,
        delimiter,
        cut: `unreadable CSV: the row at line ${rowLine} has more than ${MAX_CSV_COLUMNS} fields, more than an Event-history download has columns, so it and the lines after it were not read`,
      };
    }
    if (end === content.length) return { end, delimiter, cut: null };
    const lineBreak: RowDelimiter = content[end] === LINE_FEED ? '\n' : content[end + 1] === LINE_FEED ? '\r\n' : '\r';
    lineStart = end + lineBreak.length;
    if (!lines.quoted) {
      delimiter ??= lineBreak;
      if (endsRow(lineBreak, delimiter)) {
        lines.fields = 1;
        rowStart = lineStart;
        rowLine = line + 1;
      }
    }
  }
}

/** csv-parse ends a row at its delimiter only: with CRLF rows a lone CR or LF is a character of a field. */
function endsRow(lineBreak: RowDelimiter, delimiter: RowDelimiter): boolean {
  return lineBreak === delimiter || (delimiter.length === 1 && lineBreak.includes(delimiter));
}

/**
 * The lines of a CSV, with quotes followed as csv-parse follows them (up to the first quote
 * it refuses, where it stops): whether a line ends inside a quoted field, and how many fields
 * the row has so far.
 */
class CsvLines {
  quoted = false;
  fields = 1;

  constructor(private readonly content: Buffer) {}

  /** Where the line from `from` ends: its line break, or the end of the file. */
  lineEnd(from: number): number {
    const { content } = this;
    let quoted = this.quoted;
    let commas = 0;
    let pos = from;
    for (; pos < content.length; pos++) {
      const byte = content[pos]!;
      if (byte === QUOTE) quoted = !quoted;
      else if (byte === COMMA) commas += quoted ? 0 : 1;
      else if (byte === LINE_FEED || byte === CARRIAGE_RETURN) break;
    }
    this.quoted = quoted;
    this.fields += commas;
    return pos;
  }
}

function readRow(collector: RecordCollector, index: number, fields: readonly string[], columns: Columns): void {
  const full = columns.value(fields, 'cloudtrailevent')?.trim();
  if (full?.startsWith('{')) collector.text(index, full, 'event-history-csv');
  // The cell is the row's record: one that holds no object is not an event, whatever the other columns say.
  else if (full) collector.reject(index, 'its CloudTrail event cell is not a JSON object', full);
  else if (columns.value(fields, 'eventtime'))
    collector.text(
      index,
      JSON.stringify(recordFromColumns((name) => columns.value(fields, name))),
      'event-history-csv',
    );
  else if (collector.keepsRejections) collector.reject(index, 'the row has no Event time', columns.row(fields));
  else collector.countRejection();
}

/**
 * csv-parse quotes the field it stopped in (a quote inside an unquoted field), which may be
 * megabytes of the file, or six times as much escaped: every source row and ingest summary
 * would carry it.
 */
const MAX_CSV_MESSAGE = 200;

function describeCsvError(error: unknown, linesBefore: number): string {
  if (!(error instanceof CsvError)) return `unreadable CSV: ${error instanceof Error ? error.message : String(error)}`;
  if (error.code === 'CSV_MAX_RECORD_SIZE') {
    return `unreadable CSV: the row at line ${Number(error.lines) + linesBefore} is over ${MAX_ENTRY_LABEL}, more than a row holding one record (at most 4 MiB) can be, so it and the rows after it were not read`;
  }
  // Its first "line N" is csv-parse's; the field's text may follow.
  const message = error.message.replace(/\bline (\d+)/, (_, line: string) => `line ${Number(line) + linesBefore}`);
  return `unreadable CSV: ${message.length > MAX_CSV_MESSAGE ? `${message.slice(0, MAX_CSV_MESSAGE)}…` : message}`;
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
