import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EventHub } from '../../electron/api/event-hub.ts';
import { OpenCase } from '../../electron/api/open-case.ts';
import { watchJob } from '../../electron/api/watch-job.ts';
import { CaseStore } from '../../electron/core/case/case-store.ts';
import { ingest } from '../../electron/core/ingest/ingest.ts';
import { exportLake } from '../../electron/core/lake/export-lake.ts';
import { sideCaseFor } from '../../electron/core/lake/open-lake.ts';
import type { ParamsOf, RequestName } from '../../shared/api/contract.ts';
import { folderHashes } from '../helpers/evidence-hash.ts';
import { tempDir } from '../helpers/temp.ts';

const dir = tempDir();
const casePath = path.join(dir, 'demo.duckdb');
const lakeDir = path.join(dir, 'lake');
const LEAKED_KEY = 'AKIAQDEMOLEAKED00001';

const caseEvents = new EventHub();
const lakeEvents = new EventHub();
const onCase = new OpenCase(caseEvents.emit, null);
const onLake = new OpenCase(lakeEvents.emit, null);

let before: Record<string, string>;

beforeAll(async () => {
  const store = await CaseStore.open(casePath, { create: true });
  await ingest(store, ['samples/demo-archive']);
  await exportLake(store, { dir: lakeDir, since: null, until: null });
  store.close();
  before = folderHashes(lakeDir);
  await onCase.open(casePath);
  await onLake.open(lakeDir);
});

afterAll(async () => {
  await onCase.close();
  await onLake.close();
});

/** The same request asked of the case and of its lake. */
async function both<N extends RequestName>(name: N, params: ParamsOf<N>) {
  return Promise.all([onCase.request(name, params), onLake.request(name, params)]);
}

describe('a lake opened in Trailscope', () => {
  it('opens read-only through a side case beside the folder, and says it is a lake', async () => {
    const summary = await onLake.request('case:describe', {});
    expect(summary.lake).toBe(lakeDir);
    expect(summary.path).toBe(sideCaseFor(lakeDir));
    expect(path.dirname(summary.path)).toBe(dir);
    const [fromCase] = await both('case:describe', {});
    const { path: _a, lake: _b, ...caseCounts } = fromCase;
    const { path: _c, lake: _d, ...lakeCounts } = summary;
    expect(lakeCounts).toEqual(caseCounts);
    expect(fromCase.lake).toBeNull();
  });

  it('answers the explorer, the charts and the pipelines as the case does', async () => {
    const night = { from: '2026-11-02T02:00:00Z', to: '2026-11-02T03:00:00Z' };
    const [casePage, lakePage] = await both('explore:list-events', {
      filter: { ...night, fields: { access_key_id: [LEAKED_KEY] } },
      offset: 0,
      limit: 50,
    });
    expect(lakePage.total).toBe(8);
    expect(lakePage).toEqual(casePage);
    const [caseFacets, lakeFacets] = await both('explore:count-facets', { filter: {}, limit: 10 });
    expect(lakeFacets).toEqual(caseFacets);
    const [caseVolume, lakeVolume] = await both('explore:chart-volume', { filter: {}, stack_by: 'principal' });
    expect(lakeVolume).toEqual(caseVolume);
    // The whole lake's total comes from its open's count, a filtered one from the files.
    for (const filter of [{}, night]) {
      const [caseRank, lakeRank] = await both('explore:rank-values', { filter, dimension: 'source_ip', limit: 5 });
      expect(lakeRank.total).toBeGreaterThan(0);
      expect(lakeRank).toEqual(caseRank);
    }
    const [casePipelines, lakePipelines] = await both('pipeline:list', {});
    expect(lakePipelines.length).toBeGreaterThan(0);
    expect(lakePipelines).toEqual(casePipelines);
  });

  it('searches, excludes, pages a facet and writes the SQL of a filter as the case does', async () => {
    const filter = { text: 'stoplogging', exclude: { source_ip: ['10.0.0.1'] } };
    const [casePage, lakePage] = await both('explore:list-events', {
      filter,
      offset: 0,
      limit: 50,
      order: 'newest-first',
    });
    expect(lakePage.total).toBeGreaterThan(0);
    expect(lakePage).toEqual(casePage);
    const noisy = { exclude: { principal: ['arn:aws:sts::111122223333:assumed-role/ci-runner/build'] } };
    const [caseFacets, lakeFacets] = await both('explore:count-facets', { filter: noisy, limit: 10 });
    expect(lakeFacets).toEqual(caseFacets);
    const [caseValues, lakeValues] = await both('explore:list-facet-values', {
      filter: noisy,
      dimension: 'event_name',
      offset: 0,
      limit: 5,
      contains: 'log',
    });
    expect(lakeValues.values.map((v) => v.value)).toContain('StopLogging');
    expect(lakeValues).toEqual(caseValues);
    const { sql } = await onLake.request('explore:write-sql', { filter: noisy, order: 'oldest-first' });
    const [caseRun, lakeRun] = await both('query:run', { query_id: 'explorer-sql', sql });
    const [shown] = await both('explore:list-events', { filter: noisy, offset: 0, limit: 1, order: 'oldest-first' });
    expect([caseRun.total, lakeRun.total]).toEqual([shown.total, shown.total]);
  });

  it('runs the detection pack with the same hits as on the case', async () => {
    const hitsOf = async (cases: OpenCase, events: EventHub) => {
      const outcome = await watchJob(events.on, 'detect', {
        start: () => cases.request('detect:run', {}),
        onProgress: () => undefined,
      });
      expect(outcome.ok).toBe(true);
      const overview = await cases.request('detect:overview', {});
      return overview.rules
        .filter((r) => r.result && r.result.hit_total > 0)
        .map((r) => [r.detection.id, r.result?.hit_total]);
    };
    const [caseHits, lakeHits] = await Promise.all([hitsOf(onCase, caseEvents), hitsOf(onLake, lakeEvents)]);
    expect(lakeHits.length).toBeGreaterThan(0);
    expect(lakeHits).toEqual(caseHits);
  });

  it('pages deep into the events, and searches within hours, as the case does', async () => {
    // The lake's pages and searches read its files as stored (filter-sql.ts#storedEvents).
    const { total } = await onCase.request('explore:list-events', { filter: {}, offset: 0, limit: 1 });
    expect(total).toBeGreaterThan(300);
    for (const order of ['oldest-first', 'newest-first'] as const) {
      const [casePage, lakePage] = await both('explore:list-events', {
        filter: {},
        offset: total - 120,
        limit: 100,
        order,
      });
      expect(lakePage.rows).toHaveLength(100);
      expect(lakePage).toEqual(casePage);
    }
    const within = { from: '2026-11-02T00:00:00Z', to: '2026-11-03T00:00:00Z', text: 'AKIAQDEMO' };
    const [caseFound, lakeFound] = await both('explore:list-events', { filter: within, offset: 0, limit: 500 });
    expect(lakeFound.total).toBeGreaterThan(0);
    expect(lakeFound.total).toBeLessThan(total);
    expect(lakeFound).toEqual(caseFound);
  });

  it('reads only the partition a query names (EXPLAIN ANALYZE)', async () => {
    const plan = async (where: string) => {
      const result = await onLake.request('query:fetch', {
        // A sum of lengths, which must read the values: DuckDB answers count(*) from the files’ footers alone.
        sql: `EXPLAIN ANALYZE SELECT sum(length(event_name)) FROM events ${where}`,
        limit: 10,
      });
      return result.rows.flat().join('\n');
    };
    const all = await plan('');
    const files = Number(/Total Files Read: (\d+)/.exec(all)?.[1]);
    expect(files).toBeGreaterThan(1);
    const one = await plan(`WHERE account = '111122223333' AND "date" = DATE '2026-11-02'`);
    expect(one).toMatch(/Total Files Read: 1\b/);
  });

  it('keeps the analyst work in the side case and leaves every lake file as it was', async () => {
    await onLake.request('finding:add', {
      title: 'Leaked key stopped logging',
      severity: 'high',
      narrative: 'seen in the lake',
      evidence: { kind: 'query', sql: 'SELECT count(*) FROM events' },
    });
    expect((await onLake.request('finding:list', {})).map((f) => f.title)).toContain('Leaked key stopped logging');
    expect(folderHashes(lakeDir)).toEqual(before);
  });

  it.each([
    ['ingest:start', { paths: ['samples/demo-archive'] }],
    ['integrity:verify', {}],
  ] as const)('refuses %s: a lake changes only by exporting again', async (name, params) => {
    await expect(onLake.request(name, params as never)).rejects.toMatchObject({
      kind: 'read-only',
      message: expect.stringMatching(/is a Parquet lake, open read-only/),
    });
    expect(folderHashes(lakeDir)).toEqual(before);
  });

  it('opens again from its side case file, and from the folder spelled otherwise', async () => {
    const again = new OpenCase(() => undefined, null);
    await onLake.close();
    try {
      const store = await again.open(sideCaseFor(lakeDir));
      expect(store.lake).toBe(lakeDir);
      expect((await again.request('case:describe', {})).events).toBe(413);
      await again.close();
      await again.open(`${lakeDir}${path.sep}`);
      expect((await again.request('case:describe', {})).lake).toBe(lakeDir);
    } finally {
      await again.close();
      await onLake.open(lakeDir);
    }
  });
});
