import fs from 'node:fs';
import path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { beforeAll, describe, expect, it } from 'vitest';
import { CaseStore } from '../../electron/core/case/case-store.ts';
import { sqlString } from '../../electron/core/case/sql.ts';
import { ingest } from '../../electron/core/ingest/ingest.ts';
import { exportLake } from '../../electron/core/lake/export-lake.ts';
import { tempDir } from '../helpers/temp.ts';

/**
 * Each engine's DDL, as exported, read back as a user would paste it, and held against the files
 * the same export wrote: every table's columns with their types, in the files' order, its
 * location, and the events partitions in the order of the folders. No engine runs here, so this
 * is what can be checked of them.
 */
const dir = tempDir();
const lakeDir = path.join(dir, 'lake');

interface DeclaredTable {
  name: string;
  columns: [string, string][];
  partitions: string[];
  location: string;
}

/** The DuckDB type of a Parquet column each engine's declared type reads it as. */
const HIVE_TYPES = {
  STRING: 'VARCHAR',
  INT: 'INTEGER',
  BIGINT: 'BIGINT',
  BOOLEAN: 'BOOLEAN',
  DOUBLE: 'DOUBLE',
  TIMESTAMP: 'TIMESTAMP',
  DATE: 'DATE',
};
const ENGINE_TYPES: Record<string, Record<string, string>> = {
  athena: HIVE_TYPES,
  spark: HIVE_TYPES,
  trino: Object.fromEntries(
    Object.entries(HIVE_TYPES).map(([hive, duckdb]) => [
      { STRING: 'varchar', INT: 'integer' }[hive] ?? hive.toLowerCase(),
      duckdb,
    ]),
  ),
};

/** The CREATE TABLE statements of one DDL file: names, columns, partition keys and location. */
function declaredTables(engine: string, text: string): DeclaredTable[] {
  const statements = text.split(/;\s*\n/).filter((s) => /CREATE (EXTERNAL )?TABLE/i.test(s));
  return statements.map((statement) => {
    const name = /TABLE IF NOT EXISTS [`"]([a-z0-9_]+)[`"]/.exec(statement)?.[1] ?? '';
    const body = statement.slice(statement.indexOf('(') + 1, statement.search(/\n\)/));
    const columns = [...body.matchAll(/^\s+[`"]([a-z0-9_]+)[`"] ([A-Za-z]+)/gm)].map(
      (m) => [m[1]!, m[2]!] as [string, string],
    );
    let partitions: string[] = [];
    const hive = /PARTITIONED BY \(([^)]*)\)/.exec(statement);
    if (hive) partitions = [...hive[1]!.matchAll(/`([a-z0-9_]+)`/g)].map((m) => m[1]!);
    const trino = /partitioned_by = ARRAY\[([^\]]*)\]/.exec(statement);
    if (trino) partitions = [...trino[1]!.matchAll(/'([a-z0-9_]+)'/g)].map((m) => m[1]!);
    const location = /(?:LOCATION|external_location =) '([^']+)'/.exec(statement)?.[1] ?? '';
    // Trino and Spark list the partition columns among the columns, last; Athena apart.
    const stored = engine === 'athena' ? columns : columns.filter(([c]) => !partitions.includes(c));
    if (engine !== 'athena')
      expect(columns.slice(columns.length - partitions.length).map(([c]) => c)).toEqual(partitions);
    return { name, columns: stored, partitions, location };
  });
}

let fileColumns: Map<string, [string, string][]>;
let eventFolders: string[];

beforeAll(async () => {
  const store = await CaseStore.open(path.join(dir, 'case.duckdb'), { create: true });
  await ingest(store, ['samples/demo-archive']);
  await exportLake(store, { dir: lakeDir, since: null, until: null });
  store.close();
  const db = await (await DuckDBInstance.create(':memory:')).connect();
  fileColumns = new Map();
  const folders = fs.readdirSync(lakeDir, { withFileTypes: true }).filter((e) => e.isDirectory());
  for (const table of folders.map((e) => e.name)) {
    const files = fs
      .readdirSync(path.join(lakeDir, table), { recursive: true })
      .map(String)
      .filter((f) => f.endsWith('.parquet'));
    if (files.length === 0) continue;
    const glob = sqlString(path.join(lakeDir, table, '**', '*.parquet'));
    const described = await db.runAndReadAll(`DESCRIBE SELECT * FROM read_parquet(${glob}, hive_partitioning = false)`);
    fileColumns.set(
      table,
      described.getRowObjectsJson().map((r) => [String(r.column_name), String(r.column_type)]),
    );
  }
  const one = fs
    .readdirSync(path.join(lakeDir, 'events'), { recursive: true })
    .map(String)
    .find((f) => f.endsWith('.parquet'))!;
  eventFolders = one
    .split(path.sep)
    .slice(0, -1)
    .map((segment) => segment.split('=')[0]!);
  db.closeSync();
});

describe.each(['athena', 'trino', 'spark'])('ddl/%s.sql', (engine) => {
  it('declares every table written, each column with a type that reads the file’s, in the files’ order', () => {
    const tables = declaredTables(engine, fs.readFileSync(path.join(lakeDir, 'ddl', `${engine}.sql`), 'utf8'));
    expect(tables.map((t) => t.name).sort()).toEqual([...fileColumns.keys()].sort());
    for (const table of tables) {
      const read = table.columns.map(([name, type]) => [name, ENGINE_TYPES[engine]![type] ?? `unknown ${type}`]);
      expect(read, `${engine} ${table.name}`).toEqual(fileColumns.get(table.name));
      expect(table.location).toBe(`s3://YOUR-BUCKET/PREFIX/${table.name}/`);
    }
  });

  it('partitions events by the folders the files are in, in their order, and nothing else', () => {
    const tables = declaredTables(engine, fs.readFileSync(path.join(lakeDir, 'ddl', `${engine}.sql`), 'utf8'));
    expect(tables.find((t) => t.name === 'events')!.partitions).toEqual(eventFolders);
    expect(eventFolders).toEqual(['account', 'region', 'date']);
    for (const table of tables.filter((t) => t.name !== 'events')) expect(table.partitions).toEqual([]);
  });
});
