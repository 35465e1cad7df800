import fs from 'node:fs';
import path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { beforeAll, describe, expect, it } from 'vitest';
import { OpenCase } from '../../electron/api/open-case.ts';
import { CaseStore } from '../../electron/core/case/case-store.ts';
import { sqlString } from '../../electron/core/case/sql.ts';
import { ingest } from '../../electron/core/ingest/ingest.ts';
import { tempDir } from '../helpers/temp.ts';

/**
 * A case file is an input too: a colleague's, or an attacker's. DuckDB keeps SQL in it (views,
 * macros, generated columns, defaults, checks, indexes) and runs that SQL whenever the object is
 * read or written, so a crafted file could read files before the lockdown, hold the open forever,
 * abort the process, or change what every query of Trailscope's own computes (a macro named
 * epoch_ms is called instead of DuckDB's). Each is refused at the open, naming what was found,
 * before anything reads the case's tables.
 */
const dir = tempDir('trailscope-crafted-case-');
const base = path.join(dir, 'base.duckdb');
const secret = path.join(dir, 'secret.txt');

beforeAll(async () => {
  fs.writeFileSync(secret, 'hunter2\n');
  const store = await CaseStore.open(base, { create: true });
  await ingest(store, ['samples/demo-archive']);
  store.close();
});

/** A copy of the base case with `statements` run on it by plain DuckDB, as anyone could. */
async function crafted(name: string, statements: string[]): Promise<string> {
  const file = path.join(dir, `${name.replace(/\W+/g, '-')}.duckdb`);
  fs.copyFileSync(base, file);
  const instance = await DuckDBInstance.create(file);
  const db = await instance.connect();
  try {
    for (const statement of statements) await db.run(statement);
  } finally {
    db.closeSync();
    instance.closeSync();
  }
  return file;
}

/**
 * True once the case is locked down and false while it is crafted: DuckDB runs a generated column
 * when a row is written too.
 */
const LOCKED_DOWN = "current_setting('enable_external_access') = false";

describe('a crafted case file', () => {
  it.each([
    [
      'a generated column that sleeps, where the open once read before the lockdown',
      () => [
        `CREATE TABLE lake_origin (a VARCHAR, lake_dir AS (CAST(sleep_ms(CASE WHEN ${LOCKED_DOWN} THEN 30000 ELSE 0 END) AS VARCHAR)))`,
        `INSERT INTO lake_origin VALUES ('x')`,
      ],
      /a generated column in table lake_origin/,
    ],
    [
      'a generated column in a table of its own',
      () => [`CREATE TABLE extra (a VARCHAR, shouted VARCHAR AS (upper(a)))`],
      /a generated column in table extra/,
    ],
    [
      "a macro named as DuckDB's epoch_ms, which every chart of Trailscope's would call",
      () => [`CREATE MACRO epoch_ms(x) AS 42`],
      /a macro epoch_ms/,
    ],
    ['a table macro', () => [`CREATE MACRO peek() AS TABLE SELECT 1 AS one`], /a table macro peek/],
    [
      'events as a view calling enable_logging, which aborted the process at its next statement',
      () => [
        'CREATE TABLE ev0 AS SELECT * FROM events',
        'DROP TABLE events',
        `CREATE VIEW events AS SELECT * FROM ev0 WHERE (SELECT count(*) FROM enable_logging(storage = 'file', storage_path = ${sqlString(path.join(dir, 'log'))})) >= 0`,
      ],
      /view events, calling enable_logging\(\)/,
    ],
    [
      'a view of its own',
      () => ['CREATE VIEW shown AS SELECT 1 AS one'],
      /a view shown, which Trailscope does not make/,
    ],
    [
      'its own integrity view reading a file',
      () => [
        `CREATE OR REPLACE VIEW source_integrity AS SELECT s.source_id, true AS valid, false AS invalid FROM sources s, read_text(${sqlString(secret)})`,
      ],
      /view source_integrity, calling read_text\(\)/,
    ],
    [
      'its own integrity view calling a volatile function',
      () => [
        'CREATE OR REPLACE VIEW source_integrity AS SELECT source_id, random() < 2 AS valid, false AS invalid FROM sources',
      ],
      /view source_integrity, calling random\(\)/,
    ],
    [
      'a default that sleeps, which an insert would run',
      () => [`ALTER TABLE notes ADD COLUMN pause INTEGER DEFAULT (CAST(sleep_ms(0) AS INTEGER))`],
      /the default of notes\.pause, calling sleep_ms\(\)/,
    ],
    [
      'a check that writes to the log',
      () => [`CREATE TABLE extra (a INTEGER CHECK (write_log('x') IS NULL))`],
      /a check on extra, calling write_log\(\)/,
    ],
    [
      'an index on an expression, which an ingest would compute',
      () => ['CREATE INDEX by_name ON events ((lower(event_name)))'],
      /an index by_name/,
    ],
  ])(
    'with %s is refused at the open, naming it',
    async (name, statements, named) => {
      const file = await crafted(name, statements());
      const opening = CaseStore.open(file);
      await expect(opening).rejects.toThrow(/holds SQL that Trailscope never writes into a case/);
      await expect(opening).rejects.toThrow(named);
      expect(fs.existsSync(path.join(dir, 'log'))).toBe(false);
    },
    20_000,
  );

  it('is refused through the face that opens cases for the browser and the desktop app', async () => {
    const file = await crafted('through-the-face', [`CREATE MACRO lower(x) AS 'shadowed'`]);
    await expect(new OpenCase(() => undefined, null).open(file)).rejects.toThrow(/a macro lower/);
  });

  it('leaves a genuine case, and the same case after an ingest into it, opening as before', async () => {
    const copy = path.join(dir, 'genuine.duckdb');
    fs.copyFileSync(base, copy);
    const store = await CaseStore.open(copy);
    await ingest(store, ['test/fixtures/corpus/flaws2-real-trail-log.json']);
    store.close();
    const reopened = await CaseStore.open(copy);
    try {
      expect(await reopened.read((db) => db.number('SELECT count(*) FROM event_integrity'))).toBeGreaterThan(413);
    } finally {
      reopened.close();
    }
  });

  it('holding sources rows unlike any ingest writes, takes an ingest of the same files again', async () => {
    // The registry keys files by SHA-256 digests; a case may hold any text there, and any id.
    const file = await crafted('odd-sources', [
      `UPDATE sources SET sha256_stored = upper(sha256_stored) WHERE source_id % 4 = 0`,
      `UPDATE sources SET sha256_stored = 'not a digest' WHERE source_id % 4 = 1`,
      `UPDATE sources SET sha256_stored = NULL WHERE source_id % 4 = 2`,
      `UPDATE sources SET source_id = -source_id WHERE source_id % 4 = 3`,
    ]);
    const store = await CaseStore.open(file);
    try {
      const before = await store.read((db) => db.number('SELECT count(*) FROM events'));
      const files = await store.read((db) => db.number('SELECT count(*) FROM sources'));
      const summary = await ingest(store, ['samples/demo-archive']);
      // The files whose rows no longer say where they were and what they held are read again,
      // and their events found already in the case; those whose id alone changed are unchanged.
      expect(summary.unchanged).toBe(
        await store.read((db) => db.number('SELECT count(*) FROM sources WHERE source_id < 0')),
      );
      expect(summary.files).toBe(files - summary.unchanged);
      expect(summary.events_added).toBe(0);
      expect(await store.read((db) => db.number('SELECT count(*) FROM events'))).toBe(before);
    } finally {
      store.close();
    }
  });
});
