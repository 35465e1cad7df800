import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { RecordSet } from '../../electron/core/ingest/formats/recognition.ts';
import { recognize } from '../../electron/core/ingest/recognize.ts';
import { readRecordKey } from '../../electron/core/ingest/record-key.ts';

/**
 * A trail log's records are found by a strict walk that also reads each one's key, kept for
 * staging (`RecordReadings`). Whatever a record holds, a kept reading must be exactly what
 * staging would read walking the record again, and the records' bounds what the file holds.
 */

const corpus = path.join(import.meta.dirname, '../fixtures/corpus');
const pad = (members: string) => `{${members},"pad":"${'p'.repeat(130)}"}`;
const time = '"eventTime":"2024-01-02T03:04:05Z"';
const id = '"eventID":"0f2c1e7a-5b3d-4e8f-9a1b-2c3d4e5f6a7b"';
const account = '"recipientAccountId":"111122223333"';

/** Records as a hostile or odd trail may hold them, each long enough for its reading to be kept. */
const variants: string[] = [
  pad(`${time},${id},${account}`),
  pad(`${id},${time}`),
  pad(`${time},${id},"recipientAccountId":null`),
  pad(`${time},${id},"recipientAccountId":111122223333`),
  pad(`${time},"eventID":"e\\u002d1",${account}`),
  pad(`${time},"event\\u0049D":"e-1",${account}`),
  pad(`${time},"eventID":"",${account}`),
  pad(`${time},${account}`),
  pad(`"eventTime":"2024-02-30T00:00:00Z",${id},${account}`),
  pad(`"eventTime":1704164645,${id},${account}`),
  pad(`"eventTime":"2024-01-02T03:04:05.1234567Z",${id}`),
  pad(`${time},${id},${account},"eventID":"other"`),
  pad(`${time},${id},"userIdentity":{"arn":"a","arn":"b"}`),
  pad(`${time},${id},"userIdentity":{"arn":"a","\\u0061rn":"b"}`),
  pad(`${time},${id},"requestParameters":{"n":NaN}`),
  pad(`${time},${id},"requestParameters":{"s":"tab\there"}`),
  pad(`${time},${id},"requestParameters":{"s":"bad escape \\q"}`),
  pad(`${time},${id},"requestParameters":{"s":"lone \\ud800 surrogate"}`),
  pad(`${time},${id},"requestParameters":{"a":[1,-0.0e+5,true,false,null,{"b":[[]]}],"é":"ü \\"q\\" \\u00e9"}`),
  pad(`${time},${id},"requestParameters":${'['.repeat(300)}1${']'.repeat(300)}`),
  pad(`${time},${id},"requestParameters":{"a":1,}`),
  pad(`${time},${id},"requestParameters":{"a" 1}`),
  pad(`${time},${id},"requestParameters":{"a":01}`),
  `{ ${time} ,\n ${id} ,\t${account}, "pad" : "${'w'.repeat(130)}" }`,
  `{${time},${id}}`,
  '42',
  '"a string"',
  '[1,2]',
  '{}',
];

const trailLog = (records: readonly string[], separator: string) => {
  const head = '{"Records":[';
  const starts: number[] = [];
  let text = head;
  records.forEach((record, i) => {
    if (i > 0) text += separator;
    starts.push(Buffer.byteLength(text));
    text += record;
  });
  const buffer = Buffer.from(`${text}]}`);
  return { buffer, starts, ends: records.map((r, i) => starts[i]! + Buffer.byteLength(r)) };
};

function slices(buffer: Buffer): Extract<RecordSet, { type: 'slices' }> {
  const recognition = recognize(buffer, null);
  if (!recognition.ok || recognition.records.type !== 'slices') throw new Error('not read as slices');
  return recognition.records;
}

/** Every reading kept equals a second walk's; returns how many were kept. */
function checkReadings(buffer: Buffer, records: Extract<RecordSet, { type: 'slices' }>): number {
  const next = records.readings.reader();
  let kept = 0;
  for (let i = 0; i < records.indexes.length; i++) {
    const read = next();
    if (read === undefined) continue;
    kept++;
    expect(read, buffer.toString('utf8', records.starts[i], records.ends[i])).toEqual(
      readRecordKey(buffer, records.starts[i]!, records.ends[i]!),
    );
  }
  return kept;
}

describe('the readings taken while finding a trail log’s records', () => {
  it.each([
    ['commas', ',', false],
    ['spaces and newlines', ' ,\n  ', false],
    ['commas, the short records first', ',', true],
  ])('are what staging would read again, and the bounds the records’, separated by %s', (_, separator, shortFirst) => {
    const objects = variants.filter((v) => v.startsWith('{') && v !== '{}');
    if (shortFirst) objects.sort((a, b) => a.length - b.length);
    const { buffer, starts, ends } = trailLog(objects, separator);
    const records = slices(buffer);
    expect([...records.starts]).toEqual(starts);
    expect([...records.ends]).toEqual(ends);
    // The short record is walked again by staging; every long one that has a key or is DuckDB's to read is kept.
    const expected = objects.filter((o) => {
      const reading = readRecordKey(buffer, starts[objects.indexOf(o)]!, ends[objects.indexOf(o)]!);
      return Buffer.byteLength(o) >= 128 && reading !== null && reading !== 'repeated-name';
    }).length;
    expect(expected).toBeGreaterThan(10);
    expect(checkReadings(buffer, records)).toBe(expected);
  });

  it('are kept for the real records of the corpus, each what a second walk reads', () => {
    let kept = 0;
    for (const name of fs.readdirSync(corpus, { recursive: true }).map(String)) {
      if (!name.endsWith('.json')) continue;
      const buffer = fs.readFileSync(path.join(corpus, name));
      const recognition = recognize(buffer, null);
      if (!recognition.ok || recognition.format !== 'trail-log' || recognition.records.type !== 'slices') continue;
      const { starts, ends } = recognition.records;
      const keepable = [...starts].filter((start, i) => {
        const reading = readRecordKey(buffer, start, ends[i]!);
        return ends[i]! - start >= 128 && reading !== null && reading !== 'repeated-name';
      }).length;
      expect(checkReadings(buffer, recognition.records), name).toBe(keepable);
      kept += keepable;
    }
    expect(kept).toBeGreaterThanOrEqual(10);
  });

  it('leave the rest of the file to the scan: non-objects, an empty object, a record cut off', () => {
    const { buffer } = trailLog(variants, ',');
    const records = slices(buffer);
    checkReadings(buffer, records);
    const cut = buffer.subarray(0, buffer.length - 40);
    const partial = recognize(cut, null);
    expect(partial.ok).toBe(true);
    if (!partial.ok || partial.records.type !== 'slices') throw new Error('not read as slices');
    expect(partial.records.indexes.length).toBeGreaterThan(0);
    checkReadings(cut, partial.records);
  });
});
