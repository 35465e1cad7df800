import fs from 'node:fs';
import { DuckDBInstance } from '@duckdb/node-api';
import { describe, expect, it } from 'vitest';
import { hashFile } from '../../electron/core/files/hash-file.ts';
import { exportResult } from '../../electron/core/query/export-result.ts';
import { deleteSavedQuery, queryHistory, savedQueries, saveQuery } from '../../electron/core/query/query-history.ts';
import { querySchema } from '../../electron/core/query/query-schema.ts';
import { QuerySessions } from '../../electron/core/query/query-sessions.ts';
import { demoCase } from '../helpers/demo-case.ts';
import { tempDir } from '../helpers/temp.ts';

const dir = tempDir();
const store = demoCase(dir);
let ids = 0;
const id = () => `q${++ids}`;

describe('console queries kept for paging', () => {
  it('answer with the first rows at once, then count a result of a million rows exactly and give any page of it', async () => {
    const sessions = new QuerySessions(store());
    const q = id();
    const run = await sessions.run(q, 'SELECT range AS n, range * 2 AS twice FROM range(1000000)');
    expect(run).toMatchObject({
      query_id: q,
      total: null,
      rows_ready: 250,
      complete: true,
      statements: 1,
      columns: [
        { name: 'n', type: 'BIGINT' },
        { name: 'twice', type: 'BIGINT' },
      ],
    });
    expect(await sessions.page(q, 248, 2, null)).toEqual([
      ['248', '496'],
      ['249', '498'],
    ]);
    expect(await sessions.total(q)).toBe(1_000_000);
    expect(await sessions.page(q, 150_000, 3, null)).toEqual([
      ['150000', '300000'],
      ['150001', '300002'],
      ['150002', '300004'],
    ]);
    expect(await sessions.page(q, 0, 2, { column: 'n', descending: true })).toEqual([
      ['999999', '1999998'],
      ['999998', '1999996'],
    ]);
    expect(await sessions.page(q, 500_000, 2, { column: 'twice', descending: true })).toEqual([
      ['499999', '999998'],
      ['499998', '999996'],
    ]);
    expect(await sessions.page(q, 999_999, 5, null)).toHaveLength(1);
    await sessions.closeAll();
  });

  it('hold a result that ends within its first rows whole, count it at once, and still export it', async () => {
    const sessions = new QuerySessions(store());
    const q = id();
    const run = await sessions.run(q, 'SELECT range AS n FROM range(250)');
    expect(run).toMatchObject({ total: 250, rows_ready: 250 });
    expect(await sessions.page(q, 0, 2, { column: 'n', descending: true })).toEqual([['249'], ['248']]);
    const exported = await exportResult(store(), sessions, q, 'csv', { column: 'n', descending: true });
    expect(exported.rows).toBe(250);
    expect(fs.readFileSync(exported.path, 'utf8').split('\n').slice(0, 3)).toEqual(['n', '249', '248']);
    expect(await sessions.page(q, 248, 5, null)).toEqual([['248'], ['249']]);
    await sessions.closeAll();
  });

  it('sort by the column asked for when names repeat, however DuckDB renames them in its table', async () => {
    const sessions = new QuerySessions(store());
    const q = id();
    const run = await sessions.run(q, 'SELECT range AS x, -range AS x, range % 7 AS x_1 FROM range(5000)');
    expect(run.columns.map((c) => c.name)).toEqual(['x', 'x_1', 'x_1_1']);
    expect(await sessions.total(q)).toBe(5000);
    expect(await sessions.page(q, 0, 2, { column: 'x_1', descending: false })).toEqual([
      ['4999', '-4999', '1'],
      ['4998', '-4998', '0'],
    ]);
    expect(await sessions.page(q, 0, 2, { column: 'x_1_1', descending: true })).toEqual([
      ['6', '-6', '6'],
      ['13', '-13', '6'],
    ]);
    await sessions.closeAll();
  });

  it('stop keeping a result when cancelled after its first rows showed, and say so to whoever waits for the count', async () => {
    const sessions = new QuerySessions(store());
    const q = id();
    const run = await sessions.run(q, 'SELECT a.range AS a, b.range AS b FROM range(100000) a, range(100000) b');
    expect(run).toMatchObject({ total: null, rows_ready: 250 });
    const counted = sessions.total(q);
    const paged = sessions.page(q, 5000, 10, null);
    expect(sessions.cancel(q)).toBe(true);
    await expect(counted).rejects.toMatchObject({
      kind: 'cancelled',
      message: expect.stringMatching(/^Stopped after the first rows/),
    });
    await expect(paged).rejects.toMatchObject({ kind: 'cancelled' });
    await sessions.closeAll();
  });

  it('answer pages of two sorts asked at once each in its own order, and export the order asked for', async () => {
    const sessions = new QuerySessions(store());
    const q = id();
    await sessions.run(q, 'SELECT range AS n FROM range(200000)');
    const asc = { column: 'n', descending: false };
    const desc = { column: 'n', descending: true };
    const pages = await Promise.all([
      sessions.page(q, 0, 2, asc),
      sessions.page(q, 0, 2, desc),
      sessions.page(q, 0, 2, asc),
      exportResult(store(), sessions, q, 'csv', desc),
      sessions.page(q, 0, 2, desc),
    ]);
    expect(pages.slice(0, 3)).toEqual([
      [['0'], ['1']],
      [['199999'], ['199998']],
      [['0'], ['1']],
    ]);
    expect(
      fs
        .readFileSync((pages[3] as { path: string }).path, 'utf8')
        .split('\n')
        .slice(0, 3),
    ).toEqual(['n', '199999', '199998']);
    expect(pages[4]).toEqual([['199999'], ['199998']]);
    await sessions.closeAll();
  });

  it('run every statement and keep the last one, in its own order', async () => {
    const sessions = new QuerySessions(store());
    const q = id();
    const run = await sessions.run(
      q,
      'SELECT 1; -- first\nSELECT event_name, count(*) AS n FROM events GROUP BY 1 ORDER BY n DESC, 1 LIMIT 3;',
    );
    expect(run.statements).toBe(2);
    expect(run.total).toBe(3);
    const rows = await sessions.page(q, 0, 10, null);
    expect(rows.map((r) => Number(r[1]))).toEqual([...rows.map((r) => Number(r[1]))].sort((a, b) => b - a));
    await sessions.closeAll();
  });

  it('show statements that cannot be wrapped (DESCRIBE) from their streamed rows', async () => {
    const sessions = new QuerySessions(store());
    const q = id();
    const run = await sessions.run(q, 'DESCRIBE events');
    expect(run.total).toBeGreaterThan(30);
    const names = (await sessions.page(q, 0, 100, { column: 'column_name', descending: false })).map((r) => r[0]);
    expect(names).toContain('user_agent');
    expect(names).toEqual([...names].sort((a, b) => String(a).localeCompare(String(b))));
    await expect(exportResult(store(), sessions, q, 'csv', null)).rejects.toThrow('SELECT * FROM (DESCRIBE events)');
    await sessions.closeAll();
  });

  it('refuse a statement that would change the case, running nothing, and remember why', async () => {
    const sessions = new QuerySessions(store());
    await expect(sessions.run(id(), 'SELECT 1; DELETE FROM events')).rejects.toMatchObject({ kind: 'read-only' });
    const [last] = await queryHistory(store(), 1);
    expect(last).toMatchObject({ sql: 'SELECT 1; DELETE FROM events', row_count: null });
    expect(last!.error).toContain('Statement 2 is a DELETE statement');
    expect(
      await store()
        .writer.runAndReadAll('SELECT count(*) FROM events')
        .then((r) => Number(r.getRows()[0]![0])),
    ).toBe(413);
  });

  it("report DuckDB's error with its position", async () => {
    const sessions = new QuerySessions(store());
    await expect(sessions.run(id(), 'SELECT *\nFORM events')).rejects.toThrow(/LINE 2: FORM events/);
  });

  it('cancel a running query by its id', async () => {
    const sessions = new QuerySessions(store());
    const q = id();
    const running = sessions.run(q, 'SELECT sum(a.range * b.range) FROM range(200000) a, range(200000) b');
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(sessions.cancel(q)).toBe(true);
    await expect(running).rejects.toMatchObject({
      kind: 'cancelled',
      message: expect.stringMatching(/^Query cancelled after \d+\.\d s\.$/),
    });
    await expect(sessions.page(q, 0, 1, null)).rejects.toMatchObject({ kind: 'not-found' });
    expect(sessions.cancel('never-ran')).toBe(false);
  });

  it('keep only the newest results', async () => {
    const sessions = new QuerySessions(store());
    const first = id();
    await sessions.run(first, 'SELECT 1');
    for (let i = 0; i < 4; i++) await sessions.run(id(), 'SELECT 2');
    await expect(sessions.page(first, 0, 1, null)).rejects.toThrow('run the query again');
    await sessions.closeAll();
  });
});

describe('exports of a kept result', () => {
  it('neutralize spreadsheet formulas in CSV text and leave numbers alone', async () => {
    const sessions = new QuerySessions(store());
    const q = id();
    await sessions.run(
      q,
      `SELECT * FROM (VALUES ('=HYPERLINK("http://x")', -5, '@SUM(A1)'), ('plain', 7, '-2+3')) t(text, n, other)`,
    );
    const exported = await exportResult(store(), sessions, q, 'csv', null);
    expect(fs.readFileSync(exported.path, 'utf8')).toBe(
      `text,n,other\n"'=HYPERLINK(""http://x"")",-5,'@SUM(A1)\nplain,7,'-2+3\n`,
    );
    expect(exported).toMatchObject({
      format: 'csv',
      rows: 2,
      bytes: fs.statSync(exported.path).size,
      sha256: await hashFile(exported.path),
    });
    await sessions.closeAll();
  });

  it('write JSON and Parquet in the order shown, and log each file with its hash', async () => {
    const sessions = new QuerySessions(store());
    const q = id();
    await sessions.run(q, 'SELECT event_name, user_agent FROM events ORDER BY event_time, event_key');
    const json = await exportResult(store(), sessions, q, 'json', { column: 'event_name', descending: true });
    const rows = JSON.parse(fs.readFileSync(json.path, 'utf8')) as { event_name: string }[];
    expect(rows).toHaveLength(413);
    expect(rows[0]!.event_name >= rows.at(-1)!.event_name).toBe(true);
    const parquet = await exportResult(store(), sessions, q, 'parquet', null);
    const instance = await DuckDBInstance.create(':memory:');
    const check = await instance.connect();
    const read = await check.runAndReadAll(
      `SELECT count(*)::INTEGER, count(DISTINCT user_agent)::INTEGER FROM read_parquet('${parquet.path}')`,
    );
    expect(read.getRows()[0]![0]).toBe(413);
    check.closeSync();
    const log = await store().writer.runAndReadAll(
      `SELECT detail->>'sha256', detail->>'sql' FROM case_log WHERE action = 'query-exported' ORDER BY entry_id DESC LIMIT 2`,
    );
    expect(log.getRows()).toEqual([
      [parquet.sha256, 'SELECT event_name, user_agent FROM events ORDER BY event_time, event_key'],
      [json.sha256, 'SELECT event_name, user_agent FROM events ORDER BY event_time, event_key'],
    ]);
    await sessions.closeAll();
  });
});

describe('history, saved queries and the schema the editor completes', () => {
  it('remember every run with its time and row count', async () => {
    const sessions = new QuerySessions(store());
    await sessions.run(id(), 'SELECT 42 AS answer');
    const [last] = await queryHistory(store(), 1);
    expect(last).toMatchObject({ sql: 'SELECT 42 AS answer', row_count: 1, error: null });
    expect(last!.ran_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    await sessions.closeAll();
  });

  it('save and delete queries, logging both', async () => {
    const saved = await saveQuery(store(), {
      title: 'Root logins',
      sql: "SELECT * FROM events WHERE identity_type = 'Root'",
    });
    expect(await savedQueries(store())).toEqual([saved]);
    await deleteSavedQuery(store(), saved.query_id);
    expect(await savedQueries(store())).toEqual([]);
    await expect(deleteSavedQuery(store(), saved.query_id)).rejects.toMatchObject({ kind: 'not-found' });
    const log = await store().writer.runAndReadAll(
      `SELECT action FROM case_log WHERE action LIKE 'query-%ed' AND action <> 'query-exported' ORDER BY entry_id`,
    );
    expect(log.getRows().flat()).toEqual(['query-saved', 'query-deleted']);
  });

  it('list tables with their columns and the JSON paths the records use', async () => {
    const schema = await querySchema(store());
    const events = schema.tables.find((t) => t.name === 'events')!;
    expect(events.columns.map((c) => c.name)).toContain('request_parameters');
    expect(schema.tables.map((t) => t.name)).not.toContain('schema_migrations');
    expect(schema.json_paths).toContainEqual(expect.objectContaining({ column: 'user_identity', path: '$.type' }));
    expect(schema.json_paths).toContainEqual(
      expect.objectContaining({ column: 'request_parameters', path: '$.pipeline.name' }),
    );
  });
});
