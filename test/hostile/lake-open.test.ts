import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OpenCase } from '../../electron/api/open-case.ts';
import { CaseStore } from '../../electron/core/case/case-store.ts';
import { ingest } from '../../electron/core/ingest/ingest.ts';
import { exportLake } from '../../electron/core/lake/export-lake.ts';
import { sideCaseFor } from '../../electron/core/lake/open-lake.ts';
import { folderHashes } from '../helpers/evidence-hash.ts';
import { tempDir } from '../helpers/temp.ts';

/**
 * A lake opens with DuckDB allowed to read its folder, and its evidence tables are views over
 * read_parquet. Neither may become a way for console SQL to read other files, to write into the
 * lake, or for a crafted case file to open a folder of its choosing.
 */
const dir = tempDir();
const casePath = path.join(dir, 'case.duckdb');
const lakeDir = path.join(dir, 'lake');
const lake = new OpenCase(() => undefined, null);

let before: Record<string, string>;

beforeAll(async () => {
  const store = await CaseStore.open(casePath, { create: true });
  await ingest(store, ['samples/demo-archive']);
  await exportLake(store, { dir: lakeDir, since: null, until: null });
  store.close();
  fs.writeFileSync(path.join(dir, 'secret.csv'), 'password\nhunter2\n');
  before = folderHashes(lakeDir);
  await lake.open(lakeDir);
});

afterAll(() => lake.close());

describe('console SQL on an open lake', () => {
  const parquet = `${lakeDir}/events/**/*.parquet`;
  it.each([
    `SELECT count(*) FROM read_parquet('${parquet}')`,
    `SELECT count(*) FROM parquet_scan('${parquet}')`,
    `SELECT count(*) FROM "READ_PARQUET"('${parquet}')`,
    `SELECT count(*) FROM Read_Parquet(['${parquet}'])`,
    `SELECT * FROM events, read_parquet('${parquet}') LIMIT 1`,
    `SELECT (SELECT count(*) FROM read_parquet('${parquet}'))`,
    `WITH x AS (SELECT * FROM read_parquet('${parquet}')) SELECT count(*) FROM x`,
    `SELECT * FROM parquet_metadata('${parquet}')`,
    `SELECT * FROM parquet_schema('${parquet}')`,
    `SELECT * FROM read_text('${lakeDir}/MANIFEST.json')`,
    `SELECT * FROM read_json('${lakeDir}/MANIFEST.json')`,
    `SELECT * FROM read_csv('${path.join(dir, 'secret.csv')}')`,
    `SELECT * FROM glob('${lakeDir}/**')`,
    `SELECT * FROM '${parquet}'`,
    `SELECT * FROM '${path.join(dir, 'secret.csv')}'`,
    `COPY (SELECT 1) TO '${lakeDir}/events/x.parquet'`,
    `COPY events TO '${lakeDir}/copy.parquet' (FORMAT parquet)`,
    `CREATE VIEW mine AS SELECT * FROM read_parquet('${parquet}')`,
    `DROP VIEW events`,
    `CREATE OR REPLACE VIEW events AS SELECT 1 AS event_key`,
    `ATTACH '${casePath}' AS other`,
    `INSTALL httpfs`,
  ])('refuses %s', async (sql) => {
    await expect(lake.request('query:fetch', { sql, limit: 10 })).rejects.toMatchObject({
      kind: expect.stringMatching(/^(read-only|query)$/),
    });
  });

  it('still reads the lake through its views', async () => {
    const result = await lake.request('query:fetch', { sql: 'SELECT count(*) AS n FROM events', limit: 1 });
    expect(Number(result.rows[0]![0])).toBe(413);
  });

  it('left every file of the lake as it was, and wrote none beside them', () => {
    expect(folderHashes(lakeDir)).toEqual(before);
  });
});

describe('the side case of a lake', () => {
  it('refuses a side case moved away from its lake: it may not open another folder to DuckDB', async () => {
    await lake.close();
    const elsewhere = path.join(dir, 'moved');
    fs.mkdirSync(elsewhere);
    const copy = path.join(elsewhere, path.basename(sideCaseFor(lakeDir)));
    fs.copyFileSync(sideCaseFor(lakeDir), copy);
    await expect(CaseStore.open(copy)).rejects.toThrow(/no lake is beside it/);
    await lake.open(lakeDir);
  });

  it('refuses a side case beside a folder that holds no lake', async () => {
    await lake.close();
    const fake = path.join(dir, 'not-a-lake');
    fs.mkdirSync(fake);
    fs.copyFileSync(sideCaseFor(lakeDir), sideCaseFor(fake));
    await expect(CaseStore.open(sideCaseFor(fake))).rejects.toThrow(/no lake is beside it/);
    await lake.open(lakeDir);
  });

  it('never turns a real case that sits where the side case goes into one, and loses none of its events', async () => {
    const other = path.join(dir, 'other-lake');
    fs.cpSync(lakeDir, other, { recursive: true });
    const occupant = await CaseStore.open(sideCaseFor(other), { create: true });
    await ingest(occupant, ['samples/demo-archive']);
    occupant.close();
    const opener = new OpenCase(() => undefined, null);
    await expect(opener.open(other)).rejects.toThrow(/is a case of its own/);
    const reopened = await CaseStore.open(sideCaseFor(other));
    try {
      expect(reopened.lake).toBeNull();
      expect(await reopened.read((db) => db.number('SELECT count(*) FROM events'))).toBe(413);
    } finally {
      reopened.close();
    }
  });
});
