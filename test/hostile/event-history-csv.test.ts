import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import zlib from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { CaseStore } from '../../electron/core/case/case-store.ts';
import { MAX_CSV_COLUMNS, MAX_CSV_LINES } from '../../electron/core/ingest/formats/format-limits.ts';
import type { Extracted } from '../../electron/core/ingest/formats/recognition.ts';
import { ingest } from '../../electron/core/ingest/ingest.ts';
import { recognize } from '../../electron/core/ingest/recognize.ts';
import type { IngestSummary } from '../../shared/model/ingest.ts';
import { writeFile } from '../helpers/archives.ts';
import { caseRows } from '../helpers/case-rows.ts';
import { tempDir } from '../helpers/temp.ts';

/**
 * Console Event-history CSV downloads built to hurt, from an audit of this one input: rows
 * that csv-parse would build past what V8 holds, rows split so that no limit counted them,
 * an error message that carried megabytes of the file, a cell whose record was swapped for
 * one made from the other columns, and a CloudWatch Logs export taken for a CSV because of
 * a string in its first event.
 */

const root = tempDir('trailscope-hostile-csv-');
const bin = path.resolve('bin/trailscope.js');
const TIME = '2024-03-04T05:06:07Z';
const HEADER = 'Event ID,Event time,Event name,Event source';
const row = (id: string, end = '\r\n') => `${id},${TIME},GetObject,s3.amazonaws.com${end}`;
const record = (eventID: string, extra: Record<string, unknown> = {}) =>
  JSON.stringify({
    eventVersion: '1.08',
    eventTime: TIME,
    eventSource: 's3.amazonaws.com',
    eventName: 'GetObject',
    awsRegion: 'eu-west-1',
    eventID,
    recipientAccountId: '111122223333',
    ...extra,
  });
const cell = (text: string) => `"${text.replaceAll('"', '""')}"`;

interface Source {
  status: string;
  error: string | null;
  record_count: number;
  rejected_count: number;
}

const extracted = (text: string): Extracted => {
  const result = recognize(Buffer.from(text), null);
  expect(result).toMatchObject({ ok: true, format: expect.any(String) });
  return result as Extracted;
};

/** Ingests one file into a case of its own; returns the summary and the file's source row. */
async function ingestOne(name: string, data: string) {
  const dir = path.join(root, name);
  const file = writeFile(path.join(dir, 'evidence', name), data);
  const caseFile = path.join(dir, 'case.duckdb');
  const store = await CaseStore.open(caseFile, { create: true });
  let summary: IngestSummary;
  try {
    summary = await ingest(store, [file]);
  } finally {
    store.close();
  }
  const [source] = await caseRows<Source>(
    caseFile,
    'SELECT status, error, record_count::INTEGER AS record_count, rejected_count::INTEGER AS rejected_count FROM sources',
  );
  return { summary, source: source!, caseFile };
}

describe('a row of more fields than an Event-history download has columns', () => {
  const commas = ','.repeat(MAX_CSV_COLUMNS);
  const TOO_MANY = new RegExp(
    `^unreadable CSV: the row at line 3 has more than ${MAX_CSV_COLUMNS} fields, more than an Event-history download has columns, so it and the lines after it were not read; the 1 row\\(s\\) before it were read$`,
  );

  // Each line of the long row is short: only the row is over the limit.
  it.each([
    ['on one line', `${HEADER}\r\n${row('f-1')}${commas}\r\n${row('f-3')}`],
    [
      'over lines that each end inside a quoted field',
      `${HEADER}\r\n${row('f-1')}f-2,x,"\r\n${`",${commas}"\r\n`.repeat(3)}"\r\n${row('f-3')}`,
    ],
    [
      'over lines ended by a bare LF in a file of CRLF rows',
      `${HEADER}\r\n${row('f-1')}${`${commas}\n`.repeat(3)}\r\n${row('f-3')}`,
    ],
    [
      'over lines ended by an LF in a file of CR rows',
      `${HEADER}\r${row('f-1', '\r')}${`${commas}\n`.repeat(3)}\r${row('f-3', '\r')}`,
    ],
    [
      'over lines ended by a CR in a file of LF rows',
      `${HEADER}\n${row('f-1', '\n')}${`${commas}\r`.repeat(3)}\n${row('f-3', '\n')}`,
    ],
  ])('is cut before csv-parse builds it, %s', (_, csv) => {
    const result = extracted(csv);
    expect(result.records.indexes).toEqual(new Uint32Array([0]));
    expect(result.problem).toMatch(TOO_MANY);
  });

  it('in a header is cut too, and the file is one error', () => {
    expect(recognize(Buffer.from(`${HEADER}${commas}\r\n${row('f-1')}`), null)).toMatchObject({
      ok: false,
      message: expect.stringMatching(/^unreadable CSV: the row at line 1 has more than 1000 fields/),
    });
  });

  it('up to the limit is still a row csv-parse reads', () => {
    const header = `${HEADER}${',x'.repeat(MAX_CSV_COLUMNS - 4)}`;
    const result = extracted(`${header}\r\n${row('f-1', `${','.repeat(MAX_CSV_COLUMNS - 4)}\r\n`)}`);
    expect(result.records.indexes).toEqual(new Uint32Array([0]));
    expect(result.problem).toBeNull();
  });

  it('leaves the CLI alive on 150 million fields in a 640 KB gzip, the rows before it loaded', async () => {
    const file = path.join(root, 'fields.csv.gz');
    const line = Buffer.from(`",${','.repeat(999_998)}"\r\n`);
    function* chunks() {
      yield Buffer.from(`${HEADER}\r\n${row('gz-1')}gz-2,x,x,"\r\n`);
      for (let i = 0; i < 150; i++) yield line;
      yield Buffer.from(`"\r\n${row('gz-3')}`);
    }
    await pipeline(Readable.from(chunks()), zlib.createGzip({ level: 1 }), fs.createWriteStream(file));
    const caseFile = path.join(root, 'fields.duckdb');
    const run = spawnSync(process.execPath, [bin, 'ingest', '--case', caseFile, '--json', '--no-detect', file], {
      encoding: 'utf8',
    });
    expect({ status: run.status, signal: run.signal }, run.stderr).toEqual({ status: 0, signal: null });
    const summary = JSON.parse(run.stdout) as { events_added: number; errors: { message: string }[] };
    expect(summary.events_added).toBe(1);
    expect(summary.errors).toEqual([{ path: file, message: expect.stringMatching(TOO_MANY) }]);
  }, 120_000);
});

describe('rows split by CR alone', () => {
  // The first line break of the file is an LF inside a quoted blank field: the header is a line.
  const head = `${HEADER}\r,,,"\n"\r${row('c-1', '\r')}`;
  const LIMIT = new RegExp(
    `^the CSV has more than ${MAX_CSV_LINES} lines, more than an Event-history download of at most 512 MiB holds; the lines from ${MAX_CSV_LINES + 1} on were not read; the 1 row\\(s\\) before it were read$`,
  );

  it.each([
    ['blank lines', '\r'],
    ['rows of empty fields', ',,,\r'],
    ['rows of blank quoted fields', '"","","",""\r'],
  ])('count toward the line limit: %s', (_, piece) => {
    const result = extracted(`${head}${piece.repeat(MAX_CSV_LINES)}${row('c-2', '\r')}`);
    expect(result.records.indexes).toEqual(new Uint32Array([0]));
    expect(result.problem).toMatch(LIMIT);
  });

  it('still load when there are few of them', () => {
    const result = extracted(`${HEADER}\r${row('c-1', '\r')}${row('c-2', '\r')}${row('c-3', '')}`);
    expect(result.records.indexes).toEqual(new Uint32Array([0, 1, 2]));
    expect(result.problem).toBeNull();
  });
});

describe('a cut inside a row', () => {
  // csv-parse ends a row at its delimiter only; any other line break is a character of a field.
  it.each([
    ['a bare LF in a file of CRLF rows', '\r\n', '\n'],
    ['a bare CR in a file of LF rows', '\n', '\r'],
    ['a bare LF in a file of CR rows', '\r', '\n'],
  ])('at a line too long falls before the row, not in it: %s', (_, eol, bare) => {
    const long = 'y'.repeat(9 * 1024 * 1024);
    const result = extracted(
      `${HEADER}${eol}${row('p-1', eol)}p-2,${TIME},GetObject,s3${bare}${long}${eol}${row('p-3', eol)}`,
    );
    expect(result.records.indexes).toEqual(new Uint32Array([0]));
    expect(result.problem).toMatch(
      /^unreadable CSV: line 4 is 9437184 bytes, .* so it and the lines after it were not read, nor its row's lines from line 3; the 1 row\(s\) before it were read$/,
    );
  });

  it('at the line limit falls before the row, not in it', () => {
    const result = extracted(
      `${HEADER}\r\n${row('p-1')}${'\r\n'.repeat(MAX_CSV_LINES - 3)}p-2,${TIME},GetObject,s3\n.amazonaws.com\r\n`,
    );
    expect(result.records.indexes).toEqual(new Uint32Array([0]));
    expect(result.problem).toMatch(
      new RegExp(`; the lines from ${MAX_CSV_LINES} on were not read; the 1 row\\(s\\) before it were read$`),
    );
  });
});

describe('a quote inside an unquoted field', () => {
  const MiB = 1024 * 1024;

  // csv-parse's message quotes the field it stopped in: megabytes, six times as much escaped.
  it.each([
    ['letters', 'x'.repeat(MiB)],
    ['control bytes', '\u0001'.repeat(MiB)],
    ['multi-byte characters', '日本語'.repeat(MiB / 9)],
  ])('is an error of a few hundred characters, not the field: %s', async (name, field) => {
    const { summary, source } = await ingestOne(
      `quote-${name.replaceAll(' ', '-')}.csv`,
      `${HEADER}\r\n${row('q-1')}q-2,${TIME},${field}"x,s3.amazonaws.com\r\n${row('q-3')}`,
    );
    expect(source).toMatchObject({ status: 'error', record_count: 1 });
    expect(source.error).toMatch(
      /^unreadable CSV: Invalid Opening Quote: a quote is found on field 2 at line 3, value is ".*…; the 1 row\(s\) before it were read$/,
    );
    expect(source.error!.length).toBeLessThan(300);
    expect(summary.errors[0]!.message).toBe(source.error);
  });

  it("renumbers csv-parse's line past blank lines before the header, not a line number in the field", async () => {
    const { source } = await ingestOne(
      'quote-line-number.csv',
      `\n\n${HEADER}\r\n${row('q-1')}q-2,${TIME},at line 9999 ${'x'.repeat(MiB)}"x,s3.amazonaws.com\r\n`,
    );
    expect(source.error).toMatch(
      /^unreadable CSV: Invalid Opening Quote: a quote is found on field 2 at line 5, value is "at line 9999 x+…; the 1 row\(s\) before it were read$/,
    );
  });
});

describe('a CloudTrail event cell that holds no JSON object', () => {
  const cells = [cell(`[${record('cell-array')}]`), 'not json', 'null', cell('"text"'), '42', 'true'];

  it('is a rejected row keeping the cell, not an event made from the other columns', async () => {
    const csv =
      `${HEADER},CloudTrail event\r\n${row('o-0', `,${cell(record('cell-object'))}\r\n`)}` +
      cells.map((text, i) => row(`o-${i + 1}`, `,${text}\r\n`)).join('') +
      row('o-7', ',\r\n');
    const { source, caseFile } = await ingestOne('cells.csv', csv);
    expect(source).toMatchObject({ status: 'error', record_count: 2, rejected_count: cells.length });
    expect(await caseRows(caseFile, 'SELECT event_key FROM events ORDER BY event_key')).toEqual([
      { event_key: 'cell-object@111122223333' },
      // A row without the cell is still read from its columns.
      { event_key: 'o-7@' },
    ]);
    expect(
      await caseRows(caseFile, 'SELECT record_index::INTEGER AS i, reason, record FROM rejected_records ORDER BY i'),
    ).toEqual(
      cells.map((text, i) => ({
        i: i + 1,
        reason: 'its CloudTrail event cell is not a JSON object',
        record: text.startsWith('"') ? text.slice(1, -1).replaceAll('""', '"') : text,
      })),
    );
  });
});

describe('a CloudWatch Logs export whose first event holds a string that reads as an Event-history header', () => {
  const line = (id: string, extra: Record<string, unknown> = {}) => `2024-03-04T05:06:08.000Z ${record(id, extra)}\n`;

  it.each([
    ['a user agent', { userAgent: 'x,eventID,eventTime,eventName,y' }],
    ['an object key', { requestParameters: { bucketName: 'b', key: 'a,event_id,EVENT TIME,Event-Name,b' } }],
    ['quoted names in an error message', { errorMessage: 'fields: x,"eventID","eventTime","eventName"' }],
  ])('is read as JSON lines, every event loaded: %s', (_, extra) => {
    const result = extracted(line('cw-1', extra) + line('cw-2') + line('cw-3'));
    expect(result.format).toBe('json-lines');
    expect(result.records.indexes).toEqual(new Uint32Array([0, 1, 2]));
    expect(result.problem).toBeNull();
  });
});
