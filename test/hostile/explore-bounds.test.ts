import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AllHandlers } from '../../electron/api/handlers.ts';
import { handleRequest } from '../../electron/api/handlers.ts';
import { OpenCase } from '../../electron/api/open-case.ts';
import type { CaseStore } from '../../electron/core/case/case-store.ts';
import { RecentCases } from '../../electron/core/case/recent-cases.ts';
import { LISTED_CHARS, ROW_CHARS } from '../../electron/core/explore/field-sql.ts';
import { volume } from '../../electron/core/explore/volume.ts';
import type { EventPage, Facet, Heatmap, TopValues, Volume } from '../../shared/model/explore.ts';
import { MAX_BUCKETS } from '../../shared/model/explore.ts';
import { bucketEnd } from '../../shared/volume-buckets.ts';
import { tempDir } from '../helpers/temp.ts';

/**
 * Times and values the staging helper refuses at ingest today, put straight into the events
 * table as a case ingested before would hold them, and ranges any request may name.
 */
const dir = tempDir();
const cases = new OpenCase(() => undefined, new RecentCases(path.join(dir, 'recent.json')));
let handlers: AllHandlers;

const HOSTILE_TIMES = {
  'max-timestamp': "TIMESTAMPTZ '294247-01-10 04:00:54+00'",
  'year-one': "TIMESTAMPTZ '0001-01-01 00:00:00+00'",
  'year-zero': "TIMESTAMPTZ '0000-06-01 00:00:00+00'",
  'before-christ': 'to_timestamp(-9e12)',
  infinity: "'infinity'::TIMESTAMPTZ",
  'minus-infinity': "'-infinity'::TIMESTAMPTZ",
  'last-second': "TIMESTAMPTZ '9999-12-31 23:59:59+00'",
  'eve-of-1970': "TIMESTAMPTZ '1969-12-31 23:30:00+00'",
};
const ORDINARY = ['2024-03-04 10:00:00+00', '2024-03-04 10:05:00+00', '2024-03-05 09:00:00+00'];
/** Values a record may hold (up to 4 MiB) and no CloudTrail field does. */
const LONG_EVENTS = 120;
const LONG_CHARS = 64 * 1024;

async function request<T>(name: string, params: unknown): Promise<{ value: T; bytes: number }> {
  const result = await handleRequest(handlers, name, params);
  if (!result.ok) throw new Error(`${name}: ${result.error.message}`);
  return { value: result.value as T, bytes: JSON.stringify(result).length };
}

const only = (name: string) => ({ fields: { event_name: [name] } });

beforeAll(async () => {
  const store = await cases.open(path.join(dir, 'hostile-times.duckdb'), true);
  handlers = cases.handlers();
  const insert = (key: string, time: string, name: string, long = "''") =>
    store.writer.run(
      `INSERT INTO events (event_key, event_id, event_time, event_source, event_name, source_ip, user_agent, identity_arn, record, source_id, record_index)
       VALUES ('${key}', '${key}', ${time}, 'iam.amazonaws.com', ${name}, '10.0.0.1' || ${long}, 'agent' || ${long}, 'arn:aws:iam::1:user/a' || ${long}, '{}', 1, 0)`,
    );
  for (const [name, time] of Object.entries(HOSTILE_TIMES)) await insert(name, time, `'${name}'`);
  for (const [i, time] of ORDINARY.entries()) await insert(`ordinary-${i}`, `TIMESTAMPTZ '${time}'`, "'ordinary'");
  for (let i = 0; i < LONG_EVENTS; i++)
    await insert(
      `long-${i}`,
      "TIMESTAMPTZ '2024-03-06 12:00:00+00'",
      `'long-' || repeat('x', ${LONG_CHARS}) || '${i}'`,
      `repeat('y', ${LONG_CHARS}) || '${i}'`,
    );
});

afterAll(() => cases.close());

describe('the volume chart, whatever the times', () => {
  it('charts every event of years 1 to 9999 in at most MAX_BUCKETS bars, counting the rest apart', async () => {
    const { value, bytes } = await request<Volume>('explore:chart-volume', {});
    expect(value.buckets.length).toBeLessThanOrEqual(MAX_BUCKETS);
    expect(value).toMatchObject({
      bucket_seconds: 3_155_695_200,
      from: '0000-01-01T00:00:00Z',
      to: '9999-12-31T23:59:59.999Z',
      outside: 5,
    });
    expect(value.total).toBe(3 + ORDINARY.length + LONG_EVENTS);
    expect(bytes).toBeLessThan(64 * 1024);
  });

  it('counts an event at the largest time DuckDB holds apart, instead of building 10^8 buckets', async () => {
    const { value } = await request<Volume>('explore:chart-volume', { filter: only('max-timestamp') });
    expect(value).toMatchObject({ buckets: [], total: 0, outside: 1, from: null });
  });

  it('charts year 1 beside 2024 by the century, not in 740,000 daily bars', async () => {
    const { value } = await request<Volume>('explore:chart-volume', {
      filter: { fields: { event_name: ['year-one', 'ordinary'] } },
    });
    expect(value.buckets.length).toBeLessThanOrEqual(MAX_BUCKETS);
    expect(value).toMatchObject({ bucket_seconds: 315_569_520, total: 1 + ORDINARY.length, outside: 0 });
    expect(value.buckets[0]).toMatchObject({ start: '0000-01-01T00:00:00Z', counts: [1] });
  });

  it('answers a range of years 1 to 9999 with a hundred bars and a few kilobytes, not 3.65 million bars and 241 MB', async () => {
    const { value, bytes } = await request<Volume>('explore:chart-volume', {
      filter: { from: '0001-01-01T00:00:00Z', to: '9999-12-31T23:59:59Z' },
    });
    expect(value.buckets).toHaveLength(100);
    expect(value).toMatchObject({ bucket_seconds: 3_155_695_200, outside: 0 });
    expect(bytes).toBeLessThan(32 * 1024);
  });

  it('counts the events of a range reaching before year 1 that no bar can show', async () => {
    const { value } = await request<Volume>('explore:chart-volume', {
      filter: { from: '0000-01-01T00:00:00Z', to: '0002-01-01T00:00:00Z' },
    });
    expect(value).toMatchObject({ total: 1, outside: 1 });
    expect(value.buckets.length).toBeLessThanOrEqual(MAX_BUCKETS);
  });

  it('draws contiguous bars, never more than MAX_BUCKETS, for spans from a minute to ten thousand years', async () => {
    const store = cases.store!;
    const start = Date.parse('1969-12-30T17:00:00Z');
    for (let span = 60_000; span < 3.2e14; span *= 3.7) {
      const to = Math.min(start + span, Date.parse('9999-12-31T23:59:59Z'));
      const chart = await volume(
        store,
        { from: new Date(start).toISOString(), to: new Date(to).toISOString() },
        'event_name',
      );
      expect(chart.buckets.length).toBeLessThanOrEqual(MAX_BUCKETS);
      for (let i = 1; i < chart.buckets.length; i++)
        expect(bucketEnd(chart.buckets[i - 1]!.start, chart.bucket_seconds)).toBe(chart.buckets[i]!.start);
      expect(Date.parse(chart.buckets[0]!.start)).toBeLessThanOrEqual(start);
      expect(Date.parse(chart.to!)).toBeGreaterThanOrEqual(Math.min(to, Date.parse('9999-12-31T23:59:59.999Z')));
    }
  });

  it('places the 1969 event in its week of Mondays, before the epoch', async () => {
    const { value } = await request<Volume>('explore:chart-volume', {
      filter: { ...only('eve-of-1970'), from: '1969-01-01T00:00:00Z', to: '1970-06-01T00:00:00Z' },
    });
    expect(value.bucket_seconds).toBe(604_800);
    expect(value.buckets.find((b) => b.counts.some((n) => n > 0))?.start).toBe('1969-12-29T00:00:00Z');
  });
});

describe('every explore request refuses a from or to that is not a real time', () => {
  const notTimes = [
    '2024-02-30T00:00:00Z',
    '2023-02-29T00:00:00Z',
    '2024-13-01T00:00:00Z',
    '2024-03-04T24:00:00Z',
    '2024-03-04T10:60:00Z',
    '294247-01-10T04:00:54Z',
    '+294247-01-10T04:00:54Z',
    'infinity',
    'NaN',
    '',
    '2024-03-04',
    '2024-03-04T10:00:00+25:00',
    '2024-03-04T10:00:00Z\u0000',
  ];
  const requests: [string, Record<string, unknown>][] = [
    ['explore:chart-volume', {}],
    ['explore:count-facets', {}],
    ['explore:list-events', {}],
    ['explore:rank-values', { dimension: 'event_name' }],
    ['explore:chart-heatmap', {}],
  ];

  it.each(notTimes)('refuses "%s" in each of them as invalid input', async (time) => {
    for (const [name, params] of requests) {
      for (const filter of [{ from: time }, { to: time }]) {
        const result = await handleRequest(handlers, name, { ...params, filter });
        expect(result, `${name} ${JSON.stringify(filter)}`).toMatchObject({
          ok: false,
          error: { kind: 'invalid-input' },
        });
      }
    }
  });

  it('refuses them in the core too, for callers the schema does not stand before (a stored finding)', async () => {
    await expect(volume(cases.store!, { from: '2024-02-30T00:00:00Z' }, 'event_name')).rejects.toMatchObject({
      kind: 'invalid-input',
    });
  });
});

describe('the hour-of-day heat map', () => {
  it('places a 1969 event on its Wednesday at 23:00, and leaves out infinite times', async () => {
    const { value } = await request<Heatmap>('explore:chart-heatmap', { filter: only('eve-of-1970') });
    expect(value.total).toBe(1);
    expect(value.cells[2]![23]).toBe(1);
    const all = (await request<Heatmap>('explore:chart-heatmap', {})).value;
    expect(all.total).toBe(Object.keys(HOSTILE_TIMES).length - 2 + ORDINARY.length + LONG_EVENTS);
    expect(all.cells.flat().reduce((a, b) => a + b, 0)).toBe(all.total);
  });

  it('reads the hour of the largest time DuckDB holds', async () => {
    const { value } = await request<Heatmap>('explore:chart-heatmap', { filter: only('max-timestamp') });
    expect(value.cells[6]![4]).toBe(1);
  });

  it('places every time, BC, year 0 and 1969 among them, in the cell DuckDB’s calendar gives it', async () => {
    const store = cases.store!;
    const seconds = [-1, 0, 1, 3599, 3600, 86_399, 86_400, -86_400, -86_401, 4 * 86_400 - 1, 1e11, -1e11, -6e12];
    for (const [i, s] of seconds.entries())
      await store.writer.run(
        `INSERT INTO events (event_key, event_time, event_name, record, source_id, record_index) VALUES ('calendar-${i}', to_timestamp(${s}), 'calendar', '{}', 1, 0)`,
      );
    const named = [...Object.keys(HOSTILE_TIMES), 'calendar'];
    try {
      await expectCalendarCells(store, named);
    } finally {
      await store.writer.run(`DELETE FROM events WHERE event_name = 'calendar'`);
    }
  });
});

/** Each named event group's heat map, cell by cell, as DuckDB's calendar functions place its times. */
async function expectCalendarCells(store: CaseStore, named: string[]) {
  const expected = await store.read((db) =>
    db.rows<{ name: string; day: number; hour: number; n: string }>(
      `SELECT event_name AS name, isodow(event_time) - 1 AS day, hour(event_time) AS hour, count(*) AS n FROM events
       WHERE event_name IN (${named.map((n) => `'${n}'`).join(', ')}) AND isfinite(event_time) GROUP BY ALL`,
    ),
  );
  expect(expected.length).toBeGreaterThan(15);
  for (const name of named) {
    const cells = Array.from({ length: 7 }, () => Array.from({ length: 24 }, () => 0));
    for (const e of expected.filter((row) => row.name === name)) cells[e.day]![e.hour] = Number(e.n);
    const { value } = await request<Heatmap>('explore:chart-heatmap', { filter: only(name) });
    expect(value.cells, name).toEqual(cells);
  }
}

describe('answers with values of 64 KiB each stay bounded', () => {
  const long = { from: '2024-03-06T12:00:00Z', to: '2024-03-06T12:00:01Z' };
  const firstName = `long-${'x'.repeat(LONG_CHARS)}0`;

  it('facets cut every value to LISTED_CHARS but give chosen ones back whole, to be unchosen', async () => {
    const { value, bytes } = await request<Facet[]>('explore:count-facets', { limit: 100 });
    for (const facet of value)
      for (const v of facet.values) expect(v.value?.length ?? 0).toBeLessThanOrEqual(LISTED_CHARS);
    expect(bytes).toBeLessThan(8 * 100 * (LISTED_CHARS + 100));
    const chosen = (
      await request<Facet[]>('explore:count-facets', { limit: 5, filter: { fields: { event_name: [firstName] } } })
    ).value;
    expect(chosen.find((f) => f.dimension === 'event_name')!.values.find((v) => v.selected)).toMatchObject({
      value: firstName,
      count: 1,
    });
  });

  it('top values cut every value to LISTED_CHARS', async () => {
    const { value, bytes } = await request<TopValues>('explore:rank-values', { dimension: 'user_agent', limit: 100 });
    expect(value.values).toHaveLength(100);
    for (const v of value.values) expect(v.value!.length).toBeLessThanOrEqual(LISTED_CHARS);
    expect(bytes).toBeLessThan(100 * (LISTED_CHARS + 100));
  });

  it('a page of the event list cuts every cell to ROW_CHARS, and the record panel gets the whole value', async () => {
    const { value, bytes } = await request<EventPage>('explore:list-events', { filter: long, limit: 1000 });
    expect(value.rows).toHaveLength(LONG_EVENTS);
    for (const row of value.rows)
      for (const cell of [row.event_name, row.user_agent, row.source_ip, row.principal])
        expect(cell!.length).toBe(ROW_CHARS);
    expect(bytes).toBeLessThan(LONG_EVENTS * 10 * (ROW_CHARS + 100));
    const fields = (
      await request<{ name: string; value: unknown }[]>('event:list-fields', { event_key: value.rows[0]!.event_key })
    ).value;
    expect(String(fields.find((f) => f.name === 'user_agent')!.value).length).toBeGreaterThan(LONG_CHARS);
  });

  it('the volume chart names its series cut to LISTED_CHARS', async () => {
    const { value, bytes } = await request<Volume>('explore:chart-volume', { filter: long, stack_by: 'event_name' });
    expect(value.series).toHaveLength(9);
    for (const s of value.series) expect(s.value?.length ?? 0).toBeLessThanOrEqual(LISTED_CHARS);
    expect(bytes).toBeLessThan(64 * 1024);
  });
});
