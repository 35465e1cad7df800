import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { caseFolders } from '../../electron/core/case/case-folders.ts';
import { CaseStore } from '../../electron/core/case/case-store.ts';
import { inReadOnlyTransaction } from '../../electron/core/query/read-only-transaction.ts';
import { type ServedCase, serveCase } from '../../electron/server/serve-case.ts';
import { trailscope } from '../helpers/cli.ts';
import { evidenceHashes } from '../helpers/evidence-hash.ts';
import { servedApi } from '../helpers/served-api.ts';
import { tempDir } from '../helpers/temp.ts';

/**
 * Console SQL is the widest door into a case: every statement that could write evidence, read
 * or write a file, or change a setting is tried through each face (the CLI, `query:run` over
 * HTTP, and `finding:add`, which re-runs a query as evidence), and afterwards the evidence
 * tables must hash exactly as before and no file may have appeared.
 */
const dir = tempDir();
const caseFile = path.join(dir, 'case.duckdb');
const folders = caseFolders(caseFile);
const outside = path.join(dir, 'outside');
let before: Record<string, string>;

const planted = {
  file: path.join(outside, 'stolen.csv'),
  inExports: path.join(folders.exports, 'planted.csv'),
  inStaging: path.join(folders.staging, 'planted.csv'),
  dump: path.join(outside, 'dump'),
  dumpInExports: path.join(folders.exports, 'dump'),
  attached: path.join(outside, 'other.duckdb'),
};

/**
 * Each is refused before anything runs; `duckdb` marks the few DuckDB's parser or binder rejects
 * outright. Every one goes through `query:fetch` (the CLI's request), `query:run` and `finding:add`;
 * those marked `cli` also through the CLI itself, which costs a process each.
 */
const ATTACKS: { sql: string; duckdb?: true; cli?: true }[] = [
  // Writes to evidence, plainly and through EXPLAIN ANALYZE, in several spellings.
  { sql: 'DELETE FROM events', cli: true },
  { sql: "UPDATE sources SET sha256_stored = 'forged'" },
  { sql: 'DELETE FROM case_log' },
  { sql: "UPDATE event_conflicts SET record = '{}'" },
  { sql: 'TRUNCATE case_log' },
  { sql: 'INSERT INTO events SELECT * FROM events' },
  { sql: 'DROP TABLE events' },
  { sql: 'ALTER TABLE events RENAME TO gone' },
  { sql: 'CREATE TABLE copied AS SELECT * FROM events' },
  { sql: 'CREATE TEMP TABLE kept AS SELECT 1' },
  { sql: 'CREATE OR REPLACE VIEW shadow AS SELECT 1' },
  { sql: 'CREATE MACRO m() AS 1' },
  { sql: 'EXPLAIN ANALYZE DELETE FROM events' },
  { sql: 'EXPLAIN (ANALYZE) DELETE FROM events' },
  { sql: 'explain analyze delete from events' },
  { sql: 'EXPLAIN /* quiet */ ANALYZE DELETE FROM events', cli: true },
  { sql: "-- looks harmless\nEXPLAIN\tANALYZE\n  UPDATE sources SET sha256_stored = 'forged'" },
  { sql: 'EXPLAIN ANALYZE DELETE FROM case_log' },
  { sql: 'EXPLAIN ANALYZE INSERT INTO events SELECT * FROM events' },
  { sql: 'EXPLAIN DELETE FROM events' },
  { sql: 'EXPLAIN ANALYZE CREATE TABLE copied AS SELECT 1' },
  { sql: 'SELECT 1; DELETE FROM events' },
  { sql: 'SELECT 1; COMMIT; DELETE FROM events', cli: true },
  { sql: 'COMMIT; DELETE FROM events' },
  { sql: 'BEGIN; DELETE FROM events; COMMIT' },
  { sql: 'EXPLAIN ANALYZE COMMIT' },
  { sql: 'ROLLBACK' },
  { sql: 'PREPARE wipe AS DELETE FROM events' },
  { sql: "SELECT * FROM query('DELETE FROM events')", duckdb: true, cli: true },
  { sql: 'WITH gone AS (DELETE FROM events RETURNING *) SELECT * FROM gone', duckdb: true },
  { sql: "SELECT * FROM json_execute_serialized_sql(json_serialize_sql('SELECT 1'))" },
  // Files written: anywhere, and inside the two folders DuckDB may touch.
  { sql: `COPY events TO '${planted.file}'` },
  { sql: `COPY (SELECT 1) TO '${planted.inExports}'` },
  { sql: `EXPLAIN ANALYZE COPY (SELECT * FROM events) TO '${planted.file}'` },
  { sql: `EXPLAIN ANALYZE COPY (SELECT 1) TO '${planted.inExports}'`, cli: true },
  { sql: `EXPLAIN ANALYZE COPY (SELECT 1) TO '${planted.inStaging}'` },
  { sql: `EXPORT DATABASE '${planted.dump}'` },
  { sql: `EXPORT DATABASE '${planted.dumpInExports}'` },
  { sql: `ATTACH '${planted.attached}' AS other`, cli: true },
  { sql: "ATTACH ':memory:' AS scratch" },
  { sql: 'DETACH case' },
  { sql: 'INSTALL httpfs' },
  { sql: 'LOAD parquet' },
  { sql: "CREATE SECRET leak (TYPE s3, KEY_ID 'k', SECRET 's')" },
  // Files read: system files, the case's own folders, the case file itself.
  { sql: "SELECT * FROM read_text('/etc/passwd')", cli: true },
  { sql: "SELECT content FROM read_blob('/etc/hostname')" },
  { sql: "SELECT * FROM read_csv('/etc/passwd')" },
  { sql: "SELECT * FROM read_json('/etc/os-release')" },
  { sql: "SELECT * FROM glob('/etc/*')" },
  { sql: "SELECT * FROM '/etc/passwd'", duckdb: true },
  { sql: "SELECT * FROM sniff_csv('/etc/passwd')" },
  { sql: "SELECT * FROM parquet_metadata('/etc/passwd')" },
  { sql: `SELECT * FROM glob('${folders.exports}/*')` },
  { sql: `SELECT * FROM read_text('${folders.staging}/*')` },
  { sql: `SELECT content FROM read_blob('${caseFile}')`, cli: true },
  { sql: `SELECT count(*) FROM events WHERE event_name IN (SELECT content FROM read_text('/etc/passwd'))` },
  // Settings.
  { sql: 'SET threads = 1' },
  // The memory limit stays the case's: above it results spill instead of taking the machine's RAM.
  { sql: "SET memory_limit = '100GB'" },
  { sql: "SET GLOBAL memory_limit = '1TB'" },
  { sql: 'RESET memory_limit' },
  { sql: "PRAGMA memory_limit = '1TB'" },
  {
    sql: "SELECT * FROM duckdb_settings() WHERE name = 'memory_limit' AND set_config('memory_limit', '1TB') IS NULL",
    duckdb: true,
  },
  // What the block allocator takes is kept until the case closes; only an ingest sets it (block-allocator.ts).
  { sql: "SET block_allocator_memory = '100GB'" },
  { sql: "SET GLOBAL block_allocator_memory = '100%'" },
  { sql: 'RESET block_allocator_memory' },
  {
    sql: "SELECT * FROM duckdb_settings() WHERE set_config('block_allocator_memory', '1TB') IS NULL",
    duckdb: true,
  },
  { sql: `SET temp_directory = '${path.join(outside, 'spill')}'` },
  { sql: "SET max_temp_directory_size = '1TB'" },
  { sql: "SET GLOBAL TimeZone = 'America/New_York'" },
  { sql: "SET default_order = 'DESC'" },
  { sql: 'RESET TimeZone' },
  { sql: 'SET enable_external_access = true', cli: true },
  { sql: 'SET lock_configuration = false' },
  { sql: 'SET VARIABLE x = 1' },
  { sql: 'PRAGMA enable_profiling' },
  { sql: 'SELECT * FROM enable_profiling()' },
  { sql: 'SELECT * FROM enable_logging()' },
  { sql: 'CALL enable_logging()', cli: true },
  { sql: 'SELECT * FROM disable_peg_parser()' },
  // The case file rewritten behind the analyst's back.
  { sql: 'CHECKPOINT' },
  { sql: 'FORCE CHECKPOINT' },
  { sql: 'SELECT * FROM checkpoint()' },
  { sql: 'CALL checkpoint()' },
  { sql: 'SELECT * FROM force_checkpoint()' },
  { sql: 'EXPLAIN ANALYZE SELECT * FROM checkpoint()' },
  { sql: 'EXPLAIN ANALYZE CHECKPOINT', cli: true },
  { sql: 'PRAGMA force_checkpoint' },
  { sql: 'VACUUM' },
  { sql: 'ANALYZE' },
];

const READING = [
  'SELECT event_name, count(*) AS n FROM events GROUP BY ALL ORDER BY n DESC',
  'EXPLAIN SELECT count(*) FROM events',
  'EXPLAIN ANALYZE SELECT count(*) FROM events',
  '/* a comment first */ explain analyze select count(*) from events',
  'DESCRIBE events',
  'SHOW TABLES',
  'SUMMARIZE sources',
  'SELECT * FROM json_tree(\'{"a": [1, 2]}\')',
  'SELECT count(*) FROM range(10) t, LATERAL (SELECT t.range * 2)',
];

beforeAll(() => {
  fs.mkdirSync(outside);
  const run = trailscope('ingest', '--case', caseFile, '--no-detect', 'samples/demo-archive');
  expect(run.code, run.stderr).toBe(0);
  // The exports folder exists, as after any export, so that writing into it would succeed.
  fs.mkdirSync(folders.exports, { recursive: true });
});

describe('console SQL through the CLI', () => {
  beforeAll(async () => {
    before = await evidenceHashes(caseFile);
  });

  it.each(ATTACKS.filter((a) => a.cli).map((a) => [a.sql, a]))('refuses %s', (_label, attack) => {
    const run = trailscope('query', '--case', caseFile, '--', attack.sql);
    expect(run.code, run.stdout).toBe(1);
    if (!attack.duckdb) expect(run.stderr).toMatch(/^trailscope query: Refused/);
  });

  it.each(READING.slice(0, 3).map((sql) => [sql]))('still runs %s', (sql) => {
    const run = trailscope('query', '--case', caseFile, '--format', 'json', sql);
    expect(run.code, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout).length).toBeGreaterThan(0);
  });
});

describe('console SQL over HTTP (as the CLI asks, as the console asks) and as finding evidence', () => {
  let served: ServedCase;
  let ids = 0;
  const api = servedApi(() => served);

  beforeAll(async () => {
    served = await serveCase({ case: caseFile, recentCasesFile: path.join(dir, 'recent.json') });
  });
  afterAll(() => served.stop());

  it.each(ATTACKS.map((a) => [a.sql, a]))('query:fetch refuses %s', async (_label, attack) => {
    const answer = await api('query:fetch', { sql: attack.sql, limit: 10 });
    expect(answer.ok).toBe(false);
    if (!attack.duckdb)
      expect(answer.error).toMatchObject({ kind: 'read-only', message: expect.stringMatching(/^Refused/) });
  });

  it.each(ATTACKS.map((a) => [a.sql, a]))('query:run refuses %s', async (_label, attack) => {
    const answer = await api('query:run', { query_id: `attack-${++ids}`, sql: attack.sql });
    expect(answer.ok).toBe(false);
    if (!attack.duckdb)
      expect(answer.error).toMatchObject({ kind: 'read-only', message: expect.stringMatching(/^Refused/) });
  });

  it.each(ATTACKS.map((a) => [a.sql, a]))('finding:add refuses %s', async (_label, attack) => {
    const answer = await api('finding:add', {
      title: 'planted',
      severity: 'high',
      evidence: { kind: 'query', sql: attack.sql },
    });
    expect(answer.ok).toBe(false);
    if (!attack.duckdb) expect(answer.error).toMatchObject({ kind: 'read-only' });
  });

  it.each(READING.map((sql) => [sql]))('query:fetch still runs %s', async (sql) => {
    const answer = await api('query:fetch', { sql, limit: 10 });
    expect(answer.ok, answer.error?.message).toBe(true);
    expect(answer.value?.rows?.length).toBeGreaterThan(0);
  });

  it.each(READING.map((sql) => [sql]))('query:run still runs %s', async (sql) => {
    const answer = await api('query:run', { query_id: `read-${++ids}`, sql });
    expect(answer.ok, answer.error?.message).toBe(true);
    expect(answer.value!.total).toBeGreaterThan(0);
  });

  it('leaves the time zone and the other settings as they were', async () => {
    const answer = await api('query:run', {
      query_id: 'settings',
      sql: "SELECT current_setting('TimeZone') AS tz, current_setting('enable_external_access') AS files",
    });
    expect(answer.ok).toBe(true);
    const page = await api('query:page', { query_id: 'settings', offset: 0, limit: 1 });
    expect(page).toMatchObject({ ok: true, value: { rows: [['UTC', false]] } });
  });
});

describe('after every attack', () => {
  it('the evidence tables hash exactly as before', async () => {
    expect(await evidenceHashes(caseFile)).toEqual(before);
  });

  it('no file or folder appeared, inside the case folders or out', () => {
    for (const file of Object.values(planted)) expect(fs.existsSync(file), file).toBe(false);
    expect(fs.readdirSync(outside)).toEqual([]);
    expect(fs.existsSync(folders.staging)).toBe(false);
  });
});

describe('the walls behind the guard', () => {
  let store: CaseStore;
  beforeAll(async () => {
    store = await CaseStore.open(caseFile);
  });
  afterAll(() => store.close());

  it.each([
    ['DELETE FROM events', /read-only mode/],
    ["UPDATE sources SET sha256_stored = 'forged'", /read-only mode/],
    ['INSERT INTO case_log SELECT * FROM case_log', /read-only mode/],
    ['DROP TABLE events', /read-only mode/],
  ])('a read-only transaction makes DuckDB itself refuse %s', async (sql, reason) => {
    const db = await store.connectReader();
    try {
      await expect(inReadOnlyTransaction(db, () => db.run(sql))).rejects.toMatchObject({
        kind: 'read-only',
        message: expect.stringMatching(reason),
      });
    } finally {
      db.closeSync();
    }
  });

  it('a statement that ends its transaction is caught before another can run', async () => {
    const db = await store.connectReader();
    try {
      await expect(inReadOnlyTransaction(db, () => db.run('COMMIT'))).rejects.toMatchObject({
        kind: 'read-only',
        message: expect.stringMatching(/ended its own read-only transaction/),
      });
    } finally {
      db.closeSync();
    }
  });

  it.each([
    [`COPY (SELECT 1) TO '${planted.file}'`, /file system operations are disabled/],
    ["SELECT * FROM read_text('/etc/passwd')", /file system operations are disabled/],
    [`EXPORT DATABASE '${planted.dump}'`, /file system operations are disabled/],
    [`ATTACH '${planted.attached}' AS other`, /file system operations are disabled/],
    ["SET GLOBAL TimeZone = 'America/New_York'", /configuration has been locked/],
    ['SET enable_external_access = true', /configuration has been locked/],
    ["SET allowed_directories = ['/']", /configuration has been locked/],
  ])('the instance refuses %s on any connection, guard or no guard', async (sql, reason) => {
    const db = await store.connectReader();
    try {
      await expect(db.run(sql)).rejects.toThrow(reason);
    } finally {
      db.closeSync();
    }
    expect(fs.existsSync(planted.file)).toBe(false);
    expect(fs.existsSync(planted.dump)).toBe(false);
    expect(fs.existsSync(planted.attached)).toBe(false);
  });
});
