import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CaseStore } from '../../electron/core/case/case-store.ts';
import { eventsPage, SORTED_DOWN_TO } from '../../electron/core/explore/events-page.ts';
import type { EventOrder, ExploreFilter } from '../../shared/model/explore.ts';
import { tempDir } from '../helpers/temp.ts';

/**
 * Pages deeper than SORTED_DOWN_TO are found by counting the events per minute first
 * (events-page.ts). Whatever the minutes hold (thousands of events in one second, hours with
 * none, times no epoch reaches), such a page is exactly the rows an ORDER BY of them all gives
 * at that offset. Events are put straight into the table, as the hostile suite does, so that
 * the infinities and years before Christ are among them.
 */
const dir = tempDir();
/** Enough for the burst, at the middle, to lie deeper than SORTED_DOWN_TO from either end. */
const ORDINARY = 2 * SORTED_DOWN_TO + 20_000;
const BURST_TIME = "TIMESTAMPTZ '2024-03-05 00:00:00+00'";
const BURST = 3_000;
const ODD_TIMES = [
  "'infinity'::TIMESTAMPTZ",
  "'infinity'::TIMESTAMPTZ",
  "'-infinity'::TIMESTAMPTZ",
  "'-infinity'::TIMESTAMPTZ",
  'to_timestamp(-9e12)',
  "TIMESTAMPTZ '0000-06-01 00:00:00+00'",
  "TIMESTAMPTZ '294247-01-10 04:00:54+00'",
  "TIMESTAMPTZ '1969-12-31 23:59:59.999+00'",
  "TIMESTAMPTZ '1970-01-01 00:00:00.001+00'",
];
const EVENTS = ORDINARY + BURST + ODD_TIMES.length;
let store: CaseStore;

beforeAll(async () => {
  store = await CaseStore.open(path.join(dir, 'case.duckdb'), { create: true });
  const columns = 'event_key, event_id, event_time, event_source, event_name, record, source_id, record_index';
  // Seconds of the first hour of every two over two days (an hour with none between), one or two
  // events in most; keys in no order of their time, so ties are broken by the key.
  await store.writer.run(
    `INSERT INTO events (${columns})
     SELECT md5(i::VARCHAR), md5(i::VARCHAR),
       TIMESTAMPTZ '2024-03-04 00:00:00+00' + to_seconds((hash(i) % 24) * 7200 + (hash(i) // 24) % 3600),
       's3.amazonaws.com', CASE WHEN i % 4 = 0 THEN 'PutObject' ELSE 'GetObject' END, '{}', 1, i
     FROM range(${ORDINARY}) t(i)`,
  );
  await store.writer.run(
    `INSERT INTO events (${columns})
     SELECT md5('burst' || i), md5('burst' || i), ${BURST_TIME}, 's3.amazonaws.com', 'PutObject', '{}', 1, i
     FROM range(${BURST}) t(i)`,
  );
  for (const [i, time] of ODD_TIMES.entries())
    await store.writer.run(
      `INSERT INTO events (${columns}) VALUES (md5('odd${i}'), md5('odd${i}'), ${time}, 's3.amazonaws.com', 'PutObject', '{}', 1, ${i})`,
    );
});

afterAll(() => store.close());

/** The keys at a page, by sorting every matching event: what a page must equal. */
async function sortedKeys(where: string, order: EventOrder, offset: number, limit: number): Promise<string[]> {
  const direction = order === 'newest-first' ? 'DESC' : 'ASC';
  const rows = await store.read((db) =>
    db.rows<{ event_key: string }>(
      `SELECT event_key FROM events WHERE ${where} ORDER BY event_time ${direction}, event_key ${direction} LIMIT ${limit} OFFSET ${offset}`,
    ),
  );
  return rows.map((r) => r.event_key);
}

async function burstStart(order: EventOrder): Promise<number> {
  const earlier = order === 'oldest-first' ? '<' : '>';
  return store.read((db) => db.number(`SELECT count(*) FROM events WHERE event_time ${earlier} ${BURST_TIME}`));
}

describe('pages deeper than the sorted ones', () => {
  const orders: EventOrder[] = ['oldest-first', 'newest-first'];

  it.each(orders)('equal a sort of every event, %s, across the change, at the ends and past them', async (order) => {
    const offsets = [
      [SORTED_DOWN_TO - 200, 200],
      [SORTED_DOWN_TO - 199, 200],
      [SORTED_DOWN_TO + 1, 500],
      [Math.floor(EVENTS / 2), 1_000],
      [EVENTS - 7, 200],
      [EVENTS - 1, 1],
      [EVENTS, 200],
      [EVENTS + 5_000, 200],
    ];
    for (const [offset, limit] of offsets) {
      const page = await eventsPage(store, {}, offset!, limit!, order);
      expect(page.total).toBe(EVENTS);
      expect(
        page.rows.map((r) => r.event_key),
        `offset ${offset}`,
      ).toEqual(await sortedKeys('TRUE', order, offset!, limit!));
    }
  });

  it.each(orders)('equal it inside, across and at the edges of 3,000 events of one second, %s', async (order) => {
    const start = await burstStart(order);
    expect(start).toBeGreaterThan(SORTED_DOWN_TO);
    for (const offset of [start - 150, start, start + 1_400, start + BURST - 100, start + BURST - 1]) {
      const page = await eventsPage(store, {}, offset, 300, order);
      expect(
        page.rows.map((r) => r.event_key),
        `offset ${offset}`,
      ).toEqual(await sortedKeys('TRUE', order, offset, 300));
    }
  });

  it('puts the infinities and the years no epoch reaches where a sort puts them', async () => {
    const last = await eventsPage(store, {}, EVENTS - 3, 3, 'oldest-first');
    expect(last.rows.map((r) => r.event_key)).toEqual(await sortedKeys('TRUE', 'oldest-first', EVENTS - 3, 3));
    const first = await eventsPage(store, {}, EVENTS - 3, 3, 'newest-first');
    expect(first.rows.map((r) => r.event_key)).toEqual(await sortedKeys('TRUE', 'newest-first', EVENTS - 3, 3));
    expect([...last.rows, ...first.rows].map((r) => r.event_time).filter((t) => /infinity/.test(t)).length).toBe(4);
  });

  it('equal it under a filter, counted by the filter', async () => {
    const filter: ExploreFilter = { fields: { event_name: ['GetObject'] } };
    const matching = await store.read((db) => db.number(`SELECT count(*) FROM events WHERE event_name = 'GetObject'`));
    expect(matching).toBeGreaterThan(SORTED_DOWN_TO);
    for (const order of orders)
      for (const offset of [SORTED_DOWN_TO + 10, matching - 50]) {
        const page = await eventsPage(store, filter, offset, 200, order);
        expect(page.total).toBe(matching);
        expect(page.rows.map((r) => r.event_key)).toEqual(
          await sortedKeys(`event_name = 'GetObject'`, order, offset, 200),
        );
      }
  });
});
