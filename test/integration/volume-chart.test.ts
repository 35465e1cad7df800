import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CaseStore } from '../../electron/core/case/case-store.ts';
import { volume } from '../../electron/core/explore/volume.ts';
import { ingest } from '../../electron/core/ingest/ingest.ts';
import { maxBarsFor } from '../../renderer/features/charts/plot-geometry.ts';
import { writeExploreArchive } from '../helpers/explore-fixture.ts';
import { tempDir } from '../helpers/temp.ts';

/**
 * The explorer's twelve calls of March 2024, and one record of 2015 (the CodePipeline user
 * guide's example): a lone old record nine years before the rest, as real archives have.
 */
const OLD_RECORD = 'test/fixtures/corpus/codepipeline/awsdocs-codepipeline-userguide-UpdatePipeline-2017.json';
const dir = tempDir();
let store: CaseStore;
beforeAll(async () => {
  store = await CaseStore.open(path.join(dir, 'volume.duckdb'), { create: true });
  await ingest(store, [writeExploreArchive(path.join(dir, 'archive')), OLD_RECORD]);
});
afterAll(() => store.close());

const sum = (counts: number[][], series: number) => counts.reduce((total, c) => total + (c[series] ?? 0), 0);

describe('the volume chart over nine years', () => {
  it('draws months at 800 px, not 3,200 daily bars, and counts every event', async () => {
    const chart = await volume(store, {}, 'event_name', { maxBars: maxBarsFor(800) });
    expect(chart).toMatchObject({
      bucket_seconds: 2_629_746,
      from: '2015-06-01T00:00:00Z',
      to: '2024-04-01T00:00:00Z',
      total: 13,
    });
    expect(chart.buckets).toHaveLength(106);
  });

  it('offers to zoom to the 2024 events, and marks the 2015 record as an outlier with its date and count', async () => {
    const chart = await volume(store, {}, 'event_name', { maxBars: maxBarsFor(800) });
    expect(chart.focus).toEqual({ from: '2024-03-04T10:00:05Z', to: '2024-03-05T09:00:04Z', events: 12 });
    expect(chart.outliers).toEqual([{ from: '2015-06-17T19:12:20Z', to: '2015-06-17T19:12:21Z', count: 1 }]);
  });

  it('offers nothing more once zoomed there', async () => {
    const zoomed = await volume(store, { from: '2024-03-04T10:00:05Z', to: '2024-03-05T09:00:04Z' }, 'event_name');
    expect(zoomed).toMatchObject({ total: 12, focus: null, outliers: [] });
  });

  it('lists the rarest event names left in "other", rarest first', async () => {
    const chart = await volume(store, {}, 'event_name');
    expect(chart.series.map((s) => (s.other ? 'other' : s.value))).toEqual([
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
    expect(chart.rare).toEqual([
      { value: 'ListUsers', count: 1 },
      { value: 'PutObject', count: 1 },
      { value: 'RunInstances', count: 1 },
      { value: 'UpdatePipeline', count: 1 },
    ]);
  });

  it('gives a pinned value its own series first, taken out of "other" and of the rare list', async () => {
    const chart = await volume(store, {}, 'event_name', { pinned: ['UpdatePipeline'] });
    expect(chart.series[0]).toEqual({ value: 'UpdatePipeline', other: false, pinned: true });
    expect(chart.series).toHaveLength(9);
    expect(chart.series[8]).toEqual({ value: null, other: true });
    const counts = chart.buckets.map((b) => b.counts);
    expect(sum(counts, 0)).toBe(1);
    expect(chart.buckets.find((b) => b.counts[0] === 1)?.start).toBe('2015-06-01T00:00:00Z');
    expect(chart.rare?.map((r) => r.value)).toEqual(['ListRoles', 'ListUsers', 'PutObject', 'RunInstances']);
    expect(chart.series.reduce((total, _, i) => total + sum(counts, i), 0)).toBe(13);
  });

  it.each<[string, (string | null)[]]>([
    ['ranked', []],
    ['pinned "no value"', [null]],
    ['pinned "no value" and a code', [null, 'AccessDenied']],
  ])('counts each series by its value, "no value" among them: %s', async (_, pinned) => {
    for (const stackBy of ['error_code', 'event_name'] as const) {
      const chart = await volume(store, {}, stackBy, { pinned });
      const counts = chart.buckets.map((b) => b.counts);
      const expected = await store.read((db) =>
        db.rows<{ value: string | null; n: string }>(
          `SELECT ${stackBy} AS value, count(*) AS n FROM events GROUP BY ALL`,
        ),
      );
      const named = chart.series.filter((s) => !s.other).map((s) => s.value);
      if (stackBy === 'error_code' || pinned.includes(null)) expect(named).toContain(null);
      chart.series.forEach((s, i) => {
        const n = s.other
          ? expected.filter((e) => !named.includes(e.value)).reduce((t, e) => t + Number(e.n), 0)
          : Number(expected.find((e) => e.value === s.value)?.n ?? 0);
        expect(sum(counts, i), `${stackBy} ${s.other ? 'other' : s.value}`).toBe(n);
      });
    }
  });

  it("keeps the analyst's bucket when it fits, a coarser one when it does not", async () => {
    const march = { from: '2024-03-01T00:00:00Z', to: '2024-04-01T00:00:00Z' };
    expect((await volume(store, march, 'event_name', { bucket: 86_400 })).bucket_seconds).toBe(86_400);
    expect((await volume(store, march, 'event_name', { maxBars: 20, bucket: 3600 })).bucket_seconds).toBe(604_800);
    const weeks = await volume(store, march, 'event_name', { bucket: 604_800 });
    expect(weeks.buckets.map((b) => b.start)).toEqual([
      '2024-02-26T00:00:00Z',
      '2024-03-04T00:00:00Z',
      '2024-03-11T00:00:00Z',
      '2024-03-18T00:00:00Z',
      '2024-03-25T00:00:00Z',
    ]);
    expect(weeks.buckets[1]!.counts.reduce((a, b) => a + b, 0)).toBe(12);
  });
});
