import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EventHub } from '../../electron/api/event-hub.ts';
import { OpenCase } from '../../electron/api/open-case.ts';
import { watchJob } from '../../electron/api/watch-job.ts';
import type { ParamsOf, RequestName, ResultOf } from '../../shared/api/contract.ts';
import type { EventOrder, ExploreFilter } from '../../shared/model/explore.ts';
import { ALICE, CI_ROLE, GROUP, TRAIL, writeSearchArchive } from '../helpers/search-fixture.ts';
import { tempDir } from '../helpers/temp.ts';

const dir = tempDir();
const events = new EventHub();
const cases = new OpenCase(events.emit, null);
const ask = <N extends RequestName>(name: N, params: ParamsOf<N>): Promise<ResultOf<N>> => cases.request(name, params);

beforeAll(async () => {
  await cases.open(path.join(dir, 'search.duckdb'), true);
  const ingested = await watchJob(events.on, 'ingest', {
    start: () => ask('ingest:start', { paths: [writeSearchArchive(path.join(dir, 'archive'))] }),
    onProgress: () => undefined,
  });
  expect(ingested).toMatchObject({ ok: true, value: { events_added: 15 } });
  const stopped = (await page({ fields: { event_name: ['StopLogging'] } })).rows[0]!;
  await ask('event:annotate', { event_key: stopped.event_key, change: { kind: 'bookmark', on: true } });
});

afterAll(() => cases.close());

const page = (filter: ExploreFilter, order: EventOrder = 'oldest-first') =>
  ask('explore:list-events', { filter, offset: 0, limit: 100, order });
const names = async (filter: ExploreFilter) => (await page(filter)).rows.map((r) => r.event_name);
const ips = async (filter: ExploreFilter) => (await page(filter)).rows.map((r) => r.source_ip);

describe('searching every record', () => {
  it('finds a security group, a bucket, an ARN and a key that only request_parameters holds', async () => {
    expect(await names({ text: GROUP })).toEqual(['CreateSecurityGroup']);
    expect(await names({ text: 'evidence-bucket-prod' })).toEqual(['PutBucketPolicy']);
    expect(await names({ text: TRAIL })).toEqual(['StopLogging']);
    expect(await names({ text: 'groupName' })).toEqual(['CreateSecurityGroup']);
    expect((await page({ text: 'ci-artifacts' })).total).toBe(10);
  });

  it('ignores case, Unicode letters included', async () => {
    expect(await names({ text: 'STOPLOGGING' })).toEqual(['StopLogging']);
    expect(await names({ text: 'SG-0ABC1234' })).toEqual(['CreateSecurityGroup']);
    expect((await page({ text: 'école' })).total).toBe(1);
  });

  it('takes %, _, . and backslashes literally, not as LIKE or regular-expression wildcards', async () => {
    const times = async (text: string) => (await page({ text })).rows.map((r) => r.event_time);
    expect(await times('100%_done')).toEqual(['2024-05-06T10:30:00Z']);
    expect(await times('%')).toEqual(['2024-05-06T10:30:00Z']);
    expect(await times('_')).toEqual(['2024-05-06T10:30:00Z']);
    expect(await times('a.b')).toEqual(['2024-05-06T10:31:00Z']);
    expect(await times('.*')).toEqual([]);
  });

  it('finds text as typed although the record, being JSON, escapes its quotes, backslashes and control characters', async () => {
    const found = async (text: string) => (await page({ text })).total;
    expect(await found('C:\\Users\\Admin')).toBe(1);
    expect(await found('it\'s "quoted"')).toBe(1);
    expect(await found('a\u0000b\u001bc')).toBe(1);
    // As the record holds it, escapes and all, it is found too.
    expect(await found('C:\\\\Users')).toBe(1);
  });

  it('counts the same events in the list, the facets and the facet values', async () => {
    const filter = { text: 'alice' };
    const total = (await page(filter)).total;
    expect(total).toBe(5);
    const facets = await ask('explore:count-facets', { filter, limit: 10 });
    for (const facet of facets) expect(facet.total).toBe(total);
    const values = await ask('explore:list-facet-values', { filter, dimension: 'event_name', offset: 0, limit: 10 });
    expect(values.values.reduce((sum, v) => sum + v.count, 0)).toBe(total);
  });
});

describe('excluding values', () => {
  it('hides the noisy CI role and keeps everyone else', async () => {
    const shown = await page({ exclude: { principal: [CI_ROLE] } });
    expect(shown.total).toBe(5);
    expect(shown.rows.every((r) => r.principal === ALICE)).toBe(true);
  });

  it('keeps events with no value unless no value itself is excluded', async () => {
    expect(await ips({ exclude: { source_ip: ['10.0.0.2', '198.51.100.7'] } })).toEqual([null, null, '198.51.100.8']);
    expect((await page({ exclude: { source_ip: [null] } })).total).toBe(13);
    expect(await ips({ exclude: { source_ip: [null, '10.0.0.2', '198.51.100.7'] } })).toEqual(['198.51.100.8']);
  });

  it('combines with choices on other fields and with a search', async () => {
    expect(
      await names({ fields: { principal: [ALICE] }, exclude: { event_name: ['RunInstances', 'PutBucketPolicy'] } }),
    ).toEqual(['CreateSecurityGroup', 'StopLogging']);
    expect(await names({ text: 'runinstances', exclude: { source_ip: [null] } })).toEqual(['RunInstances']);
  });

  it('keeps an excluded value in its facet, marked and counted, so that it can be taken back', async () => {
    const filter: ExploreFilter = { exclude: { principal: [CI_ROLE] }, fields: { event_name: ['GetObject'] } };
    const facets = await ask('explore:count-facets', { filter, limit: 1 });
    const principal = facets.find((f) => f.dimension === 'principal')!;
    expect(principal.values).toEqual([{ value: CI_ROLE, count: 10, selected: false, excluded: true }]);
    const eventName = facets.find((f) => f.dimension === 'event_name')!;
    expect(eventName.values).toEqual([
      { value: 'RunInstances', count: 2, selected: false, excluded: false },
      { value: 'GetObject', count: 0, selected: true, excluded: false },
    ]);
  });
});

describe("a facet's values beyond its top ones", () => {
  it('pages through every value, most frequent first, the rare ones included', async () => {
    const first = await ask('explore:list-facet-values', { filter: {}, dimension: 'event_name', offset: 0, limit: 2 });
    expect(first).toMatchObject({ matching: 5, total: 15, offset: 0 });
    expect(first.values.map((v) => [v.value, v.count])).toEqual([
      ['GetObject', 10],
      ['RunInstances', 2],
    ]);
    const rest = await ask('explore:list-facet-values', { filter: {}, dimension: 'event_name', offset: 2, limit: 10 });
    expect(rest.values.map((v) => v.value)).toEqual(['CreateSecurityGroup', 'PutBucketPolicy', 'StopLogging']);
    const past = await ask('explore:list-facet-values', { filter: {}, dimension: 'event_name', offset: 50, limit: 10 });
    expect(past).toMatchObject({ values: [], matching: 5, total: 15 });
  });

  it('finds values holding a text, in any case, marked as the filter has them', async () => {
    const found = await ask('explore:list-facet-values', {
      filter: { exclude: { event_name: ['StopLogging'] } },
      dimension: 'event_name',
      offset: 0,
      limit: 10,
      contains: 'stop',
    });
    expect(found.values).toEqual([{ value: 'StopLogging', count: 1, selected: false, excluded: true }]);
    expect(found.matching).toBe(1);
    const none = await ask('explore:list-facet-values', {
      filter: {},
      dimension: 'source_ip',
      offset: 0,
      limit: 10,
      contains: '%',
    });
    expect(none).toMatchObject({ values: [], matching: 0 });
  });
});

describe('the order of the list', () => {
  it('is newest first on request, the exact reverse of oldest first', async () => {
    const oldest = (await page({})).rows.map((r) => r.event_key);
    const newest = (await page({}, 'newest-first')).rows.map((r) => r.event_key);
    expect(newest).toEqual([...oldest].reverse());
    expect((await page({}, 'newest-first')).rows[0]!.event_time).toBe('2024-05-06T10:31:00Z');
  });
});

describe('the filter opened in the SQL console', () => {
  const filters: ExploreFilter[] = [
    {},
    { text: 'ALICE' },
    { text: 'C:\\Users' },
    { exclude: { principal: [CI_ROLE] } },
    { exclude: { source_ip: ['10.0.0.2'] } },
    { exclude: { source_ip: [null, '198.51.100.7'] }, fields: { event_name: ['RunInstances', 'StopLogging'] } },
    { from: '2024-05-06T10:05:00Z', to: '2024-05-06T10:15:00Z', text: 'ci-artifacts' },
    { fields: { integrity: ['unverified'], read_only: [null] }, exclude: { event_name: ['GetObject'] } },
    { bookmarked: true, exclude: { source_ip: ['10.0.0.2'] } },
    { source_ids: [1], exclude: { error_code: ['AccessDenied'] } },
    { fields: { event_name: ["x' OR '1'='1"] } },
  ];

  it.each(filters.map((f) => [JSON.stringify(f), f]))(
    'selects exactly the events the explorer shows: %s',
    async (_, filter) => {
      const { sql } = await ask('explore:write-sql', { filter, order: 'newest-first' });
      const run = await ask('query:run', { query_id: `sql-${Math.random()}`, sql });
      const shown = await page(filter, 'newest-first');
      expect(run.total).toBe(shown.total);
      const keys = await ask('query:fetch', { sql: `SELECT event_key FROM (${sql})`, limit: 100 });
      expect(keys.rows.map((r) => r[0])).toEqual(shown.rows.map((r) => r.event_key));
    },
  );

  it('lists exactly the events a SQL cell named by key, and no event for a key the case lacks', async () => {
    const keys = (await page({})).rows.slice(0, 3).map((r) => r.event_key);
    const filter: ExploreFilter = { event_keys: [...keys, 'not-an-event@000000000000'] };
    const shown = await page(filter);
    expect(shown.total).toBe(3);
    expect(shown.rows.map((r) => r.event_key).sort()).toEqual([...keys].sort());
    const { sql } = await ask('explore:write-sql', { filter, order: 'oldest-first' });
    expect((await ask('query:run', { query_id: 'listed-keys', sql })).total).toBe(3);
    expect((await page({ ...filter, exclude: { event_name: [shown.rows[0]!.event_name] } })).total).toBeLessThan(3);
  });

  it('writes values as literals an analyst can read, never as text that could end the SQL or hide in it', async () => {
    const { sql } = await ask('explore:write-sql', {
      filter: { exclude: { user_agent: ["x'); DROP TABLE events; --", 'a\u0000b\u202ec\n'] }, text: 'evidence-bucket' },
      order: 'oldest-first',
    });
    expect(sql).toContain("'x''); DROP TABLE events; --'");
    expect(sql).toContain("('a' || chr(0) || 'b' || chr(8238) || 'c' || chr(10))");
    expect(sql).toContain("regexp_matches(record, '[eE][vV][iI][dD][eE][nN][cC][eE]-[bB][uU][cC][kK][eE][tT]')");
    expect(sql).not.toMatch(/[\u0000\u202e]/);
    expect((await ask('query:run', { query_id: 'literal', sql })).total).toBe(1);
  });
});
