import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CaseStore } from '../../electron/core/case/case-store.ts';
import { summarizedDistinct } from '../../electron/core/explore/facet-summary.ts';
import { volume } from '../../electron/core/explore/volume.ts';
import { eventFocus } from '../../electron/core/explore/volume-focus.ts';
import { ingest } from '../../electron/core/ingest/ingest.ts';
import { type ExploreFilter, type StackDimension, stackDimensions, type Volume } from '../../shared/model/explore.ts';
import { apiTime, bucketIndex } from '../../shared/volume-buckets.ts';
import { tempDir } from '../helpers/temp.ts';

/**
 * The volume chart counts by bucket and value in one scan when the case's summary says the
 * dimension has few values, in two scans otherwise, and reads the focus's event times only from
 * the bars that hold them. Each way must draw the chart the other draws, bar for bar.
 */
const dir = tempDir();
let store: CaseStore;

const DAY = 86_400_000;
const names = ['ListUsers', 'GetObject', 'AssumeRole', 'Decrypt', 'PutObject', 'StopLogging', 'CreateUser'];

/** A quarter of uneven activity in 2024, a few records of 2016 and of 2031, and values of every kind. */
function archive(): string {
  const times: number[] = [];
  const start = Date.parse('2024-01-01T00:00:00Z');
  for (let i = 0; i < 3000; i++) times.push(start + Math.floor(((i * 7919) % 3000) ** 1.3 / 3000 ** 0.3) * 2_591_000);
  for (let i = 0; i < 5; i++) times.push(Date.parse('2016-05-01T00:00:00Z') + i * 13 * DAY + i * 1234);
  for (let i = 0; i < 3; i++) times.push(Date.parse('2031-02-01T00:00:00Z') + i * 40 * DAY);
  const records = times.map((t, i) => ({
    eventVersion: '1.08',
    eventID: `volume-${i}`,
    eventTime: new Date(t).toISOString().replace('.000Z', 'Z'),
    eventSource: `${['iam', 's3', 'sts', 'kms'][i % 4]}.amazonaws.com`,
    eventName: names[(i * i) % names.length],
    awsRegion: ['us-east-1', 'eu-west-1', 'ap-south-1'][i % 3],
    sourceIPAddress: `198.51.100.${i % 250}`,
    ...(i % 37 === 0
      ? {}
      : {
          userIdentity:
            i % 11 === 0
              ? { type: 'AWSService', invokedBy: 'cloudtrail.amazonaws.com' }
              : {
                  type: 'IAMUser',
                  arn: `arn:aws:iam::111122223333:user/${i % 13 === 0 ? 'x'.repeat(3000) : `u${i % 23}`}`,
                },
        }),
    ...(i % 9 === 0 ? { errorCode: i % 2 ? 'AccessDenied' : 'ThrottlingException' } : {}),
    recipientAccountId: i % 5 ? '111122223333' : '444455556666',
  }));
  const folder = path.join(dir, 'archive');
  fs.mkdirSync(folder, { recursive: true });
  fs.writeFileSync(path.join(folder, 'volume.json'), JSON.stringify({ Records: records }));
  return folder;
}

/** The chart drawn with the summary set aside: every dimension counted in two scans. */
async function inTwoScans(filter: ExploreFilter, stackBy: StackDimension, pinned: (string | null)[]): Promise<Volume> {
  await store.writer.run('CREATE OR REPLACE TEMP TABLE kept_summary AS SELECT * FROM facet_summary');
  await store.writer.run('DELETE FROM facet_summary');
  try {
    return await volume(store, filter, stackBy, { pinned });
  } finally {
    await store.writer.run('INSERT INTO facet_summary SELECT * FROM kept_summary');
  }
}

beforeAll(async () => {
  store = await CaseStore.open(path.join(dir, 'case.duckdb'), { create: true });
  await ingest(store, [archive()]);
});
afterAll(() => store.close());

const filters: [string, ExploreFilter][] = [
  ['the whole case', {}],
  ['February 2024', { from: '2024-02-01T00:00:00Z', to: '2024-03-01T00:00:00Z' }],
  ['two event names', { fields: { event_name: ['GetObject', 'StopLogging'] } }],
  ['one account left out', { exclude: { recipient_account_id: ['444455556666'] } }],
  ['a text', { text: 'eu-west-1' }],
  // Days apart in 2031, where the whole case's span chose months: counted again by day.
  ['two records of 2031', { fields: { event_id: ['volume-3005', 'volume-3007'] } }],
];
const pins: [string, (string | null)[]][] = [
  ['nothing pinned', []],
  ['"no value" and a value no event has', [null, 'nowhere']],
  [
    'a frequent value and a rare one',
    ['ListUsers', 'arn:aws:iam::111122223333:user/u7', 'StopLogging', 'kms.amazonaws.com'],
  ],
];

describe('the volume chart in one scan and in two', () => {
  it('has the summary it chooses by: every stack dimension has few values here', async () => {
    const events = await store.read((db) => db.number('SELECT count(*) FROM events'));
    for (const dimension of stackDimensions) {
      const values = await store.read((db) => summarizedDistinct(db, dimension, events));
      expect(values, dimension).toBeGreaterThan(0);
      expect(values, dimension).toBeLessThan(100);
    }
  });

  for (const [filterName, filter] of filters)
    for (const [pinName, pinned] of pins)
      it(`draws the same chart: ${filterName}, ${pinName}`, async () => {
        for (const stackBy of stackDimensions) {
          const oneScan = await volume(store, filter, stackBy, { pinned });
          expect(oneScan.total, stackBy).toBeGreaterThan(0);
          expect(oneScan, stackBy).toEqual(await inTwoScans(filter, stackBy, pinned));
        }
      });

  it('counts every event in its series, a 3,000-character principal among them', async () => {
    const chart = await volume(store, {}, 'principal', {
      pinned: [`arn:aws:iam::111122223333:user/${'x'.repeat(3000)}`],
    });
    const pinnedEvents = chart.buckets.reduce((n, b) => n + b.counts[0]!, 0);
    const expected = await store.read((db) =>
      db.number(`SELECT count(*) FROM events WHERE identity_arn LIKE '%xxxxxxxxxx'`),
    );
    expect(pinnedEvents).toBe(expected);
    expect(chart.buckets.reduce((n, b) => n + b.counts.reduce((a, c) => a + c, 0), 0)).toBe(3008);
  });
});

/** The focus and the outliers as they follow from every event's time, read whole. */
async function focusFromEveryTime(chart: Volume, filter: ExploreFilter) {
  const where = [
    filter.from ? `event_time >= '${filter.from}'::TIMESTAMPTZ` : 'true',
    filter.to ? `event_time < '${filter.to}'::TIMESTAMPTZ` : 'true',
  ].join(' AND ');
  const times = (
    await store.read((db) =>
      db.rows<{ t: string }>(`SELECT epoch_ms(event_time) AS t FROM events WHERE ${where} ORDER BY 1`),
    )
  ).map((r) => Number(r.t));
  const needed = Math.max(1, Math.floor(times.length / 100)) + 1;
  const found = eventFocus(times.length, times.slice(0, needed), times.slice(-needed))!;
  const second = (ms: number) => Math.floor(ms / 1000) * 1000;
  const byBar = new Map<number, number[]>();
  for (const t of found.outliers)
    byBar.set(bucketIndex(t, chart.bucket_seconds), [...(byBar.get(bucketIndex(t, chart.bucket_seconds)) ?? []), t]);
  return {
    focus: { from: apiTime(second(found.fromMs)), to: apiTime(second(found.toMs) + 1000), events: found.events },
    outliers: [...byBar.values()].map((ts) => ({
      from: apiTime(second(ts[0]!)),
      to: apiTime(second(ts.at(-1)!) + 1000),
      count: ts.length,
    })),
  };
}

describe('the focus, read from the bars at both ends', () => {
  it.each<[string, ExploreFilter, number]>([
    ['fifteen years, months', {}, 300],
    ['fifteen years, few bars', {}, 12],
    ['the quarter, by the hour and more', { from: '2024-01-01T00:00:00Z', to: '2024-04-01T00:00:00Z' }, 300],
    ['the quarter, days', { from: '2024-01-01T00:00:00Z', to: '2024-04-01T00:00:00Z' }, 100],
    ['February, hours', { from: '2024-02-01T00:00:00Z', to: '2024-03-01T00:00:00Z' }, 300],
  ])('is the one every event time gives: %s', async (_, filter, maxBars) => {
    const chart = await volume(store, filter, 'event_name', { maxBars });
    const expected = await focusFromEveryTime(chart, filter);
    expect(chart.outliers).toEqual(expected.outliers);
    if (chart.focus) expect(chart.focus).toEqual(expected.focus);
  });

  it('marks the records of 2016 and 2031 as outliers', async () => {
    const chart = await volume(store, {}, 'event_name');
    expect(chart.outliers?.reduce((n, o) => n + o.count, 0)).toBe(8);
    expect(chart.focus?.events).toBe(3000);
  });
});
