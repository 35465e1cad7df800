import fs from 'node:fs';
import path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CASE_MEMORY_LIMIT, CaseStore } from '../../electron/core/case/case-store.ts';
import { spillRefusedError, TEMP_SPACE_SHARE, tempSpaceLimit } from '../../electron/core/case/temp-space.ts';
import { ingest } from '../../electron/core/ingest/ingest.ts';
import { QuerySessions } from '../../electron/core/query/query-sessions.ts';
import { tempDir } from '../helpers/temp.ts';

/**
 * Every console result is kept whole on DuckDB's side, so an analyst's (or a planted saved
 * query's) `SELECT *` of a large case, run a few times, would hold several times the case in
 * RAM. DuckDB holds to the case's memory limit and spills the rest to disk, under the same
 * lockdown that keeps it from every other file. The limit here is made small (64 MB) so that
 * results of ~180 MB prove it cheaply.
 */
const dir = tempDir();
const caseFile = path.join(dir, 'case.duckdb');
const SMALL_LIMIT = '64MB';
const ROWS = 600_000;
/** About 300 bytes a row, 180 MB a result: each one is more than twice the limit. */
const WIDE = (salt: string) =>
  `SELECT i, repeat(chr(65 + (i % 26)::INTEGER), 300) || '${salt}' AS text FROM range(${ROWS}) t(i)`;

let store: CaseStore;
let sessions: QuerySessions;

const setting = async (name: string) => String(await store.read((db) => db.value(`SELECT current_setting('${name}')`)));
/** What DuckDB holds for temp tables, where kept results live: in memory, and spilled to disk. */
const tempTableBytes = () =>
  store.read((db) =>
    db.row<{ held: string; spilled: string }>(
      `SELECT memory_usage_bytes AS held, temporary_storage_bytes AS spilled FROM duckdb_memory() WHERE tag = 'IN_MEMORY_TABLE'`,
    ),
  );

/** DuckDB prints a limit in its own units; a bare instance says how it prints this one. */
async function printed(limit: string): Promise<string> {
  const db = await (await DuckDBInstance.create(':memory:')).connect();
  try {
    await db.run(`SET memory_limit = '${limit}'`);
    return String((await db.runAndReadAll(`SELECT current_setting('memory_limit')`)).getRowsJson()[0]![0]);
  } finally {
    db.closeSync();
  }
}

beforeAll(async () => {
  store = await CaseStore.open(caseFile, { create: true });
  sessions = new QuerySessions(store);
});
afterAll(async () => {
  await sessions.closeAll();
  store.close();
});

describe('memory a case may hold', () => {
  it("is the case's limit from the open, not DuckDB's 80% of RAM", async () => {
    expect(await setting('memory_limit')).toBe(await printed(CASE_MEMORY_LIMIT));
  });

  it("is the case's limit again after an ingest, which holds to less while it runs", async () => {
    await ingest(store, ['test/fixtures/corpus/stratus-cloudtrail-stop.json']);
    expect(await setting('memory_limit')).toBe(await printed(CASE_MEMORY_LIMIT));
  });
});

describe('results larger than the memory limit', () => {
  /** What temp tables held before any result (an ingest leaves a little). */
  let before: number;
  beforeAll(async () => {
    await store.writer.run(`SET memory_limit = '${SMALL_LIMIT}'`);
    before = Number((await tempTableBytes())?.held);
  });
  afterAll(async () => {
    await store.writer.run(`SET memory_limit = '${CASE_MEMORY_LIMIT}'`);
  });

  it('are kept whole by spilling to disk, and page from anywhere', async () => {
    await sessions.run('wide', WIDE('a'));
    expect(await sessions.total('wide')).toBe(ROWS);
    expect(Number((await tempTableBytes())?.spilled)).toBeGreaterThan(0);
    const last = await sessions.page('wide', ROWS - 2, 10, null);
    expect(last.map((row) => row[0])).toEqual([String(ROWS - 2), String(ROWS - 1)]);
    expect(last[1]![1]).toBe(`${String.fromCharCode(65 + ((ROWS - 1) % 26)).repeat(300)}a`);
  });

  it('sort a spilled result in either direction', async () => {
    const top = await sessions.page('wide', 0, 3, { column: 'i', descending: true });
    expect(top.map((row) => row[0])).toEqual([String(ROWS - 1), String(ROWS - 2), String(ROWS - 3)]);
    const bottom = await sessions.page('wide', ROWS - 1, 5, { column: 'i', descending: true });
    expect(bottom.map((row) => row[0])).toEqual(['0']);
  });

  it('four at once, each twice the limit, all stay whole', async () => {
    for (const salt of ['b', 'c', 'd']) await sessions.run(salt, WIDE(salt));
    for (const salt of ['b', 'c', 'd']) expect(await sessions.total(salt)).toBe(ROWS);
    const middle = await Promise.all(['wide', 'b', 'c', 'd'].map((id) => sessions.page(id, ROWS / 2, 1, null)));
    expect(middle.map((rows) => [rows[0]![0], String(rows[0]![1]).at(-1)])).toEqual([
      [String(ROWS / 2), 'a'],
      [String(ROWS / 2), 'b'],
      [String(ROWS / 2), 'c'],
      [String(ROWS / 2), 'd'],
    ]);
  });

  it('give their disk back when closed', async () => {
    for (const id of ['wide', 'b', 'c', 'd']) await sessions.close(id);
    const left = await tempTableBytes();
    expect(Number(left?.spilled)).toBe(0);
    expect(Number(left?.held) - before).toBeLessThan(1024 * 1024);
  });
});

/** A size as DuckDB prints one ("31.2 GiB"), in bytes. */
function bytesOf(printed: string): number {
  const found = /^([\d.]+) ?(bytes|KiB|MiB|GiB|TiB)$/.exec(printed);
  if (!found) throw new Error(`not a size: ${printed}`);
  const units = ['bytes', 'KiB', 'MiB', 'GiB', 'TiB'];
  return Number(found[1]) * 1024 ** units.indexOf(found[2]!);
}

describe('disk a case may fill with what it spills', () => {
  it('is half the space free beside the case when it opened, not DuckDB’s 90%', async () => {
    const disk = fs.statfsSync(dir);
    const half = disk.bavail * disk.bsize * TEMP_SPACE_SHARE;
    const limit = bytesOf(await setting('max_temp_directory_size'));
    expect(Math.abs(limit - half) / half).toBeLessThan(0.05);
    expect(tempSpaceLimit(path.join(dir, 'no-such-folder'))).toBeNull();
  });

  it('stops a statement that would pass it with an error that says so, and the database goes on', async () => {
    const file = path.join(tempDir(), 'capped.duckdb');
    const instance = await DuckDBInstance.create(file);
    const db = await instance.connect();
    try {
      await db.run(`SET memory_limit = '${SMALL_LIMIT}'`);
      await db.run(`SET max_temp_directory_size = '32MiB'`);
      const refused = await db.run(`CREATE TEMP TABLE kept AS ${WIDE('capped')}`).then(
        () => null,
        (error: unknown) => error,
      );
      const error = spillRefusedError(refused, 'Keeping this result whole');
      expect(error?.kind).toBe('query');
      expect(error?.message).toMatch(/^Keeping this result whole needed more disk .*\(32\.0 MiB, half the space free/);
      expect(error?.message).not.toContain('PRAGMA');
      await db.run('CREATE TABLE after (x INTEGER)');
      await db.run('INSERT INTO after VALUES (1)');
      expect((await db.runAndReadAll('SELECT count(*) FROM after')).getRowsJson()).toEqual([['1']]);
    } finally {
      db.closeSync();
      instance.closeSync();
    }
  });

  it('is told apart from every other failure', () => {
    for (const other of [
      new Error('Parser Error: syntax error at or near "SELEC"'),
      new Error('Out of Memory Error: could not allocate block of size 256.0 KiB (64.0 MiB/64.0 MiB used)'),
      'max_temp_directory_size',
    ])
      expect(spillRefusedError(other, 'This query')).toBeNull();
  });
});
