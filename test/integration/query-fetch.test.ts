import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EventHub } from '../../electron/api/event-hub.ts';
import { OpenCase } from '../../electron/api/open-case.ts';
import { watchJob } from '../../electron/api/watch-job.ts';
import type { ParamsOf, RequestName, ResultOf } from '../../shared/api/contract.ts';
import { fixture, tempDir } from '../helpers/temp.ts';

/** query:fetch: console SQL answered at once, at most `limit` rows, nothing kept. */
const dir = tempDir();
const events = new EventHub();
const cases = new OpenCase(events.emit, null);
const ask = <N extends RequestName>(name: N, params: ParamsOf<N>): Promise<ResultOf<N>> => cases.request(name, params);

beforeAll(async () => {
  await cases.open(path.join(dir, 'case.duckdb'), true);
  const ingested = await watchJob(events.on, 'ingest', {
    start: () => ask('ingest:start', { paths: [fixture('corpus/flaws2-real-trail-log.json')] }),
    onProgress: () => undefined,
  });
  expect(ingested).toMatchObject({ ok: true, value: { events_added: 2 } });
});

afterAll(() => cases.close());

describe('query:fetch', () => {
  it('answers at most `limit` rows, and says whether there were more', async () => {
    expect(await ask('query:fetch', { sql: 'SELECT range AS n FROM range(5)', limit: 3 })).toEqual({
      columns: [{ name: 'n', type: 'BIGINT' }],
      rows: [['0'], ['1'], ['2']],
      complete: false,
      cut_at_bytes: false,
    });
    expect(await ask('query:fetch', { sql: 'SELECT range AS n FROM range(3)', limit: 3 })).toMatchObject({
      rows: [['0'], ['1'], ['2']],
      complete: true,
    });
    expect(await ask('query:fetch', { sql: 'SELECT 1 AS n', limit: 0 })).toMatchObject({ rows: [], complete: false });
  });

  it('streams the first rows of a huge result instead of keeping it whole', async () => {
    const started = performance.now();
    const result = await ask('query:fetch', {
      sql: 'SELECT range AS n, range * 2 AS m FROM range(10000000000)',
      limit: 10,
    });
    expect(result.rows).toHaveLength(10);
    expect(performance.now() - started).toBeLessThan(5000);
  });

  it('refuses what would write, as query:run does, and changes nothing', async () => {
    await expect(ask('query:fetch', { sql: 'DELETE FROM events', limit: 10 })).rejects.toMatchObject({
      kind: 'read-only',
    });
    await expect(
      ask('query:fetch', { sql: "SELECT 1; INSERT INTO notes VALUES (1, NULL, 'x', now(), now())", limit: 10 }),
    ).rejects.toMatchObject({ kind: 'read-only' });
    expect((await ask('query:fetch', { sql: 'SELECT count(*)::INTEGER AS n FROM events', limit: 1 })).rows).toEqual([
      [2],
    ]);
  });

  it('tells apart columns of the same name, for rows read as objects', async () => {
    expect((await ask('query:fetch', { sql: 'SELECT 1 AS x, 2 AS x', limit: 1 })).columns.map((c) => c.name)).toEqual([
      'x',
      'x_1',
    ]);
  });

  it('goes to the query history like a console run, with no row count when the limit cut it', async () => {
    await ask('query:fetch', { sql: 'SELECT 42 AS answer', limit: 10 });
    await ask('query:fetch', { sql: 'SELECT * FROM range(100)', limit: 10 });
    const [cut, whole] = await ask('query:list-history', { limit: 2 });
    expect(cut).toMatchObject({ sql: 'SELECT * FROM range(100)', row_count: null, error: null });
    expect(whole).toMatchObject({ sql: 'SELECT 42 AS answer', row_count: 1, error: null });
  });

  it('can be cancelled by the id it was given, and keeps nothing to page', async () => {
    const long = ask('query:fetch', { query_id: 'long', sql: 'SELECT count(*) FROM range(100000000000)', limit: 1 });
    await new Promise((r) => setTimeout(r, 200));
    expect(await ask('query:cancel', { query_id: 'long' })).toEqual({ cancelled: true });
    await expect(long).rejects.toMatchObject({ kind: 'cancelled' });
    await ask('query:fetch', { query_id: 'kept', sql: 'SELECT 1', limit: 1 });
    await expect(ask('query:page', { query_id: 'kept', offset: 0, limit: 10 })).rejects.toMatchObject({
      kind: 'not-found',
    });
  });
});
