import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { annotate } from '../../electron/core/analyst/annotations.ts';
import { bookmarkedEvents } from '../../electron/core/analyst/event-summaries.ts';
import { addFinding, listFindings } from '../../electron/core/analyst/findings.ts';
import { CaseStore } from '../../electron/core/case/case-store.ts';
import { LISTED_CHARS } from '../../electron/core/explore/field-sql.ts';
import { ingest } from '../../electron/core/ingest/ingest.ts';
import { MAX_ANSWER_BYTES, MAX_CELL_BYTES } from '../../electron/core/query/bounded-rows.ts';
import { eventRecord } from '../../electron/core/query/event-lookups.ts';
import { QuerySessions } from '../../electron/core/query/query-sessions.ts';
import { LISTED_DELIVERIES } from '../../shared/model/event.ts';
import { tempDir } from '../helpers/temp.ts';

/**
 * One console answer becomes JS strings and then JSON in the process that serves the case, so
 * its size is bounded before DuckDB hands it over: `SELECT repeat('x', 250000000) || i FROM
 * range(14)`, or millions of rows, once ended that process out of memory (V8's heap limit
 * cannot be caught). Each cell of text stops at MAX_CELL_BYTES and says how long it was; an
 * answer stops at MAX_ANSWER_BYTES and says it is not complete.
 */
const dir = tempDir();
let store: CaseStore;
let sessions: QuerySessions;

beforeAll(async () => {
  store = await CaseStore.open(path.join(dir, 'case.duckdb'), { create: true });
  sessions = new QuerySessions(store);
});
afterAll(async () => {
  await sessions.closeAll();
  store.close();
});

const textBytes = (rows: unknown[][]) => rows.flat().reduce<number>((sum, v) => sum + String(v).length, 0);

describe('a console answer', () => {
  it.each([
    ['three cells of 20 MB', `SELECT repeat('x', 20000000) || i AS s FROM range(3) t(i)`, 3],
    ['a JSON cell of 20 MB', `SELECT to_json(repeat('y', 20000000)) AS j, 1 AS n`, 1],
    ['two same-named columns of 1 MB each', `SELECT repeat('a', 1000000) AS x, repeat('b', 1000000) AS x`, 1],
  ])('of %s cuts each cell and says how long it was', async (_, sql, count) => {
    const fetched = await sessions.fetch(sql, 100);
    expect(fetched.rows).toHaveLength(count);
    for (const row of fetched.rows)
      for (const cell of row.filter((c) => typeof c === 'string' && c.length > 1000))
        expect(String(cell)).toMatch(new RegExp(`^.{${MAX_CELL_BYTES}} … \\[cut: \\d+ bytes in all\\]"?$`, 's'));
    expect(fetched.columns.map((c) => c.name)).toEqual(
      sql.includes('AS x') ? ['x', 'x_1'] : sql.includes(' AS j') ? ['j', 'n'] : ['s'],
    );
  });

  it('of 100,000 rows of 20 KB stops at its byte budget, in order, and says it is not complete', async () => {
    const fetched = await sessions.fetch(`SELECT i, repeat('z', 20000) AS pad FROM range(100000) t(i)`, 1_000_000);
    expect(fetched).toMatchObject({ complete: false, cut_at_bytes: true });
    expect(textBytes(fetched.rows)).toBeLessThan(MAX_ANSWER_BYTES * 1.1);
    expect(fetched.rows.length).toBeGreaterThan(1000);
    expect(fetched.rows.slice(0, 3).map((r) => Number(r[0]))).toEqual([0, 1, 2]);
    expect(Number(fetched.rows.at(-1)![0])).toBe(fetched.rows.length - 1);
  });

  it('of a few small rows is whole, values as they were', async () => {
    const fetched = await sessions.fetch(`SELECT 1 AS one, 'two' AS two, NULL AS three, 2::BIGINT AS four`, 10);
    expect(fetched).toMatchObject({ complete: true, cut_at_bytes: false, rows: [[1, 'two', null, '2']] });
    expect(await sessions.fetch('SELECT * FROM range(5)', 3)).toMatchObject({ complete: false, cut_at_bytes: false });
  });

  it('kept for paging answers each page within the same bounds', async () => {
    const run = await sessions.run('big-cells', `SELECT i, repeat('w', 200000) || i AS s FROM range(1000) t(i)`);
    expect(run.rows_ready).toBeGreaterThan(0);
    await sessions.total('big-cells');
    const page = await sessions.page('big-cells', 500, 400, null);
    expect(page.length).toBeGreaterThan(0);
    expect(Number(page[0]![0])).toBe(500);
    expect(String(page[0]![1])).toMatch(/ … \[cut: 200003 bytes in all\]$/);
    expect(textBytes(page)).toBeLessThan(MAX_ANSWER_BYTES * 1.1);
    const sorted = await sessions.page('big-cells', 0, 3, { column: 'i', descending: true });
    expect(sorted.map((r) => Number(r[0]))).toEqual([999, 998, 997]);
  });
});

describe('the events of a finding or of the bookmarks', () => {
  it('hold the log values cut as the explorer lists them, however long the record made them', async () => {
    const long = (c: string) => c.repeat(1_000_000);
    const records = ['userAgent', 'eventName', 'sourceIPAddress', 'errorCode', 'awsRegion', 'eventSource'].map(
      (field, i) => ({
        eventVersion: '1.08',
        eventTime: '2024-03-04T05:06:07Z',
        eventSource: 's3.amazonaws.com',
        eventName: 'GetObject',
        awsRegion: 'eu-west-1',
        eventID: `long-${i}`,
        recipientAccountId: '111122223333',
        userIdentity: { type: 'IAMUser', arn: i === 0 ? `arn:${long('r')}` : 'arn:aws:iam::111122223333:user/m' },
        [field]: long(String.fromCharCode(97 + i)),
      }),
    );
    const file = path.join(dir, 'long-values.json');
    fs.writeFileSync(file, JSON.stringify({ Records: records }));
    expect((await ingest(store, [file])).events_added).toBe(records.length);
    const keys = records.map((r) => `${r.eventID}@111122223333`);
    for (const key of keys) await annotate(store, key, { kind: 'bookmark', on: true });

    await addFinding(store, { title: 'Long values', severity: 'low', evidence: { kind: 'events', event_keys: keys } });
    const [finding] = await listFindings(store);
    const summaries = [
      ...(finding!.evidence.kind === 'events' ? finding!.evidence.events : []),
      ...(await store.read((db) => bookmarkedEvents(db))),
    ];

    expect(summaries).toHaveLength(2 * records.length);
    const longest = Math.max(
      ...summaries.flatMap((e) => Object.values(e).map((v) => (typeof v === 'string' ? v.length : 0))),
    );
    expect(longest).toBe(LISTED_CHARS);
  });
});

describe("an event's record", () => {
  it.each([
    ['in every record of one file', 1, LISTED_DELIVERIES + 500],
    ['in many files', LISTED_DELIVERIES + 7, 1],
  ])('delivered %s lists the first deliveries and counts them all', async (_, files, copies) => {
    const record = {
      eventVersion: '1.08',
      eventTime: '2024-03-04T05:06:07Z',
      eventSource: 's3.amazonaws.com',
      eventName: 'GetObject',
      awsRegion: 'eu-west-1',
      eventID: `copied-${files}`,
      recipientAccountId: '111122223333',
    };
    const folder = path.join(dir, `copies-${files}`);
    fs.mkdirSync(folder);
    // Each file differs by a record of its own, or it would be one file seen again.
    for (let f = 0; f < files; f++)
      fs.writeFileSync(
        path.join(folder, `f${f}.json`),
        JSON.stringify({ Records: [...Array(copies).fill(record), { ...record, eventID: `own-${files}-${f}` }] }),
      );
    await ingest(store, [folder]);

    const found = await eventRecord(store, `copied-${files}@111122223333`);

    expect(found.deliveries).toBe(files * copies);
    expect(found.delivered_in).toHaveLength(LISTED_DELIVERIES);
    expect(found.delivered_in[0]).toEqual({ file: path.join(folder, 'f0.json'), record_index: 0 });
  });
});
