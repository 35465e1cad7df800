import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { beforeAll, describe, expect, it } from 'vitest';
import { CaseStore } from '../../electron/core/case/case-store.ts';
import { sqlString } from '../../electron/core/case/sql.ts';
import { ingest } from '../../electron/core/ingest/ingest.ts';
import { exportLake } from '../../electron/core/lake/export-lake.ts';
import { sideCaseFor } from '../../electron/core/lake/open-lake.ts';
import { caseRows } from '../helpers/case-rows.ts';
import { tempDir } from '../helpers/temp.ts';

const dir = tempDir();
const exported = path.join(dir, 'exported');
let caseEvents = 0;
let caseSources = 0;

interface Reading {
  tables: Record<string, { viewSql: string; heldSql: string | null }>;
  events: { count: number; deliveries: number } | null;
}

beforeAll(async () => {
  const store = await CaseStore.open(path.join(dir, 'demo.duckdb'), { create: true });
  await ingest(store, ['samples/demo-archive']);
  await exportLake(store, { dir: exported, since: null, until: null });
  const counts = (
    await store.writer.runAndReadAll('SELECT (SELECT count(*) FROM events), (SELECT count(*) FROM sources)')
  ).getRows()[0]!;
  [caseEvents, caseSources] = counts.map(Number) as [number, number];
  store.close();
});

/** A copy of the exported lake of its own, with no side case yet. */
function freshLake(name: string): string {
  const lake = path.join(dir, name);
  fs.cpSync(exported, lake, { recursive: true });
  return lake;
}

/** Opens the lake as the app does, and answers what its views count. */
async function openCounts(lake: string) {
  const store = await CaseStore.open(sideCaseFor(lake), { create: true, lake });
  try {
    const row = (
      await store.writer.runAndReadAll('SELECT (SELECT count(*) FROM events), (SELECT count(*) FROM sources)')
    ).getRows()[0]!;
    return { events: Number(row[0]), sources: Number(row[1]), known: store.lakeEvents?.count };
  } finally {
    store.close();
  }
}

async function reading(lake: string): Promise<Reading> {
  const [row] = await caseRows<{ reading: string }>(sideCaseFor(lake), 'SELECT reading FROM lake_reading');
  return JSON.parse(row!.reading) as Reading;
}

/** Runs statements on the side case directly, as someone editing the file would. */
async function onSideCase(lake: string, ...statements: string[]): Promise<void> {
  const instance = await DuckDBInstance.create(sideCaseFor(lake));
  const db = await instance.connect();
  try {
    for (const sql of statements) await db.run(sql);
  } finally {
    db.closeSync();
    instance.closeSync();
  }
}

const fileHash = (file: string) => createHash('sha256').update(fs.readFileSync(file)).digest('hex');

const madeAgain = (r: Reading) =>
  Object.entries(r.tables)
    .filter(([, t]) => t.heldSql === null)
    .map(([name]) => name);

describe("what a lake's open reads from its files, kept for the next open", () => {
  it('is kept at the first open, vouched for at the second, and used unchanged after', async () => {
    const lake = freshLake('unchanged');
    expect(await openCounts(lake)).toEqual({ events: caseEvents, sources: caseSources, known: caseEvents });
    const first = await reading(lake);
    expect(madeAgain(first).sort()).toEqual(Object.keys(first.tables).sort());
    expect(first.events?.count).toBe(caseEvents);

    expect(await openCounts(lake)).toEqual({ events: caseEvents, sources: caseSources, known: caseEvents });
    const second = await reading(lake);
    expect(madeAgain(second)).toEqual([]);
    expect(second.events).toEqual(first.events);

    const written = fileHash(sideCaseFor(lake));
    expect(await openCounts(lake)).toEqual({ events: caseEvents, sources: caseSources, known: caseEvents });
    expect(await reading(lake)).toEqual(second);
    expect(fileHash(sideCaseFor(lake))).toBe(written);
  });

  it.each([
    ['written over by another events file', (a: string, b: string) => fs.copyFileSync(b, a)],
    [
      'given another modification time',
      (a: string) => fs.utimesSync(a, new Date('2030-01-01T00:00:00Z'), new Date('2030-01-01T00:00:00Z')),
    ],
    [
      'replaced by a copy of itself (another inode)',
      (a: string) => {
        fs.copyFileSync(a, `${a}.copy`);
        fs.renameSync(`${a}.copy`, a);
      },
    ],
  ])('reads the files again when a listed file was %s', async (label, change) => {
    const lake = freshLake(`changed-${label.length}`);
    await openCounts(lake);
    await openCounts(lake);
    const parts = fs
      .readdirSync(path.join(lake, 'events'), { recursive: true, withFileTypes: true })
      .filter((e) => e.isFile() && e.name.endsWith('.parquet'))
      .map((e) => path.join(e.parentPath, e.name));
    expect(parts.length).toBeGreaterThan(1);
    change(parts[0]!, parts[1]!);
    const inFiles = await parquetRows(parts);

    const counts = await openCounts(lake);
    expect(counts.events).toBe(inFiles);
    expect(counts.known).toBe(inFiles);
    expect(madeAgain(await reading(lake))).toContain('events');
  });

  it.each([
    ['events', 'SELECT * FROM (SELECT 1 AS x) WHERE false'],
    ['sources', 'SELECT 1 AS source_id'],
  ])('makes the %s view again when the side case holds another', async (table, sql) => {
    const lake = freshLake(`tampered-${table}`);
    await openCounts(lake);
    await openCounts(lake);
    await onSideCase(lake, `CREATE OR REPLACE VIEW ${table} AS ${sql}`);
    expect(await openCounts(lake)).toEqual({ events: caseEvents, sources: caseSources, known: caseEvents });
    expect(madeAgain(await reading(lake))).toEqual([table]);
  });

  it.each([
    [
      'SQL this version writes otherwise',
      (r: Reading) => ({
        ...r,
        tables: { ...r.tables, events: { ...r.tables.events!, viewSql: 'CREATE VIEW events AS SELECT 1' } },
      }),
    ],
    ['not a reading at all', () => ({ tables: 'none' })],
  ])('reads the files again when the kept reading holds %s', async (label, edit) => {
    const lake = freshLake(`kept-${label.length}`);
    await openCounts(lake);
    await openCounts(lake);
    const edited = JSON.stringify(edit(await reading(lake)));
    await onSideCase(lake, `UPDATE lake_reading SET reading = ${sqlString(edited)}`);
    expect(await openCounts(lake)).toEqual({ events: caseEvents, sources: caseSources, known: caseEvents });
    expect(madeAgain(await reading(lake))).toContain('events');
  });

  it('reads afresh a side case copied with its lake', async () => {
    const lake = freshLake('original');
    await openCounts(lake);
    await openCounts(lake);
    const copy = path.join(dir, 'copied');
    fs.cpSync(lake, copy, { recursive: true });
    fs.copyFileSync(sideCaseFor(lake), sideCaseFor(copy));
    await onSideCase(copy, `UPDATE lake_origin SET lake_dir = ${sqlString(copy)}`);
    expect(await openCounts(copy)).toEqual({ events: caseEvents, sources: caseSources, known: caseEvents });
    const after = await reading(copy);
    expect(madeAgain(after).sort()).toEqual(Object.keys(after.tables).sort());
  });
});

async function parquetRows(files: readonly string[]): Promise<number> {
  const instance = await DuckDBInstance.create(':memory:');
  const db = await instance.connect();
  try {
    const list = files.map(sqlString).join(', ');
    return Number((await db.runAndReadAll(`SELECT count(*) FROM read_parquet([${list}])`)).getRows()[0]![0]);
  } finally {
    db.closeSync();
    instance.closeSync();
  }
}
