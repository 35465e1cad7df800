import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CaseStore } from '../../electron/core/case/case-store.ts';
import { ingest } from '../../electron/core/ingest/ingest.ts';
import { writeFile } from '../helpers/archives.ts';
import { tempDir } from '../helpers/temp.ts';

/**
 * Ingest reads most keys in JS and leaves the rest to DuckDB; whichever side reads a record,
 * an event is stored once and every delivery is linked, across batches and across runs.
 */
const dir = tempDir();

const record = (id: string, time = '"2024-01-02T03:04:05Z"', name = 'GetObject') =>
  `{"eventVersion":"1.08","eventTime":${time},"eventSource":"s3.amazonaws.com","eventName":"${name}","eventID":${id},"recipientAccountId":"111122223333"}`;
const log = (...records: string[]) => `{"Records":[${records.join(',')}]}`;

async function ingestInto(caseName: string, files: Record<string, string>, batchBytes = 1) {
  const root = path.join(dir, caseName);
  for (const [name, text] of Object.entries(files)) writeFile(path.join(root, name), text);
  const store = await CaseStore.open(path.join(dir, `${caseName}.duckdb`), { create: true });
  try {
    return { summary: await ingest(store, [root], { batchBytes }), store };
  } catch (error) {
    store.close();
    throw error;
  }
}

async function counts(store: CaseStore) {
  const result = await store.writer.runAndReadAll(
    `SELECT (SELECT count(*) FROM events)::INTEGER, (SELECT count(*) FROM event_sources)::INTEGER, (SELECT count(*) FROM rejected_records)::INTEGER`,
  );
  const [events, links, rejected] = result.getRows()[0]!.map(Number);
  return { events, links, rejected };
}

describe('event identity whichever side reads the key', () => {
  it('stores an event once when one delivery has an escaped eventID, in a later batch or an earlier one', async () => {
    const { store } = await ingestInto('escaped', {
      'a.json': log(record('"e\\u002d1"')),
      'b.json': log(record('"e-1"')),
      'c.json': log(record('"e-2"')),
      'd.json': log(record('"e\\u002d2"')),
    });
    expect(await counts(store)).toEqual({ events: 2, links: 4, rejected: 0 });
    const keys = await store.writer.runAndReadAll('SELECT event_key FROM events ORDER BY event_key');
    expect(keys.getRows().map((r) => String(r[0]))).toEqual(['e-1@111122223333', 'e-2@111122223333']);
    store.close();
  });

  it('keeps the first delivery within a batch and links the others', async () => {
    const { store } = await ingestInto(
      'in-batch',
      { 'a.json': log(record('"e-1"'), record('"e-1"', undefined, 'Again'), record('"e-1"')) },
      1 << 20,
    );
    expect(await counts(store)).toEqual({ events: 1, links: 3, rejected: 0 });
    const stored = await store.writer.runAndReadAll('SELECT event_name, record_index FROM events');
    expect(stored.getRows()).toEqual([['GetObject', 0]]);
    store.close();
  });

  it('leaves unusual times to DuckDB: loads what it reads, rejects what it cannot, with the reason', async () => {
    const { store } = await ingestInto('times', {
      'a.json': log(
        record('"e-1"', '"2024-01-02 03:04:05"'),
        record('"e-2"', '"2024-02-30T00:00:00Z"'),
        record('"e-3"', 'null'),
        record('"e-4"'),
      ),
    });
    expect(await counts(store)).toEqual({ events: 2, links: 2, rejected: 2 });
    const reasons = await store.writer.runAndReadAll('SELECT reason FROM rejected_records ORDER BY record_index');
    expect(reasons.getRows().map((r) => String(r[0]))).toEqual([
      'eventTime "2024-02-30T00:00:00Z" is not a timestamp',
      'no eventTime: not a CloudTrail record, or an abbreviated one',
    ]);
    const source = await store.writer.runAndReadAll(
      `SELECT record_count, rejected_count, status FROM sources WHERE path LIKE '%a.json'`,
    );
    expect(source.getRows()).toEqual([[2, 2, 'error']]);
    store.close();
  });

  it('knows the events already in the case on the next run', async () => {
    const first = await ingestInto('runs', { 'a.json': log(record('"e-1"'), record('"e\\u002d9"')) });
    first.store.close();
    const { store, summary } = await ingestInto('runs', {
      'b.json': log(record('"e-1"'), record('"e-9"'), record('"e-3"')),
    });
    expect(summary.events_added).toBe(1);
    expect(await counts(store)).toEqual({ events: 3, links: 5, rejected: 0 });
    store.close();
  });
});
