import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { CaseReader } from '../../electron/core/case/case-reader.ts';
import { CaseStore } from '../../electron/core/case/case-store.ts';
import { eventsPage, SORTED_DOWN_TO, WHOLE_ROWS_UP_TO } from '../../electron/core/explore/events-page.ts';
import { facets } from '../../electron/core/explore/facets.ts';
import { filterScope, SqlParams } from '../../electron/core/explore/filter-sql.ts';
import { volume } from '../../electron/core/explore/volume.ts';
import { ingest } from '../../electron/core/ingest/ingest.ts';
import { exportLake } from '../../electron/core/lake/export-lake.ts';
import { sideCaseFor } from '../../electron/core/lake/open-lake.ts';
import type { ExploreFilter } from '../../shared/model/explore.ts';
import { tempDir } from '../helpers/temp.ts';

/**
 * A lake's pages are read three ways (events-page.ts): whole rows sorted near the top, keys sorted
 * then rows fetched deeper down, and past SORTED_DOWN_TO the minutes counted first. Each way a page
 * is the case's page, across the changes too. Many events share each second here, so their order
 * rests on the event key.
 */
const dir = tempDir();
const EVENTS = SORTED_DOWN_TO + 1_500;
/** Events on the first of the three days (every third event). */
const DAY_ONE = Math.ceil(EVENTS / 3);
let onCase: CaseStore;
let onLake: CaseStore;

beforeAll(async () => {
  const records = Array.from({ length: EVENTS }, (_, i) => ({
    eventVersion: '1.08',
    eventTime: new Date(Date.UTC(2026, 10, 1 + (i % 3), 0, 0, Math.floor(i / 97) % 60))
      .toISOString()
      .replace('.000', ''),
    eventSource: 's3.amazonaws.com',
    eventName: i % 5 === 0 ? 'PutObject' : 'GetObject',
    // Most in one of two regions; some with no region or one no region is named, in `unknown`.
    awsRegion: i % 13 === 0 ? undefined : i % 11 === 0 ? 'mars' : i % 2 === 0 ? 'us-east-1' : 'eu-west-1',
    sourceIPAddress: `198.51.100.${i % 250}`,
    userAgent: `agent-${i % 7}`,
    userIdentity: { type: 'IAMUser', arn: 'arn:aws:iam::111111111111:user/alice', accountId: '111111111111' },
    eventID: `00000000-0000-4000-8000-${String((i * 7919) % 1_000_003).padStart(12, '0')}`,
    eventType: 'AwsApiCall',
    recipientAccountId: '111111111111',
  }));
  const archive = path.join(dir, 'trail.json');
  fs.writeFileSync(archive, JSON.stringify({ Records: records }));
  const caseFile = path.join(dir, 'case.duckdb');
  const store = await CaseStore.open(caseFile, { create: true });
  await ingest(store, [archive]);
  await exportLake(store, { dir: path.join(dir, 'lake'), since: null, until: null });
  store.close();
  onCase = await CaseStore.open(caseFile);
  onLake = await CaseStore.open(sideCaseFor(path.join(dir, 'lake')), { create: true, lake: path.join(dir, 'lake') });
});

afterAll(() => {
  onCase.close();
  onLake.close();
});

describe("a lake's pages", () => {
  it.each([
    ['the first page', 0, 200],
    ['a page ending at the last row sorted whole', WHOLE_ROWS_UP_TO - 200, 200],
    ['a page just past it', WHOLE_ROWS_UP_TO - 199, 200],
    ['a page ending at the last row sorted', SORTED_DOWN_TO - 200, 200],
    ['a page just past that, found by its minutes', SORTED_DOWN_TO - 199, 200],
    ['a page across the first two days', DAY_ONE - 100, 200],
    ['a page over every day, found by its minutes', DAY_ONE - 100, 2 * DAY_ONE],
    ['a page far down', EVENTS - 300, 200],
    ['the last rows, fewer than asked', EVENTS - 50, 200],
  ])('are the case’s pages: %s, in either order', async (_, offset, limit) => {
    for (const order of ['oldest-first', 'newest-first'] as const) {
      const [fromCase, fromLake] = await Promise.all([
        eventsPage(onCase, {}, offset, limit, order),
        eventsPage(onLake, {}, offset, limit, order),
      ]);
      expect(fromCase.total).toBe(EVENTS);
      expect(fromLake.rows.length).toBe(Math.min(limit, EVENTS - offset));
      expect(fromLake).toEqual(fromCase);
    }
  });

  it('counts a filtered page by its filter, not by the lake’s whole count', async () => {
    const filter = { fields: { event_name: ['PutObject'] } };
    const [fromCase, fromLake] = await Promise.all([
      eventsPage(onCase, filter, 0, 100),
      eventsPage(onLake, filter, 0, 100),
    ]);
    expect(fromLake.total).toBe(EVENTS / 5);
    expect(fromLake).toEqual(fromCase);
  });
});

describe("a lake's time ranges, which also name their days' folders", () => {
  it.each([
    ['within a day', '2026-11-02T00:00:10Z', '2026-11-02T00:00:40Z'],
    ['across days', '2026-11-01T00:00:30Z', '2026-11-03T00:00:20Z'],
    ['from a midnight to the next', '2026-11-02T00:00:00Z', '2026-11-03T00:00:00Z'],
    ['ending at a midnight', '2026-11-01T00:00:00Z', '2026-11-02T00:00:00Z'],
    ['open at the end', '2026-11-02T00:00:59Z', undefined],
    ['open at the start', undefined, '2026-11-02T00:00:01Z'],
    ['before every event', '2020-01-01T00:00:00Z', '2026-11-01T00:00:00Z'],
  ])('count, page, facets and search as the case does: %s', async (_, from, to) => {
    for (const filter of [
      { from, to },
      { from, to, text: 'agent-3' },
    ]) {
      const [casePage, lakePage] = await Promise.all([
        eventsPage(onCase, filter, 0, 50, 'newest-first'),
        eventsPage(onLake, filter, 0, 50, 'newest-first'),
      ]);
      expect(lakePage).toEqual(casePage);
      const [caseFacets, lakeFacets] = await Promise.all([facets(onCase, filter, 5), facets(onLake, filter, 5)]);
      expect(lakeFacets).toEqual(caseFacets);
    }
  });

  it.each([
    ['the first page', 0, 'oldest-first', 1],
    ['the newest page', 0, 'newest-first', 1],
    ['a page across two days', DAY_ONE - 100, 'oldest-first', 2],
  ] as const)('reads only the files of the days that hold an unfiltered page: %s', async (_, offset, order, days) => {
    const all = await filesRead({});
    const spy = vi.spyOn(CaseReader.prototype, 'rows');
    try {
      await eventsPage(onLake, {}, offset, 200, order);
      const [sql, params] = spy.mock.calls.at(-1)!;
      const plan = await onLake.read((db) => db.rows<Record<string, string>>(`EXPLAIN ANALYZE ${sql}`, params));
      const read = [
        ...plan
          .map((row) => Object.values(row).join('\n'))
          .join('\n')
          .matchAll(/Total Files Read: (\d+)/g),
      ];
      // The page's keys, sorted, then its rows fetched: both scans open only those days' files.
      expect(read.length).toBeGreaterThan(0);
      for (const files of read) expect(Number(files[1])).toBe((all / 3) * days);
    } finally {
      spy.mockRestore();
    }
  });

  it("reads only the range's days' files", async () => {
    const all = await filesRead({});
    expect(all).toBeGreaterThan(3);
    expect(await filesRead({ from: '2026-11-02T00:00:10Z', to: '2026-11-02T00:00:40Z' })).toBe(all / 3);
  });
});

describe("a lake's choices of accounts and regions, which also name their folders", () => {
  it.each<[string, ExploreFilter]>([
    ['one region', { fields: { aws_region: ['us-east-1'] } }],
    ['two regions', { fields: { aws_region: ['us-east-1', 'eu-west-1'] } }],
    ['no region', { fields: { aws_region: [null] } }],
    ['a region no region is named', { fields: { aws_region: ['mars'] } }],
    ['a region or none', { fields: { aws_region: ['us-east-1', null] } }],
    ['an account and a region', { fields: { recipient_account_id: ['111111111111'], aws_region: ['eu-west-1'] } }],
    ['an account no account is named', { fields: { recipient_account_id: ['1111'] } }],
    ['all regions but one', { exclude: { aws_region: ['us-east-1'] } }],
    ['a region and a text', { fields: { aws_region: ['eu-west-1'] }, text: 'agent-3' }],
  ])('count, page, facets and chart as the case does: %s', async (_, filter) => {
    const read = (store: CaseStore) =>
      Promise.all([
        eventsPage(store, filter, 0, 50, 'newest-first'),
        facets(store, filter, 5),
        volume(store, filter, 'aws_region'),
      ]);
    const [fromCase, fromLake] = await Promise.all([read(onCase), read(onLake)]);
    expect(fromLake).toEqual(fromCase);
  });

  it("reads only the chosen regions' files, and every file for a value that names none", async () => {
    const all = await filesRead({});
    const regions = await onLake.read((db) => db.number('SELECT count(DISTINCT region) FROM events'));
    expect(regions).toBe(3);
    expect(await filesRead({ fields: { aws_region: ['us-east-1'] } })).toBe(all / regions);
    expect(await filesRead({ fields: { aws_region: ['us-east-1', 'eu-west-1'] } })).toBe((2 * all) / regions);
    expect(await filesRead({ fields: { aws_region: ['us-east-1', null] } })).toBe(all);
    expect(await filesRead({ fields: { aws_region: ['mars'] } })).toBe(all);
  });
});

/**
 * How many of the lake's files DuckDB opens to read the events of a filter. It reads their names:
 * a count with no filter it can take from the files' footers, opening none.
 */
async function filesRead(filter: ExploreFilter): Promise<number> {
  const plan = await onLake.read(async (db) => {
    const params = new SqlParams();
    const where = (await filterScope(onLake, db, filter)).where(params);
    const rows = await db.rows<Record<string, string>>(
      `EXPLAIN ANALYZE SELECT sum(length(event_name)) FROM events WHERE ${where}`,
      params.values,
    );
    return rows.map((row) => Object.values(row).join('\n')).join('\n');
  });
  return Number(/Total Files Read: (\d+)/.exec(plan)?.[1]);
}

describe("a lake's files as stored, as the explorer writes them into its SQL", () => {
  it('read the same inside a subquery of a query that has a "date" column', async () => {
    // Partition types written as bare names (`'date': DATE`) bound DATE to the outer query's column there.
    const scan = onLake.lakeEvents?.scan;
    if (!scan) throw new Error('the lake has no events');
    const days = await onLake.read((db) =>
      db.rows<{ n: string; again: string }>(
        `SELECT e.date, count(*) AS n, (SELECT count(*) FROM ${scan} AS x WHERE x.date = e.date) AS again
         FROM ${scan} AS e GROUP BY e.date ORDER BY e.date`,
      ),
    );
    expect(days).toHaveLength(3);
    for (const day of days) expect(day.again).toBe(day.n);
    expect(days.reduce((sum, day) => sum + Number(day.n), 0)).toBe(EVENTS);
  });
});
