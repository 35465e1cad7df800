import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AllHandlers } from '../../electron/api/handlers.ts';
import { handleRequest } from '../../electron/api/handlers.ts';
import { OpenCase } from '../../electron/api/open-case.ts';
import { RecentCases } from '../../electron/core/case/recent-cases.ts';
import { ingest } from '../../electron/core/ingest/ingest.ts';
import type { ExploreFilter, Volume } from '../../shared/model/explore.ts';
import { writeExploreArchive } from '../helpers/explore-fixture.ts';
import { tempDir } from '../helpers/temp.ts';

/**
 * Every way a chart can come out empty, each asked through the API as the renderer asks it.
 * An empty range once failed with DuckDB's "syntax error at or near ELSE" from a CASE built
 * over an empty list of top values; an empty result is an empty chart, never an error.
 */
const dir = tempDir();
const cases = new OpenCase(() => undefined, new RecentCases(path.join(dir, 'recent.json')));
let handlers: AllHandlers;

beforeAll(async () => {
  const store = await cases.open(path.join(dir, 'empty-charts.duckdb'), true);
  await ingest(store, [writeExploreArchive(path.join(dir, 'archive'))]);
  handlers = cases.handlers();
});
afterAll(() => cases.close());

async function request<T>(name: string, params: Record<string, unknown>): Promise<T> {
  const result = await handleRequest(handlers, name, params);
  if (!result.ok) throw new Error(`${name} ${JSON.stringify(params)}: ${result.error.message}`);
  return result.value as T;
}

const chart = (filter: ExploreFilter, more: Record<string, unknown> = {}) =>
  request<Volume>('explore:chart-volume', { filter, stack_by: 'event_name', max_bars: 250, ...more });

/** A night with no calls between the fixture's two days. */
const QUIET = { from: '2024-03-04T13:00:00Z', to: '2024-03-05T08:00:00Z' };
const EMPTY_FILTERS: [string, ExploreFilter][] = [
  ['a range with no events', QUIET],
  ['a range years before the first event', { from: '2010-01-01T00:00:00Z', to: '2010-01-02T00:00:00Z' }],
  ['a range of one second with no event', { from: '2024-03-04T10:00:06Z', to: '2024-03-04T10:00:07Z' }],
  ['a filter matching nothing', { fields: { event_name: ['Nothing'] } }],
  ['two fields no event has together', { fields: { event_name: ['CreateUser'], aws_region: ['eu-west-1'] } }],
  ['a text no record holds', { text: 'no record holds this text' }],
  ['every value excluded', { exclude: { aws_region: ['us-east-1', 'eu-west-1'] } }],
  ['bookmarked events, with none bookmarked', { bookmarked: true }],
];

describe('an empty chart is an empty state, never an error', () => {
  it.each(EMPTY_FILTERS)('charts %s as no events', async (_, filter) => {
    const volume = await chart(filter);
    expect(volume).toMatchObject({ total: 0, errors: 0, series: [], rare: [], focus: null, outliers: [] });
    // A range of its own is drawn as empty bars, so the gap shows as a gap; without one there is nothing to draw.
    if (filter.from) expect(volume.buckets.every((b) => b.counts.length === 0 && b.errors === 0)).toBe(true);
    else expect(volume).toMatchObject({ buckets: [], from: null, to: null });
  });

  it.each(EMPTY_FILTERS)('answers every other chart and list of %s with nothing, not an error', async (_, filter) => {
    expect(await request('explore:rank-values', { filter, dimension: 'principal' })).toMatchObject({
      values: [],
      total: 0,
    });
    expect(await request('explore:chart-heatmap', { filter })).toMatchObject({ total: 0 });
    expect(await request('explore:list-events', { filter })).toMatchObject({ total: 0, rows: [] });
    const facets = await request<{ total: number }[]>('explore:count-facets', { filter });
    expect(facets.length).toBeGreaterThan(0);
  });

  it('keeps pinned values as series of their own in an empty range, with no events', async () => {
    const volume = await chart(QUIET, { pinned: ['CreateUser', null] });
    expect(volume.series).toEqual([
      { value: 'CreateUser', other: false, pinned: true },
      { value: null, other: false, pinned: true },
    ]);
    expect(volume.total).toBe(0);
    expect(volume.buckets.every((b) => b.counts.every((n) => n === 0))).toBe(true);
  });

  it('keeps a pinned value the range does not have, at zero, beside those it has', async () => {
    const volume = await chart({}, { pinned: ['StopLogging'] });
    expect(volume.series[0]).toEqual({ value: 'StopLogging', other: false, pinned: true });
    expect(volume.buckets.reduce((sum, b) => sum + b.counts[0]!, 0)).toBe(0);
    expect(volume.series.slice(1, 8).every((s) => !s.pinned && !s.other)).toBe(true);
    expect(volume.total).toBe(12);
  });

  it('takes a pinned value that looks like SQL as a value', async () => {
    const attack = "x' THEN 0 ELSE 1 END; DROP TABLE events; --";
    const volume = await chart({}, { pinned: [attack] });
    expect(volume.series[0]).toEqual({ value: attack, other: false, pinned: true });
    expect(volume.total).toBe(12);
  });

  it('stacks by a dimension whose values are all missing as one series of no value', async () => {
    const volume = await request<Volume>('explore:chart-volume', {
      filter: { fields: { error_code: [null] } },
      stack_by: 'error_code',
    });
    expect(volume.series).toEqual([{ value: null, other: false }]);
    expect(volume).toMatchObject({ total: 10, errors: 0, rare: [] });
  });

  it('refuses more pins than a chart has series, as invalid input', async () => {
    const result = await handleRequest(handlers, 'explore:chart-volume', {
      pinned: Array.from({ length: 9 }, (_, i) => `v${i}`),
    });
    expect(result).toMatchObject({ ok: false, error: { kind: 'invalid-input' } });
  });
});
