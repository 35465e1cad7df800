import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CaseStore } from '../../electron/core/case/case-store.ts';
import { eventFields } from '../../electron/core/explore/event-fields.ts';
import { eventsPage } from '../../electron/core/explore/events-page.ts';
import { facets } from '../../electron/core/explore/facets.ts';
import { heatmap } from '../../electron/core/explore/heatmap.ts';
import { topValues } from '../../electron/core/explore/top-values.ts';
import { volume } from '../../electron/core/explore/volume.ts';
import { ingest } from '../../electron/core/ingest/ingest.ts';
import type { ExploreFilter } from '../../shared/model/explore.ts';
import { ACCOUNT_B, ARN, writeExploreArchive } from '../helpers/explore-fixture.ts';
import { tempDir } from '../helpers/temp.ts';

const dir = tempDir();
let store: CaseStore;
beforeAll(async () => {
  store = await CaseStore.open(path.join(dir, 'explore.duckdb'), { create: true });
  await ingest(store, [writeExploreArchive(path.join(dir, 'archive'))]);
});
afterAll(() => store.close());

const names = async (filter: ExploreFilter) => (await eventsPage(store, filter, 0, 100)).rows.map((r) => r.event_name);
const facet = async (filter: ExploreFilter, dimension: string) =>
  (await facets(store, filter, 10)).find((f) => f.dimension === dimension)!;

describe('explorer facets', () => {
  it('count each value, no value included, with the number of distinct values', async () => {
    const ip = await facet({}, 'source_ip');
    expect(ip.values).toEqual([
      { value: '1.1.1.1', count: 7, selected: false, excluded: false },
      { value: '2.2.2.2', count: 3, selected: false, excluded: false },
      { value: 'cloudtrail.amazonaws.com', count: 1, selected: false, excluded: false },
      { value: null, count: 1, selected: false, excluded: false },
    ]);
    expect(ip).toMatchObject({ distinct: 4, total: 12 });
  });

  it('name the principal by ARN, else the invoking service, else the principal id', async () => {
    expect((await facet({}, 'principal')).values.map((v) => [v.value, v.count])).toEqual([
      [ARN.alice, 7],
      [ARN.bob, 3],
      ['accounts.google.com:1234', 1],
      ['cloudtrail.amazonaws.com', 1],
    ]);
  });

  it("count under every filter but the facet's own, and keep chosen values listed", async () => {
    const filter: ExploreFilter = { fields: { recipient_account_id: [ACCOUNT_B], event_name: ['CreateUser'] } };
    const events = await facet(filter, 'event_name');
    expect(events.total).toBe(3);
    expect(events.values).toEqual([
      { value: 'AssumeRole', count: 1, selected: false, excluded: false },
      { value: 'DescribeInstances', count: 1, selected: false, excluded: false },
      { value: 'RunInstances', count: 1, selected: false, excluded: false },
      { value: 'CreateUser', count: 0, selected: true, excluded: false },
    ]);
    expect((await facet(filter, 'recipient_account_id')).values).toEqual([
      { value: '111111111111', count: 2, selected: false, excluded: false },
      { value: ACCOUNT_B, count: 0, selected: true, excluded: false },
    ]);
  });

  it('list the chosen values beyond the most frequent ones', async () => {
    const few = (await facets(store, { fields: { event_name: ['RunInstances'] } }, 2)).find(
      (f) => f.dimension === 'event_name',
    )!;
    expect(few.values.map((v) => v.value)).toEqual(['CreateUser', 'AssumeRole', 'RunInstances']);
    expect(few.distinct).toBe(11);
  });
});

describe('explorer filters', () => {
  it('select events with no value when null is chosen', async () => {
    expect(await names({ fields: { source_ip: [null] } })).toEqual(['DescribeInstances']);
  });

  it('OR the values of one field, null among them', async () => {
    expect(await names({ fields: { source_ip: [null, '2.2.2.2'] } })).toEqual([
      'PutObject',
      'AssumeRole',
      'DescribeInstances',
      'RunInstances',
    ]);
  });

  it('AND the fields', async () => {
    expect(await names({ fields: { recipient_account_id: [ACCOUNT_B], error_code: [null] } })).toEqual([
      'AssumeRole',
      'DescribeInstances',
    ]);
    expect(
      await names({
        fields: { aws_region: ['us-east-1'], error_code: ['AccessDenied', 'Client.UnauthorizedOperation'] },
      }),
    ).toEqual(['CreateUser', 'RunInstances']);
  });

  it('take the time range as from inclusive, to exclusive', async () => {
    expect(await names({ from: '2024-03-04T10:07:00Z', to: '2024-03-04T11:00:00Z' })).toEqual([
      'GetObject',
      'PutObject',
    ]);
  });

  it('pivot on fields beyond the facets', async () => {
    expect(await names({ fields: { identity_type: ['AWSService'] } })).toEqual(['Decrypt']);
    expect(await names({ fields: { read_only: ['true'] } })).toEqual([]);
  });

  it('take a value that looks like SQL as a value', async () => {
    expect(await names({ fields: { event_name: ["x' OR '1'='1"] } })).toEqual([]);
  });
});

describe('the event list', () => {
  it('pages in time order and always gives the exact total', async () => {
    const first = await eventsPage(store, {}, 0, 5);
    const second = await eventsPage(store, {}, 5, 5);
    const last = await eventsPage(store, {}, 10, 5);
    expect([first.total, second.total, last.total]).toEqual([12, 12, 12]);
    expect([first.rows.length, second.rows.length, last.rows.length]).toEqual([5, 5, 2]);
    const times = [...first.rows, ...second.rows, ...last.rows].map((r) => r.event_time);
    expect(times).toEqual([...times].sort());
    expect(new Set([...first.rows, ...second.rows, ...last.rows].map((r) => r.event_key)).size).toBe(12);
    expect(first.rows[0]).toEqual({
      event_key: 'fx-01@111111111111',
      event_time: '2024-03-04T10:00:05Z',
      event_name: 'CreateUser',
      event_source: 'iam.amazonaws.com',
      principal: ARN.alice,
      access_key_id: 'AKIAALICE',
      source_ip: '1.1.1.1',
      aws_region: 'us-east-1',
      recipient_account_id: '111111111111',
      error_code: null,
      user_agent: 'fixture-agent',
      bookmarked: false,
    });
  });

  it('counts what the filter matches, not the page', async () => {
    const page = await eventsPage(store, { fields: { principal: [ARN.alice] } }, 2, 3);
    expect(page.total).toBe(7);
    expect(page.rows.map((r) => r.event_name)).toEqual(['GetObject', 'ListUsers', 'GetUser']);
  });
});

describe('event volume', () => {
  it('picks the finest bucket giving at most 300 bars', async () => {
    expect((await volume(store, {}, 'event_source')).bucket_seconds).toBe(300);
    expect(
      (await volume(store, { from: '2024-03-04T10:00:00Z', to: '2024-03-04T11:00:00Z' }, 'event_source'))
        .bucket_seconds,
    ).toBe(60);
    expect(
      (await volume(store, { from: '2024-03-04T00:00:00Z', to: '2024-03-06T00:00:00Z' }, 'event_source'))
        .bucket_seconds,
    ).toBe(900);
    expect(
      (await volume(store, { from: '2024-03-01T00:00:00Z', to: '2024-03-11T00:00:00Z' }, 'event_source'))
        .bucket_seconds,
    ).toBe(3600);
    expect(
      (await volume(store, { from: '2024-01-01T00:00:00Z', to: '2024-03-11T00:00:00Z' }, 'event_source'))
        .bucket_seconds,
    ).toBe(21_600);
    expect(
      (await volume(store, { from: '2023-06-01T00:00:00Z', to: '2024-03-11T00:00:00Z' }, 'event_source'))
        .bucket_seconds,
    ).toBe(86_400);
    expect(
      (await volume(store, { from: '2023-01-01T00:00:00Z', to: '2024-03-11T00:00:00Z' }, 'event_source'))
        .bucket_seconds,
    ).toBe(604_800);
    expect(
      (await volume(store, { from: '2010-01-01T00:00:00Z', to: '2024-03-11T00:00:00Z' }, 'event_source'))
        .bucket_seconds,
    ).toBe(2_629_746);
  });

  it('fills every bucket of the range, empty ones with zeros, and counts errors apart', async () => {
    const hour = await volume(store, { from: '2024-03-04T10:00:00Z', to: '2024-03-04T11:00:00Z' }, 'error_code');
    expect(hour.buckets).toHaveLength(60);
    expect(hour).toMatchObject({ from: '2024-03-04T10:00:00Z', to: '2024-03-04T11:00:00Z', total: 4, errors: 1 });
    expect(hour.series).toEqual([
      { value: null, other: false },
      { value: 'AccessDenied', other: false },
    ]);
    expect(hour.buckets[0]).toEqual({ start: '2024-03-04T10:00:00Z', counts: [1, 1], errors: 1 });
    expect(hour.buckets[7]).toEqual({ start: '2024-03-04T10:07:00Z', counts: [1, 0], errors: 0 });
    expect(hour.buckets[1]).toEqual({ start: '2024-03-04T10:01:00Z', counts: [0, 0], errors: 0 });
  });

  it('stacks the eight most frequent values and sums the rest as other', async () => {
    const all = await volume(store, {}, 'event_name');
    expect(all.series.map((s) => (s.other ? 'other' : s.value))).toEqual([
      'CreateUser',
      'AssumeRole',
      'Decrypt',
      'DescribeInstances',
      'GetObject',
      'GetUser',
      'ListPolicies',
      'ListRoles',
      'other',
    ]);
    const sums = all.series.map((_, i) => all.buckets.reduce((sum, b) => sum + b.counts[i]!, 0));
    expect(sums).toEqual([2, 1, 1, 1, 1, 1, 1, 1, 3]);
    expect(all).toMatchObject({ total: 12, errors: 2, from: '2024-03-04T10:00:00Z', to: '2024-03-05T09:05:00Z' });
  });

  it('is empty, not an error, when nothing matches', async () => {
    expect(await volume(store, { fields: { event_name: ['Nothing'] } }, 'principal')).toMatchObject({
      buckets: [],
      series: [],
      total: 0,
      from: null,
    });
  });
});

describe('top values and the weekly heat map', () => {
  it('rank values by count among the filtered events, and find values by text', async () => {
    const top = await topValues(store, { fields: { aws_region: ['us-east-1'] } }, { dimension: 'principal', limit: 2 });
    expect(top).toEqual({
      dimension: 'principal',
      total: 10,
      values: [
        { value: ARN.alice, count: 7 },
        { value: ARN.bob, count: 2 },
      ],
    });
    const found = await topValues(store, {}, { dimension: 'event_name', limit: 10, contains: 'LIST' });
    expect(found.values.map((v) => v.value)).toEqual(['ListPolicies', 'ListRoles', 'ListUsers']);
    expect((await topValues(store, {}, { dimension: 'event_name', limit: 10, contains: '%' })).values).toEqual([]);
  });

  it('counts events by UTC hour and weekday, Monday first, summing to the total', async () => {
    const map = await heatmap(store, {});
    expect(map.total).toBe(12);
    expect(map.cells.flat().reduce((a, b) => a + b, 0)).toBe(12);
    expect(map.cells[0]!.slice(10, 13)).toEqual([4, 2, 2]);
    expect(map.cells[1]![9]).toBe(4);
  });
});

describe("one event's normalized fields", () => {
  it('lists every field, missing ones as null', async () => {
    const fields = Object.fromEntries((await eventFields(store, 'fx-07@222222222222')).map((f) => [f.name, f.value]));
    expect(fields).toMatchObject({
      event_name: 'DescribeInstances',
      principal: 'accounts.google.com:1234',
      source_ip: null,
      identity_type: 'WebIdentityUser',
      event_time: '2024-03-04T12:00:00Z',
    });
    await expect(eventFields(store, 'missing')).rejects.toThrow('no event missing in this case');
  });
});
