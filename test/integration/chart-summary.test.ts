import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CaseStore } from '../../electron/core/case/case-store.ts';
import { writeCaseSummary } from '../../electron/core/explore/case-summary.ts';
import { heatmap } from '../../electron/core/explore/heatmap.ts';
import { volume } from '../../electron/core/explore/volume.ts';
import { ingest } from '../../electron/core/ingest/ingest.ts';
import { exportLake } from '../../electron/core/lake/export-lake.ts';
import { sideCaseFor } from '../../electron/core/lake/open-lake.ts';
import type { ExploreFilter } from '../../shared/model/explore.ts';
import { tempDir } from '../helpers/temp.ts';

/**
 * The whole case's volume-chart span and heat map are read from the summary the last ingest
 * wrote; they must be what the events give, counted live, and never a summary of other events.
 */
const dir = tempDir();
let store: CaseStore;

/** The whole-case charts counted from the events, with the summary set aside. */
async function live<T>(on: CaseStore, draw: () => Promise<T>): Promise<T> {
  await on.writer.run('CREATE OR REPLACE TEMP TABLE kept_charts AS SELECT * FROM chart_summary');
  await on.writer.run('DELETE FROM chart_summary');
  try {
    return await draw();
  } finally {
    await on.writer.run('INSERT INTO chart_summary SELECT * FROM kept_charts');
  }
}

const charts = (on: CaseStore, filter: ExploreFilter = {}) =>
  Promise.all([
    heatmap(on, filter),
    volume(on, filter, 'event_name'),
    volume(on, filter, 'principal', { maxBars: 40 }),
  ]);
const summaryRows = (on: CaseStore) => on.read((db) => db.number('SELECT count(*) FROM chart_summary'));

beforeAll(async () => {
  store = await CaseStore.open(path.join(dir, 'case.duckdb'), { create: true });
  await ingest(store, ['samples/demo-archive']);
});
afterAll(() => store.close());

describe('whole-case charts', () => {
  it('are written by an ingest, and are the charts the events give', async () => {
    expect(await summaryRows(store)).toBe(1);
    const read = await charts(store);
    expect(read[0].total).toBeGreaterThan(0);
    expect(read).toEqual(await live(store, () => charts(store)));
  });

  it('are not read once the case holds other events, nor under a filter, and are written again', async () => {
    // Times the chart cannot place (infinities, before year 1), and one it can, in 1969.
    const times = ["'infinity'", "'-infinity'", 'to_timestamp(-6e12)', 'to_timestamp(-1e11)', 'to_timestamp(-0.001)'];
    for (const [i, time] of times.entries())
      await store.writer.run(
        `INSERT INTO events (event_key, event_time, event_name, record, source_id, record_index)
         VALUES ('odd-${i}@1', ${time}::TIMESTAMPTZ, 'OddTime', '{}', 1, ${i})`,
      );
    try {
      const read = await charts(store);
      expect(read).toEqual(await live(store, () => charts(store)));
      expect(read[1].outside).toBe(4);
      await writeCaseSummary(store.writer);
      expect(await charts(store)).toEqual(read);
      const summary = await store.read((db) => db.row<{ outside: string }>('SELECT outside FROM chart_summary'));
      expect(summary?.outside).toBe('4');

      const filter = { fields: { event_name: ['OddTime'] } };
      const filtered = await charts(store, filter);
      expect(filtered[0].total).toBe(3);
      expect(filtered).toEqual(await live(store, () => charts(store, filter)));
    } finally {
      await store.writer.run(`DELETE FROM events WHERE event_name = 'OddTime'`);
      await writeCaseSummary(store.writer);
    }
  });

  it('are kept, not counted again, by an ingest that adds no event', async () => {
    await store.writer.run('UPDATE chart_summary SET heatmap = [7 for i in range(168)]');
    const again = await ingest(store, ['samples/demo-archive']);
    expect(again.events_added).toBe(0);
    expect((await heatmap(store, {})).total).toBe(7 * 168);
    await writeCaseSummary(store.writer);
  });

  it('of a lake are counted when it opens, and equal the case’s', async () => {
    const lakeDir = path.join(dir, 'lake');
    for (const [i, time] of ['to_timestamp(-3e10)', 'to_timestamp(-0.001)', 'to_timestamp(-86400.5)'].entries())
      await store.writer.run(
        `INSERT INTO events (event_key, event_time, event_name, record, source_id, record_index)
         VALUES ('lake-odd-${i}@1', ${time}::TIMESTAMPTZ, 'OddTime', '{}', 1, ${100 + i})`,
      );
    await writeCaseSummary(store.writer);
    await exportLake(store, { dir: lakeDir, since: null, until: null });
    const lake = await CaseStore.open(sideCaseFor(lakeDir), { create: true, lake: lakeDir });
    try {
      expect(await summaryRows(lake)).toBe(1);
      expect(await charts(lake)).toEqual(await charts(store));
      // Under a filter a lake counts its stored files, times before 1970 among them (year 1019 too).
      for (const filter of [
        { fields: { event_name: ['OddTime'] } },
        { fields: { event_name: ['GetPipelineState', 'OddTime'] } },
        { from: '1969-12-31T00:00:00Z', to: '2026-11-02T03:00:00Z' },
        { text: 'pipeline' },
      ]) {
        const [onLake, onCase] = await Promise.all([charts(lake, filter), charts(store, filter)]);
        expect(onLake[0].total, JSON.stringify(filter)).toBeGreaterThan(0);
        expect(onLake, JSON.stringify(filter)).toEqual(onCase);
      }
    } finally {
      lake.close();
      await store.writer.run(`DELETE FROM events WHERE event_name = 'OddTime'`);
      await writeCaseSummary(store.writer);
    }
  });
});
